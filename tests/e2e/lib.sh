# lib.sh - shared by the end-to-end tests: paths, a scratch directory and
# assertions that print what differed.  Source it; call `finish` last.
set -u
: "${top_srcdir:?run through make check}" "${top_builddir:?run through make check}"
INDEX="$top_builddir/plugin/annals-index"
SEARCH="$top_builddir/plugin/annals-search"
CORPUS="$top_srcdir/corpus"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/annals-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail() {
    failures=$((failures + 1))
    echo "FAILED: $*" >&2
}

# expect_eq WHAT GOT WANT
expect_eq() {
    checks=$((checks + 1))
    [ "$2" = "$3" ] || fail "$1: got [$2], want [$3]"
}

# expect_match WHAT TEXT REGEX (grep -E)
expect_match() {
    checks=$((checks + 1))
    printf '%s\n' "$2" | grep -Eq -- "$3" || fail "$1: [$2] does not match /$3/"
}

# expect_no_match WHAT TEXT REGEX
expect_no_match() {
    checks=$((checks + 1))
    printf '%s\n' "$2" | grep -Eq -- "$3" && fail "$1: [$2] matches /$3/"
    return 0
}

# An index of the bundled corpus in $TMP/db.
index_corpus() {
    "$INDEX" --quiet --db "$TMP/db" "$CORPUS" || fail "indexing the corpus: exit $?"
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
}
