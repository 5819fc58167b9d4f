#!/bin/bash
# The same archive indexed with --jobs 1 (one shard) and --jobs 2 (two
# shards) gives the same search results: `annals-search --json` (and the
# text output, and a TREC run) byte for byte, over ranked words, phrases,
# boolean queries, fields, date order, facets, pages, passages and feedback.
# The archive has overlapping words, years and entities, and sections that
# tie (the same text in several articles); a second, small archive has
# twelve tied sections among others made of the same words.  Outputs are
# compared with scores to 12 significant digits, then one check names the
# outputs whose scores differ in their last bits.
. "$top_srcdir/tests/e2e/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed: skipped"; exit 77; }

# ---- 60 articles: titles from a few syllables, 2 to 5 sections, words
# from a small vocabulary, years 1988-2002, tags to each other ----
A="$TMP/arch"
python3 - "$A" <<'EOF'
import os, random, sys
out = sys.argv[1]
rnd = random.Random(60)
SYL = 'ka lo mi ra ven dor sal tu bel nor'.split()
WORDS = ('peace treaty council summit border river envoy trade railway harbour election '
         'parliament minister delegation ceasefire charter mission observer province '
         'agreement').split()
MONTHS = ('January February March April May June July August September October November '
          'December').split()
N = 60
titles = {}
while len(titles) < N:
    t = (rnd.choice(SYL) + rnd.choice(SYL) + rnd.choice(SYL)).capitalize()
    if t not in titles.values():
        titles[len(titles) + 1] = t
def sentence():
    w = [rnd.choice(WORDS) for _ in range(rnd.randint(6, 14))]
    if rnd.random() < 0.3:
        w.insert(rnd.randint(0, len(w)), 'peace treaty')
    r = rnd.random()
    if r < 0.35:
        e = rnd.randint(1, N)
        w.insert(rnd.randint(0, len(w)), '[%s](%d)' % (titles[e], e))
    if rnd.random() < 0.5:
        w.append('on %s %d, %d' % (rnd.choice(MONTHS), rnd.randint(1, 28), rnd.randint(1988, 2002)))
    elif rnd.random() < 0.5:
        w.append('in %d' % rnd.randint(1988, 2002))
    s = ' '.join(w)
    return s[0].upper() + s[1:] + '.'
def para():
    return ' '.join(sentence() for _ in range(rnd.randint(1, 3)))
HEADINGS = ['History', 'Relations', 'Treaty of peace', 'Later years', 'Trade']
os.makedirs(out)
for i in range(1, N + 1):
    lines = [str(i), titles[i], para(), para()]
    for h in rnd.sample(HEADINGS, rnd.randint(1, 3)):
        lines += ['', h, para()]
        if rnd.random() < 0.4:
            lines.append(para())
    if i % 5 == 0:  # the same sections in twelve articles: ties
        lines += ['', 'Joint declaration',
                  'The quartet signed a joint declaration on neutrality and navigation.',
                  '', 'See also', 'The council and the peace treaty of the province.']
    with open(os.path.join(out, '%02d.txt' % i), 'w') as f:
        f.write('\n'.join(lines) + '\n')
EOF
expect_eq "generating the archive" "$?" 0

run "$INDEX" --jobs 1 --db "$TMP/db1" "$A"
expect_eq "--jobs 1: exit status" "$rc" 0
expect_eq "--jobs 1: stderr" "$err" ""
expect_eq "--jobs 1: one shard" "$(grep -c '^glass ' "$TMP/db1/XAPIANDB")" 1
run "$INDEX" --jobs 2 --db "$TMP/db2" "$A"
expect_eq "--jobs 2: exit status" "$rc" 0
expect_eq "--jobs 2: stderr" "$err" ""
expect_eq "--jobs 2: two shards" "$(grep -c '^glass ' "$TMP/db2/XAPIANDB")" 2
n1=$(doc_count "$TMP/db1")
expect_eq "the same number of sections" "$(doc_count "$TMP/db2")" "$n1"
expect_match "sections" "$n1" '^[0-9]{3}$'
for s in $(sed -n 's/^glass //p' "$TMP/db2/XAPIANDB"); do
    expect_match "--jobs 2: $s holds some" "$(doc_count "$TMP/db2/$s")" '^[1-9][0-9]+$'
done
# A title to search entities by name.
name=$(sed -n 2p "$A/07.txt")

# round_scores: the output with each "score" rounded to 12 significant
# digits (JSON output).
round_scores() {
    LC_ALL=C awk '{
        out = ""
        while (match($0, /"score": -?[0-9][0-9.eE+-]*/)) {
            v = substr($0, RSTART + 9, RLENGTH - 9)
            out = out substr($0, 1, RSTART - 1) "\"score\": " sprintf("%.12g", v)
            $0 = substr($0, RSTART + RLENGTH)
        }
        print out $0
    }' "$1"
}

# same WHAT ARGS...: annals-search ARGS on both databases (standard input:
# the file $stdin, else nothing): the same exit status, stdout and stderr.
# Scores are compared to 12 significant digits here; where they differ
# beyond that, the query is named by the check at the end.
stdin=/dev/null
score_bits=""
same() {
    local what=$1
    shift
    "$SEARCH" --db "$TMP/db1" "$@" <"$stdin" >"$TMP/out1" 2>"$TMP/err1"
    local rc1=$?
    "$SEARCH" --db "$TMP/db2" "$@" <"$stdin" >"$TMP/out2" 2>"$TMP/err2"
    local rc2=$?
    expect_eq "$what: exit status" "$rc2" "$rc1"
    expect_eq "$what: stderr" "$(cat "$TMP/err2")" "$(cat "$TMP/err1")"
    checks=$((checks + 1))
    cmp -s "$TMP/out1" "$TMP/out2" && return 0
    round_scores "$TMP/out1" >"$TMP/round1"
    round_scores "$TMP/out2" >"$TMP/round2"
    if cmp -s "$TMP/round1" "$TMP/round2"; then
        score_bits="$score_bits [$what]"
    else
        fail "$what: output differs (- one shard, + two shards; scores to 12 digits):"
        diff "$TMP/round1" "$TMP/round2" | cut -c1-400 | head -n 20 >&2
    fi
}

# json WHAT ARGS...: `same` with --json, and the search found something.
json() {
    local what=$1
    shift
    same "$what (json)" --json "$@"
    expect_match "$what: some hits" "$(jget "$(json_flat <"$TMP/out1")" total)" '^[1-9][0-9]*$'
}

json "ranked word" treaty
json "ranked words" council summit harbour
json "ranked words, 20 hits" --limit 20 council summit harbour
json "ranked words, page 2" --limit 10 --offset 10 peace railway
json "all hits" --limit 500 council
json "phrase" '"peace treaty"'
json "phrase, 20 hits" --limit 20 '"peace treaty"'
json "a common word alone" --limit 20 the
json "boolean" --limit 20 'treaty AND NOT summit'
json "boolean OR" --limit 20 'harbour OR railway'
json "must, must not" --limit 20 '+council -envoy trade'
json "year" --limit 20 year:1995
json "year range and a word" --limit 20 'year:1993..1996 treaty'
json "years before" --limit 20 'year:..1990'
json "date range" --limit 20 date:19940101..19961231
json "entity by id" --limit 20 entity:7
json "entity by name" --limit 20 "entity:$name"
json "entity and a word" --limit 20 'entity:12 council'
json "title field" --limit 20 "title:$name"
json "section field" --limit 20 section:history
json "boilerplate ties" --limit 20 'province peace'
# Twelve sections with the same text (in both shards): their scores tie, and
# tied hits come in the same order (README: the same results whatever the
# shard count).
json "tied sections" --limit 20 joint declaration quartet neutrality navigation
expect_eq "tied sections: 12 hits" "$(jget "$(json_flat <"$TMP/out1")" total)" 12
for n in 1 2; do
    expect_eq "tied sections: db$n: article order" \
        "$(json_flat <"$TMP/out$n" | sed -n 's/^hits\[[0-9]*\]\.article=//p' | tr '\n' ' ')" \
        "5 10 15 20 25 30 35 40 45 50 55 60 "
done
json "tied sections, date order" --sort date --limit 20 joint declaration quartet
json "tied sections, phrase" --limit 20 '"joint declaration"'
json "date order" --sort date --limit 20 treaty
json "date order, page 3" --sort date --limit 10 --offset 20 council
json "date order, a year" --sort date --limit 20 year:1999
json "entity facet" --facet entity --limit 20 council
json "both facets" --facet year --facet entity --limit 20 '"peace treaty"'
json "no facets" --no-facets --limit 20 council
json "passages" --passages 3 --limit 20 treaty ceasefire
json "feedback" --expand --limit 20 ceasefire
json "feedback, date order" --expand --sort date --limit 20 ceasefire mission
same "no match (json)" --json zzzunknownword
same "query error" --json 'year:1999..1990'
same "text output" --no-color --facet entity --limit 20 council summit
same "text output, timeline" --no-color --timeline --limit 20 '"peace treaty"'
printf '1\tpeace treaty\n2\tcouncil harbour\n3\tceasefire mission observer\n' >"$TMP/topics"
stdin="$TMP/topics"
same "TREC run" --trec T
stdin=/dev/null
expect_eq "TREC run: lines" "$(wc -l <"$TMP/out1" | tr -d ' ')" "$(awk '{ print $1 }' "$TMP/out1" | wc -l | tr -d ' ')"
expect_match "TREC run: some lines" "$(wc -l <"$TMP/out1" | tr -d ' ')" '^[1-9][0-9]*$'
# ---- ties: 12 articles with the same one-section text among 28 others
# made of the same words; their sections tie, and tied hits must come in the
# same order (by date key, here by article) whatever the shard count ----
T2="$TMP/ties"
python3 - "$T2" <<'EOF'
import os, random, sys
out = sys.argv[1]
rnd = random.Random(1)
W = 'alpha beta gamma delta epsilon zeta eta theta iota kappa'.split()
os.makedirs(out)
for i in range(1, 41):
    if i <= 12:
        body = 'Alpha beta gamma delta epsilon in the council.'
    else:
        body = ' '.join(rnd.choice(W) for _ in range(rnd.randint(3, 30))) + '.'
    with open(os.path.join(out, '%d.txt' % i), 'w') as f:
        f.write('%d\nT%d\n%s\n' % (i, i, body))
EOF
"$INDEX" --quiet --jobs 1 --db "$TMP/ties1" "$T2"
"$INDEX" --quiet --jobs 2 --db "$TMP/ties2" "$T2"
for q in 'alpha beta gamma delta epsilon' 'alpha beta gamma delta' 'epsilon delta gamma beta alpha council'; do
    for n in 1 2; do
        "$SEARCH" --db "$TMP/ties$n" --json --no-facets --limit 40 "$q" | json_flat |
            sed -n 's/^hits\[[0-9]*\]\.article=//p' | awk '$1 <= 12' | tr '\n' ' ' >"$TMP/ties-order$n"
    done
    expect_eq "tied sections [$q]: one shard: in article order" "$(cat "$TMP/ties-order1")" "1 2 3 4 5 6 7 8 9 10 11 12 "
    expect_eq "tied sections [$q]: two shards: in article order" "$(cat "$TMP/ties-order2")" "1 2 3 4 5 6 7 8 9 10 11 12 "
done

# The scores themselves, to the last bit (double precision, as --json
# writes them).
expect_eq "scores bit for bit the same (outputs whose scores differ in their last digits)" "$score_bits" ""
finish
