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
    ANNALS_QT_ENTITY,       /* "XE<id>": positional */
    ANNALS_QT_VARIANT       /* "Z<stem>" of a related form of a word (rank.c):
                             * positional, never in the Xapian query */
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

/* The longest query, in bytes. */
#define ANNALS_MAX_QUERY_BYTES 100000

/* Free text (words only: no operators, fields, signs, quotes or
 * parentheses) of any length is answered.  With more than
 * ANNALS_MATCH_TERMS words, its words are merged (a word repeated counts
 * once, with its count as the term's wqf), each distinct word (or
 * hyphenated phrase) is weighed by the IDF of its terms times BM25's query
 * frequency factor 2c/(1+c) (c its count; Xapian's k3 = 1), and the
 * ANNALS_MATCH_TERMS best are matched (OR), in the manner of Xapian's
 * OP_ELITE_SET: the cost of a match stays that of a 64-word query. */
#define ANNALS_MATCH_TERMS 64

/* The most words (and entities) a query with operators or fields may have:
 * its cost grows with the number of terms. */
#define ANNALS_MAX_QUERY_TERMS 1024

/* A term's IDF in db, as BM25 has it: log(1 + (N - df + 0.5) / (df + 0.5)). */
double annals_idf(xap_db *db, const char *term, size_t len);
/* The same, from the number of documents and the term's frequency there. */
double annals_idf_of(double docs, double df);

/* The (at most) k best of n items by weight, higher first and, among
 * equal weights, the earlier: their indexes, ascending, into out (room for
 * k).  Returns how many (min(n, k)), or -1 when out of memory. */
long annals_pick_best(const double *weight, size_t n, size_t k, size_t *out);

/* Parses text.  plain: free text only (no operators, fields or quotes).
 * db is used to resolve entity names to article ids.  Returns 0; -1 with
 * a one-line message in *err when the query is invalid; -2 when out of
 * memory. */
int annals_query_parse(const char *text, int plain, xap_db *db, annals_stemmer *stem,
                       annals_query *out, abuf *err);
/* Narrows q to the sections that mention a year of years ("1996",
 * "1994..1997", "..1990") and the entity (an id or a name), as year: and
 * entity: in its text would, without adding terms to score or highlight;
 * either may be NULL.  Returns 0; -1 with a one-line message in *err when a
 * value is invalid (the message year: or entity: would get); -2 when out of
 * memory (q is then to be freed only). */
int annals_query_narrow(annals_query *q, const char *years, const char *entity, xap_db *db,
                        abuf *err);
void annals_query_free(annals_query *q);
/* 1 when term[0, len) is one of q's terms. */
int annals_query_has_term(const annals_query *q, const char *term, size_t len);

#endif
