#!/bin/sh
# The tools under valgrind (memcheck): no invalid access, no use of
# uninitialised memory, no definite leak, while indexing the corpus plus bad
# input and running searches of every kind.  Run when ANNALS_VALGRIND=1
# (tests/check-all sets it for the build without sanitizers); skipped else.
. "$top_srcdir/tests/e2e/lib.sh"
[ "${ANNALS_VALGRIND:-}" = 1 ] && command -v valgrind >/dev/null 2>&1 || exit 77
LIBS="$top_builddir/plugin/.libs"
vg() {
    LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" valgrind -q --error-exitcode=99 \
        --leak-check=full --errors-for-leak-kinds=definite "$@"
}
printf '12\n\nno title\n' > "$TMP/bad.txt"
vg "$LIBS/annals-index" --quiet --db "$TMP/db" "$CORPUS" "$TMP/bad.txt" 2>"$TMP/err"
expect_eq "annals-index under valgrind: exit status (1: one file skipped)" "$?" 1
for q in "Lisbon principles" "entity:Azerbaijan year:1990..1996" '"Minsk Group" -Lisbon' \
         "title:OSCE OR section:stage" "date:19940101..19961231"; do
    vg "$LIBS/annals-search" --db "$TMP/db" --facet entity --passages 2 --timeline "$q" >/dev/null
    expect_eq "annals-search under valgrind: $q" "$?" 0
    vg "$LIBS/annals-search" --db "$TMP/db" --json --sort date --expand "$q" >/dev/null
    expect_eq "annals-search --json --sort date --expand under valgrind: $q" "$?" 0
    vg "$LIBS/annals-search" --db "$TMP/db" --json --no-facets --facet decade --facet century "$q" >/dev/null
    expect_eq "annals-search --facet decade --facet century under valgrind: $q" "$?" 0
done
COLUMNS=50 vg "$LIBS/annals-search" --db "$TMP/db" --passages 3 "Lisbon principles" >/dev/null
expect_eq "annals-search, wrapped to COLUMNS=50, under valgrind" "$?" 0
for tool in annals-index annals-search; do
    vg "$LIBS/$tool" --version >/dev/null
    expect_eq "$tool --version under valgrind" "$?" 0
done
vg "$LIBS/annals-search" --db "$TMP/db" "year:1999..1990" 2>/dev/null
expect_eq "a query error under valgrind" "$?" 2
printf '1\tLisbon principles\n2\tArmenian side\n' | vg "$LIBS/annals-search" --db "$TMP/db" --trec T >/dev/null
expect_eq "a TREC run under valgrind" "$?" 0
# free text past 64 words (repeated words, a phrase), and a TREC run with
# lines that fail
long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "Lisbon Nagorno-Karabakh summit%d the ", i % 100 }')
vg "$LIBS/annals-search" --db "$TMP/db" --passages 2 "$long" >/dev/null
expect_eq "300 words of free text under valgrind" "$?" 0
printf '1\tLisbon principles\nno tab\n2\t\377\n3\t%s\n' "$long" |
    vg "$LIBS/annals-search" --db "$TMP/db" --trec T >/dev/null 2>&1
expect_eq "a TREC run with failing lines under valgrind" "$?" 1

# annals-serve: searches of every kind, bad requests, a commit it sees, and
# SIGTERM (everything freed: no definite leak)
if command -v curl >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
    port=$(free_ports 1)
    LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" valgrind -q --error-exitcode=99 \
        --leak-check=full --errors-for-leak-kinds=definite "$LIBS/annals-serve" --db "$TMP/db" \
        --listen "127.0.0.1:$port" --threads 2 >"$TMP/serve.out" 2>"$TMP/serve.err" &
    srv=$!
    trap 'kill "$srv" 2>/dev/null; wait "$srv"; rm -rf "$TMP"' EXIT
    URL="http://127.0.0.1:$port"
    wait_http "$URL/" 300
    codes=""
    for q in "q=Lisbon+principles&facets=year,entity,decade,century&passages=2" \
        "q=entity:Azerbaijan&year=1990..1996&sort=date&offset=1&limit=3" "q=OSCE&entity=Armenia" \
        "q=year:1999..1990" "q=OSCE&limit=0" "q=OSCE&q=x" "q=%FF" "q=a%00b" "foo=1" ""; do
        codes="$codes $(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?$q")"
    done
    codes="$codes $(curl -s -o /dev/null -w '%{http_code}' "$URL/")"
    codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -I "$URL/api/search?q=OSCE")"
    codes="$codes $(curl -s -o /dev/null -w '%{http_code}' "$URL/nothing")"
    codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -X POST -d x "$URL/api/search")"
    codes="$codes $(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=$(awk 'BEGIN { for (i = 0; i < 70000; i++) printf "a" }')")"
    printf '7\nSeven\nThe zanzibarquux of 1999.\n' >"$TMP/7.txt"
    "$INDEX" --quiet --db "$TMP/db" "$TMP/7.txt" >/dev/null
    codes="$codes $(curl -s "$URL/api/search?q=zanzibarquux" | sed -n 's/^  "total": \([0-9]*\),$/total=\1/p')"
    expect_eq "annals-serve under valgrind: the answers" "$codes" \
        " 200 200 200 400 400 400 400 400 400 400 200 200 404 405 414 total=1"
    kill -TERM "$srv"
    wait "$srv"
    expect_eq "annals-serve under valgrind: exit status after SIGTERM" "$?" 0
    expect_eq "annals-serve under valgrind: stderr" "$(cat "$TMP/serve.err")" ""
fi

# A stub naming the database and a remote shard that is down (a port on
# 127.0.0.1 just freed): the error, and partial results.
if command -v python3 >/dev/null 2>&1; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf 'auto %s\nremote 127.0.0.1:%s\n' "$TMP/db" "$port" >"$TMP/stub"
    vg "$LIBS/annals-search" --db "$TMP/stub" --timeout 2 OSCE >/dev/null 2>&1
    expect_eq "a remote shard down under valgrind" "$?" 3
    vg "$LIBS/annals-search" --db "$TMP/stub" --allow-partial --json --facet entity OSCE >/dev/null 2>&1
    expect_eq "partial results under valgrind" "$?" 0
    printf '1\tLisbon principles\n' | vg "$LIBS/annals-search" --db "$TMP/stub" --allow-partial --trec T >/dev/null 2>&1
    expect_eq "a partial TREC run under valgrind" "$?" 0
fi
finish
