#!/bin/bash
# A remote shard that is down, that stops during a search, or that takes
# connections and never answers: one line on stderr naming it and exit
# status 3, within --timeout.  With --allow-partial: the live shard's
# results, exactly as a local search over that shard alone gives them, one
# warning line naming what is missing, and in JSON "partial" and "missing".
# The same for --trec runs.  Servers listen on 127.0.0.1 only and are
# stopped at the end, whatever happens.
. "$top_srcdir/tests/e2e/lib.sh"
need_servers

A="$TMP/arch"
summit_archive "$A"
"$INDEX" --quiet --shards 2 --db "$TMP/db" "$A" || fail "indexing: exit $?"
mapfile -t shards < <(sed -n 's/^glass //p' "$TMP/db/XAPIANDB")
expect_eq "two shards" "${#shards[@]}" 2
# The first shard alone, read locally: what partial results must be.
echo "glass $TMP/db/${shards[0]}" >"$TMP/live.stub"

trap 'stop_started; rm -rf "$TMP"' EXIT
ports=$(free_ports 2)
p0=${ports% *}
p1=${ports#* }
serve "$p0" "$TMP/db/${shards[0]}"
serve "$p1" "$TMP/db/${shards[1]}"
srv1=$served
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p0" "$p1" >"$TMP/stub"
wait_until xapian-delve "$TMP/stub"
expect_match "the stub opens" "$(xapian-delve "$TMP/stub" 2>&1 | grep 'number of documents')" "= 16$"

# with_missing NAME: reads annals-search's JSON, writes it as it is with
# "partial": true and "missing": [NAME] after "total_exact".
with_missing() {
    sed "/^  \"total_exact\": /a\\
  \"partial\": true,\\
  \"missing\": [\\
    \"$1\"\\
  ],"
}

# expect_partial WHAT STUB NAME WHY [OPTION...]: searching STUB with
# --allow-partial gives the live shard's output (text and JSON), a warning
# that NAME is missing (WHY), exit status 0; without, exit status 3 and
# one line, "NAME: WHY".
expect_partial() {
    what=$1 stub=$2 name=$3 why=$4
    shift 4
    for q in zyzzyva Lisbon; do
        run "$SEARCH" --db "$stub" "$@" "$q"
        expect_eq "$what $q: exit status" "$rc" 3
        expect_eq "$what $q: the line" "$err" "annals-search: $name: $why"
        expect_eq "$what $q: no output" "$out" ""
        run "$SEARCH" --db "$TMP/live.stub" --no-color "$q"
        want=$out
        run "$SEARCH" --db "$stub" --allow-partial --no-color "$@" "$q"
        expect_eq "$what $q --allow-partial: exit status" "$rc" 0
        expect_eq "$what $q --allow-partial: the warning" "$err" \
            "annals-search: partial results, missing $name ($why)"
        expect_eq "$what $q --allow-partial: the live shard's hits" "$out" "$want"
        for o in "" "--sort date --facet entity"; do
            # shellcheck disable=SC2086
            run "$SEARCH" --db "$TMP/live.stub" --json $o "$q"
            want=$(printf '%s\n' "$out" | with_missing "$name")
            # shellcheck disable=SC2086
            run "$SEARCH" --db "$stub" --allow-partial --json "$@" $o "$q"
            expect_eq "$what $q --allow-partial --json $o: exit status" "$rc" 0
            expect_eq "$what $q --allow-partial --json $o: the live shard's, partial" "$out" "$want"
        done
    done
    # A --trec run: it ends at the shard's failure, or goes on without it.
    run "$SEARCH" --db "$stub" --trec T "$@" <"$TMP/queries"
    expect_eq "$what --trec: exit status" "$rc" 3
    expect_eq "$what --trec: the line" "$err" "annals-search: $name: $why"
    expect_eq "$what --trec: no output" "$out" ""
    run "$SEARCH" --db "$TMP/live.stub" --trec T <"$TMP/queries"
    want=$out
    run "$SEARCH" --db "$stub" --trec T --allow-partial "$@" <"$TMP/queries"
    expect_eq "$what --trec --allow-partial: exit status" "$rc" 0
    expect_eq "$what --trec --allow-partial: the warning" "$err" \
        "annals-search: partial results, missing $name ($why)"
    expect_eq "$what --trec --allow-partial: the live shard's" "$out" "$want"
}

printf 'q1\tzyzzyva summit\nq2\tLisbon\n' >"$TMP/queries"

# All shards up: --allow-partial changes nothing.
for o in "--json" "--no-color"; do
    run "$SEARCH" --db "$TMP/db" $o zyzzyva
    want=$out
    run "$SEARCH" --db "$TMP/stub" --allow-partial $o zyzzyva
    expect_eq "all up, --allow-partial $o: exit status" "$rc" 0
    expect_eq "all up, --allow-partial $o: no warning" "$err" ""
    expect_eq "all up, --allow-partial $o: the whole database's output" "$out" "$want"
done

# A proxy in front of the second server, for one connection: it passes
# requests and answers until the match request (Xapian's MSG_QUERY, type 8:
# the search is under way), then stops listening and closes (close: the
# server died in mid-search) or never answers again (hang).
PROXY='
import select, socket, sys, time
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
print(ls.getsockname()[1], flush=True)
c = ls.accept()[0]
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
while True:
    ready = select.select([c, s], [], [])[0]
    data = (c if c in ready else s).recv(65536)
    if not data:
        break
    if c in ready and data[0] == 8:
        if sys.argv[1] == "close":
            break
        time.sleep(3600)
    (s if c in ready else c).sendall(data)
ls.close()
c.close()'
# proxy MODE: starts one, and writes $TMP/mid.stub naming the first server
# and the proxy ($proxy, "remote 127.0.0.1:PORT").
proxy() {
    started_bg "$TMP/proxy.port" python3 -c "$PROXY" "$1" "$p1"
    proxy="remote 127.0.0.1:$(cat "$TMP/proxy.port")"
    printf 'remote 127.0.0.1:%s\n%s\n' "$p0" "$proxy" >"$TMP/mid.stub"
}

# A shard that stops in mid-search is named as it is then: refusing
# connections.  Each search, each run, gets a proxy of its own.
proxy close
run "$SEARCH" --db "$TMP/mid.stub" zyzzyva
expect_eq "stopped mid-search: exit status" "$rc" 3
expect_eq "stopped mid-search: the line" "$err" "annals-search: $proxy: connection refused"
proxy close
run "$SEARCH" --db "$TMP/live.stub" --json zyzzyva
want=$(printf '%s\n' "$out" | with_missing "$proxy")
run "$SEARCH" --db "$TMP/mid.stub" --allow-partial --json zyzzyva
expect_eq "stopped mid-search, --allow-partial: exit status" "$rc" 0
expect_eq "stopped mid-search, --allow-partial: the warning" "$err" \
    "annals-search: partial results, missing $proxy (connection refused)"
expect_eq "stopped mid-search, --allow-partial: the live shard's, partial" "$out" "$want"
proxy close
run "$SEARCH" --db "$TMP/live.stub" --trec T <"$TMP/queries"
want=$out
run "$SEARCH" --db "$TMP/mid.stub" --allow-partial --trec T <"$TMP/queries"
expect_eq "stopped mid-run, --trec --allow-partial: exit status" "$rc" 0
expect_eq "stopped mid-run, --trec --allow-partial: the warning" "$err" \
    "annals-search: partial results, missing $proxy (connection refused)"
expect_eq "stopped mid-run, --trec --allow-partial: the live shard's" "$out" "$want"
# One that stops answering in mid-search: the read timeout.
proxy hang
start=$(date +%s)
run timeout 20 "$SEARCH" --db "$TMP/mid.stub" --timeout 1 zyzzyva
expect_eq "silent mid-search: exit status" "$rc" 3
expect_eq "silent mid-search: the line" "$err" "annals-search: $proxy: timed out after 1 s"
expect_match "silent mid-search: within a few seconds" "$(($(date +%s) - start))" '^[0-5]$'
proxy hang
run timeout 20 "$SEARCH" --db "$TMP/mid.stub" --timeout 1 --allow-partial --json zyzzyva
expect_eq "silent mid-search, --allow-partial: exit status" "$rc" 0
expect_eq "silent mid-search, --allow-partial: the warning" "$err" \
    "annals-search: partial results, missing $proxy (timed out after 1 s)"

# A server that takes connections and never answers.
started_bg "$TMP/silent.port" python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
held = []
while True:
    held.append(s.accept()[0])'
silent="remote 127.0.0.1:$(cat "$TMP/silent.port")"
printf 'remote 127.0.0.1:%s\n%s\n' "$p0" "$silent" >"$TMP/silent.stub"
start=$(date +%s)
run timeout 20 "$SEARCH" --db "$TMP/silent.stub" --timeout 1 zyzzyva
expect_eq "silent: exit status" "$rc" 3
expect_eq "silent: the line" "$err" "annals-search: $silent: timed out after 1 s"
expect_match "silent: within a few seconds" "$(($(date +%s) - start))" '^[0-5]$'
expect_partial "silent" "$TMP/silent.stub" "$silent" "timed out after 1 s" --timeout 1

# The second server stopped: down when the search starts.
kill "$srv1"
wait "$srv1" 2>/dev/null
expect_partial "down" "$TMP/stub" "remote 127.0.0.1:$p1" "connection refused"
# The hits are the sections of the live shard, and only those.
run "$SEARCH" --db "$TMP/stub" --allow-partial --json --limit 100 zyzzyva
flat=$(printf '%s\n' "$out" | json_flat)
got=$(paste -d: <(printf '%s\n' "$flat" | sed -n 's/^hits\[[0-9]*\]\.article=//p') \
    <(printf '%s\n' "$flat" | sed -n 's/^hits\[[0-9]*\]\.section=//p') | LC_ALL=C sort)
live=$(xapian-delve -a "$TMP/db/${shards[0]}" | tr ' ' '\n' | sed -n 's/^Q\(170[0-9]:[0-9]*\)$/\1/p' | LC_ALL=C sort)
expect_match "the live shard holds some summits, not all" "$(nlines "$live")" '^[1-7]$'
expect_eq "--allow-partial: the live shard's sections" "$got" "$live"
expect_eq "--allow-partial --json: partial" "$(jget "$flat" partial)" true
expect_eq "--allow-partial --json: missing" "$(jlist "$flat" missing)" "remote 127.0.0.1:$p1"

# --timeout takes seconds, from 0.001 to 3600.
for t in 0 -1 abc '' 3601 1e3 0.0001 ' 1'; do
    run "$SEARCH" --db "$TMP/stub" --timeout "$t" zyzzyva
    expect_eq "--timeout '$t': exit status" "$rc" 2
    expect_eq "--timeout '$t': the line" "$err" \
        "annals-search: --timeout $t: expected a number of seconds from 0.001 to 3600"
done
run "$SEARCH" --db "$TMP/stub" zyzzyva --timeout
expect_eq "--timeout without a value: exit status" "$rc" 2
expect_eq "--timeout without a value: the line" "$err" \
    "annals-search: invalid option or missing argument: --timeout (see --help)"
finish
