# lib.sh - shared by the end-to-end tests: paths, a scratch directory and
# assertions that print what differed.  Source it; call `finish` last.
set -u
: "${top_srcdir:?run through make check}" "${top_builddir:?run through make check}"
unset COLUMNS NO_COLOR # text output as in a pipe, whatever the caller's terminal
INDEX="$top_builddir/plugin/annals-index"
SEARCH="$top_builddir/plugin/annals-search"
CORPUS="$top_srcdir/corpus"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/annals-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail() {
    failures=$((failures + 1))
    printf 'FAILED: %s\n' "$*" >&2
}

# expect_eq WHAT GOT WANT
expect_eq() {
    checks=$((checks + 1))
    [ "$2" = "$3" ] || fail "$1: got [$2], want [$3]"
}

# expect_match WHAT TEXT REGEX (grep -E)
expect_match() {
    checks=$((checks + 1))
    printf '%s\n' "$2" | grep -Eq -- "$3" || fail "$1: [$2] does not match /$3/"
}

# expect_no_match WHAT TEXT REGEX
expect_no_match() {
    checks=$((checks + 1))
    printf '%s\n' "$2" | grep -Eq -- "$3" && fail "$1: [$2] matches /$3/"
    return 0
}

# expect_summary WHAT TEXT DB COUNTS [MORE]: TEXT is annals-index's summary
# line "annals-index: COUNTS indexed into DB[MORE]; X MB in Y s" (the
# figures of the last clause vary).
expect_summary() {
    esc=$(printf '%s' "$3${5-}" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
    expect_match "$1" "$2" "^annals-index: $4 indexed into $esc; [0-9]+\\.[0-9] MB in [0-9]+\\.[0-9] s\$"
}

# dump_db DB [--no-path] [--only PREFIX] [--meta]: the database as text, to
# compare two (tests/e2e/dump-db.py; needs Debian's python3-xapian).
dump_db() {
    /usr/bin/python3 "$top_srcdir/tests/e2e/dump-db.py" "$@"
}

# An index of the bundled corpus in $TMP/db.
index_corpus() {
    "$INDEX" --quiet --db "$TMP/db" "$CORPUS" || fail "indexing the corpus: exit $?"
}

# osce_articles DIR: nine summits (1701 to 1709: Lisbon and Azerbaijan
# tagged, a year of the 1990s each) and six treaties (1801 to 1806, their
# years across three centuries), as article files in DIR.
osce_articles() {
    for i in 1 2 3 4 5 6 7 8 9; do
        printf '%s\n' "170$i" "Summit $i" \
            "The OSCE summit number $i met in [Lisbon](1800) in December 199$i." '' \
            'Principles' "The principles of summit $i were agreed by [Azerbaijan](1588) on May $i, 199$i." \
            >"$1/170$i.txt"
    done
    for i in 1 2 3 4 5 6; do
        printf '%s\n' "180$i" "Treaty $i" \
            "The OSCE treaty $i was drafted in $((1800 + 17 * i)), signed in $((1930 + 10 * i))–$((1942 + 10 * i)) and renewed in 199$i." \
            >"$1/180$i.txt"
    done
}

# free_ports N: N ports free on 127.0.0.1, space-separated (needs python3).
free_ports() {
    python3 -c '
import socket, sys
s = [socket.socket() for _ in range(int(sys.argv[1]))]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"
}

# wait_http URL TENTHS: waits until URL answers, at most TENTHS tenths of a
# second (needs curl).
wait_http() {
    tries=0
    until curl -s -o /dev/null "$1" || [ $tries -ge "$2" ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
}

# ---- helpers added for the end-to-end tests ----

# run CMD ARGS...: runs a command; sets $out (stdout), $err (stderr) and $rc.
run() {
    "$@" >"$TMP/.run.out" 2>"$TMP/.run.err"
    rc=$?
    out=$(cat "$TMP/.run.out")
    err=$(cat "$TMP/.run.err")
}

# nlines TEXT: the number of lines in TEXT (0 when empty).
nlines() {
    if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi
}

# doc_count DB: the number of documents, as xapian-delve reports it.
doc_count() {
    xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'
}

# postings DB TERM: the ids of the documents holding TERM, space-separated
# (empty when the term is not in the database).
postings() {
    xapian-delve -t "$2" "$1" 2>/dev/null | sed -n 's/^Posting List for term .*): //p'
}

# value_of DB DOCID SLOT: a document's value (xapian-delve -V<slot>).
value_of() {
    xapian-delve -r "$2" -V"$3" "$1" 2>/dev/null | sed -n "s/^Value $3 for record #$2: //p"
}

# doc_data DB DOCID: a document's data (one JSON line).
doc_data() {
    xapian-delve -r "$2" -d "$1" 2>/dev/null | sed -n "/^Data for record #$2:\$/{n;p;}"
}

# json_flat: reads JSON on stdin, writes one "path=value" line per scalar:
# hits[0].rank=1, hits[0].years[2]=1996, facets.year[0].value=1992.
# Strings lose their quotes but keep their escapes (\n, \"); an empty array
# or object is written as [] or {}.  For the output of annals-search --json
# and the document data; tokens are read byte by byte (LC_ALL=C).
json_flat() {
    LC_ALL=C awk '
    function path(   i, p) {
        p = ""
        for (i = 1; i <= depth; i++)
            if (kind[i] == "a") p = p "[" idx[i] "]"
            else p = p (p == "" ? "" : ".") key[i]
        return p
    }
    function emit(v) { had[depth] = 1; print path() "=" v }
    {
        line = $0; n = length(line); i = 1
        while (i <= n) {
            c = substr(line, i, 1)
            if (c == " " || c == "\t" || c == "\r" || c == ":") { i++; continue }
            if (c == ",") {
                if (kind[depth] == "a") idx[depth]++; else want_key = 1
                i++; continue
            }
            if (c == "{" || c == "[") {
                had[depth] = 1
                depth++; kind[depth] = (c == "{") ? "o" : "a"
                idx[depth] = 0; key[depth] = ""; had[depth] = 0
                want_key = (c == "{"); i++; continue
            }
            if (c == "}" || c == "]") {
                empty = !had[depth]
                depth--
                if (empty) emit(c == "}" ? "{}" : "[]")
                want_key = 0; i++; continue
            }
            if (c == "\"") {
                j = i + 1; s = ""
                while (j <= n) {
                    d = substr(line, j, 1)
                    if (d == "\\") { s = s substr(line, j, 2); j += 2; continue }
                    if (d == "\"") break
                    s = s d; j++
                }
                i = j + 1
                if (depth > 0 && kind[depth] == "o" && want_key) { key[depth] = s; want_key = 0 }
                else emit(s)
                continue
            }
            j = i
            while (j <= n && substr(line, j, 1) !~ /[],} \t\r]/) j++
            emit(substr(line, i, j - i)); i = j
        }
    }'
}

# jget FLAT PATH: the value at PATH in json_flat output (empty if absent).
jget() {
    printf '%s\n' "$1" | LC_ALL=C awk -v p="$2=" 'index($0, p) == 1 { print substr($0, length(p) + 1); exit }'
}

# jlist FLAT PREFIX: the values of the array at PREFIX (hits[0].years), one a line.
jlist() {
    printf '%s\n' "$1" | LC_ALL=C awk -v p="$2[" '
        index($0, p) == 1 { r = substr($0, length(p) + 1); if (r ~ /^[0-9]+\]=/) { sub(/^[0-9]+\]=/, "", r); print r } }'
}

# jcount FLAT PREFIX: the number of elements of the array at PREFIX (hits).
jcount() {
    printf '%s\n' "$1" | LC_ALL=C awk -v p="$2[" '
        index($0, p) == 1 { r = substr($0, length(p) + 1); sub(/\].*/, "", r); if (r ~ /^[0-9]+$/ && r + 1 > n) n = r + 1 }
        END { print n + 0 }'
}

# facet_counts NAME: reads json_flat output of annals-search --json, writes
# facet NAME's entries as "value:count", space-separated, in their order.
facet_counts() {
    grep -E "^facets\\.$1\\[[0-9]+\\]\\.(value|count)=" | sed 's/^[^=]*=//' |
        awk 'NR % 2 { v = $0; next } { printf "%s:%s ", v, $0 }'
}

# bucket_counts WIDTH: reads json_flat output of annals-search --json (every
# hit listed), writes, as facet_counts does, how many hits mention a year of
# each bucket of WIDTH years (10: decades, 100: centuries), by the bucket's
# first year, ascending: the decade or century facet counted independently.
bucket_counts() {
    LC_ALL=C awk -F= -v w="$1" '
        $1 ~ /^hits\[[0-9]+\]\.years\[[0-9]+\]$/ {
            h = substr($1, 6, index($1, "]") - 6); b = int($2 / w) * w
            if (!((h, b) in seen)) { seen[h, b] = 1; n[b]++ }
        }
        END { for (b in n) print b, n[b] }' | sort -n | awk '{ printf "%s:%s ", $1, $2 }'
}

# ---- remote shards: servers on 127.0.0.1, stopped at the end ----
# A test that starts processes sets: trap 'stop_started; rm -rf "$TMP"' EXIT
started=""

# stop_started: stops every process started by serve or started_bg that is
# still running, and waits for them.  Only a child of this shell is killed:
# one that ended by itself may have left its pid to another process.
stop_started() {
    for p in $started; do
        [ "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f2)" = $$ ] && kill "$p" 2>/dev/null
    done
    for p in $started; do wait "$p" 2>/dev/null; done
}

# summit_archive DIR: the reference article, and eight articles 1701 to
# 1708 of one section each ("Summit N": a zyzzyva summit in Lisbon, 199N).
summit_archive() {
    mkdir -p "$1"
    cp "$CORPUS/1666-azerbaijan-osce-relations.txt" "$1/"
    for i in 1 2 3 4 5 6 7 8; do
        printf '%s\n' "170$i" "Summit $i" \
            "The zyzzyva summit number $i met in [Lisbon](1800) in December 199$i." >"$1/170$i.txt"
    done
}

# need_servers: skips the test (exit status 77) without xapian-tcpsrv or python3.
need_servers() {
    for c in xapian-tcpsrv python3; do
        command -v $c >/dev/null 2>&1 || { echo "$c is not installed: skipped"; exit 77; }
    done
}

# serve PORT DIR: stock xapian-tcpsrv serving DIR on 127.0.0.1:PORT, in a
# session of its own (it signals its whole process group when stopped); its
# pid in $served.
serve() {
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$1" "$2" >>"$TMP/tcpsrv.log" 2>&1 &
    served=$!
    started="$started $served"
}

# started_bg FILE CMD...: runs CMD in the background, its stdout into FILE,
# and waits (at most 10 s) until it has written a line there.
started_bg() {
    out_file=$1
    shift
    : >"$out_file" # (now: the job might start after the wait below)
    "$@" >"$out_file" &
    started="$started $!"
    wait_until test -s "$out_file"
}

# wait_until CMD...: runs CMD every 0.1 s until it succeeds, 10 s at most.
wait_until() {
    tries=0
    until "$@" >/dev/null 2>&1 || [ $tries -ge 100 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
}
