#!/bin/bash
# Shards served by stock xapian-tcpsrv and searched through a stub file give
# the same output as the local database, byte for byte: hits, scores,
# passages, totals, year, decade, century and entity facets, feedback
# (--expand: the top sections' packed stems read from the servers), the text
# histogram, with relevance and with date order (facets are counted in a
# relevance-ordered pass of their own, so Xapian 1.4's double counting of
# spies in value-sorted remote matches cannot touch them).  Decades and
# centuries over the shards are exact: as counted from every hit's years.
# Servers listen on 127.0.0.1 only and are stopped at the end, whatever
# happens.
. "$top_srcdir/tests/e2e/lib.sh"
need_servers

A="$TMP/arch"
mkdir -p "$A"
cp "$CORPUS/1666-azerbaijan-osce-relations.txt" "$A/"
# Summits, and treaties whose years span decades and centuries.
osce_articles "$A"
"$INDEX" --quiet --shards 2 --db "$TMP/db" "$A" || fail "indexing: exit $?"

ports=$(free_ports 2)
trap 'stop_started; rm -rf "$TMP"' EXIT
: >"$TMP/stub"
n=0
for shard in $(sed -n 's/^glass //p' "$TMP/db/XAPIANDB"); do
    port=$(echo "$ports" | cut -d' ' -f$((n + 1)))
    serve "$port" "$TMP/db/$shard"
    echo "remote 127.0.0.1:$port" >>"$TMP/stub"
    n=$((n + 1))
done
expect_eq "two shards served" "$n" 2
wait_until xapian-delve "$TMP/stub"
expect_match "the stub opens" "$(xapian-delve "$TMP/stub" 2>&1 | grep 'number of documents')" "= 32$"

for q in 'Lisbon principles' 'year:1995' 'entity:1588 summit' 'OSCE' 'year:1990..1999' 'treaty'; do
    for o in "" "--sort date" "--facet entity --limit 20" "--sort date --facet entity --offset 2" \
        "--facet decade --facet century" "--sort date --facet decade --facet century --offset 1" \
        "--expand" "--expand --limit 3 --offset 1"; do
        # shellcheck disable=SC2086
        run "$SEARCH" --db "$TMP/db" --json $o "$q"
        expect_eq "local $q $o: exit status" "$rc" 0
        local_out=$out
        # shellcheck disable=SC2086
        run "$SEARCH" --db "$TMP/stub" --json $o "$q"
        expect_eq "remote $q $o: exit status" "$rc" 0
        expect_eq "remote $q $o: same as local" "$out" "$local_out"
    done
    # The text histogram too (years, else decades, else centuries).
    run "$SEARCH" --db "$TMP/db" --no-color "$q"
    local_out=$out
    run "$SEARCH" --db "$TMP/stub" --no-color "$q"
    expect_eq "remote $q (text): same as local" "$out" "$local_out"
    # Decades and centuries over the shards, as counted from every hit.
    run "$SEARCH" --db "$TMP/stub" --json --no-facets --limit 1000 "$q"
    all=$(printf '%s\n' "$out" | json_flat)
    expect_eq "remote $q: every hit listed" "$(jcount "$all" hits)" "$(jget "$all" total)"
    run "$SEARCH" --db "$TMP/stub" --json --no-facets --facet decade --facet century "$q"
    facets=$(printf '%s\n' "$out" | json_flat)
    expect_eq "remote $q: decades" "$(printf '%s\n' "$facets" | facet_counts decade)" \
        "$(printf '%s\n' "$all" | bucket_counts 10)"
    expect_eq "remote $q: centuries" "$(printf '%s\n' "$facets" | facet_counts century)" \
        "$(printf '%s\n' "$all" | bucket_counts 100)"
done
# Exact figures: the treaties (1801 to 1806) span three centuries and 13
# decades, each section once in each; the summits (1701 to 1709) and six
# sections of 1666 are in the 1990s, and one of those in 2000 too.
run "$SEARCH" --db "$TMP/stub" --json --no-facets --facet decade --facet century OSCE
facets=$(printf '%s\n' "$out" | json_flat)
expect_eq "remote OSCE: decades" "$(printf '%s\n' "$facets" | facet_counts decade)" \
    "1810:1 1830:1 1850:1 1860:1 1880:1 1900:1 1940:1 1950:2 1960:2 1970:2 1980:2 1990:21 2000:2 "
expect_eq "remote OSCE: centuries" "$(printf '%s\n' "$facets" | facet_counts century)" "1800:5 1900:21 2000:2 "
finish
