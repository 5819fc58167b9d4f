#!/bin/sh
# Indexing an article again replaces its sections: no duplicates, and the
# sections a shorter version no longer has are deleted; other articles stay.
. "$top_srcdir/tests/e2e/lib.sh"
DB="$TMP/db"
ART="$CORPUS/1666-azerbaijan-osce-relations.txt"

run "$INDEX" --quiet --db "$DB" "$CORPUS"
expect_eq "first run: exit status" "$rc" 0
expect_eq "first run: 8 documents" "$(doc_count "$DB")" 8
run "$INDEX" --db "$DB" "$CORPUS"
expect_eq "second run: exit status" "$rc" 0
expect_summary "second run: summary" "$out" "$DB" "0 articles, 0 sections" "; unchanged: 0 articles, 1 file not read"
expect_eq "second run: still 8 documents" "$(doc_count "$DB")" 8
for n in 0 1 2 3 4 5 6 7; do
    expect_eq "Q1666:$n: one document" "$(postings "$DB" Q1666:$n | wc -w | tr -d ' ')" 1
done
expect_eq "Y1993 still on one document" "$(postings "$DB" Y1993 | wc -w | tr -d ' ')" 1
expect_eq "XA1666: 8 documents" "$(postings "$DB" XA1666 | wc -w | tr -d ' ')" 8
# A search sees each section once.
run "$SEARCH" --db "$DB" --no-color --no-facets --limit 100 OSCE
expect_eq "search after reindex: total" "$(printf '%s\n' "$out" | tail -n 1)" "8 of 8 matching sections"

# A shorter version of the same article: the first three sections only
# (everything before the "Minsk Group proposals" heading).
sed '/^Minsk Group proposals$/,$d' "$ART" >"$TMP/short.txt"
expect_eq "short version: headings kept" "$(grep -c -E '^(Early participation|Budapest Summit leading to  Minsk Group)$' "$TMP/short.txt")" 2
run "$INDEX" --db "$DB" "$TMP/short.txt"
expect_eq "short version: exit status" "$rc" 0
expect_summary "short version: summary" "$out" "$DB" "1 article, 3 sections"
expect_eq "short version: 3 documents" "$(doc_count "$DB")" 3
expect_eq "XA1666: 3 documents" "$(postings "$DB" XA1666 | wc -w | tr -d ' ')" 3
for n in 0 1 2; do
    expect_eq "Q1666:$n kept" "$(postings "$DB" Q1666:$n | wc -w | tr -d ' ')" 1
done
for n in 3 4 5 6 7; do
    expect_eq "Q1666:$n gone" "$(postings "$DB" Q1666:$n)" ""
done
expect_eq "XHpackage gone" "$(postings "$DB" XHpackage)" ""
expect_eq "XKboilerplate gone (See also)" "$(postings "$DB" XKboilerplate)" ""
run "$SEARCH" --db "$DB" --no-color --no-facets Package
expect_eq "search: Package section gone" "$out" "No matches."
run "$SEARCH" --db "$DB" --json --limit 100 OSCE
json=$(printf '%s\n' "$out" | json_flat)
expect_eq "search: 3 sections" "$(jget "$json" total)" 3
expect_eq "search: path of the short version" "$(jget "$json" 'hits[0].path')" "$TMP/short.txt"

# Another article (another id) is added alongside.
printf '%s\n' 1700 'Another article' 'Relations between two states began in 1995.' '' \
    'History' 'The OSCE office opened in 1999.' >"$TMP/other.txt"
run "$INDEX" --db "$DB" "$TMP/other.txt"
expect_eq "other article: exit status" "$rc" 0
expect_summary "other article: summary" "$out" "$DB" "1 article, 2 sections"
expect_eq "other article: 3 + 2 documents" "$(doc_count "$DB")" 5
expect_eq "XA1666 untouched" "$(postings "$DB" XA1666 | wc -w | tr -d ' ')" 3
expect_eq "XA1700" "$(postings "$DB" XA1700 | wc -w | tr -d ' ')" 2

# The full article again: back to 8 sections of 1666, 1700 untouched.
run "$INDEX" --db "$DB" "$ART"
expect_eq "full again: exit status" "$rc" 0
expect_eq "full again: 8 + 2 documents" "$(doc_count "$DB")" 10
expect_eq "full again: Q1666:7 back" "$(postings "$DB" Q1666:7 | wc -w | tr -d ' ')" 1
expect_eq "full again: XA1700" "$(postings "$DB" XA1700 | wc -w | tr -d ' ')" 2
finish
