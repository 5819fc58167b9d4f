/* id.h - article ids as written in the archive formats. */
#ifndef ANNALS_ID_H
#define ANNALS_ID_H

#include <stddef.h>
#include <stdint.h>

/* s[0..n) as a decimal id: 1 to 10 digits, at most 4294967295.  1 or 0. */
int annals_parse_id(const char *s, size_t n, uint32_t *id);

#endif
