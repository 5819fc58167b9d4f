#!/bin/sh
# `make install` into a scratch DESTDIR, then README's C example built with
# pkg-config against the installed header and library and run on an index
# of the corpus; `make uninstall` leaves no file behind.
. "$top_srcdir/tests/e2e/lib.sh"
DEST="$TMP/dest"
${MAKE:-make} -s -C "$top_builddir" install DESTDIR="$DEST" >"$TMP/install.log" 2>&1
expect_eq "make install: exit status" "$?" 0
pc=$(find "$DEST" -name annals.pc)
libdir=$(dirname "$(find "$DEST" -name 'libannals.so')")
for f in include/annals.h bin/annals-index bin/annals-search bin/annals-serve man1/annals-index.1 \
    man1/annals-search.1 man1/annals-serve.1 man3/annals.3; do
    expect_eq "installed: $f" "$(find "$DEST" -path "*/$f" | wc -l | tr -d ' ')" 1
done
expect_eq "installed: bash completion" \
    "$(find "$DEST" -path '*/bash-completion/completions/annals-*' | LC_ALL=C sort | sed 's|.*/||')" \
    "annals-index
annals-search
annals-serve"

# The example, from README.md (its one C block), so the two cannot drift.
awk '/^```c$/ { f = 1; next } f && /^```$/ { exit } f' "$top_srcdir/README.md" >"$TMP/example.c"
expect_match "README's example" "$(head -n 1 "$TMP/example.c")" '^/\* example\.c - '
flags=$(PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$DEST" pkg-config --cflags --libs annals)
expect_eq "pkg-config: exit status" "$?" 0
expect_match "pkg-config: the installed header and library" "$flags" "^-I$DEST/.* -L$DEST/.* -lannals *$"
san=$(sed -n 's/^SAN_FLAGS = //p' "$top_builddir/Makefile") # as the library was built
# shellcheck disable=SC2086 # word splitting of the flags is meant
${CC:-cc} -std=c11 -Wall -Wextra -Werror $san "$TMP/example.c" $flags -o "$TMP/example" 2>"$TMP/cc.err"
expect_eq "compiling the example: exit status and messages" "$?:$(cat "$TMP/cc.err")" "0:"

index_corpus
run env LD_LIBRARY_PATH="$libdir" "$TMP/example" "$TMP/db" "Lisbon principles"
expect_eq "example: exit status" "$rc" 0
expect_eq "example: stderr" "$err" ""
hits=$(printf '%s\n' "$out" | grep -E '^[0-9]+\. ')
expect_eq "example: hits" "$hits" "1. Azerbaijan–OSCE relations (article 1666, section 2)
2. Azerbaijan–OSCE relations (article 1666, section 3)
3. Azerbaijan–OSCE relations (article 1666, section 0)
4. Azerbaijan–OSCE relations (article 1666, section 6)"
expect_match "example: a passage" "$out" '^   At the Lisbon Summit, the OSCE participating States \(excluding Armenia\)'
expect_eq "example: the year facet" "$(printf '%s\n' "$out" | grep -E '^[0-9]{4}: ')" "1992: 1
1994: 2
1995: 2
1996: 2
1997: 3
1998: 1
1999: 1
2000: 1"
if [ "${ANNALS_VALGRIND:-}" = 1 ]; then # as tests/e2e/valgrind.sh
    LD_LIBRARY_PATH="$libdir" valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite "$TMP/example" "$TMP/db" "Lisbon principles" >/dev/null
    expect_eq "example under valgrind: exit status" "$?" 0
fi
run env LD_LIBRARY_PATH="$libdir" "$TMP/example" "$TMP/nodb" x
expect_eq "example, no database: exit status" "$rc" 2

${MAKE:-make} -s -C "$top_builddir" uninstall DESTDIR="$DEST" >>"$TMP/install.log" 2>&1
expect_eq "make uninstall: exit status" "$?" 0
expect_eq "make uninstall: files left" "$(find "$DEST" -type f)" ""
finish
