#!/bin/sh
# Stock Xapian opens an annals database as one database: Python's xapian
# (python3-xapian) filtering on a Y term finds the sections annals-search
# finds for year:, and quest finds the bundled article.
. "$top_srcdir/tests/e2e/lib.sh"
index_corpus

# The sections (by Q term) that mention 1996, as Python's xapian finds them.
py=$(/usr/bin/python3 - "$TMP/db" <<'PY'
import sys
import xapian
db = xapian.Database(sys.argv[1])
enquire = xapian.Enquire(db)
enquire.set_query(xapian.Query(xapian.Query.OP_SCALE_WEIGHT, xapian.Query("Y1996"), 0))
for m in enquire.get_mset(0, db.get_doccount()):
    for t in m.document.termlist():
        if t.term.startswith(b"Q"):
            print(t.term.decode())
PY
)
expect_eq "python3-xapian: exit status" "$?" 0
py=$(printf '%s\n' "$py" | LC_ALL=C sort)

run "$SEARCH" --db "$TMP/db" year:1996 --json --limit 100
expect_eq "annals-search year:1996: exit status" "$rc" 0
flat=$(printf '%s\n' "$out" | json_flat)
n=$(jcount "$flat" hits)
ours=$(i=0; while [ "$i" -lt "$n" ]; do
    echo "Q$(jget "$flat" "hits[$i].article"):$(jget "$flat" "hits[$i].section")"
    i=$((i + 1))
done | LC_ALL=C sort)
expect_eq "Y1996 filter in Python = annals-search year:1996" "$py" "$ours"
expect_eq "the sections that mention 1996" "$ours" "Q1666:0
Q1666:2"

# quest, with its defaults (no stemming: the unstemmed terms annals keeps).
run quest -d "$TMP/db" 'Lisbon principles'
expect_eq "quest: exit status" "$rc" 0
expect_match "quest: matches" "$out" '^Exactly 4 matches$'
first=$(printf '%s\n' "$out" | grep -m1 '^{')
expect_match "quest: the first hit is article 1666" "$first" '^\{"article":1666,"section":3,'
finish
