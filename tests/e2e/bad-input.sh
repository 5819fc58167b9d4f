#!/bin/sh
# Input that cannot be indexed is named on stderr (file:line) and skipped
# (exit 1) while the rest of the run is indexed; odd but valid input (CRLF,
# BOM, a 2 MB line) indexes; usage and database errors exit 2.
. "$top_srcdir/tests/e2e/lib.sh"
ART="$CORPUS/1666-azerbaijan-osce-relations.txt"

printf '%s\n' 10 'A good article' 'Good text about the OSCE in 1995.' >"$TMP/good.txt"
printf '%s\n' 11 'Another good article' 'More good text.' >"$TMP/good2.txt"

# bad NAME LINE WHY: NAME.txt (already written) is skipped with one line on
# stderr naming it (":LINE" unless LINE is empty); the good files given in
# the same run are indexed.
bad() {
    db="$TMP/db-$1"
    run "$INDEX" --db "$db" "$TMP/good.txt" "$TMP/$1.txt" "$TMP/good2.txt"
    expect_eq "$1: exit status" "$rc" 1
    expect_eq "$1: stderr" "$err" "annals-index: $TMP/$1.txt${2:+:$2}: $3; skipped"
    expect_summary "$1: summary" "$out" "$db" "2 articles, 2 sections" "; skipped: 1"
    expect_eq "$1: good files indexed" "$(doc_count "$db")" 2
    expect_eq "$1: good.txt indexed" "$(postings "$db" Q10:0 | wc -w | tr -d ' ')" 1
    expect_eq "$1: good2.txt indexed" "$(postings "$db" Q11:0 | wc -w | tr -d ' ')" 1
}

printf '12\nTitle\nFine line.\nBad \377 byte.\n' >"$TMP/utf8.txt"
bad utf8 4 "invalid UTF-8"
printf '13\nTitle\nA NUL \000 byte.\n' >"$TMP/nul.txt"
bad nul 3 "NUL byte in text"
printf 'abc\nTitle\nText.\n' >"$TMP/id.txt"
bad id 1 "article id is not a decimal number (at most 4294967295)"
printf '\nTitle\nText.\n' >"$TMP/noid.txt"
bad noid 1 "missing article id"
: >"$TMP/empty.txt"
bad empty "" "empty file"
printf '14\n\nText.\n' >"$TMP/notitle.txt"
bad notitle 2 "missing title"
printf '4294967296\nTitle\nText.\n' >"$TMP/bigid.txt"
bad bigid 1 "article id is not a decimal number (at most 4294967295)"

# Nothing already indexed is lost: the corpus, then a run of bad files only.
index_corpus
run "$INDEX" --db "$TMP/db" "$TMP/utf8.txt" "$TMP/nul.txt" "$TMP/id.txt" "$TMP/noid.txt" \
    "$TMP/empty.txt" "$TMP/notitle.txt"
expect_eq "bad files only: exit status" "$rc" 1
expect_eq "bad files only: one line each" "$(nlines "$err")" 6
expect_summary "bad files only: summary" "$out" "$TMP/db" "0 articles, 0 sections" "; skipped: 6"
expect_eq "bad files only: corpus kept" "$(doc_count "$TMP/db")" 8
# A bad file with the corpus's id does not delete the indexed article.
printf '1666\nAzerbaijan–OSCE relations\nBroken \377 text.\n' >"$TMP/bad1666.txt"
run "$INDEX" --db "$TMP/db" "$TMP/bad1666.txt"
expect_eq "bad 1666: exit status" "$rc" 1
expect_eq "bad 1666: stderr" "$err" "annals-index: $TMP/bad1666.txt:3: invalid UTF-8; skipped"
expect_eq "bad 1666: corpus kept" "$(doc_count "$TMP/db")" 8
# A missing file is named, and does not stop the run.
run "$INDEX" --db "$TMP/db" "$TMP/missing.txt" "$TMP/good.txt"
expect_eq "missing file: exit status" "$rc" 1
expect_eq "missing file: stderr" "$err" "annals-index: $TMP/missing.txt: No such file or directory; skipped"
expect_eq "missing file: good file indexed" "$(doc_count "$TMP/db")" 9

# CRLF line ends and a UTF-8 BOM: the same 8 sections.
{ printf '\357\273\277'; sed 's/$/\r/' "$ART"; } >"$TMP/crlf-bom.txt"
expect_eq "crlf-bom.txt has CRs" "$(grep -c "$(printf '\r')\$" "$TMP/crlf-bom.txt")" "$(grep -c "" "$ART")"
run "$INDEX" --db "$TMP/db-crlf" "$TMP/crlf-bom.txt"
expect_eq "CRLF+BOM: exit status" "$rc" 0
expect_eq "CRLF+BOM: stderr" "$err" ""
expect_summary "CRLF+BOM: summary" "$out" "$TMP/db-crlf" "1 article, 8 sections"
expect_eq "CRLF+BOM: 8 documents" "$(doc_count "$TMP/db-crlf")" 8
headings=""
for n in 0 1 2 3 4 5 6 7; do
    id=$(postings "$TMP/db-crlf" "Q1666:$n")
    data=$(doc_data "$TMP/db-crlf" "$id" | json_flat)
    headings="$headings$(jget "$data" heading)|"
    expect_no_match "CRLF+BOM: section $n text has no CR" "$(jget "$data" text)" "$(printf '\r')|\\\\r"
done
expect_eq "CRLF+BOM: headings" "$headings" \
    "Azerbaijan–OSCE relations|Early participation|Budapest Summit leading to  Minsk Group|Minsk Group proposals|Package|Stage|Common State solution|See also|"
expect_eq "CRLF+BOM: title without BOM" "$(value_of "$TMP/db-crlf" "$(postings "$TMP/db-crlf" Q1666:0)" 5)" "Azerbaijan–OSCE relations"
expect_eq "CRLF+BOM: Y1993" "$(postings "$TMP/db-crlf" Y1993)" "$(postings "$TMP/db-crlf" Q1666:1)"

# One line of 2 MB (about 350,000 words).
awk 'BEGIN { printf "20\nA long line\n"
             while (n < 2097152) { w = "word" (i++ % 1000) " "; printf "%s", w; n += length(w) }
             print "end." }' >"$TMP/long.txt"
expect_eq "long line size" "$(wc -c <"$TMP/long.txt" | awk '$1 > 2097152 && $1 < 2200000 { print "about 2 MB" }')" "about 2 MB"
run "$INDEX" --db "$TMP/db-long" "$TMP/long.txt"
expect_eq "2 MB line: exit status" "$rc" 0
expect_eq "2 MB line: stderr" "$err" ""
expect_eq "2 MB line: 1 section" "$(doc_count "$TMP/db-long")" 1
expect_eq "2 MB line: a word from the end" "$(postings "$TMP/db-long" Zend)" "$(postings "$TMP/db-long" Q20:0)"

# An entity tag that cannot be one: named, read as plain text, still indexed.
printf '%s\n' 30 'Tagged' 'The OSCE met in 1995.' 'The tag [x](99999999999) is absurd.' >"$TMP/tag.txt"
run "$INDEX" --db "$TMP/db-tag" "$TMP/tag.txt"
expect_eq "absurd tag: exit status" "$rc" 1
expect_eq "absurd tag: stderr" "$err" "annals-index: $TMP/tag.txt:4: entity id too large; read as plain text"
expect_summary "absurd tag: summary" "$out" "$TMP/db-tag" "1 article, 1 section"
expect_eq "absurd tag: indexed" "$(doc_count "$TMP/db-tag")" 1
data=$(doc_data "$TMP/db-tag" "$(postings "$TMP/db-tag" Q30:0)" | json_flat)
expect_eq "absurd tag: text" "$(jget "$data" text)" 'The OSCE met in 1995.\n\nThe tag [x](99999999999) is absurd.'
expect_eq "absurd tag: no entity" "$(jget "$data" entities)" "[]"
expect_eq "absurd tag: no XE term" "$(xapian-delve -A XE -1 "$TMP/db-tag" | grep -c -E '^XE([0-9]|N)')" 0
printf '%s\n' 31 'Tagged' 'An empty tag [](5) here.' >"$TMP/tag2.txt"
run "$INDEX" --db "$TMP/db-tag" "$TMP/tag2.txt"
expect_eq "empty tag: exit status" "$rc" 1
expect_eq "empty tag: stderr" "$err" "annals-index: $TMP/tag2.txt:3: empty entity text; read as plain text"
expect_eq "empty tag: indexed" "$(doc_count "$TMP/db-tag")" 2

# Usage errors: exit 2.
run "$INDEX" --db "$TMP/db"
expect_eq "no PATH: exit status" "$rc" 2
expect_eq "no PATH: stderr" "$err" "annals-index: no PATH given (see --help)"
run "$INDEX" --bogus --db "$TMP/db" "$TMP/good.txt"
expect_eq "unknown option: exit status" "$rc" 2
expect_eq "unknown option: nothing on stdout" "$out" ""
expect_eq "unknown option: stderr" "$err" "annals-index: invalid option: --bogus (see --help)"
# A database path that is a regular file: exit 2, one line.
: >"$TMP/plainfile"
run "$INDEX" --db "$TMP/plainfile" "$TMP/good.txt"
expect_eq "db is a file: exit status" "$rc" 2
expect_eq "db is a file: one line on stderr" "$(nlines "$err")" 1
expect_match "db is a file: names it" "$err" "^annals-index: .*$TMP/plainfile"
expect_eq "db is a file: no summary" "$out" ""
# A Xapian database that annals did not write: exit 2, one line.
cp -R "$TMP/db/shard-0" "$TMP/foreign"
xapian-metadata set "$TMP/foreign" annals.schema ""
run "$INDEX" --db "$TMP/foreign" "$TMP/good.txt"
expect_eq "foreign db: exit status" "$rc" 2
expect_eq "foreign db: stderr" "$err" "annals-index: $TMP/foreign: not an annals database"
finish
