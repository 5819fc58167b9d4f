/* stem.h - English stemming with a cache: a word's stem never changes, and
 * the same few thousand words make up most of any text. */
#ifndef ANNALS_STEM_H
#define ANNALS_STEM_H

#include <stddef.h>

typedef struct annals_stemmer annals_stemmer;

/* NULL when out of memory. */
annals_stemmer *annals_stemmer_new(void);
void annals_stemmer_free(annals_stemmer *st);

/* The stem of a normalized word's Latin-folded form (fold.h), so that the
 * indexer and the query parser both find "pólya" and "polya" under one
 * stem; the result is owned by the stemmer and valid until its next call.
 * NULL when out of memory. */
const char *annals_stem(annals_stemmer *st, const char *word, size_t n, size_t *stem_len);

#endif
