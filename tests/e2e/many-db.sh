#!/bin/sh
# annals-search --db given several times searches the databases together
# as one: the same output, byte for byte, as one database holding the same
# articles (scores, totals, facets, order).
. "$top_srcdir/tests/e2e/lib.sh"
mkdir -p "$TMP/a" "$TMP/b"
cp "$CORPUS/1666-azerbaijan-osce-relations.txt" "$TMP/a/"
printf '%s\n' 1700 'Lisbon Summit' 'The OSCE summit in [Lisbon](1800) met in December 1996.' '' \
    'Principles' 'The principles of the summit were agreed by [Azerbaijan](1588) in 1996.' >"$TMP/b/1700.txt"
printf '%s\n' 1800 'Lisbon' 'Lisbon is the capital of Portugal.' >"$TMP/b/1800.txt"
"$INDEX" --quiet --db "$TMP/dba" "$TMP/a" || fail "indexing a: exit $?"
"$INDEX" --quiet --db "$TMP/dbb" "$TMP/b" || fail "indexing b: exit $?"
"$INDEX" --quiet --db "$TMP/dball" "$TMP/a" "$TMP/b" || fail "indexing both: exit $?"
for q in 'Lisbon principles' 'year:1996' 'entity:1588 OSCE' 'summit'; do
    for o in "" "--sort date" "--facet entity --limit 20"; do
        # shellcheck disable=SC2086
        run "$SEARCH" --db "$TMP/dba" --db "$TMP/dbb" --json $o "$q"
        expect_eq "$q $o: exit status" "$rc" 0
        together=$out
        # shellcheck disable=SC2086
        run "$SEARCH" --db "$TMP/dball" --json $o "$q"
        expect_eq "$q $o: same as one database" "$together" "$out"
    done
done
json=$("$SEARCH" --db "$TMP/dba" --db "$TMP/dbb" --json 'Lisbon' | json_flat)
expect_eq "Lisbon: hits from both" "$(jget "$json" total)" 6
# A database that cannot be opened is named, exit 2.
run "$SEARCH" --db "$TMP/dba" --db "$TMP/nope" Lisbon
expect_eq "missing second database: exit status" "$rc" 2
expect_match "missing second database: names it" "$err" "^annals-search: $TMP/nope: "
finish
