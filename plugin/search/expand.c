/* expand.c - expansion stems from relevant sections' term lists. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "search/expand.h"
#include "doc/schema.h"
#include "util/buf.h"

/* A stem's occurrence in one of the sections: its text at text.data + at
 * (NUL-terminated); key, its first 8 bytes after P_STEM, big-endian, that
 * order stems as their bytes do but for the rest. */
typedef struct {
    uint64_t key;
    size_t at, len;
    uint32_t wdf;
} occurrence;

/* The sections' stems, section after section, each section's in byte
 * order (as its term list gives them). */
typedef struct {
    abuf text;
    occurrence *v;
    size_t n, cap;
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
    occurrence *v = annals_grow(g->v, &g->cap, g->n, sizeof *v);
    if (!v || abuf_reserve(&g->text, len + 1) < 0) return g->oom = 1;
    g->v = v;
    uint64_t key = 0;
    for (size_t i = strlen(P_STEM); i < strlen(P_STEM) + 8; i++)
        key = key << 8 | (i < len ? (unsigned char)term[i] : 0);
    g->v[g->n++] = (occurrence){key, g->text.len, len, wdf};
    abuf_add(&g->text, term, len);
    abuf_addc(&g->text, '\0');
    return 0;
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

/* Two occurrences' stems in byte order: by their keys, and by the bytes
 * past those only when the keys are equal (stems hold no NUL). */
static int cmp_occurrence(const gather *g, const occurrence *a, const occurrence *b)
{
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    size_t skip = strlen(P_STEM) + 8;
    if (a->len <= skip || b->len <= skip) return (a->len > b->len) - (a->len < b->len);
    return cmp_bytes(g->text.data + a->at + skip, a->len - skip, g->text.data + b->at + skip, b->len - skip);
}

static int cmp_weight(const void *a, const void *b)
{
    const annals_expand_term *x = a, *y = b;
    if (x->weight != y->weight) return x->weight < y->weight ? 1 : -1;
    return strcmp(x->term, y->term);
}

/* TradEWeight of a stem that r of the R sections hold and n of the N in
 * the database; multiplier is the sum over those r of their wdf's share. */
static double trad_weight(double multiplier, double r, double R, double n, double N)
{
    double num = (r + 0.5) * (N - n - (R - r) + 0.5);
    double den = (n - r + 0.5) * (R - r + 0.5);
    return num > 0 && den > 0 ? multiplier * log(num / den) : 0.0;
}

/* A stem that may be chosen, and the most it can weigh: its weight falls
 * as its term frequency n rises, and n >= r. */
typedef struct {
    const char *term;
    size_t len, r;
    double multiplier, bound;
} candidate;

static int cmp_bound(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->bound != y->bound) return x->bound < y->bound ? 1 : -1;
    return strcmp(x->term, y->term);
}

/* Weighs the candidates, most promising first, until none left can beat
 * the max-th best found (the term frequency is the costly part); copies
 * the best max, in order, into out.  Returns how many, or -1 when out of
 * memory. */
static long choose(xap_db *db, candidate *c, size_t nc, double R, size_t max, annals_expand_term *out)
{
    double N = xap_db_doccount(db);
    if (max == 0) return 0;
    qsort(c, nc, sizeof *c, cmp_bound);
    annals_expand_term *best = calloc(max + 1, sizeof *best);
    if (!best) return -1;
    size_t nbest = 0;
    for (size_t i = 0; i < nc; i++) {
        if (nbest == max && c[i].bound < best[max - 1].weight) break;
        uint32_t n = xap_db_termfreq(db, c[i].term, c[i].len);
        /* (its term is copied into out at the end) */
        annals_expand_term t = {(char *)c[i].term, trad_weight(c[i].multiplier, (double)c[i].r, R, n, N), n};
        if (t.weight <= 0) continue;
        /* Into the sorted best, if it belongs there. */
        size_t at = nbest;
        while (at > 0 && cmp_weight(&t, &best[at - 1]) < 0) at--;
        if (at >= max) continue;
        if (nbest == max) nbest--; /* the last drops out, still the candidate's */
        memmove(best + at + 1, best + at, (nbest - at) * sizeof *best);
        best[at] = t;
        nbest++;
    }
    for (size_t i = 0; i < nbest; i++) {
        out[i] = best[i];
        out[i].term = strdup(best[i].term);
        if (!out[i].term) {
            annals_expand_terms_free(out, i);
            free(best);
            return -1;
        }
    }
    free(best);
    return (long)nbest;
}

void annals_expand_terms_free(annals_expand_term *t, size_t n)
{
    for (size_t i = 0; i < n; i++) free(t[i].term);
}

int annals_expand_terms(xap_db *db, const annals_query *q, const xap_docid *dids,
                        const double *share, size_t n, unsigned min_docs, size_t max,
                        annals_expand_term *out, size_t *nout, xap_err *err)
{
    *nout = 0;
    gather g = {ABUF_INIT, NULL, 0, 0, 0};
    uint32_t *len = malloc((n + 1) * sizeof *len);
    size_t *head = malloc((n + 1) * sizeof *head), *end = malloc((n + 1) * sizeof *end);
    candidate *cand = NULL;
    size_t ncand = 0;
    int rc = len && head && end ? 0 : (xap_err_nomem(err), -1);
    if (rc == 0 && xap_db_doclengths(db, dids, n, len, err) != XAP_OK) rc = -1;
    for (size_t d = 0; rc == 0 && d < n; d++) {
        head[d] = g.n;
        if (xap_db_terms_under(db, dids[d], P_STEM, on_term, &g, err) != XAP_OK) rc = -1;
        else if (g.oom) rc = (xap_err_nomem(err), -1);
        end[d] = g.n;
    }
    if (rc == 0 && !(cand = calloc(g.n + 1, sizeof *cand))) rc = (xap_err_nomem(err), -1);
    double N = xap_db_doccount(db), avlen = xap_db_avlength(db), R = (double)n;
    /* Each stem once, in byte order: a merge of the sections' sorted runs,
     * r = the sections that hold it (expand_k = 1). */
    while (rc == 0) {
        const occurrence *least = NULL;
        for (size_t d = 0; d < n; d++) {
            const occurrence *o = head[d] < end[d] ? &g.v[head[d]] : NULL;
            if (o && (!least || cmp_occurrence(&g, o, least) < 0)) least = o;
        }
        if (!least) break;
        const occurrence stem = *least;
        const char *term = g.text.data + stem.at;
        size_t tlen = stem.len, r = 0;
        double multiplier = 0;
        for (size_t d = 0; d < n; d++) {
            const occurrence *o = head[d] < end[d] ? &g.v[head[d]] : NULL;
            if (!o || cmp_occurrence(&g, o, &stem) != 0) continue;
            double wdf = o->wdf ? o->wdf : 1;
            multiplier += (share ? share[d] : 1) * 2 * wdf / (avlen > 0 ? len[d] / avlen + wdf : 1 + wdf);
            r++;
            head[d]++;
        }
        if (r < min_docs || annals_query_has_term(q, term, tlen)) continue;
        double bound = trad_weight(multiplier, (double)r, R, (double)r, N);
        cand[ncand++] = (candidate){term, tlen, r, multiplier, bound};
    }
    long got = rc == 0 ? choose(db, cand, ncand, R, max, out) : 0;
    if (got < 0) rc = (xap_err_nomem(err), -1);
    else *nout = (size_t)got;
    abuf_free(&g.text);
    free(g.v);
    free(cand);
    free(len);
    free(head);
    free(end);
    return rc;
}
