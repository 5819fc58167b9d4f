/* rank.c - passage-aware rescoring of the top sections. */
#include "search/rank.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/passage.h"
#include "doc/schema.h"

/* How much the best passage counts beside the section's BM25 weight: the
 * two are on the same (BM25) scale and weigh the same. */
static const double PASSAGE_WEIGHT = 1.0;
/* Priors: the lead section is favoured, boilerplate sections weigh less. */
static const double LEAD_PRIOR = 1.1, BOILERPLATE_PRIOR = 0.5;

static int cmp_docid(const void *a, const void *b)
{
    xap_docid x = *(const xap_docid *)a, y = *(const xap_docid *)b;
    return (x > y) - (x < y);
}

int annals_ranker_init(annals_ranker *r, xap_db *db, const annals_query *q, double k1, double b)
{
    memset(r, 0, sizeof *r);
    r->db = db;
    r->k1 = k1;
    r->b = b;
    r->avlength = xap_db_avlength(db);
    r->exact = q->exact;
    if (q->nterms == 0) return 0;
    /* The rarest ANNALS_PASSAGE_MAX_TERMS terms when there are more, in
     * their order in the query. */
    double *idf = malloc(q->nterms * sizeof *idf);
    size_t *pick = malloc(q->nterms * sizeof *pick);
    r->terms = calloc(q->nterms, sizeof *r->terms);
    long n = -1;
    if (idf && pick && r->terms) {
        for (size_t i = 0; i < q->nterms; i++)
            idf[i] = annals_idf(db, q->terms[i].term, q->terms[i].len);
        n = annals_pick_best(idf, q->nterms, ANNALS_PASSAGE_MAX_TERMS, pick);
    }
    for (long k = 0; k < n; k++)
        r->terms[r->nterms++] = (annals_rterm){&q->terms[pick[k]], idf[pick[k]], NULL, 0, 0};
    free(idf);
    free(pick);
    return n < 0 ? -1 : 0;
}

void annals_ranker_free(annals_ranker *r)
{
    for (size_t i = 0; i < r->nterms; i++) free(r->terms[i].pos);
    free(r->terms);
    memset(r, 0, sizeof *r);
}

void annals_candidate_free(annals_candidate *c)
{
    free(c->starts);
    free(c->pscores);
    free(c->hits);
    c->starts = NULL;
    c->pscores = NULL;
    c->hits = NULL;
    c->nhits = 0;
}

static int cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* Keeps the union of the terms' positions, for highlighting. */
static int keep_hits(annals_candidate *c, const annals_pterm *pt, size_t npt)
{
    size_t total = 0;
    for (size_t i = 0; i < npt; i++) total += pt[i].n;
    c->hits = malloc((total + 1) * sizeof *c->hits);
    if (!c->hits) return -1;
    for (size_t i = 0; i < npt; i++) {
        if (pt[i].n == 0) continue; /* no positions (and maybe no buffer) */
        memcpy(c->hits + c->nhits, pt[i].pos, pt[i].n * sizeof *c->hits);
        c->nhits += pt[i].n;
    }
    if (c->nhits > 1) qsort(c->hits, c->nhits, sizeof *c->hits, cmp_unsigned);
    return 0;
}

/* The section-level BM25 weight of the words' exact forms (a word's stem is
 * in the section's own weight), over the body's length, from their
 * within-document frequencies: exact forms carry no positions (the stems'
 * are the words'), so this evidence is the section's, not a passage's. */
static int exact_evidence(const annals_ranker *r, const annals_candidate *c,
                          double *sum, xap_err *err)
{
    double len = c->npass ? (double)(c->body_end - c->starts[0]) : 0.0;
    double norm = r->k1 * (1 - r->b + (r->avlength > 0 ? r->b * len / r->avlength : 0));
    *sum = 0;
    for (size_t i = 0; i < r->nterms; i++) {
        const annals_qterm *q = r->terms[i].q;
        uint32_t wdf = 0;
        if (q->kind != ANNALS_QT_EXACT) continue;
        if (xap_db_wdf(r->db, c->did, q->term, q->len, &wdf, err) != XAP_OK) return -1;
        double tf = (double)wdf;
        *sum += ANNALS_EXACT_FORM_WEIGHT * r->terms[i].idf * tf * (r->k1 + 1) / (tf + norm);
    }
    return 0;
}

int annals_rank_candidate(annals_ranker *r, annals_candidate *c, xap_err *err)
{
    char *v = NULL;
    size_t vlen;
    annals_candidate_free(c); /* a candidate may be ranked again */
    if (xap_db_value(r->db, c->did, SLOT_PASSAGES, &v, &vlen, err) != XAP_OK) return -1;
    int bad = annals_passages_decode(v, vlen, &c->kind, &c->body_end, &c->starts, &c->npass);
    free(v);
    if (bad) {
        err->status = XAP_ERR_CORRUPT;
        snprintf(err->message, sizeof err->message, "document %u has no passage table", c->did);
        return -1;
    }
    annals_pterm pt[ANNALS_PASSAGE_MAX_TERMS];
    size_t npt = 0;
    for (size_t i = 0; i < r->nterms; i++) {
        annals_rterm *t = &r->terms[i];
        const annals_qterm *q = t->q;
        if (q->kind == ANNALS_QT_EXACT) continue; /* no positions: exact_evidence */
        if (xap_db_positions(r->db, c->did, q->term, q->len, &t->pos, &t->cap, &t->n, err) != XAP_OK)
            return -1;
        pt[npt++] = (annals_pterm){t->pos, t->n, t->idf, 1.0, q->qpos, 1};
    }
    c->pscores = calloc(c->npass + 1, sizeof *c->pscores);
    if (!c->pscores || keep_hits(c, pt, npt) < 0) return xap_err_nomem(err), -1;
    annals_passages_score(c->starts, c->npass, c->body_end, pt, npt, c->pscores);
    c->best = 0;
    for (size_t i = 1; i < c->npass; i++)
        if (c->pscores[i] > c->pscores[c->best]) c->best = i;
    double best = c->npass ? c->pscores[c->best] : 0.0, exact;
    if (exact_evidence(r, c, &exact, err) < 0) return -1;
    c->score = c->weight + exact + PASSAGE_WEIGHT * best;
    if (c->kind & ANNALS_KIND_LEAD) c->score *= LEAD_PRIOR;
    if (c->kind & ANNALS_KIND_BOILERPLATE) c->score *= BOILERPLATE_PRIOR;
    c->score = annals_stable_score(c->score);
    return 0;
}

double annals_stable_score(double x)
{
    return nearbyint(x * 1e9) / 1e9;
}

static int cmp_candidate(const void *a, const void *b)
{
    const annals_candidate *x = a, *y = b;
    if (x->exact != y->exact) return y->exact - x->exact;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    return strcmp(x->key, y->key);
}

void annals_candidates_sort(annals_candidate *c, size_t n)
{
    if (n > 1) qsort(c, n, sizeof *c, cmp_candidate);
}

int annals_rank_sort(annals_ranker *r, annals_candidate *c, size_t n, xap_err *err)
{
    if (r->exact && n) {
        xap_docid *dids = malloc(n * sizeof *dids);
        unsigned char *in = malloc(n);
        int rc = 0;
        if (!dids || !in) rc = (xap_err_nomem(err), -1);
        for (size_t i = 0; !rc && i < n; i++) dids[i] = c[i].did;
        if (!rc && n > 1) qsort(dids, n, sizeof *dids, cmp_docid);
        if (!rc && xap_db_term_in(r->db, r->exact, strlen(r->exact), dids, n, in, err) != XAP_OK) rc = -1;
        for (size_t i = 0; !rc && i < n; i++) {
            xap_docid *at = bsearch(&c[i].did, dids, n, sizeof *dids, cmp_docid);
            c[i].exact = at && in[at - dids];
        }
        free(dids);
        free(in);
        if (rc) return rc;
    }
    annals_candidates_sort(c, n);
    return 0;
}

int annals_candidate_hit_at(const annals_candidate *c, unsigned pos)
{
    return c->nhits && bsearch(&pos, c->hits, c->nhits, sizeof *c->hits, cmp_unsigned) != NULL;
}
