/* rank.h - ranking sections by their passages: each candidate section's
 * passages are scored from the index's position lists (passage.h), and the
 * section's BM25 weight is combined with its best passage's score and with
 * priors for lead and boilerplate sections. */
#ifndef ANNALS_RANK_H
#define ANNALS_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "shim/xap.h"
#include "search/query.h"

/* One query term's statistics and, per document, its positions. */
typedef struct {
    const annals_qterm *q;
    double idf;
    unsigned *pos;
    size_t n, cap;
} annals_rterm;

typedef struct {
    xap_db *db;
    double k1, b, avlength;     /* the sections' BM25 parameters */
    annals_rterm *terms;
    size_t nterms;
    const char *exact;          /* the query's exact-heading term, or NULL */
} annals_ranker;

typedef struct {
    xap_docid did;
    char key[32];               /* its tie-break: the date key (SLOT_DATE) */
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
    unsigned *hits;             /* positions of query terms, ascending (owned) */
    size_t nhits;
} annals_candidate;

/* A score rounded to 1e-9.  Xapian adds up a document's term weights in an
 * order that depends on how the database is sharded, so the last bits of a
 * weight do too; rounded, equal scores stay equal and fall to the tie-break,
 * and a search gives the same hits in the same order on any sharding. */
double annals_stable_score(double x);

/* Puts candidates in order: an exact heading first, then by score, then by
 * key. */
void annals_candidates_sort(annals_candidate *c, size_t n);

/* Prepares term statistics for q; k1 and b are the sections' BM25
 * parameters.  Returns 0 or -1 (out of memory). */
int annals_ranker_init(annals_ranker *r, xap_db *db, const annals_query *q, double k1, double b);
void annals_ranker_free(annals_ranker *r);

/* Loads the candidate's passages and the query terms' positions in it, and
 * scores it (again, if it was).  Returns 0, or -1 with err filled. */
int annals_rank_candidate(annals_ranker *r, annals_candidate *c, xap_err *err);
void annals_candidate_free(annals_candidate *c);

/* Marks the candidates whose heading (or title) is the query word for word,
 * then sorts them best first: those, then by score.  Returns 0, or -1 with
 * err filled. */
int annals_rank_sort(annals_ranker *r, annals_candidate *c, size_t n, xap_err *err);

/* 1 when position pos holds a query term in the ranked candidate. */
int annals_candidate_hit_at(const annals_candidate *c, unsigned pos);

#endif
