/* expand.c - expansion stems from relevant sections' stems. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/expand.h"
#include "doc/schema.h"
#include "doc/stemvec.h"
#include "util/buf.h"

/* A stem of the sections: its text at text.data + at (NUL-terminated);
 * key, its first 8 bytes after P_STEM (zero-padded), that tell most stems
 * apart without reading their text; r, the sections that hold it, and
 * multiplier, the sum of their shares (expand_k = 1). */
typedef struct {
    uint64_t key;
    size_t at, len, r;
    double multiplier;
} stem;

/* A stem held by a section, wdf times: v's index. */
typedef struct {
    uint32_t stem, wdf;
} held;

/* The sections' stems, each once, in order of first sight, found by an
 * open-addressing table of their indexes + 1 (cap a power of two, at most
 * half full), and what each section holds, section after section; the
 * section being read weighs in with share and its length over the
 * average. */
typedef struct {
    abuf text;
    stem *v;                    /* room for cap / 2 */
    size_t n;
    uint32_t *slot;
    size_t cap;
    held *holds;
    size_t nholds, holdscap;
    double share, relative_len;
    int oom;
} gather;

/* The table's first slots: room for 2,048 stems; the top 10 sections of
 * the dev archive's searches hold 851 on average, so that it seldom grows. */
#define FIRST_SLOTS 4096

/* The slot of g's table that holds the stem (key, term, len), or the
 * empty one where it would go. */
static uint32_t *slot_of(const gather *g, uint64_t key, const char *term, size_t len)
{
    size_t skip = strlen(P_STEM) + 8, mask = g->cap - 1;
    for (size_t i = (size_t)((key * 0x9e3779b97f4a7c15u) >> 40) & mask;; i = (i + 1) & mask) {
        const stem *s = g->slot[i] ? &g->v[g->slot[i] - 1] : NULL;
        if (!s || (s->key == key && s->len == len &&
                   (len <= skip || memcmp(g->text.data + s->at + skip, term + skip, len - skip) == 0)))
            return &g->slot[i];
    }
}

/* Makes room for one stem more: twice the slots, and v as many stems as
 * the table holds; -1 when out of memory. */
static int room(gather *g)
{
    size_t cap = g->cap ? g->cap * 2 : FIRST_SLOTS;
    /* (the table holds at most cap / 2 stems: their indexes + 1 fit) */
    if (cap / 2 > UINT32_MAX || cap / 2 > SIZE_MAX / sizeof *g->v) return -1;
    stem *v = realloc(g->v, cap / 2 * sizeof *v);
    if (!v) return -1;
    g->v = v;
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot) return -1;
    free(g->slot);
    g->slot = slot;
    g->cap = cap;
    for (size_t i = 0; i < g->n; i++)
        *slot_of(g, g->v[i].key, g->text.data + g->v[i].at, g->v[i].len) = (uint32_t)i + 1;
    return 0;
}

/* The key of stem term (len bytes): it is only compared and hashed, so
 * its byte order is the host's. */
static uint64_t key_of(const char *term, size_t len)
{
    uint64_t key = 0;
    size_t p = strlen(P_STEM);
    memcpy(&key, term + p, len - p < sizeof key ? len - p : sizeof key);
    return key;
}

static int on_term(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    gather *g = ctx;
    if (!annals_body_stem(term, len)) return 0;
    if ((g->n + 1) * 2 > g->cap && room(g) < 0) return g->oom = 1;
    held *holds = annals_grow(g->holds, &g->holdscap, g->nholds, sizeof *holds);
    if (!holds) return g->oom = 1;
    g->holds = holds;
    uint64_t key = key_of(term, len);
    uint32_t *slot = slot_of(g, key, term, len);
    if (!*slot) {
        if (abuf_reserve(&g->text, len + 1) < 0) return g->oom = 1;
        g->v[g->n] = (stem){key, g->text.len, len, 0, 0};
        abuf_add(&g->text, term, len);
        abuf_addc(&g->text, '\0');
        *slot = (uint32_t)++g->n;
    }
    g->holds[g->nholds++] = (held){*slot - 1, wdf};
    stem *s = &g->v[*slot - 1];
    double w = wdf ? wdf : 1;
    s->multiplier += g->share * 2 * w / (g->relative_len + w);
    s->r++;
    return 0;
}

/* Hands section did's stems to on_term, which keeps its body stems: those
 * packed in SLOT_STEMS, or its term list's when it has none (a database
 * indexed before them) or they do not unpack.  -1 with err filled when
 * Xapian fails. */
static int read_stems(xap_db *db, xap_docid did, gather *g, xap_err *err)
{
    char *v;
    size_t len;
    if (xap_db_value(db, did, SLOT_STEMS, &v, &len, err) != XAP_OK) return -1;
    int unpacked = len && annals_stemvec_each(v, len, on_term, g) == 0;
    free(v);
    if (unpacked) return 0;
    return xap_db_terms_under(db, did, P_STEM, on_term, g, err) == XAP_OK ? 0 : -1;
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

/* The term frequencies asked for ahead of their turn, so that their reads
 * (cache misses, mostly) overlap. */
#define FREQS_AHEAD 4

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
    for (size_t i = 0; i < nc && i < FREQS_AHEAD; i++) xap_db_termfreq_prefetch(db, c[i].term, c[i].len);
    for (size_t i = 0; i < nc; i++) {
        if (nbest == max && c[i].bound < best[max - 1].weight) break;
        if (i + FREQS_AHEAD < nc) xap_db_termfreq_prefetch(db, c[i + FREQS_AHEAD].term, c[i + FREQS_AHEAD].len);
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

/* wdfs[k * n + d] = the wdf of stem out[k] in section d (0 when it does
 * not hold it), from what the sections hold (from[d] on is section d's). */
static int fill_wdfs(const gather *g, const size_t *from, size_t n, const annals_expand_term *out,
                     size_t nout, uint32_t *wdfs)
{
    uint32_t *pick = calloc(g->n + 1, sizeof *pick); /* out's index + 1, by stem */
    if (!pick) return -1;
    for (size_t k = 0; k < nout; k++) {
        size_t len = strlen(out[k].term);
        pick[*slot_of(g, key_of(out[k].term, len), out[k].term, len) - 1] = (uint32_t)k + 1;
    }
    memset(wdfs, 0, nout * n * sizeof *wdfs);
    for (size_t d = 0; d < n; d++)
        for (size_t i = from[d]; i < from[d + 1]; i++)
            if (pick[g->holds[i].stem]) wdfs[(pick[g->holds[i].stem] - 1) * n + d] = g->holds[i].wdf;
    free(pick);
    return 0;
}

void annals_expand_terms_free(annals_expand_term *t, size_t n)
{
    for (size_t i = 0; i < n; i++) free(t[i].term);
}

int annals_expand_terms(xap_db *db, const annals_query *q, const xap_docid *dids,
                        const double *share, size_t n, unsigned min_docs, size_t max,
                        annals_expand_term *out, size_t *nout, uint32_t *wdfs, xap_err *err)
{
    *nout = 0;
    gather g = {ABUF_INIT, NULL, 0, NULL, 0, NULL, 0, 0, 0, 0, 0};
    uint32_t *len = malloc((n + 1) * sizeof *len);
    size_t *from = malloc((n + 1) * sizeof *from);
    candidate *cand = NULL;
    size_t ncand = 0;
    int rc = len && from ? 0 : (xap_err_nomem(err), -1);
    if (rc == 0 && xap_db_doclengths(db, dids, n, len, err) != XAP_OK) rc = -1;
    double N = xap_db_doccount(db), avlen = xap_db_avlength(db), R = (double)n;
    /* Section after section, so that each stem's multiplier adds up in
     * the sections' order. */
    for (size_t d = 0; rc == 0 && d < n; d++) {
        g.share = share ? share[d] : 1;
        g.relative_len = avlen > 0 ? len[d] / avlen : 1;
        from[d] = g.nholds;
        if (read_stems(db, dids[d], &g, err) < 0) rc = -1;
        else if (g.oom) rc = (xap_err_nomem(err), -1);
    }
    if (rc == 0) from[n] = g.nholds;
    if (rc == 0 && !(cand = calloc(g.n + 1, sizeof *cand))) rc = (xap_err_nomem(err), -1);
    for (size_t i = 0; rc == 0 && i < g.n; i++) {
        const stem *s = &g.v[i];
        const char *term = g.text.data + s->at;
        /* (stopwords' stems are not packed, but a term list holds them) */
        if (s->r < min_docs || annals_query_has_term(q, term, s->len) || !annals_feedback_stem(term, s->len))
            continue;
        double bound = trad_weight(s->multiplier, (double)s->r, R, (double)s->r, N);
        cand[ncand++] = (candidate){term, s->len, s->r, s->multiplier, bound};
    }
    long got = rc == 0 ? choose(db, cand, ncand, R, max, out) : 0;
    if (got < 0) rc = (xap_err_nomem(err), -1);
    else *nout = (size_t)got;
    if (rc == 0 && wdfs && fill_wdfs(&g, from, n, out, *nout, wdfs) < 0) {
        annals_expand_terms_free(out, *nout);
        *nout = 0;
        rc = (xap_err_nomem(err), -1);
    }
    abuf_free(&g.text);
    free(g.v);
    free(g.slot);
    free(g.holds);
    free(cand);
    free(from);
    free(len);
    return rc;
}
