/* query.h - query text to a Xapian query, built from annals' own tokens.
 *
 * The syntax is Xapian QueryParser's (words, "phrases", AND OR NOT XOR,
 * +required -excluded, parentheses, field:value), but words go through
 * annals_tokenize, so a word typed as it appears in an article finds it
 * (Straße, ﬁnal, U.S., Nagorno-Karabakh) exactly as it was indexed.
 */
#ifndef ANNALS_QUERY_H
#define ANNALS_QUERY_H

#include <stddef.h>

#include "shim/xap.h"
#include "util/buf.h"
#include "analyze/stem.h"

typedef enum {
    ANNALS_QT_STEM,         /* "Z<stem>": positional */
    ANNALS_QT_EXACT,        /* the unstemmed word, where stemming changed it:
                             * evidence of an exact match (positional) */
    ANNALS_QT_ENTITY        /* "XE<id>": positional */
} annals_qkind;

/* A term whose positions are scored in passages and highlighted. */
typedef struct {
    char *term;
    size_t len;
    unsigned qpos;          /* its word's place in the query */
    annals_qkind kind;
} annals_qterm;

typedef struct {
    xap_query *query;       /* owned */
    xap_query *filter;      /* owned: the same matches without the weight-only
                             * parts (for counting), or NULL: then query */
    annals_qterm *terms;    /* owned; positive terms only, by qpos */
    size_t nterms;
    char *exact;            /* the exact-heading term of a free-text query, or NULL */
} annals_query;

/* How much the unstemmed form of a word counts beside its stem, so that an
 * exact match ranks above a stemmed one (in the rescored sections and their
 * passages: rank.c). */
#define ANNALS_EXACT_FORM_WEIGHT 0.5

/* The most words (and entities) a query may have: query cost grows fast
 * with the number of terms. */
#define ANNALS_MAX_QUERY_TERMS 64

/* Parses text.  plain: free text only (no operators, fields or quotes).
 * db is used to resolve entity names to article ids.  Returns 0; -1 with
 * a one-line message in *err when the query is invalid; -2 when out of
 * memory. */
int annals_query_parse(const char *text, int plain, xap_db *db, annals_stemmer *stem,
                       annals_query *out, abuf *err);
void annals_query_free(annals_query *q);

#endif
