#!/bin/sh
# Terminal manners of annals-search's text output: bold highlights only on a
# terminal with NO_COLOR unset or empty; passages wrapped at spaces to
# $COLUMNS, else to the terminal's width, and not at all in a pipe.  A
# terminal is script(1)'s pseudo-terminal (bsdutils, essential in Debian).
. "$top_srcdir/tests/e2e/lib.sh"
index_corpus
ESC=$(printf '\033')

# on_tty COLS COMMAND...: runs COMMAND on a terminal COLS wide; sets $out
# (the terminal's output, without the CRs it adds) and $rc.
on_tty() {
    cols=$1
    shift
    cmd="stty cols $cols;"
    for a in "$@"; do cmd="$cmd '$a'"; done
    out=$(script -qec "$cmd" /dev/null </dev/null | tr -d '\r')
    rc=$?
}

# A pipe: plain, and one line per paragraph (search.sh checks the text).
run "$SEARCH" --db "$TMP/db" "Lisbon principles"
expect_eq "pipe: exit status" "$rc" 0
expect_no_match "pipe: no escape codes" "$out" "$ESC"
expect_match "pipe: [markers]" "$out" '^   At the \[Lisbon\] Summit, the OSCE participating States \(excluding Armenia\) agreed on the following \[principles\] in the solution of Armenian-Azerbaijani conflict:$'

# $COLUMNS wraps, in a pipe too: whole words, filled to 60 characters (not
# bytes: "5–6" is three), the passage's indent on every line.
run env COLUMNS=60 "$SEARCH" --db "$TMP/db" --limit 1 --passages 2 --no-facets "Lisbon principles"
expect_eq "COLUMNS=60: exit status" "$rc" 0
expect_eq "COLUMNS=60: output" "$out" "1. Azerbaijan–OSCE relations › Budapest Summit leading to  Minsk Group  (1994–2000)
   At the [Lisbon] Summit, the OSCE participating States
   (excluding Armenia) agreed on the following [principles]
   in the solution of Armenian-Azerbaijani conflict:
   Territorial integrity of the Armenia and the Azerbaijan;
   To give the highest self-government status to
   Nagorno-Karabakh within Azerbaijan;
   To ensure the security of the entire population of
   Nagorno-Karabakh.
   …
   According to the result of Budapest Summit, the CSCE has
   been transformed to OSCE that determinates civilian
   co-existence rules in the new Europe, provides protection
   of peace and democracy and human rights, carry out the
   security of member-countries and [principles] of mutually
   beneficial cooperation.

1 of 4 matching sections"
run env COLUMNS=60 "$SEARCH" --db "$TMP/db" --limit 10 --passages 3 --no-facets "Lisbon principles"
widest=$(printf '%s\n' "$out" | grep '^   ' | LC_ALL=C.UTF-8 wc -L)
expect_eq "COLUMNS=60: the widest passage line" "$widest" 60
run env COLUMNS=abc "$SEARCH" --db "$TMP/db" --limit 1 --no-facets Lisbon
expect_eq "COLUMNS=abc: not wrapped" "$(nlines "$out")" 4

# A terminal: bold highlights, wrapped to its width.
on_tty 50 "$SEARCH" --db "$TMP/db" --limit 1 --no-facets Lisbon
expect_eq "terminal: exit status" "$rc" 0
expect_eq "terminal: output" "$out" "1. Azerbaijan–OSCE relations › Minsk Group proposals  (1997)
   After the OSCE summit in ${ESC}[1mLisbon${ESC}[0m, the United
   States and France were appointed as co-chairs
   for the Minsk Group along with Russia. From the
   second half of 1997 to the present day,
   co-chairs of the Minsk Group made three
   proposals based on the principle of ${ESC}[1mLisbon${ESC}[0m
   summit about the return of seven districts
   located at out of Nagorno-Karabakh region to
   Azerbaijan and determination of the legal
   status of Mountainous Garabagh
   (Nagorno-Karabakh).

1 of 3 matching sections"
on_tty 50 env COLUMNS=40 NO_COLOR= "$SEARCH" --db "$TMP/db" --limit 1 --no-facets Lisbon
expect_match "terminal, empty NO_COLOR: bold" "$out" "^   After the OSCE summit in ${ESC}\\[1mLisbon${ESC}\\[0m, the\$"
expect_match "terminal, COLUMNS=40: wrapped to 40" "$out" '^   United States and France were$'
on_tty 50 env NO_COLOR=1 "$SEARCH" --db "$TMP/db" --limit 1 --no-facets Lisbon
expect_match "terminal, NO_COLOR=1: [markers]" "$out" '^   After the OSCE summit in \[Lisbon\], the United$'
expect_no_match "terminal, NO_COLOR=1: no escape codes" "$out" "$ESC"
on_tty 50 "$SEARCH" --db "$TMP/db" --no-color --limit 1 --no-facets Lisbon
expect_match "terminal, --no-color: [markers]" "$out" '^   After the OSCE summit in \[Lisbon\], the United$'
expect_no_match "terminal, --no-color: no escape codes" "$out" "$ESC"
finish
