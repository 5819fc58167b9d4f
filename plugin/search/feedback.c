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

/* The candidates' wdfs and lengths: the top ntop's from their stems
 * (known, ntop for each stem), the rest's along each stem's posting list. */
typedef struct {
    size_t ntop, nrest;
    const uint32_t *known;
    uint32_t top_len[FEEDBACK_DOCS];
    size_t *at;                 /* candidate ntop + i's docid is dids[at[i]] */
    xap_docid *dids;            /* the rest's, ascending */
    uint32_t *wdf, *len;        /* the rest's: wdf[k * nrest + at[i]], len[at[i]] */
} stem_wdfs;

static int read_wdfs(const annals_ranker *r, const annals_candidate *c, const xap_docid *top,
                     const annals_expand_term *t, size_t nterms, stem_wdfs *w, xap_err *err)
{
    const char *term[FEEDBACK_TERMS];
    size_t len[FEEDBACK_TERMS];
    for (size_t k = 0; k < nterms; k++) {
        term[k] = t[k].term;
        len[k] = strlen(t[k].term);
    }
    w->at = malloc((w->nrest + 1) * sizeof *w->at);
    w->dids = w->at ? annals_candidates_docids(c + w->ntop, w->nrest, w->at) : NULL;
    w->wdf = malloc((nterms * w->nrest + 1) * sizeof *w->wdf);
    w->len = malloc((w->nrest + 1) * sizeof *w->len);
    if (!w->dids || !w->wdf || !w->len) return xap_err_nomem(err), -1;
    if (xap_db_doclengths(r->db, top, w->ntop, w->top_len, err) != XAP_OK ||
        xap_db_doclengths(r->db, w->dids, w->nrest, w->len, err) != XAP_OK ||
        xap_db_terms_wdfs(r->db, term, len, nterms, w->dids, w->nrest, w->wdf, err) != XAP_OK)
        return -1;
    return 0;
}

static void free_wdfs(stem_wdfs *w)
{
    free(w->at);
    free(w->dids);
    free(w->wdf);
    free(w->len);
}

/* Adds stem k's BM25 weight (of t), times share, to each of the n
 * candidates that holds it. */
static void add_term(const annals_ranker *r, const annals_expand_term *t, size_t k, double share,
                     annals_candidate *c, size_t n, const stem_wdfs *w)
{
    double idf = annals_idf_of(xap_db_doccount(r->db), t->termfreq);
    for (size_t i = 0; i < n; i++) {
        uint32_t wdf, len;
        if (i < w->ntop) {
            wdf = w->known[k * w->ntop + i];
            len = w->top_len[i];
        } else {
            size_t j = w->at[i - w->ntop];
            wdf = w->wdf[k * w->nrest + j];
            len = w->len[j];
        }
        if (wdf) c[i].weight += share * annals_bm25(r, idf, wdf, len);
    }
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
    uint32_t known[FEEDBACK_TERMS * FEEDBACK_DOCS];
    size_t nterms = 0;
    if (annals_expand_terms(r->db, q, top, share, ntop, FEEDBACK_MIN_DOCS, FEEDBACK_TERMS, terms, &nterms,
                            known, err) < 0)
        return -1;
    stem_wdfs w = {ntop, n - ntop, known, {0}, NULL, NULL, NULL, NULL};
    int rc = nterms ? read_wdfs(r, c, top, terms, nterms, &w, err) : 0;
    double sum = 0;
    for (size_t k = 0; k < nterms; k++) sum += terms[k].weight;
    for (size_t k = 0; rc == 0 && k < nterms; k++)
        add_term(r, &terms[k], k, FEEDBACK_WEIGHT * (double)nterms * terms[k].weight / sum, c, n, &w);
    annals_expand_terms_free(terms, nterms);
    free_wdfs(&w);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) c[i].score = c[i].weight = annals_stable_score(c[i].weight);
    return annals_candidates_order(r->db, c, n, err);
}
