#!/bin/bash
# One writer at a time: while DIR/annals.lock is locked, annals-index on DIR
# says who holds it in one line and exits 2, leaving DIR as it was, and
# annals-search keeps working.  The lock is taken (1) by another process
# holding a POSIX lock on the file, which conflicts with annals-index's open
# file description lock, and (2) by a real annals-index kept waiting on its
# standard input.  A writer killed by SIGKILL leaves no lock behind.
. "$top_srcdir/tests/e2e/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed: skipped"; exit 77; }
DB="$TMP/db"
holder=""
writer=""
cleanup() {
    [ -n "$holder" ] && kill "$holder" 2>/dev/null
    [ -n "$writer" ] && kill -9 "$writer" 2>/dev/null
    exec 3>&- 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

# wait_for FILE: waits (up to 20 s) until FILE exists.
wait_for() {
    local i=0
    while [ ! -e "$1" ] && [ "$i" -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
    [ -e "$1" ]
}

# hold PID-TEXT: another process locks $DB/annals.lock (a POSIX lock, as
# fcntl.lockf takes it), writes PID-TEXT into it and holds it until killed.
hold() {
    rm -f "$TMP/held"
    python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.lockf(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, sys.argv[2].encode())
open(sys.argv[3], "w").close()
time.sleep(120)' "$DB/annals.lock" "$1" "$TMP/held" &
    holder=$!
    wait_for "$TMP/held" || fail "the lock holder did not start"
}

unhold() {
    kill "$holder" 2>/dev/null
    wait "$holder" 2>/dev/null
    holder=""
}

index_corpus
expect_eq "the corpus: 8 documents" "$(doc_count "$DB")" 8
printf '%s\n' 20 'Another article' 'The OSCE met in Vienna in 1999.' >"$TMP/other.txt"

# ---- (1) the lock held by another process ----
hold "4242
"
run "$INDEX" --db "$DB" "$TMP/other.txt"
expect_eq "locked: exit status" "$rc" 2
expect_eq "locked: stderr" "$err" "annals-index: $DB is being written by another annals-index (pid 4242)"
expect_eq "locked: nothing on stdout" "$out" ""
expect_eq "locked: nothing indexed" "$(doc_count "$DB")" 8
expect_eq "locked: the holder's pid left in the lock file" "$(cat "$DB/annals.lock")" 4242
# The same whatever the options (the lock comes first).
run "$INDEX" --quiet --prune --jobs 1 --shards 5 --db "$DB" "$TMP/other.txt"
expect_eq "locked, other options: exit status" "$rc" 2
expect_eq "locked, other options: stderr" "$err" "annals-index: $DB is being written by another annals-index (pid 4242)"
# Searching works meanwhile.
run "$SEARCH" --db "$DB" --json --limit 100 OSCE
expect_eq "locked: annals-search exit status" "$rc" 0
expect_eq "locked: annals-search finds the 8 sections" "$(jget "$(printf '%s\n' "$out" | json_flat)" total)" 8
expect_eq "locked: xapian-delve opens it" "$(doc_count "$DB")" 8
unhold
# A lock file without a pid.
hold ""
run "$INDEX" --db "$DB" "$TMP/other.txt"
expect_eq "locked, no pid: exit status" "$rc" 2
expect_eq "locked, no pid: stderr" "$err" "annals-index: $DB is being written by another annals-index (pid unknown)"
unhold
# Released: the next run writes (the stale pid in the file does not matter).
run "$INDEX" --db "$DB" "$TMP/other.txt"
expect_eq "released: exit status" "$rc" 0
expect_eq "released: stderr" "$err" ""
expect_eq "released: 9 documents" "$(doc_count "$DB")" 9

# ---- (2) a real annals-index holding the lock ----
# It takes the lock when it opens the database, then waits on its standard
# input (a FIFO whose writer this shell holds open).
mkfifo "$TMP/fifo"
"$INDEX" --db "$DB" - <"$TMP/fifo" >"$TMP/writer.out" 2>"$TMP/writer.err" &
writer=$!
exec 3>"$TMP/fifo"
i=0
while [ "$(cat "$DB/annals.lock" 2>/dev/null)" != "$writer" ] && [ "$i" -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
expect_eq "the writer's pid in the lock file" "$(cat "$DB/annals.lock")" "$writer"
run "$INDEX" --db "$DB" "$TMP/other.txt"
expect_eq "second writer: exit status" "$rc" 2
expect_eq "second writer: stderr" "$err" "annals-index: $DB is being written by another annals-index (pid $writer)"
expect_eq "second writer: nothing on stdout" "$out" ""
run "$SEARCH" --db "$DB" --json --limit 100 OSCE
expect_eq "while writing: annals-search exit status" "$rc" 0
expect_eq "while writing: annals-search total" "$(jget "$(printf '%s\n' "$out" | json_flat)" total)" 9
# The first writer goes on and finishes once its input ends.
printf '{"id": 21, "title": "From standard input", "text": "The OSCE met in Lisbon in 1996.\\n"}\n' >&3
exec 3>&-
wait "$writer"
expect_eq "first writer: exit status" "$?" 0
writer=""
expect_eq "first writer: stderr" "$(cat "$TMP/writer.err")" ""
expect_eq "first writer: summary" "$(sed -E 's/; [0-9.]+ MB in [0-9.]+ s$//' "$TMP/writer.out")" \
    "annals-index: 1 article, 1 section indexed into $DB"
expect_eq "first writer: 10 documents" "$(doc_count "$DB")" 10

# ---- a writer killed by SIGKILL leaves no lock ----
"$INDEX" --db "$DB" - <"$TMP/fifo" >/dev/null 2>&1 &
writer=$!
exec 3>"$TMP/fifo"
i=0
while [ "$(cat "$DB/annals.lock" 2>/dev/null)" != "$writer" ] && [ "$i" -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
expect_eq "the killed writer held the lock" "$(cat "$DB/annals.lock")" "$writer"
kill -9 "$writer"
wait "$writer" 2>/dev/null
writer=""
exec 3>&-
run "$INDEX" --db "$DB" "$TMP/other.txt"
expect_eq "after SIGKILL: exit status" "$rc" 0
expect_eq "after SIGKILL: stderr" "$err" ""
expect_eq "after SIGKILL: 10 documents" "$(doc_count "$DB")" 10
finish
