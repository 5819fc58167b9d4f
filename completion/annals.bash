# Bash completion for annals-index, annals-search and annals-serve: their
# options, the values of --format, --sort and --facet, and directories after
# --db.  Installed as completions/annals-index, completions/annals-search and
# completions/annals-serve, where bash-completion loads it on first use; or
# source it.

_annals_options() {
    case $1 in
    annals-index)
        echo --db -j --jobs --shards --format --prune --progress -q --quiet -h --help --version ;;
    annals-search)
        echo --db --limit --offset --sort --passages --facet --year --entity --no-facets \
            --timeline --json --no-color --expand --no-expand --trec -j --jobs --timeout --allow-partial -h \
            --help --version ;;
    annals-serve)
        echo --db --listen --threads --timeout --allow-partial -h --help --version ;;
    esac
}

# Called by bash with the command, the word being completed and the word
# before it; fills COMPREPLY.
_annals() {
    local cmd=${1##*/} cur=$2 prev=$3 IFS=$'\n'
    COMPREPLY=()
    case $prev in
    --db)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return ;;
    --format) COMPREPLY=($(compgen -W $'auto\narticle\njsonl\nwiki' -- "$cur")); return ;;
    --sort) COMPREPLY=($(compgen -W $'relevance\ndate' -- "$cur")); return ;;
    --facet) COMPREPLY=($(compgen -W $'year\ndecade\ncentury\nentity' -- "$cur")); return ;;
    -j | --jobs | --shards | --limit | --offset | --passages | --year | --entity | --trec | --listen | \
        --threads | --timeout) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_annals_options "$cmd" | tr ' ' '\n')" -- "$cur"))
    elif [[ $cmd == annals-index ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

complete -F _annals annals-index annals-search annals-serve
