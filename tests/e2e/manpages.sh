#!/bin/sh
# The man pages keep in step with the tools and the header: every option
# --help lists is in its tool's page, every function annals.h declares is in
# annals(3), and each page names the package version.
. "$top_srcdir/tests/e2e/lib.sh"
MAN="$top_srcdir/man"
version=$(sed -n 's/^PACKAGE_VERSION = //p' "$top_builddir/Makefile")

for tool in annals-index annals-search annals-serve; do
    help=$("$top_builddir/plugin/$tool" --help)
    opts=$(printf '%s\n' "$help" | grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z-]*' | tr -d ',' | tr ' ' '\n' | grep .)
    expect_match "$tool --help lists options" "$(nlines "$opts")" '^[1-9][0-9]*$'
    for opt in $opts; do
        roff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        checks=$((checks + 1))
        grep -Eq -- "$roff([^a-z-]|\$)" "$MAN/$tool.1" || fail "$tool.1: $opt (in --help) is missing"
    done
    expect_match "$tool.1: the version" "$(sed -n '/^\.TH/p' "$MAN/$tool.1")" "\"annals $version\""
done

fns=$(grep -oE '\bannals_[a-z_]+\(' "$top_srcdir/plugin/annals.h" | sort -u)
expect_match "annals.h declares functions" "$(nlines "$fns")" '^[1-9][0-9]+$'
for fn in $fns; do
    checks=$((checks + 1))
    grep -qF -- "$fn" "$MAN/annals.3" || fail "annals.3: ${fn%(} (in annals.h) is missing"
done
expect_match "annals.3: the version" "$(sed -n '/^\.TH/p' "$MAN/annals.3")" "\"annals $version\""
finish
