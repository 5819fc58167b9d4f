#!/bin/bash
# Re-indexing while every shard keeps serving, as README "Serving shards"
# tells: annals-index updates the database on the indexing machine; each
# server serves a copy of its shard through a symlink; a shard is shipped by
# copying it beside the copy served (rsync --link-dest, as README says) and
# switching the symlink, one shard at a time.  xapian-tcpsrv opens its database for each connection, so the next
# search reads the new copy, without a restart; the other server goes on
# serving its copy, and searches in between see each article either as it
# was or as it is (an article lives in one shard).  Servers listen on
# 127.0.0.1 only and are stopped at the end, whatever happens.
. "$top_srcdir/tests/e2e/lib.sh"
need_servers
command -v rsync >/dev/null 2>&1 || { echo "rsync is not installed: skipped"; exit 77; }

A="$TMP/arch"
summit_archive "$A"
"$INDEX" --quiet --shards 2 --db "$TMP/db" "$A" || fail "indexing: exit $?"

# shard K: the directory of shard K, as the database's stub names it now.
shard() {
    sed -n 's/^glass //p' "$TMP/db/XAPIANDB" | sed -n "$(($1 + 1))p"
}
# ship K RELEASE: copies shard K to the serving side, beside the copy
# served, with README's rsync line (files that did not change hard-linked
# to the copy served), and switches serve/K/current to it (a rename:
# atomic).
ship() {
    rsync -a --modify-window=-1 --link-dest="$TMP/serve/$1/current/" "$TMP/db/$(shard "$1")/" "$TMP/serve/$1/$2/" ||
        fail "rsync of shard $1: exit $?"
    ln -sfn "$2" "$TMP/serve/$1/current.new"
    mv -T "$TMP/serve/$1/current.new" "$TMP/serve/$1/current"
}

trap 'stop_started; rm -rf "$TMP"' EXIT
ports=$(free_ports 2)
: >"$TMP/stub"
for k in 0 1; do
    port=$(echo "$ports" | cut -d' ' -f$((k + 1)))
    mkdir -p "$TMP/serve/$k"
    ship $k r1
    serve "$port" "$TMP/serve/$k/current"
    echo "remote 127.0.0.1:$port" >>"$TMP/stub"
done
wait_until xapian-delve "$TMP/stub"
expect_match "the stub opens" "$(xapian-delve "$TMP/stub" 2>&1 | grep 'number of documents')" "= 16$"

# expect_served WHAT: the remote shards give what the database gives.
expect_served() {
    for q in summit zebra 'year:1990..1999'; do
        run "$SEARCH" --db "$TMP/db" --json "$q"
        want=$out
        run "$SEARCH" --db "$TMP/stub" --json "$q"
        expect_eq "$1 $q: exit status" "$rc" 0
        expect_eq "$1 $q: as the database" "$out" "$want"
    done
}
expect_served "shipped"

# Two articles of the first shard change: its documents change, the other
# shard's do not (only the file records every shard keeps).
changed=""
for i in 1 2 3 4 5 6 7 8; do
    [ -n "$(postings "$TMP/db/$(shard 0)" "Q170$i:0")" ] && changed="$changed 170$i"
done
changed=$(echo "$changed" | cut -d' ' -f2-3)
expect_match "the first shard holds two summits at least" "$changed" '^170[1-8] 170[1-8]$'
for id in $changed; do
    printf '%s\n' "$id" "Summit $id" "The OSCE summit $id saw a zebra in Lisbon in 1999." >"$A/$id.txt"
done
before1=$(dump_db "$TMP/serve/1/current")
"$INDEX" --quiet --db "$TMP/db" "$A" || fail "re-indexing: exit $?"
expect_eq "the second shard's documents are the same" "$(dump_db "$TMP/db/$(shard 1)")" "$before1"
# Until the new copy is shipped, searches see the copy served.
run "$SEARCH" --db "$TMP/stub" --json zebra
expect_eq "before shipping: no zebra" "$(jget "$(printf '%s\n' "$out" | json_flat)" total)" 0

# The first shard shipped, the second server still serving its old copy.
ship 0 r2
expect_served "first shard shipped"
run "$SEARCH" --db "$TMP/stub" --json zebra
expect_eq "after shipping: the zebras" "$(jget "$(printf '%s\n' "$out" | json_flat)" total)" 2
ship 1 r2
expect_served "second shard shipped"
# Its documents did not change: rsync linked their tables to the copy
# served, and copied only what changed (the file records, in postlist).
for table in docdata position termlist; do
    expect_eq "second shard: $table.glass linked, not copied" \
        "$(stat -c %i "$TMP/serve/1/r2/$table.glass")" "$(stat -c %i "$TMP/serve/1/r1/$table.glass")"
done
checks=$((checks + 1))
[ "$(stat -c %i "$TMP/serve/1/r2/postlist.glass")" != "$(stat -c %i "$TMP/serve/1/r1/postlist.glass")" ] ||
    fail "second shard: postlist.glass changed, yet linked"
# The servers were not restarted, and the old copies can go.
for p in $started; do
    checks=$((checks + 1))
    kill -0 "$p" 2>/dev/null || fail "server $p stopped"
done
rm -rf "$TMP/serve/0/r1" "$TMP/serve/1/r1"
expect_served "old copies removed"
finish
