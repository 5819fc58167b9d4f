#!/bin/sh
# TREC runs (--trec): one line per article however many of its sections
# match, and pseudo-relevance feedback that reranks the first pass, on small
# articles written for them.
. "$top_srcdir/tests/e2e/lib.sh"
ARTS="$TMP/articles"
DB="$TMP/db"
mkdir -p "$ARTS"

# An article with 60 sections that all outrank the other article's one: its
# sections fill the first pass, which must go deeper to find a second article.
{ printf '9301\nHarbour cranes\nThe crane and the crane rails of the port.\n'
  for i in $(seq 1 59); do printf '\nCrane %s\nCrane %s is a crane of the port.\n' "$i" "$i"; done
} >"$ARTS/9301.txt"
printf '%s\n' 9302 'Dock workers' 'The dock workers of the port unload ships by hand, by cart, by truck and at times with the help of a crane hired from a firm in the next town.' >"$ARTS/9302.txt"

# Feedback: the sections about zebras share "herd", "grazing" and "savanna";
# a road's zebra crossing is a little shorter, so it outranks the lone zebra
# of 9202 on the query alone, and falls below it once the feedback terms
# weigh in.
cat >"$ARTS/9201.txt" <<'ART'
9201
Plains zebra
The zebra lives in a herd on the savanna, grazing on grass; each zebra has stripes.

Herds
A zebra herd moves across the savanna, grazing as it goes, and the zebra foals stay close.

Stripes
The stripes of a zebra confuse flies on the savanna, where the herd spends its day grazing near zebra kin.
ART
printf '%s\n' 9202 'Kenya wildlife report' 'Many birds nest in the reeds along the river banks.' '' Sightings \
    'One zebra stood apart from the herd, grazing alone on the open savanna near the river.' >"$ARTS/9202.txt"
printf '%s\n' 9203 'Town roads report' 'Many shops open early along the main road of the town.' '' Works \
    'One zebra crossing was painted by the council on the street near traffic lights.' >"$ARTS/9203.txt"
"$INDEX" --quiet --db "$DB" "$ARTS" || fail "indexing: exit $?"

# articles OPTIONS...: the run's "qid article rank" per line, joined by |.
articles() {
    run "$SEARCH" --db "$DB" --trec T "$@" <"$TMP/topics"
    printf '%s\n' "$out" | awk '{ printf "%s %s %s|", $1, $3, $4 }'
}

printf '1\tcrane\n' >"$TMP/topics"
expect_eq "one article wanted" "$(articles --no-expand --limit 1)" "1 9301 1|"
expect_eq "two articles wanted: the first pass goes deeper" "$(articles --no-expand --limit 2)" "1 9301 1|1 9302 2|"
expect_eq "no more than there are" "$(articles --no-expand)" "1 9301 1|1 9302 2|"
run "$SEARCH" --db "$DB" --trec T <"$TMP/topics"
expect_eq "exit status" "$rc" 0
expect_eq "stderr" "$err" ""
# The same article score whatever the limit: the same sections are rescored.
run "$SEARCH" --db "$DB" --trec T --no-expand --limit 1 <"$TMP/topics"
one=$(printf '%s\n' "$out" | cut -d' ' -f5)
run "$SEARCH" --db "$DB" --trec T --no-expand --limit 2 <"$TMP/topics"
expect_eq "the score does not depend on the limit" "$(printf '%s\n' "$out" | sed -n 1p | cut -d' ' -f5)" "$one"

printf '1\tzebra\n' >"$TMP/topics"
expect_eq "zebra, no feedback" "$(articles --no-expand)" "1 9201 1|1 9203 2|1 9202 3|"
expect_eq "zebra, feedback (the default)" "$(articles)" "1 9201 1|1 9202 2|1 9203 3|"
# Interactive searches with --expand rerank their sections the same way.
hit_articles() {
    run "$SEARCH" --db "$DB" --json --no-facets "$@"
    printf '%s\n' "$out" | json_flat | sed -n 's/^hits\[[0-9]*\]\.article=//p' | tr '\n' ' '
}
expect_eq "interactive, no feedback" "$(hit_articles zebra)" "9201 9201 9201 9203 9202 "
expect_eq "interactive, feedback" "$(hit_articles --expand zebra)" "9201 9201 9201 9202 9203 "
finish
