/* dates.h - dates in free text (FORMAT.md's table of shapes; README's
 * "What is and is not a year" for spans, quantities, identifiers and
 * citations).
 *
 * The extractor reads display text (entity tags already resolved, so ids
 * inside tags are never seen) and finds days, day ranges, months, years,
 * year ranges and year-less dates.  A year-less date takes the nearest
 * earlier explicit year of its section, carried by the caller in *year.
 */
#ifndef ANNALS_DATES_H
#define ANNALS_DATES_H

#include <stddef.h>

typedef struct {
    int y1, m1, d1;     /* start; m1 and d1 are 0 when not known */
    int y2, m2, d2;     /* end; equal to the start for a single date */
    size_t start, end;  /* the date's bytes in the text */
} annals_date;

typedef struct {
    annals_date *v;
    size_t n, cap;
} annals_dates;

/* The widest year range expanded into single years; a wider one is read as
 * its two end years. */
#define ANNALS_MAX_YEAR_SPAN 200

/* Appends the dates found in text to out.  *year is the last explicit year
 * seen in the section so far (0: none) and is updated.  Returns 0, or -1
 * when out of memory. */
int annals_dates_extract(const char *text, size_t len, int *year, annals_dates *out);
void annals_dates_free(annals_dates *d);

/* 1 when y is read as a year (1000 to 2100).  Inline: the facet pass
 * asks for every year of every section matched. */
static inline int annals_is_year(long y)
{
    return y >= 1000 && y <= 2100;
}
int annals_days_in_month(int y, int m);

#endif
