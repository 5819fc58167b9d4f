/* id.c - article ids. */
#include "util/id.h"

int annals_parse_id(const char *s, size_t n, uint32_t *id)
{
    if (n == 0 || n > 10) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > UINT32_MAX) return 0;
    *id = (uint32_t)v;
    return 1;
}
