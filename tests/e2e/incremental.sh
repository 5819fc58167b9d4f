#!/bin/bash
# Incremental runs: running the same command again reads no file; a file
# recorded by another analysis version is read again; a file changed is
# indexed again, a file touched is read but its article is
# unchanged, a file removed stays until --prune, a file added is indexed;
# and the database then equals a fresh index of the archive as it is.  A line
# removed from a JSON Lines file is pruned.  The shard count of a database is
# fixed (--shards N on it is an error) while --jobs may change.
# Needs Debian's python3-xapian (skipped without it).
. "$top_srcdir/tests/e2e/lib.sh"
/usr/bin/python3 -c 'import xapian' 2>/dev/null || { echo "python3-xapian is not installed: skipped"; exit 77; }

# same_db WHAT DB REF: DB holds the same documents and metadata as REF.
same_db() {
    dump_db "$2" --meta >"$TMP/got.dump"
    dump_db "$3" --meta >"$TMP/ref.dump"
    checks=$((checks + 1))
    if ! [ -s "$TMP/ref.dump" ] || ! cmp -s "$TMP/ref.dump" "$TMP/got.dump"; then
        fail "$1: differs from a fresh index (- fresh, + incremental):"
        diff -u "$TMP/ref.dump" "$TMP/got.dump" | sed -n '3,60p' >&2
    fi
}

# summary OUT: the summary line without its timing ("; 0.0 MB in 0.0 s").
summary() {
    printf '%s\n' "$1" | sed -E 's/; [0-9.]+ MB in [0-9.]+ s$//'
}

# shards DB: the paths of DB's shards, as its stub names them (shard-K, or
# shard-K.G once compacted), one a line.
shards() {
    sed -n 's|^glass |'"$1"'/|p' "$1/XAPIANDB"
}

# sections DB ID: the number of documents of article ID.
sections() {
    postings "$1" "XA$2" | wc -w | tr -d ' '
}

# article ID [WORD]: article ID in the article format, with 1 + ID % 3
# sections, dates, entity tags to two other articles, and WORD (default:
# word<ID>) in its lead.
article() {
    local id=$1 word=${2:-word$1} n=$(($1 % 3))
    printf '%s\nArticle %s on the council\n' "$id" "$id"
    printf 'The council of [Article %s](%s) met on March %s, %s to discuss %s and the treaty.\n' \
        $((id % 30 + 1)) $((id % 30 + 1)) $((id % 28 + 1)) $((1950 + id)) "$word"
    printf 'Its envoys travelled to [Article %s](%s) in %s.\n' $(((id + 6) % 30 + 1)) $(((id + 6) % 30 + 1)) $((1960 + id % 7))
    [ "$n" -ge 1 ] && printf '\nHistory\nIn %s the treaty of article %s was signed, and renewed in %s.\n' \
        $((1970 + id)) "$id" $((1990 + id % 10))
    [ "$n" -ge 2 ] && printf '\nLater years\nFrom %s until %s the council of %s met twice a year.\n' \
        $((2000 + id % 5)) $((2006 + id % 5)) "$id"
    return 0
}

# ---- an archive of 30 articles (60 sections) ----
A="$TMP/arch"
mkdir -p "$A/a" "$A/b"
for i in $(seq 1 30); do
    d=a
    [ "$i" -gt 15 ] && d=b
    article "$i" >"$A/$d/$i.txt"
done
gzip -n "$A/a/7.txt"   # one compressed file
DB="$TMP/db"
run "$INDEX" --jobs 2 --db "$DB" "$A"
expect_eq "first run: exit status" "$rc" 0
expect_eq "first run: stderr" "$err" ""
expect_eq "first run: summary" "$(summary "$out")" "annals-index: 30 articles, 60 sections indexed into $DB"
expect_eq "first run: 60 documents" "$(doc_count "$DB")" 60
expect_eq "first run: two shards" "$(shards "$DB" | sed 's|.*/||; s|\.[0-9]*$||' | tr '\n' ' ')" "shard-0 shard-1 "
for s in $(shards "$DB"); do
    expect_eq "first run: a file record per file in ${s##*/}" "$(xapian-metadata list "$s" annals.src: | wc -l | tr -d ' ')" 30
done
expect_eq "first run: article 2 has 3 sections" "$(sections "$DB" 2)" 3
expect_eq "first run: dates" "$(postings "$DB" D19520303)" "$(postings "$DB" Q2:0)"

# The same command again: no file is read.
run "$INDEX" --jobs 2 --db "$DB" "$A"
expect_eq "second run: exit status" "$rc" 0
expect_eq "second run: summary" "$(summary "$out")" \
    "annals-index: 0 articles, 0 sections indexed into $DB; unchanged: 0 articles, 30 files not read"
expect_eq "second run: 60 documents" "$(doc_count "$DB")" 60

# A file record written by an annals of another analysis (one without the
# version in its records): the file is read again, and its article, whose
# fingerprint holds the analysis version, found unchanged.
for s in $(shards "$DB"); do
    key="annals.src:$A/a/1.txt"
    old=$(xapian-metadata get "$s" "$key" | sed -E 's/ a[0-9]+//')
    xapian-metadata set "$s" "$key" "$old"
done
run "$INDEX" --jobs 2 --db "$DB" "$A"
expect_eq "older analysis: summary" "$(summary "$out")" \
    "annals-index: 0 articles, 0 sections indexed into $DB; unchanged: 1 article, 29 files not read"

# Changed: article 2 loses its last section and "word2" becomes
# "zanzibarite"; touched: article 4 (same content, a new mtime); removed:
# article 5 (3 sections); added: article 31 (2 sections).
article 2 zanzibarite | sed '/^Later years$/,$d' >"$A/a/2.txt"
expect_eq "changed article: one heading left" "$(grep -c -E '^(History|Later years)$' "$A/a/2.txt")" 1
touch -d '2001-02-03 04:05:06' "$A/a/4.txt"
rm "$A/a/5.txt"
article 31 >"$A/b/31.txt"
run "$INDEX" --jobs 2 --db "$DB" "$A"
expect_eq "after changes: exit status" "$rc" 0
expect_eq "after changes: stderr" "$err" ""
expect_eq "after changes: summary" "$(summary "$out")" \
    "annals-index: 2 articles, 4 sections indexed into $DB; unchanged: 1 article, 27 files not read"
expect_eq "after changes: 60 - 1 + 2 documents" "$(doc_count "$DB")" 61
expect_eq "changed article: 2 sections" "$(sections "$DB" 2)" 2
expect_eq "changed article: Q2:2 gone" "$(postings "$DB" Q2:2)" ""
run "$SEARCH" --db "$DB" --json zanzibarite
json=$(printf '%s\n' "$out" | json_flat)
expect_eq "the new word: exit status" "$rc" 0
expect_eq "the new word: one hit" "$(jget "$json" total)" 1
expect_eq "the new word: in article 2" "$(jget "$json" 'hits[0].article')" 2
run "$SEARCH" --db "$DB" --no-color word2
expect_eq "the old word: exit status" "$rc" 0
expect_eq "the old word: gone" "$out" "No matches."
expect_eq "touched article: still 2 sections" "$(sections "$DB" 4)" 2
expect_eq "added article: 2 sections" "$(sections "$DB" 31)" 2
expect_eq "removed article: kept without --prune" "$(sections "$DB" 5)" 3
run "$SEARCH" --db "$DB" --json word5
expect_eq "removed article: still found without --prune" "$(jget "$(printf '%s\n' "$out" | json_flat)" 'hits[0].article')" 5

# --prune: the removed file's article goes; nothing else is read.
run "$INDEX" --jobs 2 --prune --db "$DB" "$A"
expect_eq "--prune: exit status" "$rc" 0
expect_eq "--prune: stderr" "$err" ""
expect_eq "--prune: summary" "$(summary "$out")" \
    "annals-index: 0 articles, 0 sections indexed into $DB; unchanged: 0 articles, 30 files not read; pruned: 3 sections"
expect_eq "--prune: removed article gone" "$(sections "$DB" 5)" 0
expect_eq "--prune: 58 documents" "$(doc_count "$DB")" 58
run "$SEARCH" --db "$DB" --no-color word5
expect_eq "--prune: removed article not found" "$out" "No matches."
for s in $(shards "$DB"); do
    expect_eq "--prune: the removed file's record gone from ${s##*/}" "$(xapian-metadata list "$s" annals.src: | grep -c '/5\.txt$')" 0
done
run "$INDEX" --jobs 2 --prune --db "$DB" "$A"
expect_eq "--prune again: summary" "$(summary "$out")" \
    "annals-index: 0 articles, 0 sections indexed into $DB; unchanged: 0 articles, 30 files not read"

# The database equals a fresh index of the archive as it now is.
run "$INDEX" --jobs 2 --db "$TMP/fresh" "$A"
expect_eq "fresh index: summary" "$(summary "$out")" "annals-index: 30 articles, 58 sections indexed into $TMP/fresh"
same_db "after changes and --prune" "$DB" "$TMP/fresh"

# The shard count is fixed: --shards 3 on it is refused, one line, exit 2.
run "$INDEX" --shards 3 --db "$DB" "$A"
expect_eq "--shards 3: exit status" "$rc" 2
expect_eq "--shards 3: stderr" "$err" "annals-index: $DB has 2 shards; --shards 3 cannot change that (index into a new directory)"
expect_eq "--shards 3: nothing on stdout" "$out" ""
expect_eq "--shards 3: still two shards" "$(grep -c '^glass ' "$DB/XAPIANDB")" 2
run "$INDEX" --shards 2 --jobs 2 --db "$DB" "$A"
expect_eq "--shards 2 (its count): exit status" "$rc" 0
# --jobs 1 on the 2-shard database: both shards written by one thread.
article 10 quokkaville >"$A/a/10.txt"
run "$INDEX" --jobs 1 --db "$DB" "$A"
expect_eq "--jobs 1: exit status" "$rc" 0
expect_eq "--jobs 1: stderr" "$err" ""
expect_eq "--jobs 1: summary" "$(summary "$out")" \
    "annals-index: 1 article, 2 sections indexed into $DB; unchanged: 0 articles, 29 files not read"
expect_eq "--jobs 1: still two shards" "$(grep -c '^glass ' "$DB/XAPIANDB")" 2
run "$SEARCH" --db "$DB" --json quokkaville
expect_eq "--jobs 1: the new word found in article 10" "$(jget "$(printf '%s\n' "$out" | json_flat)" 'hits[0].article')" 10
rm -rf "$TMP/fresh"
"$INDEX" --quiet --jobs 2 --db "$TMP/fresh" "$A"
same_db "after --jobs 1" "$DB" "$TMP/fresh"

# ---- JSON Lines: a line removed is pruned, the others stay ----
J="$TMP/jsonl"
mkdir -p "$J"
jline() {
    article "$1" | /usr/bin/python3 -c '
import json, sys
i, t, b = sys.stdin.read().split("\n", 2)
print(json.dumps({"id": int(i), "title": t, "text": b}))'
}
for i in 101 102 103 104 105; do jline "$i"; done >"$J/a.jsonl"
for i in 106 107; do jline "$i"; done >"$J/b.jsonl"
DJ="$TMP/db-jsonl"
run "$INDEX" --jobs 2 --db "$DJ" "$J"
expect_eq "jsonl: exit status" "$rc" 0
expect_eq "jsonl: summary" "$(summary "$out")" "annals-index: 7 articles, 15 sections indexed into $DJ"
grep -v '^{"id": 103,' "$J/a.jsonl" >"$J/a.new" && mv "$J/a.new" "$J/a.jsonl"
expect_eq "jsonl: 4 lines left" "$(wc -l <"$J/a.jsonl" | tr -d ' ')" 4
run "$INDEX" --jobs 2 --prune --db "$DJ" "$J"
expect_eq "jsonl --prune: exit status" "$rc" 0
expect_eq "jsonl --prune: stderr" "$err" ""
expect_eq "jsonl --prune: summary" "$(summary "$out")" \
    "annals-index: 0 articles, 0 sections indexed into $DJ; unchanged: 4 articles, 1 file not read; pruned: 2 sections"
expect_eq "jsonl --prune: 103 gone" "$(sections "$DJ" 103)" 0
for i in 101 102 104 105 106 107; do
    expect_eq "jsonl --prune: $i stays" "$(sections "$DJ" "$i")" $((1 + i % 3))
done
# An article moved from one file to another is re-indexed, not pruned.
grep '^{"id": 104,' "$J/a.jsonl" >>"$J/b.jsonl"
grep -v '^{"id": 104,' "$J/a.jsonl" >"$J/a.new" && mv "$J/a.new" "$J/a.jsonl"
run "$INDEX" --jobs 2 --prune --db "$DJ" "$J"
expect_eq "jsonl moved: exit status" "$rc" 0
expect_eq "jsonl moved: summary" "$(summary "$out")" \
    "annals-index: 1 article, 3 sections indexed into $DJ; unchanged: 5 articles, 0 files not read"
expect_eq "jsonl moved: 104 stays" "$(sections "$DJ" 104)" 3
expect_eq "jsonl moved: 104 from b.jsonl" "$(postings "$DJ" "P$J/b.jsonl" | wc -w | tr -d ' ')" 8
# The shard that held 104 from a.jsonl dropped a.jsonl's record (by design:
# the file no longer says what the shard holds), so the next run reads
# a.jsonl again, finds its articles unchanged and records it again.
run "$INDEX" --jobs 2 --prune --db "$DJ" "$J"
expect_eq "jsonl after the move: summary" "$(summary "$out")" \
    "annals-index: 0 articles, 0 sections indexed into $DJ; unchanged: 3 articles, 1 file not read"
"$INDEX" --quiet --jobs 2 --db "$TMP/fresh-jsonl" "$J"
same_db "jsonl after --prune" "$DJ" "$TMP/fresh-jsonl"
# A line removed, a run without --prune (which reads the file again), then
# a run with --prune: the file no longer holds 102, so 102 goes.
grep -v '^{"id": 102,' "$J/a.jsonl" >"$J/a.new" && mv "$J/a.new" "$J/a.jsonl"
run "$INDEX" --jobs 2 --db "$DJ" "$J"
expect_eq "jsonl, line removed, no --prune: summary" "$(summary "$out")" \
    "annals-index: 0 articles, 0 sections indexed into $DJ; unchanged: 2 articles, 1 file not read"
expect_eq "jsonl, line removed, no --prune: 102 kept" "$(sections "$DJ" 102)" 1
run "$INDEX" --jobs 2 --prune --db "$DJ" "$J"
expect_eq "jsonl, then --prune: exit status" "$rc" 0
expect_eq "jsonl, then --prune: 102 gone" "$(sections "$DJ" 102)" 0
finish
