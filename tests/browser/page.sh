#!/bin/sh
# The search page (plugin/serve/page.html, served by annals-serve) in headless
# Chromium: searching as you type, the 1997 bar, Back, shared links, the
# keyboard, mouse and touch drags, what a screen reader is told (the
# accessibility tree's roles and names), entity links, century and decade
# zoom, loading more, the timeline, markup shown as text, a phone's width,
# and the light and dark colour schemes with WCAG AA text contrast
# (tests/browser/page_test.py).
# Skipped when Chromium, chromedriver or python3 is missing.  The screenshot
# taken with 1997 chosen is left in tests/browser/page.png of the build tree.
. "$top_srcdir/tests/e2e/lib.sh"
for tool in chromium chromedriver python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed: skipped"; exit 77; }
done

"$INDEX" --quiet --db "$TMP/db" "$CORPUS" || fail "indexing the corpus: exit $?"
# The other articles, in a database of their own.
A="$TMP/arch"
mkdir -p "$A"
# Markup, and a highlight after non-ASCII text.
printf '%s\n' 9001 '<script>alert("title")</script> Markup' \
    'In Ærøskøbing, “quoted” Zanzibar text holds <img src=x onerror=alert(2)> and <script>alert(1)</script> since 1890.' \
    >"$A/9001.txt"
# Twelve treaties whose years span centuries: more than a page of hits.
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
    printf '%s\n' "$((9100 + i))" "Treaty $i" \
        "The treaty $i was drafted in $((1500 + 37 * i)) and renewed in $((1990 + i % 10))." >"$A/$((9100 + i)).txt"
done
"$INDEX" --quiet --db "$TMP/more" "$A" || fail "indexing: exit $?"

mkdir -p "$top_builddir/tests/browser"
checks=$((checks + 1)) # page_test.py counts its own checks
python3 "$top_srcdir/tests/browser/page_test.py" --serve "$top_builddir/plugin/annals-serve" \
    --search "$SEARCH" --db "$TMP/db" --more-db "$TMP/more" --tmp "$TMP" --screenshot "$top_builddir/tests/browser/page.png" ||
    fail "the page in Chromium (annals-serve's log: $(tail -n 5 "$TMP/serve.log" 2>/dev/null))"
finish
