#!/bin/sh
# annals-search on the indexed corpus: ranking, passages and highlights,
# field filters, exact facets, sorting and paging, query words typed as in
# the article, errors (exit 2, one line on stderr), JSON fields, TREC runs.
. "$top_srcdir/tests/e2e/lib.sh"
index_corpus
DB="$TMP/db"

# search ARGS...: annals-search --db $DB ARGS; sets $out, $err, $rc.
search() { run "$SEARCH" --db "$DB" "$@"; }
# jsearch ARGS...: the same with --json; sets $json (json_flat of stdout).
jsearch() { search --json "$@"; json=$(printf '%s\n' "$out" | json_flat); }
# headings: the hits' headings in $json, "|"-separated.
headings() { printf '%s\n' "$json" | sed -n 's/^hits\[[0-9]*\]\.heading=//p' | tr '\n' '|'; }
# sorted_headings: the same, sorted (for sets of hits whose order is not the point).
sorted_headings() { printf '%s\n' "$json" | sed -n 's/^hits\[[0-9]*\]\.heading=//p' | LC_ALL=C sort | tr '\n' '|'; }
# hit_block N: hit N of the text output in $out, from "N. " to the blank line.
hit_block() { printf '%s\n' "$out" | awk -v n="$1. " 'index($0, n) == 1 { on = 1 } on && $0 == "" { exit } on'; }
# facet_pairs NAME: reads json_flat output, writes facet NAME's values and
# counts, one a line: value, count, value, count...
facet_pairs() { grep -E "^facets\\.$1\\[[0-9]+\\]\\.(value|count)=" | sed 's/^[^=]*=//'; }
# highlighted N: the highlighted substrings of hit N's passage in $json,
# one a line (highlights are byte offsets into the decoded passage).
highlighted() {
    { jget "$json" "hits[$1].passage"
      printf '%s\n' "$json" | sed -n "s/^hits\[$1\]\.highlights\[[0-9]*\]\[[01]\]=//p"; } |
    LC_ALL=C awk 'NR == 1 { p = $0; gsub(/\\n/, "\n", p); gsub(/\\"/, "\"", p); gsub(/\\\\/, "\\", p); next }
                  NR % 2 == 0 { s = $0; next } { print substr(p, s + 1, $0 - s) }'
}

# ---- "Lisbon principles": the Lisbon Summit's principles come first
search --no-color "Lisbon principles"
expect_eq "Lisbon principles: exit status" "$rc" 0
expect_eq "Lisbon principles: stderr" "$err" ""
block=$(hit_block 1)
expect_eq "Lisbon principles: hit 1" "$(printf '%s\n' "$block" | head -n 1)" \
    "1. Azerbaijan–OSCE relations › Budapest Summit leading to  Minsk Group  (1994–2000)"
expect_eq "Lisbon principles: passage" "$(printf '%s\n' "$block" | sed 1d)" "$(cat <<'PASSAGE'
   At the [Lisbon] Summit, the OSCE participating States (excluding Armenia) agreed on the following [principles] in the solution of Armenian-Azerbaijani conflict:
   Territorial integrity of the Armenia and the Azerbaijan;
   To give the highest self-government status to Nagorno-Karabakh within Azerbaijan;
   To ensure the security of the entire population of Nagorno-Karabakh.
PASSAGE
)"
expect_match "Lisbon principles: agreed on the following principles" "$block" 'agreed on the following \[principles\]'
expect_match "Lisbon principles: total line" "$out" '^4 of 4 matching sections$'
jsearch "Lisbon principles"
expect_eq "Lisbon principles (json): hit 1 heading" "$(jget "$json" 'hits[0].heading')" "Budapest Summit leading to  Minsk Group"
expect_eq "Lisbon principles (json): hit 1 section" "$(jget "$json" 'hits[0].section')" 2
expect_eq "Lisbon principles (json): highlights" "$(highlighted 0 | tr '\n' '|')" "Lisbon|principles|"
for p in "agreed on the following principles" \
    "\\nTerritorial integrity of the Armenia and the Azerbaijan;\\n" \
    "\\nTo give the highest self-government status to Nagorno-Karabakh within Azerbaijan;\\n" \
    "\\nTo ensure the security of the entire population of Nagorno-Karabakh."; do
    case "$(jget "$json" 'hits[0].passage')" in
        *"$p"*) expect_eq "Lisbon principles (json): passage has [$p]" yes yes ;;
        *) expect_eq "Lisbon principles (json): passage has [$p]" no yes ;;
    esac
done
for i in 0 1 2 3; do
    for w in $(highlighted $i); do
        expect_match "Lisbon principles: hit $i highlights a query word" "$w" '^(Lisbon|principles?)$'
    done
done

# ---- field filters and ranking
jsearch "year:1993"
expect_eq "year:1993: exit status" "$rc" 0
expect_eq "year:1993: total" "$(jget "$json" total)" 1
expect_eq "year:1993: hits" "$(headings)" "Early participation|"
jsearch "year:1994..1995"
expect_eq "year:1994..1995: hits" "$(headings)" "Azerbaijan–OSCE relations|Budapest Summit leading to  Minsk Group|"
jsearch "date:1996-12-02"
expect_eq "date:1996-12-02: hits" "$(headings)" "Budapest Summit leading to  Minsk Group|"
jsearch "Armenian side"
expect_eq "Armenian side: hit 1" "$(jget "$json" 'hits[0].heading')" "Stage"
expect_eq "Armenian side: highlights" "$(highlighted 0 | tr '\n' '|')" "Armenian side|"

jsearch --limit 100 "entity:1567 year:1997"
expect_eq "entity:1567 year:1997: exit status" "$rc" 0
expect_eq "entity:1567 year:1997: total" "$(jget "$json" total)" 4
expect_eq "entity:1567 year:1997: sections" "$(sorted_headings)" \
    "Azerbaijan–OSCE relations|Budapest Summit leading to  Minsk Group|Minsk Group proposals|Stage|"
n=$(jcount "$json" hits)
expect_eq "entity:1567 year:1997: hits listed" "$n" 4
i=0
while [ $i -lt "$n" ]; do
    h=$(jget "$json" "hits[$i].heading")
    expect_match "entity:1567 year:1997: $h mentions 1567" \
        "$(printf '%s\n' "$json" | sed -n "s/^hits\[$i\]\.entities\[[0-9]*\]\.id=//p" | tr '\n' ' ')" '(^| )1567 '
    expect_match "entity:1567 year:1997: $h mentions 1997" "$(jlist "$json" "hits[$i].years" | tr '\n' ' ')" '(^| )1997 '
    i=$((i + 1))
done
expect_no_match "entity:1567 year:1997: no Package" "$(headings)" '(^|\|)Package\|'
jsearch "entity:Armenia year:1997"
expect_eq "entity:Armenia = entity:1567" "$(jget "$json" total)" 4
jsearch 'entity:"United States"'
expect_eq 'entity:"United States"' "$(sorted_headings)" "$(jsearch entity:1100; sorted_headings)"

# ---- --year and --entity narrow the whole query (not one side of an OR)
# to the sections year: and entity: find, without changing its ranking (the
# unit test test-library checks scores and order against the query alone)
jsearch --limit 100 --year 1997 "Lisbon OR Minsk"
expect_eq "--year: exit status" "$rc" 0
expect_eq "--year: the query echoed" "$(jget "$json" query)" "Lisbon OR Minsk"
narrowed=$(sorted_headings)
expect_eq "--year: the sections of (QUERY) year:" "$narrowed" \
    "$(jsearch --limit 100 "(Lisbon OR Minsk) year:1997"; sorted_headings)"
expect_eq "--year: hits" "$narrowed" "Azerbaijan–OSCE relations|Budapest Summit leading to  Minsk Group|Minsk Group proposals|"
jsearch --limit 100 --year 1997 --entity Armenia "Lisbon OR Minsk"
narrowed=$(sorted_headings)
expect_eq "--year --entity: the sections of (QUERY) year: entity:" "$narrowed" \
    "$(jsearch --limit 100 "(Lisbon OR Minsk) year:1997 entity:Armenia"; sorted_headings)"
jsearch --limit 100 --entity Azerbaijan OSCE
expect_eq "--entity Azerbaijan: the sections of OSCE entity:Azerbaijan" "$(sorted_headings)" \
    "$(jsearch --limit 100 "OSCE entity:Azerbaijan"; sorted_headings)"
run "$SEARCH" --db "$DB" --year 1999..1990 OSCE
expect_eq "--year 1999..1990: exit status" "$rc" 2
expect_eq "--year 1999..1990: stderr" "$err" "annals-search: query error: year:1999..1990: the range runs backwards"
run "$SEARCH" --db "$DB" --limit 0 OSCE
expect_eq "--limit 0: stderr" "$err" "annals-search: --limit 0: expected a number from 1 to 1000000"

# ---- the year facet is exact: sum each year over all the hits' years
for q in OSCE Lisbon "Armenian side" Nagorno-Karabakh "entity:1588" "year:1992..1997"; do
    jsearch --limit 1000 "$q"
    expect_eq "facet [$q]: all hits listed" "$(jcount "$json" hits)" "$(jget "$json" total)"
    want=$(printf '%s\n' "$json" | sed -n 's/^hits\[[0-9]*\]\.years\[[0-9]*\]=//p' |
        awk '{ n[$1]++ } END { for (y in n) print y ":" n[y] }' | sort -n | tr '\n' ' ')
    got=$(printf '%s\n' "$json" | facet_pairs year |
        awk 'NR % 2 { y = $0; next } { print y ":" $0 }' | tr '\n' ' ')
    expect_eq "facet [$q]: year counts" "$got" "$want"
done
jsearch --limit 1000 OSCE
expect_eq "facet OSCE: exact" "$(printf '%s\n' "$json" | facet_pairs year | tr '\n' ' ')" \
    "1992 2 1993 1 1994 2 1995 2 1996 2 1997 5 1998 1 1999 1 2000 1 "
# The facet counts all matches, not just the page shown.
jsearch --limit 1 OSCE
expect_eq "facet OSCE --limit 1: 1997" "$(jget "$json" 'facets.year[5].count')" 5
expect_eq "total OSCE --limit 1" "$(jget "$json" total)" 8

# ---- --facet entity: Azerbaijan (1588) first, counted over all matches
jsearch --limit 1 --facet entity OSCE
expect_eq "entity facet: first" "$(jget "$json" 'facets.entity[0].value') $(jget "$json" 'facets.entity[0].name') $(jget "$json" 'facets.entity[0].count')" \
    "1588 Azerbaijan 7"
expect_eq "entity facet: all" "$(printf '%s\n' "$json" | facet_pairs entity | tr '\n' ' ')" \
    "1588 7 1567 5 1100 3 1600 2 1683 1 "
search --no-color --facet entity OSCE
expect_match "entity facet (text)" "$(printf '%s\n' "$out" | sed -n '/^Entities:$/{n;p;}')" '^ +Azerbaijan +7 +\(1588\)$'

# ---- --sort date: earliest date first, undated last
jsearch --sort date --limit 100 OSCE
expect_eq "sort date: order" "$(headings)" \
    "Azerbaijan–OSCE relations|Early participation|Budapest Summit leading to  Minsk Group|Minsk Group proposals|Package|Stage|Common State solution|See also|"
firsts=$(i=0; while [ $i -lt 8 ]; do y=$(jget "$json" "hits[$i].years[0]"); echo "${y:-9999}"; i=$((i + 1)); done | tr '\n' ' ')
expect_eq "sort date: earliest years ascending" "$firsts" "$(echo $firsts | tr ' ' '\n' | sort -n | tr '\n' ' ')"
expect_eq "sort date: ranks" "$(printf '%s\n' "$json" | sed -n 's/^hits\[[0-9]*\]\.rank=//p' | tr '\n' ' ')" "1 2 3 4 5 6 7 8 "
jsearch --sort date "Lisbon"
expect_eq "sort date Lisbon" "$(headings)" "Budapest Summit leading to  Minsk Group|Minsk Group proposals|Common State solution|"

# ---- --offset / --limit page the same ranking
jsearch --limit 100 OSCE
all=$(headings)
jsearch --offset 2 --limit 3 OSCE
expect_eq "page: ranks continue" "$(printf '%s\n' "$json" | sed -n 's/^hits\[[0-9]*\]\.rank=//p' | tr '\n' ' ')" "3 4 5 "
expect_eq "page: hits 3-5" "$(headings)" "$(printf '%s' "$all" | cut -d'|' -f3-5)|"
expect_eq "page: total" "$(jget "$json" total)" 8
search --no-color --offset 2 --limit 3 OSCE
expect_eq "page (text): hit numbers" "$(printf '%s\n' "$out" | grep -E '^[0-9]+\. ' | cut -d. -f1 | tr '\n' ' ')" "3 4 5 "
jsearch --offset 8 OSCE
expect_eq "page past the end" "$(jcount "$json" hits) $(jget "$json" total)" "0 8"

# ---- --passages
jsearch --limit 1 "Lisbon principles"
expect_eq "passages default: 1" "$(jcount "$json" 'hits[0].passages')" 1
jsearch --limit 1 --passages 2 "Lisbon principles"
expect_eq "passages 2: 2" "$(jcount "$json" 'hits[0].passages')" 2
expect_eq "passages 2: best first" "$(jget "$json" 'hits[0].passages[0].text')" "$(jget "$json" 'hits[0].passage')"
search --no-color --limit 1 --no-facets --passages 2 "Lisbon principles"
expect_match "passages 2 (text): the second passage, the other one holding a query word" "$(hit_block 1)" '^   According to the result of Budapest Summit, the CSCE has been transformed'
# Three passages hold a query word; the fourth and fifth windows are the
# first sentences left, read from the passages that hold none.
search --no-color --limit 1 --no-facets --passages 5 "Lisbon principles"
expect_eq "passages 5: five windows" "$(hit_block 1 | grep -c '^   …$')" 4
expect_match "passages 5: the fourth, a sentence without a query word" \
    "$(hit_block 1 | awk '/^   …$/ { n++; next } n == 3')" '^   The CSCE Budapest Summit Meeting was held on 5–6 December 1994\.$'

# ---- --timeline: years ascending, then the undated
search --no-color --no-facets --timeline OSCE
tl=$(printf '%s\n' "$out" | sed -n '/^Timeline:$/,$p')
expect_eq "timeline: heading" "$(printf '%s\n' "$tl" | head -n 1)" "Timeline:"
years=$(printf '%s\n' "$tl" | grep -E '^  ([0-9]+|undated)$' | sed 's/^  //' | tr '\n' ' ')
expect_eq "timeline: years" "$years" "1992 1993 1994 1995 1996 1997 1998 1999 2000 undated "
expect_match "timeline: 1993" "$(printf '%s\n' "$tl" | sed -n '/^  1993$/{n;p;}')" '^    [0-9]+\. Azerbaijan–OSCE relations › Early participation$'
# Each year lists the ranks of the hits that mention it (as --json says).
got=$(printf '%s\n' "$tl" | awk '/^  [0-9u]/ { y = $1; next } /^    [0-9]+\. / { sub(/\..*/, "", $1); print y, $1 }' | tr '\n' ',')
jsearch --no-facets OSCE
want=$(printf '%s\n' "$json" | awk -F= '
    /^hits\[[0-9]+\]\.rank=/ { r = $2; next }
    /^hits\[[0-9]+\]\.years\[[0-9]+\]=/ { print $2, r; next }
    /^hits\[[0-9]+\]\.years=\[\]$/ { print "undated", r }' | LC_ALL=C sort -k1,1 -k2,2n | tr '\n' ',')
expect_eq "timeline: year -> ranks" "$got" "$want"

# ---- words typed as in the article
jsearch --limit 100 Nagorno-Karabakh
expect_eq "Nagorno-Karabakh" "$(sorted_headings)" \
    "Azerbaijan–OSCE relations|Budapest Summit leading to  Minsk Group|Early participation|Minsk Group proposals|Package|"
jsearch --limit 100 "Armenian–Azerbaijani"
expect_eq "Armenian–Azerbaijani (en dash)" "$(headings)" "Azerbaijan–OSCE relations|Budapest Summit leading to  Minsk Group|"
jsearch "OSCE’s"
expect_eq "OSCE’s: the lead first" "$(jget "$json" 'hits[0].heading')" "Azerbaijan–OSCE relations"
expect_match "OSCE’s: highlighted" "$(highlighted 0 | tr '\n' '|')" '(^|\|)OSCE’s\|'
jsearch '"Lisbon Summit"'
expect_eq '"Lisbon Summit"' "$(sorted_headings)" "Budapest Summit leading to  Minsk Group|Minsk Group proposals|"
jsearch "section:Package"
expect_eq "section:Package" "$(headings)" "Package|"

# A small article in its own database: NFKC, case folding, abbreviations.
printf '%s\n' 42 'Unicode words' 'The convoy took the Straße to the ﬁnal stop of the U.S. Army in 1945.' >"$TMP/u.txt"
"$INDEX" --quiet --db "$TMP/udb" "$TMP/u.txt" || fail "indexing u.txt: exit $?"
for q in Straße strasse STRASSE ﬁnal final FINAL U.S. "U.S. Army"; do
    run "$SEARCH" --db "$TMP/udb" --json "$q"
    json=$(printf '%s\n' "$out" | json_flat)
    expect_eq "[$q]: exit status" "$rc" 0
    expect_eq "[$q]: finds article 42" "$(jget "$json" total) $(jget "$json" 'hits[0].article')" "1 42"
done
run "$SEARCH" --db "$TMP/udb" --json "Straße"
json=$(printf '%s\n' "$out" | json_flat)
expect_eq "Straße: highlighted" "$(highlighted 0)" "Straße"

# ---- errors: exit 2 and one line on stderr
for q in "foo:bar" "year:1999..1990" "year:abc" "(Lisbon" "Lisbon AND"; do
    search "$q"
    expect_eq "[$q]: exit status" "$rc" 2
    expect_eq "[$q]: one line on stderr" "$(nlines "$err")" 1
    expect_match "[$q]: names the tool" "$err" '^annals-search: '
    expect_eq "[$q]: nothing on stdout" "$out" ""
done
mkdir "$TMP/notdb"
cp -R "$DB" "$TMP/foreign"
xapian-metadata set "$TMP/foreign" annals.schema ""
cp -R "$DB" "$TMP/schema99"
xapian-metadata set "$TMP/schema99" annals.schema 99
for d in "$TMP/nope" "$TMP/notdb" "$TMP/foreign" "$TMP/schema99"; do
    run "$SEARCH" --db "$d" Lisbon
    expect_eq "--db $d: exit status" "$rc" 2
    expect_eq "--db $d: one line on stderr" "$(nlines "$err")" 1
    expect_match "--db $d: names it" "$err" "^annals-search: .*$d"
done
run "$SEARCH" --db "$TMP/foreign" Lisbon
expect_eq "foreign db: message" "$err" "annals-search: $TMP/foreign: not an annals database"
run "$SEARCH" --db "$TMP/schema99" Lisbon
expect_eq "schema 99: message" "$err" "annals-search: $TMP/schema99: annals schema 99, this is schema 2"
search --bogus Lisbon
expect_eq "unknown option: exit status" "$rc" 2
expect_eq "unknown option: stderr" "$err" "annals-search: invalid option or missing argument: --bogus (see --help)"
search --limit 0 Lisbon
expect_eq "--limit 0: exit status" "$rc" 2
expect_eq "--limit 0: stderr" "$err" "annals-search: --limit 0: expected a number from 1 to 1000000"
search
expect_eq "no query: exit status" "$rc" 2
expect_eq "no query: stderr" "$err" "annals-search: no QUERY given (see --help)"

# No match is not an error.
search --no-color zzzzqqq
expect_eq "zzzzqqq: exit status" "$rc" 0
expect_eq "zzzzqqq: output" "$out" "No matches."
expect_eq "zzzzqqq: stderr" "$err" ""
jsearch zzzzqqq
expect_eq "zzzzqqq (json)" "$(jget "$json" total) $(jget "$json" hits) $(jget "$json" 'facets.year')" "0 [] []"

# ---- JSON: the stable fields
jsearch --facet entity "Lisbon principles"
expect_eq "json: exit status" "$rc" 0
expect_eq "json: query" "$(jget "$json" query)" "Lisbon principles"
expect_eq "json: total" "$(jget "$json" total)" 4
for f in total_exact 'hits[0].rank' 'hits[0].score' 'hits[0].article' 'hits[0].title' \
    'hits[0].section' 'hits[0].heading' 'hits[0].path' 'hits[0].passage' 'hits[0].highlights[0][0]' \
    'hits[0].passages[0].text' 'hits[0].passages[0].highlights[0][0]' 'hits[0].passages[0].score' \
    'hits[0].years[0]' 'hits[0].entities[0].id' 'hits[0].entities[0].name' \
    'facets.year[0].value' 'facets.year[0].count' \
    'facets.entity[0].value' 'facets.entity[0].name' 'facets.entity[0].count'; do
    expect_match "json: field $f" "$(jget "$json" "$f")" '.'
done
for k in query total hits rank score article title section heading passage highlights years entities facets year; do
    expect_match "json: key \"$k\"" "$out" "\"$k\": "
done
expect_eq "json: rank 1" "$(jget "$json" 'hits[0].rank')" 1
expect_eq "json: article" "$(jget "$json" 'hits[0].article')" 1666
expect_eq "json: title" "$(jget "$json" 'hits[0].title')" "Azerbaijan–OSCE relations"
expect_eq "json: path" "$(jget "$json" 'hits[0].path')" "$CORPUS/1666-azerbaijan-osce-relations.txt"
expect_eq "json: years" "$(jlist "$json" 'hits[0].years' | tr '\n' ' ')" "1994 1995 1996 1997 1998 1999 2000 "
expect_match "json: score" "$(jget "$json" 'hits[0].score')" '^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$'

# ---- TREC: one line per article, scored as its best section.  --trec runs
# with --expand (README), so compare with --json --expand; with --no-expand,
# with the plain search.
printf '1\tLisbon principles\n2\tArmenian side\n' >"$TMP/topics"
# best_score EXPAND QUERY: the top hit's score from --json, as %.6f.
best_score() {
    run "$SEARCH" --db "$DB" --json --no-facets "$1" "$2"
    jget "$(printf '%s\n' "$out" | json_flat)" 'hits[0].score' | awk '{ printf "%.6f", $1 }'
}
for e in --expand --no-expand; do
    opt=$e
    [ $e = --expand ] && opt=""     # the default for --trec
    run "$SEARCH" --db "$DB" --trec T $opt <"$TMP/topics"
    trec=$out
    expect_eq "trec $e: exit status" "$rc" 0
    expect_eq "trec $e: stderr" "$err" ""
    expect_eq "trec $e: one line per query" "$(nlines "$trec")" 2
    expect_match "trec $e: query 1" "$(printf '%s\n' "$trec" | sed -n 1p)" '^1 Q0 1666 1 [0-9]+\.[0-9]+ T$'
    expect_match "trec $e: query 2" "$(printf '%s\n' "$trec" | sed -n 2p)" '^2 Q0 1666 1 [0-9]+\.[0-9]+ T$'
    expect_eq "trec $e: query 1 scored as its best section ($e search)" \
        "$(printf '%s\n' "$trec" | sed -n 1p | cut -d' ' -f5)" "$(best_score $e "Lisbon principles")"
    expect_eq "trec $e: query 2 scored as its best section ($e search)" \
        "$(printf '%s\n' "$trec" | sed -n 2p | cut -d' ' -f5)" "$(best_score $e "Armenian side")"
done
printf '1\tLisbon principles\n' | "$SEARCH" --db "$TMP/udb" --trec T >"$TMP/trec-empty"
expect_eq "trec: no match, no line" "$(cat "$TMP/trec-empty")" ""

# ---- free text of any length: 5,000 words (the corpus article's words, over
# and over) are answered, matching its 64 best distinct words
long=$(tr -cs 'A-Za-z' '\n' <"$CORPUS/1666-azerbaijan-osce-relations.txt" | grep . |
       awk '{ w[NR] = $0 } END { for (i = 0; i < 5000; i++) printf "%s%s", i ? " " : "", w[i % NR + 1] }')
expect_eq "5,000 words: words" "$(printf '%s\n' "$long" | wc -w | tr -d ' ')" 5000
jsearch --no-facets "$long"
expect_eq "5,000 words: exit status" "$rc" 0
expect_eq "5,000 words: stderr" "$err" ""
expect_eq "5,000 words: hits" "$(headings)" "Azerbaijan–OSCE relations|Budapest Summit leading to  Minsk Group|Early participation|Common State solution|Stage|"
printf '7\t%s\n' "$long" >"$TMP/long-topic"
run "$SEARCH" --db "$DB" --trec T <"$TMP/long-topic"
expect_eq "5,000 words (trec): exit status" "$rc" 0
expect_eq "5,000 words (trec): stderr" "$err" ""
expect_match "5,000 words (trec): one line" "$out" '^7 Q0 1666 1 [0-9]+\.[0-9]+ T$'
# with operators or fields, at most 1,024 words
search "+Lisbon $(printf '%s\n' "$long" | cut -d' ' -f1-1024)"
expect_eq "1,025 words and +: exit status" "$rc" 2
expect_eq "1,025 words and +: stderr" "$err" \
    "annals-search: query error: query with operators or fields has more than 1024 words; shorten it"
expect_eq "1,025 words and +: stdout" "$out" ""
search "+Lisbon $(printf '%s\n' "$long" | cut -d' ' -f1-1023)"
expect_eq "1,024 words and +: exit status" "$rc" 0
# at most 100,000 bytes
huge=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "Lisbon%04d ", i; printf "x" }')
search "$huge"
expect_eq "100,001 bytes: exit status" "$rc" 2
expect_eq "100,001 bytes: stderr" "$err" "annals-search: query error: query is longer than 100000 bytes; shorten it"

# ---- a TREC run goes on past a query that fails: one line on stderr for
# it, the other queries answered, exit status 1; blank and # lines skipped
{ printf '1\tLisbon principles\n# a comment\n\n  \nno tab here\n'
  printf '2\tArmenian \377 side\n3\tArmenian side\n4\t%s\n5\tOSCE\n' "$huge"; } >"$TMP/bad-topics"
run "$SEARCH" --db "$DB" --trec T --no-expand <"$TMP/bad-topics"
expect_eq "trec, bad queries: exit status" "$rc" 1
expect_eq "trec, bad queries: stderr" "$err" "annals-search: stdin:5: expected qid<TAB>query
annals-search: query 2: the query is not valid UTF-8
annals-search: query 4: query is longer than 100000 bytes; shorten it"
expect_eq "trec, bad queries: the others answered" "$(printf '%s\n' "$out" | cut -d' ' -f1-4 | tr '\n' '|')" \
    "1 Q0 1666 1|3 Q0 1666 1|5 Q0 1666 1|"
# Several jobs at once write the same run and the same errors, in order.
serial="$rc|$out|$err"
for j in 1 3; do
    run "$SEARCH" --db "$DB" --trec T --no-expand --jobs $j <"$TMP/bad-topics"
    expect_eq "trec, bad queries, --jobs $j: as one job does" "$rc|$out|$err" "$serial"
done
awk 'BEGIN { for (i = 1; i <= 40; i++) printf "%d\t%s\n", i, (i % 2 ? "Lisbon principles" : "Armenian side") }' \
    >"$TMP/many-topics"
run "$SEARCH" --db "$DB" --trec T -j 1 <"$TMP/many-topics"
serial="$rc|$out|$err"
expect_eq "trec, 40 queries: one line each" "$(nlines "$out")" 40
run "$SEARCH" --db "$DB" --trec T -j 4 <"$TMP/many-topics"
expect_eq "trec, 40 queries, -j 4: as one job does" "$rc|$out|$err" "$serial"
run "$SEARCH" --db "$DB" --trec T --jobs 0 </dev/null
expect_eq "--jobs 0: status and stderr" "$rc $err" "2 annals-search: --jobs 0: expected a number from 1 to 256"
finish
