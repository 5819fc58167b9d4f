/* fuzz-dates.c - libFuzzer target: date extraction from arbitrary text; the
 * first byte picks the section's running year (0 for a byte below 16, else 1000 + byte * 4).
 * Build and run: see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int year = data[0] < 16 ? 0 : 1000 + data[0] * 4;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    /* An exact-size heap copy so ASan sees any read past the end. */
    char *copy = malloc(len ? len : 1);
    if (!copy) return 0;
    memcpy(copy, text, len);
    annals_dates d = {NULL, 0, 0};
    int prev = year;
    if (annals_dates_extract(copy, len, &year, &d) == 0) {
        for (size_t i = 0; i < d.n; i++) {
            const annals_date *x = &d.v[i];
            if (x->start >= x->end || x->end > len) __builtin_trap();
            if (i && x->start < d.v[i - 1].end) __builtin_trap(); /* in order, apart */
            if (!annals_is_year(x->y1) || !annals_is_year(x->y2)) __builtin_trap();
            if (x->m1 < 0 || x->m1 > 12 || x->m2 < 0 || x->m2 > 12) __builtin_trap();
            if (x->d1 && x->d1 > annals_days_in_month(x->y1, x->m1)) __builtin_trap();
            if (x->d2 && x->d2 > annals_days_in_month(x->y2, x->m2)) __builtin_trap();
            if (x->y2 < x->y1) __builtin_trap();
        }
        if (year != prev && year != 0 && !annals_is_year(year)) __builtin_trap();
    }
    annals_dates_free(&d);
    free(copy);
    return 0;
}
