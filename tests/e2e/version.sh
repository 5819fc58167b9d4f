#!/bin/sh
# --version: GNU style, the package version, then the Xapian and libunistring
# linked (as their development files say: Debian builds and links one of each),
# and for annals-index jemalloc's release when the build links it.
. "$top_srcdir/tests/e2e/lib.sh"
version=$(sed -n 's/^PACKAGE_VERSION = //p' "$top_builddir/Makefile")
xapian=$(pkg-config --modversion xapian-core)
hex=$(sed -n 's/^#define _LIBUNISTRING_VERSION 0x\([0-9a-fA-F]*\).*/\1/p' /usr/include/unistring/version.h)
u=$(printf '%d' "0x$hex")
unistring="$((u >> 16)).$(((u >> 8) & 255))"
[ $((u & 255)) -ne 0 ] && unistring="$unistring.$((u & 255))"
# (Debian's jemalloc.pc says 5.3.0_0 for release 5.3.0)
jemalloc=""
grep -q '^JEMALLOC_LIBS = -ljemalloc' "$top_builddir/Makefile" &&
    jemalloc="
jemalloc $(pkg-config --modversion jemalloc | sed 's/_.*//')"
for tool in annals-index annals-search annals-serve; do
    run "$top_builddir/plugin/$tool" --version
    expect_eq "$tool --version: exit status" "$rc" 0
    allocator=""
    [ "$tool" = annals-index ] && allocator=$jemalloc
    expect_eq "$tool --version: stdout" "$out" "$tool (annals) $version
Xapian $xapian
libunistring $unistring$allocator"
    expect_eq "$tool --version: stderr" "$err" ""
done
expect_eq "the package version" "$version" "0.1.0"
finish
