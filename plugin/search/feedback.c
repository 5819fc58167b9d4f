/* feedback.c - pseudo-relevance feedback as a rerank of the first pass. */
#include <stdlib.h>
#include <string.h>

#include "search/feedback.h"
#include "search/expand.h"
#include "search/query.h"
#include "doc/schema.h"

/* The usual RM3 settings: the best FEEDBACK_TERMS stems of the top
 * FEEDBACK_DOCS sections, at FEEDBACK_WEIGHT of a query word each on
 * average, and as in RM3 each in proportion to its expansion weight, rerank
 * the top FEEDBACK_DEPTH sections (a TREC run's depth); those below keep
 * their weight, which was under all of these before and stays so. */
#define FEEDBACK_DOCS 10
#define FEEDBACK_TERMS 10
#define FEEDBACK_DEPTH 1000
/* A feedback stem is held by at least this many of the top sections (as in
 * Terrier's defaults): one that only one section holds is seldom the
 * topic's. */
#define FEEDBACK_MIN_DOCS 2
static const double FEEDBACK_WEIGHT = 0.5;

/* Adds stem t's BM25 weight, times share, to each candidate that holds
 * it; dids are the candidates' docids, ascending, candidate i's at at[i]. */
static int add_term(const annals_ranker *r, const annals_expand_term *t, double share,
                    annals_candidate *c, size_t n, const xap_docid *dids, const size_t *at,
                    uint32_t *wdf, const uint32_t *len, xap_err *err)
{
    if (xap_db_term_wdfs(r->db, t->term, strlen(t->term), dids, n, wdf, err) != XAP_OK) return -1;
    double idf = annals_idf_of(xap_db_doccount(r->db), t->termfreq);
    for (size_t i = 0; i < n; i++)
        if (wdf[at[i]]) c[i].weight += share * annals_bm25(r, idf, wdf[at[i]], len[at[i]]);
    return 0;
}

int annals_feedback(const annals_ranker *r, const annals_query *q, annals_candidate *c, size_t n,
                    xap_err *err)
{
    if (n == 0) return 0;
    if (n > FEEDBACK_DEPTH) n = FEEDBACK_DEPTH;
    xap_docid top[FEEDBACK_DOCS];
    double share[FEEDBACK_DOCS], scores = 0;
    size_t ntop = n < FEEDBACK_DOCS ? n : FEEDBACK_DOCS;
    for (size_t i = 0; i < ntop; i++) scores += c[i].weight;
    /* Each top section in proportion to its first-pass score, as RM3
     * weighs its feedback documents. */
    for (size_t i = 0; i < ntop; i++) {
        top[i] = c[i].did;
        share[i] = scores > 0 ? c[i].weight * (double)ntop / scores : 1;
    }
    annals_expand_term terms[FEEDBACK_TERMS];
    size_t nterms = 0;
    if (annals_expand_terms(r->db, q, top, share, ntop, FEEDBACK_MIN_DOCS, FEEDBACK_TERMS, terms, &nterms,
                            err) < 0)
        return -1;
    size_t *at = malloc(n * sizeof *at);
    xap_docid *dids = at ? annals_candidates_docids(c, n, at) : NULL;
    uint32_t *wdf = malloc(n * sizeof *wdf), *len = malloc(n * sizeof *len);
    int rc = dids && wdf && len ? 0 : (xap_err_nomem(err), -1);
    if (rc == 0 && nterms && xap_db_doclengths(r->db, dids, n, len, err) != XAP_OK) rc = -1;
    double sum = 0;
    for (size_t k = 0; k < nterms; k++) sum += terms[k].weight;
    for (size_t k = 0; rc == 0 && k < nterms; k++)
        rc = add_term(r, &terms[k], FEEDBACK_WEIGHT * (double)nterms * terms[k].weight / sum, c,
                      n, dids, at, wdf, len, err);
    annals_expand_terms_free(terms, nterms);
    free(dids);
    free(at);
    free(wdf);
    free(len);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) c[i].score = c[i].weight = annals_stable_score(c[i].weight);
    return annals_candidates_order(r->db, c, n, err);
}
