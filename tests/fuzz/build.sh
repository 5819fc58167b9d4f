#!/bin/sh
# build.sh - builds the four libFuzzer targets (clang-14, ASan + UBSan) into
# $OUT (default /tmp/annals-fuzz); run from anywhere.
#   tests/fuzz/build.sh            fuzz-article, fuzz-query, fuzz-dates, fuzz-values
#   PLAIN=1 tests/fuzz/build.sh    also fuzz-*-plain: -O2, no sanitizers, with
#                                  standalone.c as main (runs the files given),
#                                  for timing slow inputs without ASan overhead
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-/tmp/annals-fuzz}
CC=${CC:-clang}
CXX=${CXX:-clang++}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
PKG="$(pkg-config --cflags xapian-core jansson) -I$top/plugin -I$top"
LIBS="$(pkg-config --libs xapian-core jansson libxxhash) -lunistring -lm"
SRCS="util/buf util/id parse/article analyze/entity analyze/dates analyze/dates-scan analyze/dates-cues analyze/section analyze/tokenize analyze/passage doc/stemvec search/query analyze/stem analyze/fold analyze/stopwords"
SHIM="xap_error xap_freqs xap_read xap_search xap_write"

build() { # build VARIANT OPT SANFLAGS
    v=$1; opt=$2; san=$3
    mkdir -p "$OUT/obj-$v/lib"
    for s in $SRCS; do
        $CC -g $opt -std=c11 -D_GNU_SOURCE $PKG $san -c "$top/plugin/$s.c" -o "$OUT/obj-$v/lib/$(basename "$s").o"
    done
    for s in $SHIM; do
        $CXX -g $opt $PKG $san -c "$top/shim/$s.cc" -o "$OUT/obj-$v/lib/$s.o"
    done
}

build fuzz -O1 "$SAN -fsanitize=fuzzer-no-link"
for t in article query dates values; do
    $CC -g -O1 -std=c11 -D_GNU_SOURCE $PKG $SAN -fsanitize=fuzzer -c "$top/tests/fuzz/fuzz-$t.c" \
        -o "$OUT/obj-fuzz/fuzz-$t.o"
    $CXX $SAN -fsanitize=fuzzer "$OUT/obj-fuzz/fuzz-$t.o" "$OUT"/obj-fuzz/lib/*.o $LIBS -o "$OUT/fuzz-$t"
done

if [ "${PLAIN:-0}" = 1 ]; then
    build plain -O2 ""
    $CC -g -O2 -std=c11 -D_GNU_SOURCE -c "$top/tests/fuzz/standalone.c" -o "$OUT/obj-plain/standalone.o"
    for t in article query dates values; do
        $CC -g -O2 -std=c11 -D_GNU_SOURCE $PKG -c "$top/tests/fuzz/fuzz-$t.c" -o "$OUT/obj-plain/fuzz-$t.o"
        $CXX "$OUT/obj-plain/fuzz-$t.o" "$OUT/obj-plain/standalone.o" "$OUT"/obj-plain/lib/*.o $LIBS \
            -o "$OUT/fuzz-$t-plain"
    done
fi
echo "built in $OUT"
