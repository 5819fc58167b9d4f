#!/bin/bash
# Shards served by stock xapian-tcpsrv and searched through a stub file give
# the same output as the local database, byte for byte: hits, scores,
# passages, totals, year and entity facets, with relevance and with date
# order (facets are counted in a relevance-ordered pass of their own, so
# Xapian 1.4's double counting of spies in value-sorted remote matches
# cannot touch them).  Servers listen on 127.0.0.1 only and are stopped
# at the end, whatever happens.
. "$top_srcdir/tests/e2e/lib.sh"
command -v xapian-tcpsrv >/dev/null 2>&1 || { echo "xapian-tcpsrv is not installed: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed: skipped"; exit 77; }

A="$TMP/arch"
mkdir -p "$A"
cp "$CORPUS/1666-azerbaijan-osce-relations.txt" "$A/"
for i in 1 2 3 4 5 6 7 8 9; do
    printf '%s\n' "170$i" "Summit $i" \
        "The OSCE summit number $i met in [Lisbon](1800) in December 199$i." '' \
        'Principles' "The principles of summit $i were agreed by [Azerbaijan](1588) on May $i, 199$i." \
        >"$A/170$i.txt"
done
"$INDEX" --quiet --shards 2 --db "$TMP/db" "$A" || fail "indexing: exit $?"

# Two free ports on the loopback interface.
ports=$(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
pids=""
stop() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
}
trap 'stop; rm -rf "$TMP"' EXIT
: >"$TMP/stub"
n=0
for shard in $(sed -n 's/^glass //p' "$TMP/db/XAPIANDB"); do
    port=$(echo "$ports" | cut -d' ' -f$((n + 1)))
    # A session of its own: xapian-tcpsrv signals its whole process group.
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$TMP/db/$shard" >"$TMP/srv$n.log" 2>&1 &
    pids="$pids $!"
    echo "remote 127.0.0.1:$port" >>"$TMP/stub"
    n=$((n + 1))
done
expect_eq "two shards served" "$n" 2
# Wait (at most 10 s) until both answer.
tries=0
until xapian-delve "$TMP/stub" >/dev/null 2>&1 || [ $tries -ge 100 ]; do
    sleep 0.1
    tries=$((tries + 1))
done
expect_match "the stub opens" "$(xapian-delve "$TMP/stub" 2>&1 | grep 'number of documents')" "= 26$"

for q in 'Lisbon principles' 'year:1995' 'entity:1588 summit' 'OSCE' 'year:1990..1999'; do
    for o in "" "--sort date" "--facet entity --limit 20" "--sort date --facet entity --offset 2"; do
        # shellcheck disable=SC2086
        run "$SEARCH" --db "$TMP/db" --json $o "$q"
        expect_eq "local $q $o: exit status" "$rc" 0
        local_out=$out
        # shellcheck disable=SC2086
        run "$SEARCH" --db "$TMP/stub" --json $o "$q"
        expect_eq "remote $q $o: exit status" "$rc" 0
        expect_eq "remote $q $o: same as local" "$out" "$local_out"
    done
done
finish
