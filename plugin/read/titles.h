/* titles.h - article titles to article ids, for WikiExtractor links
 * (<a href="Title">text</a>), resolved by title across a whole run.
 *
 * Titles are compared as Wikipedia compares link targets: '_' is a space,
 * runs of white space are one, leading and trailing space is ignored, and
 * case is folded (libunistring's u8_casefold, NFC).  Memory: one entry per
 * title, a 64-bit hash of the normalized title and the id (no strings kept),
 * so a collision of two titles' hashes is possible but has odds of about
 * n^2 / 2^65. */
#ifndef ANNALS_TITLES_H
#define ANNALS_TITLES_H

#include <stddef.h>
#include <stdint.h>

typedef struct annals_titles annals_titles;

annals_titles *annals_titles_new(void);
void annals_titles_free(annals_titles *t);

/* Adds title -> id (the first id given for a title stays).  Returns 0, or -1
 * when out of memory. */
int annals_titles_add(annals_titles *t, const char *title, size_t len, uint32_t id);

/* The id of the article titled title: 1 and *id, or 0 when none. */
int annals_titles_find(const annals_titles *t, const char *title, size_t len, uint32_t *id);

size_t annals_titles_count(const annals_titles *t);

#endif
