#!/bin/sh
# embed.sh NAME FILE: writes on stdout a C source holding FILE's bytes as
# `const unsigned char NAME[]` (with a NUL after them) and their count as
# `const size_t NAME_size`.  Portable: od and awk.
set -e
[ $# -eq 2 ] || { echo "usage: embed.sh NAME FILE" >&2; exit 2; }
printf '/* Generated from %s by embed.sh: do not edit. */\n' "${2##*/}"
printf '#include <stddef.h>\n\nconst unsigned char %s[] = {\n' "$1"
od -An -v -tx1 "$2" | awk '{ s = ""; for (i = 1; i <= NF; i++) s = s "0x" $i ","; print s }'
printf '0};\nconst size_t %s_size = sizeof %s - 1;\n' "$1" "$1"
