#!/bin/bash
# Crash safety: annals-index --jobs 2 killed by SIGKILL at several moments of
# a run leaves a database that opens and holds whole articles only (each
# article present has every section a clean run gives it), and running the
# same command again completes it to exactly the database of an
# uninterrupted run (the same documents by Q term, each with the same terms,
# wdf, positions, values and data; the same file records; nothing else in
# the directory), after which a further run reads nothing.  The moments:
# while a new database's shards are being made (as soon as shard-0 exists),
# mid-run and late (fractions of the clean run's measured time; some runs
# killed again while completing), and while the shards are compacted at the
# end of the run (as soon as a compacted copy appears).
# Needs Debian's python3-xapian (skipped without it).
. "$top_srcdir/tests/e2e/lib.sh"
/usr/bin/python3 -c 'import xapian' 2>/dev/null || { echo "python3-xapian is not installed: skipped"; exit 77; }
victim=""
trap '[ -n "$victim" ] && kill -9 "$victim" 2>/dev/null; rm -rf "$TMP"' EXIT

# ---- an archive of 400 articles, 3 to 50 sections each (about 9,000
# sections: each shard commits several batches of 2,000 in a run): 300
# article files in two directories and a JSON Lines file of 100 ----
A="$TMP/arch"
/usr/bin/python3 - "$A" <<'EOF'
import json, os, random, sys
out, n = sys.argv[1], 400
rnd = random.Random(1666)
WORDS = ('council treaty summit envoy border river province charter assembly delegation minister '
         'conference mission report railway harbour election parliament agreement mandate observer '
         'settlement ceasefire protocol embassy commission').split()
MONTHS = ('January February March April May June July August September October November '
          'December').split()
def para():
    s = []
    for _ in range(rnd.randint(1, 3)):
        w = ' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 16)))
        r = rnd.random()
        if r < 0.3:
            e = rnd.randint(1, n)
            w += ' with [Article %d](%d)' % (e, e)
        elif r < 0.6:
            w += ' on %s %d, %d' % (rnd.choice(MONTHS), rnd.randint(1, 28), rnd.randint(1900, 2020))
        elif r < 0.75:
            w += ' in %d' % rnd.randint(1900, 2020)
        s.append(w[0].upper() + w[1:] + '.')
    return ' '.join(s)
def body(aid):
    lines = [para()]
    for k in range(rnd.choice([2, 7, 14, 24, 34, 49])):
        lines += ['', 'Part %d of %d' % (k + 1, aid), para()]
        if rnd.random() < 0.3:
            lines.append(para())
    return '\n'.join(lines) + '\n'
os.makedirs(os.path.join(out, 'a'))
os.makedirs(os.path.join(out, 'b'))
jl = []
for aid in range(1, n + 1):
    title, b = 'Article %d' % aid, body(aid)
    if aid % 4 == 0:
        jl.append(json.dumps({'id': aid, 'title': title, 'text': b}))
    else:
        with open(os.path.join(out, 'a' if aid % 2 else 'b', '%d.txt' % aid), 'w') as f:
            f.write('%d\n%s\n%s' % (aid, title, b))
with open(os.path.join(out, 'b', 'more.jsonl'), 'w') as f:
    f.write('\n'.join(jl) + '\n')
EOF
expect_eq "generating the archive" "$?" 0


# shards DB: the paths of DB's shards, as its stub names them (shard-K, or
# shard-K.G once compacted), one a line.
shards() {
    sed -n 's|^glass |'"$1"'/|p' "$1/XAPIANDB"
}

# article_counts DB: "ID SECTIONS" per article present, by ID (from the Q
# terms' frequencies).
article_counts() {
    xapian-delve -A Q -v -1 "$1" 2>/dev/null |
        awk 'NR > 1 { id = substr($1, 2); sub(/:.*/, "", id); n[id] += $2 } END { for (i in n) print i, n[i] }' |
        sort
}

# summary OUT: the summary line without its timing.
summary() {
    printf '%s\n' "$1" | sed -E 's/; [0-9.]+ MB in [0-9.]+ s$//'
}

# ---- the clean run, timed ----
CLEAN="$TMP/clean"
t0=$(date +%s%N)
run "$INDEX" --jobs 2 --db "$CLEAN" "$A"
t1=$(date +%s%N)
T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
echo "clean run: $T s"
expect_eq "clean run: exit status" "$rc" 0
expect_eq "clean run: stderr" "$err" ""
expect_match "clean run: summary" "$(summary "$out")" "^annals-index: 400 articles, [0-9]+ sections indexed into $CLEAN\$"
article_counts "$CLEAN" >"$TMP/clean.counts"
NSEC=$(awk '{ s += $2 } END { print s }' "$TMP/clean.counts")
expect_eq "clean run: 400 articles" "$(wc -l <"$TMP/clean.counts" | tr -d ' ')" 400
expect_eq "clean run: documents" "$(doc_count "$CLEAN")" "$NSEC"
expect_eq "clean run: sections in the summary" "$(summary "$out")" "annals-index: 400 articles, $NSEC sections indexed into $CLEAN"
expect_eq "clean run: two shards" "$(shards "$CLEAN" | wc -l | tr -d ' ')" 2
for s in $(shards "$CLEAN"); do
    # at least two batches of 2,000 sections before the last commit
    expect_match "clean run: ${s##*/} has over 4,000 sections" "$(doc_count "$s")" '^([4-9][0-9]{3}|[0-9]{5,})$'
done
dump_db "$CLEAN" --meta >"$TMP/clean.dump"
NFILES=$(find "$A" -type f | wc -l | tr -d ' ')
expect_eq "the archive: 301 files" "$NFILES" 301

# compacting DB: 0 when a compacted copy of a shard is being written (a
# directory shard-K.G that the stub does not name).
compacting() {
    local d
    for d in "$1"/shard-*.*; do
        [ -d "$d" ] && ! grep -qx "glass ${d##*/}" "$1/XAPIANDB" 2>/dev/null && return 0
    done
    return 1
}

# kill_at WHAT DB WHEN: runs the command into DB and kills it by SIGKILL
# WHEN seconds after its start, or (WHEN "shard") as soon as the directory
# of the new database's first shard exists, or (WHEN "compaction") as soon
# as the run has begun to compact a shard, unless it has finished first.
kill_at() {
    "$INDEX" --quiet --jobs 2 --db "$2" "$A" >/dev/null 2>"$TMP/killed.err" &
    victim=$!
    if [ "$3" = shard ]; then
        while [ ! -d "$2/shard-0" ] && kill -0 "$victim" 2>/dev/null; do :; done
    elif [ "$3" = compaction ]; then
        while ! compacting "$2" && kill -0 "$victim" 2>/dev/null; do sleep 0.002; done
    else
        sleep "$3"
    fi
    kill -9 "$victim" 2>/dev/null
    wait "$victim" 2>/dev/null
    local st=$?
    victim=""
    if [ "$st" != 137 ]; then expect_eq "$1: finished before the kill: exit status" "$st" 0; fi
    echo "$1: $([ "$st" = 137 ] && echo killed || echo finished first), $(doc_count "$2") documents"
}

partial=0
# after_kill WHAT DB: the database opens and holds whole articles only (a
# run killed before it made the directory has left nothing).
after_kill() {
    local n present
    if [ ! -e "$2" ]; then
        echo "$1: no database made yet"
        return 0
    fi
    n=$(doc_count "$2")
    expect_match "$1: the database opens (xapian-delve)" "$n" '^[0-9]+$'
    run "$SEARCH" --db "$2" --no-facets council
    expect_eq "$1: annals-search opens it: exit status" "$rc" 0
    [ -n "$n" ] || return 0
    article_counts "$2" >"$TMP/killed.counts"
    present=$(wc -l <"$TMP/killed.counts" | tr -d ' ')
    checks=$((checks + 1))
    if [ -n "$(comm -23 "$TMP/killed.counts" "$TMP/clean.counts")" ]; then
        fail "$1: articles with other section counts than a clean run's (id, sections here, sections in a clean run):"
        join "$TMP/killed.counts" "$TMP/clean.counts" | awk '$2 != $3' | head -n 10 >&2
    fi
    expect_eq "$1: documents = sections of the articles present" "$n" "$(awk '{ s += $2 } END { print s + 0 }' "$TMP/killed.counts")"
    [ "$present" -gt 0 ] && [ "$present" -lt 400 ] && partial=$((partial + 1))
    echo "$1: $present whole articles"
}

# rerun WHAT DB: the same command again completes the database to the clean
# run's; one more run reads nothing.
rerun() {
    run "$INDEX" --jobs 2 --db "$2" "$A"
    expect_eq "$1, run again: exit status" "$rc" 0
    expect_eq "$1, run again: stderr" "$err" ""
    [ "$rc" = 0 ] || return 0
    dump_db "$2" --meta >"$TMP/got.dump"
    checks=$((checks + 1))
    if ! cmp -s "$TMP/clean.dump" "$TMP/got.dump"; then
        fail "$1, run again: differs from a clean run (- clean, + this):"
        diff "$TMP/clean.dump" "$TMP/got.dump" | cut -c1-300 | head -n 20 >&2
    fi
    run "$INDEX" --jobs 2 --db "$2" "$A"
    expect_eq "$1, run a third time: summary" "$(summary "$out")" \
        "annals-index: 0 articles, 0 sections indexed into $2; unchanged: 0 articles, $NFILES files not read"
    # Nothing left over: the directory holds the lock, the stub and the
    # shards it names.
    expect_eq "$1: only the lock, the stub and its shards in the directory" \
        "$(ls -A "$2" | sort | tr '\n' ' ')" \
        "$( (printf '%s\n' annals.lock XAPIANDB; shards "$2" | sed 's|.*/||') | sort | tr '\n' ' ')"
}

# delay FRACTION: that fraction of the clean run's time, in seconds.
delay() {
    awk -v t="$T" -v f="$1" 'BEGIN { printf "%.2f", t * f }'
}

# Right after the start, into a new database: as soon as the directory of
# its first shard exists (while the shards are being made).
kill_at "killed while making the shards" "$TMP/k1" shard
after_kill "killed while making the shards" "$TMP/k1"
rerun "killed while making the shards" "$TMP/k1"
rm -rf "$TMP/k1"
# Mid-run; then killed again 0.05 s after the start of the run that
# completes it (into an existing database).
d=$(delay 0.35)
kill_at "killed at 0.35 of a run ($d s)" "$TMP/k2" "$d"
after_kill "killed at 0.35 of a run ($d s)" "$TMP/k2"
kill_at "killed at 0.35, then at 0.05 s" "$TMP/k2" 0.05
after_kill "killed at 0.35, then at 0.05 s" "$TMP/k2"
rerun "killed at 0.35, then at 0.05 s" "$TMP/k2"
rm -rf "$TMP/k2"
# Late; then killed again mid-way through the run that completes it.
d=$(delay 0.7)
kill_at "killed at 0.7 of a run ($d s)" "$TMP/k3" "$d"
after_kill "killed at 0.7 of a run ($d s)" "$TMP/k3"
d=$(delay 0.15)
kill_at "killed at 0.7, then at $d s" "$TMP/k3" "$d"
after_kill "killed at 0.7, then at $d s" "$TMP/k3"
rerun "killed at 0.7, then at $d s" "$TMP/k3"
rm -rf "$TMP/k3"
# While the shards are compacted, at the end of the run (every article is
# committed by then).
kill_at "killed while compacting" "$TMP/k4" compaction
after_kill "killed while compacting" "$TMP/k4"
rerun "killed while compacting" "$TMP/k4"
rm -rf "$TMP/k4"
checks=$((checks + 1))
[ "$partial" -ge 1 ] || fail "no kill landed mid-run (no database held some articles but not all): the machine too slow or too fast for the delays"
finish
