/* dates-cues.h - numbers that a reader does not take as years (internal to
 * the date extractor). */
#ifndef ANNALS_DATES_CUES_H
#define ANNALS_DATES_CUES_H

#include "analyze/dates-scan.h"

/* Sets notyear on the numbers of v[0..n) that the words around them make a
 * quantity or measure, an identifier or model number, a citation's year, or
 * a year before the era.  Linear in n. */
void annals_dates_mark_cues(tok *v, long n);

/* 1 when v[i] is a word of the NULL-terminated list. */
int annals_dates_word_in(const tok *v, long n, long i, const char *const *words);

#endif
