/* stopwords.h - English function words left out of ranked free-text
 * queries (they stay indexed, so phrases keep them). */
#ifndef ANNALS_STOPWORDS_H
#define ANNALS_STOPWORDS_H

#include <stddef.h>

/* 1 when the normalized word is a stopword. */
int annals_is_stopword(const char *w, size_t n);

#endif
