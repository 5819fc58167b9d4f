#!/bin/sh
# The README's main job: index the corpus, search "Lisbon principles".
. "$top_srcdir/tests/e2e/lib.sh"
index_corpus
out=$("$SEARCH" --db "$TMP/db" --no-color "Lisbon principles")
expect_eq "exit status" "$?" 0
first=$(printf '%s\n' "$out" | grep -m1 -E '^1\. ')
expect_eq "first hit" "$first" "1. Azerbaijan–OSCE relations › Budapest Summit leading to  Minsk Group  (1994–2000)"
finish
