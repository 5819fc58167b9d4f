#!/bin/sh
# Bash completion (completion/annals.bash): registered for the three tools; the
# options (the same as --help lists), the values of --format, --sort and
# --facet, directories after --db.  Each completion calls the function as
# bash does, with COMP_WORDS and COMP_CWORD set.
. "$top_srcdir/tests/e2e/lib.sh"
SCRIPT="$top_srcdir/completion/annals.bash"

# complete WORD...: the completions of the last WORD of the command line
# WORD..., one a line.
complete_line() {
    bash -c '. "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        prev=; [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
        _annals "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "$prev"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$SCRIPT" "$@"
}

expect_eq "complete -p" "$(bash -c '. "$1"; complete -p annals-index annals-search annals-serve' _ "$SCRIPT")" \
    "complete -F _annals annals-index
complete -F _annals annals-search
complete -F _annals annals-serve"
expect_eq "annals-index --f<TAB>" "$(complete_line annals-index --f)" "--format"
expect_eq "annals-search --so<TAB>" "$(complete_line annals-search --so)" "--sort"
expect_eq "annals-search --no-<TAB>" "$(complete_line annals-search --no-)" "--no-facets
--no-color
--no-expand"
expect_eq "annals-index --format <TAB>" "$(complete_line annals-index --format '')" "auto
article
jsonl
wiki"
expect_eq "annals-search --sort d<TAB>" "$(complete_line annals-search --sort d)" "date"
expect_eq "annals-search --facet <TAB>" "$(complete_line annals-search --facet '')" "year
decade
century
entity"
expect_eq "annals-search --facet c<TAB>" "$(complete_line annals-search --facet c)" "century"
expect_eq "annals-search --limit <TAB>" "$(complete_line annals-search --limit '')" ""
expect_eq "annals-serve --th<TAB>" "$(complete_line annals-serve --th)" "--threads"
expect_eq "annals-serve --listen <TAB>" "$(complete_line annals-serve --listen '')" ""

mkdir -p "$TMP/dbs/db one" "$TMP/dbs/db2" && : >"$TMP/dbs/db-file"
expect_eq "annals-search --db <TAB>: directories only" \
    "$(complete_line annals-search --db "$TMP/dbs/d" | LC_ALL=C sort)" "$TMP/dbs/db one
$TMP/dbs/db2"
expect_eq "annals-index PATH<TAB>: files too" \
    "$(complete_line annals-index "$TMP/dbs/db-" )" "$TMP/dbs/db-file"

# The options offered are the options --help lists.
for tool in annals-index annals-search annals-serve; do
    help=$("$top_builddir/plugin/$tool" --help | grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z-]*' | tr -d ',' |
        tr ' ' '\n' | grep . | LC_ALL=C sort)
    offered=$(complete_line "$tool" - | LC_ALL=C sort)
    expect_eq "$tool -<TAB>: the options of --help" "$offered" "$help"
done
finish
