/* expand.c - expansion stems from relevant sections' term lists. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "search/expand.h"
#include "doc/schema.h"

/* A stem's occurrence in one of the sections. */
typedef struct {
    char *term;
    size_t len;
    uint32_t wdf;
    size_t doc;
} occurrence;

typedef struct {
    occurrence *v;
    size_t n, cap;
    size_t doc;                 /* the section being read */
    int oom;
} gather;

/* A body stem: P_STEM then a lower-case letter, a digit or a non-ASCII
 * byte (field stems, "ZS…" and "ZXH…", have an upper-case prefix). */
static int body_stem(const char *term, size_t len)
{
    size_t p = strlen(P_STEM);
    if (len <= p) return 0;
    unsigned char c = (unsigned char)term[p];
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static int on_term(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    gather *g = ctx;
    if (!body_stem(term, len)) return 0;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        occurrence *v = realloc(g->v, cap * sizeof *v);
        if (!v) return g->oom = 1;
        g->v = v;
        g->cap = cap;
    }
    char *t = malloc(len + 1);
    if (!t) return g->oom = 1;
    memcpy(t, term, len);
    t[len] = '\0';
    g->v[g->n++] = (occurrence){t, len, wdf, g->doc};
    return 0;
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

static int cmp_occurrence(const void *a, const void *b)
{
    const occurrence *x = a, *y = b;
    return cmp_bytes(x->term, x->len, y->term, y->len);
}

static int cmp_weight(const void *a, const void *b)
{
    const annals_expand_term *x = a, *y = b;
    if (x->weight != y->weight) return x->weight < y->weight ? 1 : -1;
    return strcmp(x->term, y->term);
}

static int in_query(const annals_query *q, const char *term, size_t len)
{
    for (size_t i = 0; i < q->nterms; i++)
        if (q->terms[i].len == len && memcmp(q->terms[i].term, term, len) == 0) return 1;
    return 0;
}

/* TradEWeight of a stem that r of the R sections hold and n of the N in
 * the database; multiplier is the sum over those r of their wdf's share. */
static double trad_weight(double multiplier, double r, double R, double n, double N)
{
    double num = (r + 0.5) * (N - n - (R - r) + 0.5);
    double den = (n - r + 0.5) * (R - r + 0.5);
    return num > 0 && den > 0 ? multiplier * log(num / den) : 0.0;
}

void annals_expand_terms_free(annals_expand_term *t, size_t n)
{
    for (size_t i = 0; i < n; i++) free(t[i].term);
}

int annals_expand_terms(xap_db *db, const annals_query *q, const xap_docid *dids, size_t n,
                        unsigned min_docs, size_t max, annals_expand_term *out, size_t *nout,
                        xap_err *err)
{
    *nout = 0;
    gather g = {NULL, 0, 0, 0, 0};
    uint32_t *len = malloc((n + 1) * sizeof *len);
    annals_expand_term *cand = NULL;
    size_t ncand = 0;
    int rc = len ? 0 : (xap_err_nomem(err), -1);
    if (rc == 0 && xap_db_doclengths(db, dids, n, len, err) != XAP_OK) rc = -1;
    for (size_t d = 0; rc == 0 && d < n; d++) {
        g.doc = d;
        if (xap_db_terms_under(db, dids[d], P_STEM, on_term, &g, err) != XAP_OK) rc = -1;
        else if (g.oom) rc = (xap_err_nomem(err), -1);
    }
    if (rc == 0) {
        qsort(g.v, g.n, sizeof *g.v, cmp_occurrence);
        if (!(cand = calloc(g.n + 1, sizeof *cand))) rc = (xap_err_nomem(err), -1);
    }
    double N = xap_db_doccount(db), avlen = xap_db_avlength(db);
    for (size_t i = 0, k; rc == 0 && i < g.n; i = k) {
        /* One stem's run of occurrences: r sections, expand_k = 1. */
        double multiplier = 0;
        for (k = i; k < g.n && cmp_occurrence(&g.v[i], &g.v[k]) == 0; k++) {
            double wdf = g.v[k].wdf ? g.v[k].wdf : 1;
            multiplier += 2 * wdf / (avlen > 0 ? len[g.v[k].doc] / avlen + wdf : 1 + wdf);
        }
        size_t r = k - i;
        if (r < min_docs || in_query(q, g.v[i].term, g.v[i].len)) continue;
        double w = trad_weight(multiplier, (double)r, (double)n, xap_db_termfreq(db, g.v[i].term, g.v[i].len), N);
        if (w <= 0) continue;
        cand[ncand] = (annals_expand_term){g.v[i].term, w};
        g.v[i].term = NULL; /* now the candidate's */
        ncand++;
    }
    if (rc == 0) {
        qsort(cand, ncand, sizeof *cand, cmp_weight);
        *nout = ncand < max ? ncand : max;
        memcpy(out, cand, *nout * sizeof *out);
    }
    if (cand) annals_expand_terms_free(cand + *nout, ncand - *nout);
    for (size_t i = 0; i < g.n; i++) free(g.v[i].term);
    free(g.v);
    free(cand);
    free(len);
    return rc;
}
