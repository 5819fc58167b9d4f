/* rank.h - ranking sections by their passages: each candidate section's
 * passages are scored from the index's position lists (passage.h), and the
 * section's BM25 weight is combined with its best passage's score, with the
 * query's aspect words found in its heading, with how much of the query it
 * covers, and with priors for lead and boilerplate sections.  Query words
 * found in the article's title name its subject: they pick the article, not
 * the passage, and weigh less in passages. */
#ifndef ANNALS_RANK_H
#define ANNALS_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "shim/xap.h"
#include "search/query.h"

/* Where a term's within-document frequency is looked up per candidate: the
 * term itself (an exact form), or its stem in the title or the heading. */
enum { ANNALS_IN_BODY, ANNALS_IN_TITLE, ANNALS_IN_HEADING, ANNALS_IN_FIELDS };

/* One query term's statistics and, per document, its positions and field
 * frequencies. */
typedef struct {
    const annals_qterm *q;
    double idf;
    unsigned *pos;
    size_t n, cap;
    uint32_t wdf[ANNALS_IN_FIELDS];
} annals_rterm;

/* A term looked up in each candidate's term list (ranker-owned). */
typedef struct {
    char *term;
    size_t len;
    size_t of;                  /* its rterm */
    int field;                  /* ANNALS_IN_* */
} annals_lookup;

typedef struct {
    xap_db *db;
    double k1, b, avlength;     /* the sections' BM25 parameters */
    annals_rterm *terms;
    size_t nterms;
    annals_qterm *variants;     /* related forms of the query's words (owned) */
    size_t nvariants;
    annals_lookup *look;        /* in ascending byte order */
    const char **look_terms;    /* the same, as the shim takes them */
    size_t *look_lens;
    uint32_t *look_wdf;
    size_t nlook;
    xap_docid *pool;            /* candidates whose lookups were read along the
                                 * terms' posting lists (annals_rank_pool),
                                 * ascending, npool of them */
    size_t npool;
    uint32_t *pool_wdf;         /* lookup k's wdf in pool[i]: [k * npool + i] */
    const char *exact;          /* the query's exact-heading term, or NULL */
} annals_ranker;

/* A query term's occurrence in a candidate: what the shown passage is
 * chosen by. */
typedef struct {
    unsigned pos;
    unsigned qpos;              /* its word in the query */
    double weight;              /* its IDF times its share (rank.c) */
} annals_hitpos;

typedef struct {
    xap_docid did;
    char key[32];               /* its tie-break: the date key (SLOT_DATE), ""
                                 * until read (annals_candidates_order) */
    uint32_t article;           /* its article (one-per-article searches only) */
    double weight;              /* Xapian's BM25 */
    double score;               /* the combined score */
    int exact;                  /* heading (or title) equals the query */
    unsigned kind;              /* ANNALS_KIND_* */
    unsigned *starts;           /* passage starts (owned), npass of them */
    size_t npass;
    unsigned body_end;
    double *pscores;            /* each passage's score (owned) */
    size_t best;                /* the best passage */
    annals_hitpos *hits;        /* query terms' occurrences, by position (owned) */
    size_t nhits;
} annals_candidate;

/* A score rounded to 1e-9.  Xapian adds up a document's term weights in an
 * order that depends on how the database is sharded, so the last bits of a
 * weight do too; rounded, equal scores stay equal and fall to the tie-break,
 * and a search gives the same hits in the same order on any sharding. */
double annals_stable_score(double x);

/* Puts candidates in order: an exact heading first, then by score, then by
 * date key (read from db for those whose scores tie, when not known yet).
 * Returns 0, or -1 with err filled. */
int annals_candidates_order(xap_db *db, annals_candidate *c, size_t n, xap_err *err);

/* Prepares term statistics for q; k1 and b are the sections' BM25
 * parameters.  Returns 0 or -1 (out of memory). */
int annals_ranker_init(annals_ranker *r, xap_db *db, const annals_query *q, double k1, double b);
void annals_ranker_free(annals_ranker *r);

/* Loads the candidate's passages and the query terms' positions in it, and
 * scores it (again, if it was).  Returns 0, or -1 with err filled. */
int annals_rank_candidate(annals_ranker *r, annals_candidate *c, xap_err *err);
void annals_candidate_free(annals_candidate *c);

/* Reads the lookups of the n candidates about to be ranked along each
 * looked-up term's posting list, when those are fewer than the candidates'
 * term lists (which Glass keeps compressed, whole).  Returns 0, or -1 with
 * err filled. */
int annals_rank_pool(annals_ranker *r, const annals_candidate *c, size_t n, xap_err *err);

/* Marks the candidates whose heading (or title) is the query word for word,
 * then sorts them best first: those, then by score.  Returns 0, or -1 with
 * err filled. */
int annals_rank_sort(annals_ranker *r, annals_candidate *c, size_t n, xap_err *err);
/* The n docids in, ascending (malloc'd, owned by the caller; NULL when
 * out of memory); at[i], unless at is NULL, = where in[i] is. */
xap_docid *annals_docids_sorted(const xap_docid *in, size_t n, size_t *at);
/* The n candidates' docids, ascending (malloc'd, owned by the caller; NULL
 * when out of memory); at[i], unless at is NULL, = where c[i]'s is. */
xap_docid *annals_candidates_docids(const annals_candidate *c, size_t n, size_t *at);
/* A term's BM25 weight in a section of len words where it occurs wdf times,
 * with the ranker's parameters. */
double annals_bm25(const annals_ranker *r, double idf, double wdf, double len);

/* 1 when position pos holds a query term in the ranked candidate. */
int annals_candidate_hit_at(const annals_candidate *c, unsigned pos);

#endif
