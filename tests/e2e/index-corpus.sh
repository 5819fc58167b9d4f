#!/bin/sh
# Index the bundled corpus and inspect the database with stock xapian-delve:
# one document per section, headings, years, entities and the terms that
# the article format (FORMAT.md) and the schema (README.md) promise.
. "$top_srcdir/tests/e2e/lib.sh"
DB="$TMP/db"

run "$INDEX" --db "$DB" "$CORPUS"
expect_eq "exit status" "$rc" 0
expect_summary "summary line" "$out" "$DB" "1 article, 8 sections"
expect_eq "stderr" "$err" ""
expect_eq "document count" "$(doc_count "$DB")" 8
expect_eq "schema version" "$(xapian-metadata get "$DB" annals.schema)" 2

# section N of article 1666 -> its document id, through its unique term
doc() { postings "$DB" "Q1666:$1"; }

# Each section, in order: heading | years (slot 0) | entities (slot 2).
# The lead's heading is the article title.
n=0
while IFS='|' read -r heading years entities; do
    id=$(doc $n)
    expect_match "Q1666:$n names one document" "$id" '^[0-9]+$'
    data=$(doc_data "$DB" "$id" | json_flat)
    expect_eq "section $n: data.heading" "$(jget "$data" heading)" "$heading"
    expect_eq "section $n: data.article" "$(jget "$data" article)" 1666
    expect_eq "section $n: data.section" "$(jget "$data" section)" $n
    expect_eq "section $n: data.title" "$(jget "$data" title)" "Azerbaijan–OSCE relations"
    expect_eq "section $n ($heading): years, value 0" "$(value_of "$DB" "$id" 0)" "$years"
    expect_eq "section $n ($heading): data.years" "$(jlist "$data" years | tr '\n' ' ' | sed 's/ $//')" "$years"
    expect_eq "section $n ($heading): entities, value 2" "$(value_of "$DB" "$id" 2)" "$entities"
    expect_eq "section $n ($heading): article, value 4" "$(value_of "$DB" "$id" 4)" 1666
    expect_eq "section $n ($heading): title, value 5" "$(value_of "$DB" "$id" 5)" "Azerbaijan–OSCE relations"
    n=$((n + 1))
done <<'SECTIONS'
Azerbaijan–OSCE relations|1992 1994 1995 1996 1997|1100 1567 1588 1600 1683
Early participation|1992 1993|1567 1588
Budapest Summit leading to  Minsk Group|1994 1995 1996 1997 1998 1999 2000|1100 1567 1588 1600
Minsk Group proposals|1997|1100 1567 1588
Package|1997|1588
Stage|1997|1567
Common State solution||1588
See also||1588
SECTIONS
expect_eq "sections listed" $n 8

# Value 8: each section's body stems with their wdfs, packed as README's
# schema says, exactly as its term list holds them, but the stems of the
# stopwords listed in plugin/analyze/stopwords.c (stemmed here by Xapian's
# English stemmer): some in each section.
packed_check=$(/usr/bin/python3 - "$DB" "$top_srcdir/plugin/analyze/stopwords.c" <<'PY'
import re, sys, xapian
db = xapian.Database(sys.argv[1])
listed = open(sys.argv[2]).read().split("WORDS[] = {")[1].split("};")[0]
stem = xapian.Stem("english")
stop = {b"Z" + stem(w) for w in re.findall(r'"([^"]+)"', listed)}
n = differ = stems = without_stop = 0
for did in (p.docid for p in db.postlist("")):
    v, got, i, prev = db.get_document(did).get_value(8), [], 0, b""
    while i < len(v):
        shared, rest = v[i], v[i + 1]
        term = prev[:shared] + v[i + 2:i + 2 + rest]
        i, wdf, shift = i + 2 + rest, 0, 0
        while True:
            wdf, shift, i = wdf | (v[i] & 0x7F) << shift, shift + 7, i + 1
            if v[i - 1] < 0x80:
                break
        got.append((term, wdf))
        prev = term
    body = [(t.term, t.wdf) for t in db.termlist(did) if re.match(rb"Z[a-z0-9\x80-\xff]", t.term)]
    want = [(t, wdf) for t, wdf in body if t not in stop]
    n, differ, stems = n + 1, differ + (got != want), stems + len(want)
    without_stop += len(want) < len(body)
print("%d sections, %d differ, %s, %d without stopwords'" % (n, differ,
      "stems in each" if stems > 8 * n else "few stems", without_stop))
PY
)
expect_eq "value 8: packed body stems" "$packed_check" "8 sections, 0 differ, stems in each, 8 without stopwords'"
expect_eq "no Q1666:8" "$(doc 8)" ""
expect_eq "XA1666: every section" "$(postings "$DB" XA1666 | wc -w | tr -d ' ')" 8
expect_eq "XKlead: the lead" "$(postings "$DB" XKlead)" "$(doc 0)"
expect_eq "XKboilerplate: See also" "$(postings "$DB" XKboilerplate)" "$(doc 7)"

# Years and dates.
expect_eq "Y1993: Early participation only" "$(postings "$DB" Y1993)" "$(doc 1)"
expect_eq "D19961202: Budapest section" "$(postings "$DB" D19961202)" "$(doc 2)"
expect_eq "D19961203: Budapest section" "$(postings "$DB" D19961203)" "$(doc 2)"
expect_eq "D19941205 (5–6 December 1994)" "$(postings "$DB" D19941205)" "$(doc 2)"
expect_eq "D19920130 (January 30, 1992)" "$(postings "$DB" D19920130)" "$(doc 0)"
expect_eq "M199707 (July 1997): Package" "$(postings "$DB" M199707)" "$(doc 4)"
# Numbers that are not years (FORMAT.md): #318, 300 deputy, 54 and 11 states,
# the 1588 etc. inside entity tags.
for t in Y0318 Y0300 Y0054 Y0011 Y1588 Y1567 Y1100 Y1600 Y1683 Y0021; do
    expect_eq "no false year $t" "$(postings "$DB" $t)" ""
done
expect_eq "xapian-delve -t Y1588" "$(xapian-delve -t Y1588 "$DB" 2>&1)" "term 'Y1588' not in database"
expect_eq "all Y terms" "$(xapian-delve -A Y -1 "$DB" | grep "^Y" | tr '\n' ' ' | sed 's/ $//')" \
    "Y1992 Y1993 Y1994 Y1995 Y1996 Y1997 Y1998 Y1999 Y2000"

# Entities: Armenia (1567) is mentioned in the lead, Early participation,
# Budapest, Minsk Group proposals and Stage.
expect_eq "XE1567" "$(postings "$DB" XE1567)" "$(doc 0) $(doc 1) $(doc 2) $(doc 3) $(doc 5)"
expect_eq "XE1683 (Belarus): the lead" "$(postings "$DB" XE1683)" "$(doc 0)"
expect_eq "XENunited states" "$(postings "$DB" 'XENunited states')" "$(doc 0) $(doc 2) $(doc 3)"
# [Armenia](1567)n reads Armenian: the unstemmed word, in the lead, Budapest
# and Stage ("the [Armenia](1567)n side").
expect_eq "unstemmed armenian" "$(postings "$DB" armenian)" "$(doc 0) $(doc 2) $(doc 5)"
expect_eq "unstemmed azerbaijani" "$(postings "$DB" azerbaijani)" "$(doc 0) $(doc 2)"
# The tag's id never becomes a word.
expect_eq "no word 1567" "$(postings "$DB" 1567)" ""
expect_eq "no word 1588" "$(postings "$DB" Z1588)" ""
# Headings and titles.
expect_eq "XEHpackage" "$(postings "$DB" XEHpackage)" "$(doc 4)"
expect_eq "XEH of the Budapest heading" "$(postings "$DB" 'XEHbudapest summit leading to minsk group')" "$(doc 2)"
expect_eq "XHstage" "$(postings "$DB" XHstage)" "$(doc 5)"
expect_eq "Sazerbaijan: the title in every section" "$(postings "$DB" Sazerbaijan | wc -w | tr -d ' ')" 8

# Document data: text with tags resolved, dates as ISO 8601.
data=$(doc_data "$DB" "$(doc 2)" | json_flat)
expect_match "Budapest dates" "$(jlist "$data" dates | tr '\n' ' ')" '1996-12-02/1996-12-03'
expect_no_match "Budapest text has no tags" "$(jget "$data" text)" '\]\([0-9]+\)'
data=$(doc_data "$DB" "$(doc 5)" | json_flat)
expect_eq "Stage text" "$(jget "$data" text)" \
    "In this version proposed in September 1997, the way to resolve the conflict was in a staged manner. However, the Armenian side did not accept this proposal."
expect_eq "Stage entity name" "$(jget "$data" 'entities[0].name')" Armenia
finish
