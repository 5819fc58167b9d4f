/* stopwords.h - English function words left out of ranked free-text
 * queries and of feedback (they stay indexed, so phrases keep them). */
#ifndef ANNALS_STOPWORDS_H
#define ANNALS_STOPWORDS_H

#include <stddef.h>

/* 1 when the normalized word is a stopword. */
int annals_is_stopword(const char *w, size_t n);
/* 1 when stem (n bytes, without its term prefix) is a stopword's stem
 * (annals_stem's: "veri" for "very"). */
int annals_is_stopword_stem(const char *stem, size_t n);

/* The lists themselves, in byte order, *n entries each: the words and
 * their stems (each once). */
const char *const *annals_stopwords(size_t *n);
const char *const *annals_stopword_stems(size_t *n);

#endif
