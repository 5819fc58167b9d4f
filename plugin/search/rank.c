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
/* A query word in the section's title or heading is its context: every
 * passage of the section is about it, so in choosing the text shown it
 * counts this much of another word (answer.c). */
static const double CONTEXT_WEIGHT = 0.1;
/* Coverage counts for queries of at most this many words: keyword queries
 * name what they want; a longer one (a question, a pasted paragraph) is
 * about a topic, and no section holds all of its words. */
#define COVERAGE_MAX_WORDS 6
/* Related forms of a query word count this share of it: an index stem that
 * extends the word's stem, or that the stem extends, by at most
 * VARIANT_EXTRA bytes ("categori" and "categor", from "category" and
 * "categorized"; "classif" and "classifi", from "classification" and
 * "classified"), the shorter of the two at least VARIANT_MIN_LEN bytes
 * long: English stemming leaves derived forms apart, and shorter stems
 * are other words ("form", "formal").  At most MAX_VARIANTS a word. */
static const double VARIANT_WEIGHT = 0.5;
#define VARIANT_EXTRA 2
#define VARIANT_MIN_LEN 5
#define MAX_VARIANTS 4
/* An aspect word (not in the title) in the section's heading adds this
 * share of its IDF: the heading says what the section is about. */
static const double HEADING_WEIGHT = 0.5;

static int cmp_docid(const void *a, const void *b)
{
    xap_docid x = *(const xap_docid *)a, y = *(const xap_docid *)b;
    return (x > y) - (x < y);
}

/* Where did is in dids (n of them, ascending); n when it is not there. */
static size_t docid_at(const xap_docid *dids, size_t n, xap_docid did)
{
    const xap_docid *at = bsearch(&did, dids, n, sizeof *dids, cmp_docid);
    return at ? (size_t)(at - dids) : n;
}

static int cmp_lookup(const void *a, const void *b)
{
    const annals_lookup *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->term, y->term, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Adds the term prefix + (stem without its "Z") to the lookups. */
static int add_lookup(annals_ranker *r, size_t of, int field, const char *prefix)
{
    const annals_qterm *q = r->terms[of].q;
    size_t pl = strlen(prefix), skip = field == ANNALS_IN_BODY ? 0 : strlen(P_STEM);
    char *t = malloc(pl + q->len - skip + 1);
    if (!t) return -1;
    memcpy(t, prefix, pl);
    memcpy(t + pl, q->term + skip, q->len - skip);
    r->look[r->nlook++] = (annals_lookup){t, pl + q->len - skip, of, field};
    return 0;
}

/* The terms looked up in each candidate: exact forms (their weight), and
 * stems in the title (the subject) and heading (the aspect) fields. */
static int prepare_lookups(annals_ranker *r)
{
    r->look = calloc(2 * r->nterms + 1, sizeof *r->look);
    if (!r->look) return -1;
    for (size_t i = 0; i < r->nterms; i++) {
        annals_qkind k = r->terms[i].q->kind;
        if ((k == ANNALS_QT_EXACT || k == ANNALS_QT_VARIANT) && add_lookup(r, i, ANNALS_IN_BODY, "") < 0)
            return -1;
        if (k == ANNALS_QT_STEM && (add_lookup(r, i, ANNALS_IN_TITLE, P_STEM P_TITLE) < 0 ||
                                    add_lookup(r, i, ANNALS_IN_HEADING, P_STEM P_HEADING) < 0))
            return -1;
    }
    if (r->nlook > 1) qsort(r->look, r->nlook, sizeof *r->look, cmp_lookup);
    r->look_terms = malloc((r->nlook + 1) * sizeof *r->look_terms);
    r->look_lens = malloc((r->nlook + 1) * sizeof *r->look_lens);
    r->look_wdf = malloc((r->nlook + 1) * sizeof *r->look_wdf);
    if (!r->look_terms || !r->look_lens || !r->look_wdf) return -1;
    for (size_t i = 0; i < r->nlook; i++) {
        r->look_terms[i] = r->look[i].term;
        r->look_lens[i] = r->look[i].len;
    }
    return 0;
}

typedef struct {
    annals_ranker *r;
    const annals_query *q;
    const annals_qterm *t;
    double idf;
    size_t added;
    int oom;
} variants_ctx;

/* Adds term[0, len) as a variant of v->t, unless it is a query term; 1
 * when no more are wanted. */
static int add_variant(variants_ctx *v, const char *term, size_t len)
{
    annals_ranker *r = v->r;
    if (annals_query_has_term(v->q, term, len)) return 0;
    char *copy = strndup(term, len);
    if (!copy) return v->oom = 1;
    annals_qterm *vq = &r->variants[r->nvariants++];
    *vq = (annals_qterm){copy, len, v->t->qpos, ANNALS_QT_VARIANT};
    r->terms[r->nterms++] = (annals_rterm){vq, v->idf, NULL, 0, 0, {0}};
    return ++v->added == MAX_VARIANTS || r->nterms == ANNALS_PASSAGE_MAX_TERMS;
}

/* An index term under the stem: a variant when at most VARIANT_EXTRA
 * bytes longer. */
static int on_longer(void *ctx, const char *term, size_t len, uint32_t tf)
{
    variants_ctx *v = ctx;
    (void)tf;
    if (len == v->t->len || len > v->t->len + VARIANT_EXTRA) return 0;
    return add_variant(v, term, len);
}

/* Adds the variants of stem term t (its word's IDF idf) after it in
 * r->terms: the stems of the index that it extends, then those that
 * extend it.  A database error only leaves the word with fewer variants
 * (the match that follows reports it).  Returns 0, or -1 when out of
 * memory. */
static int add_variants(annals_ranker *r, const annals_query *q, const annals_qterm *t, double idf)
{
    size_t stem = t->len - strlen(P_STEM);
    variants_ctx v = {r, q, t, idf, 0, 0};
    int full = r->nterms == ANNALS_PASSAGE_MAX_TERMS;
    for (size_t cut = 1; cut <= VARIANT_EXTRA && !full && stem >= VARIANT_MIN_LEN + cut; cut++) {
        size_t len = t->len - cut;
        if (((unsigned char)t->term[len] & 0xC0) == 0x80) continue; /* inside a character */
        if (xap_db_termfreq(r->db, t->term, len) > 0) full = add_variant(&v, t->term, len);
    }
    xap_err err;
    if (!full && !v.oom && stem >= VARIANT_MIN_LEN)
        (void)xap_db_terms_prefixed(r->db, t->term, t->len, on_longer, &v, &err);
    return v.oom ? -1 : 0;
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
    r->terms = calloc((1 + MAX_VARIANTS) * q->nterms, sizeof *r->terms);
    r->variants = calloc(MAX_VARIANTS * q->nterms, sizeof *r->variants);
    long n = -1;
    if (idf && pick && r->terms && r->variants) {
        for (size_t i = 0; i < q->nterms; i++)
            idf[i] = annals_idf(db, q->terms[i].term, q->terms[i].len);
        n = annals_pick_best(idf, q->nterms, ANNALS_PASSAGE_MAX_TERMS, pick);
    }
    int rc = n < 0 ? -1 : 0;
    for (long k = 0; rc == 0 && k < n && r->nterms < ANNALS_PASSAGE_MAX_TERMS; k++) {
        const annals_qterm *t = &q->terms[pick[k]];
        r->terms[r->nterms++] = (annals_rterm){t, idf[pick[k]], NULL, 0, 0, {0}};
        if (t->kind == ANNALS_QT_STEM) rc = add_variants(r, q, t, idf[pick[k]]);
    }
    free(idf);
    free(pick);
    return rc < 0 || prepare_lookups(r) < 0 ? -1 : 0;
}

void annals_ranker_free(annals_ranker *r)
{
    for (size_t i = 0; i < r->nterms; i++) free(r->terms[i].pos);
    free(r->terms);
    for (size_t i = 0; i < r->nvariants; i++) free(r->variants[i].term);
    free(r->variants);
    for (size_t i = 0; i < r->nlook; i++) free(r->look[i].term);
    free(r->look);
    free(r->look_terms);
    free(r->look_lens);
    free(r->look_wdf);
    free(r->pool);
    free(r->pool_wdf);
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

static int cmp_hitpos(const void *a, const void *b)
{
    unsigned x = ((const annals_hitpos *)a)->pos, y = ((const annals_hitpos *)b)->pos;
    return (x > y) - (x < y);
}

/* Keeps the terms' occurrences, for highlighting and for choosing the
 * text shown, each weighed by its IDF times its context weight. */
static int keep_hits(annals_candidate *c, const annals_pterm *pt, const double *context, size_t npt)
{
    size_t total = 0;
    for (size_t i = 0; i < npt; i++) total += pt[i].n;
    c->hits = malloc((total + 1) * sizeof *c->hits);
    if (!c->hits) return -1;
    for (size_t i = 0; i < npt; i++)
        for (size_t k = 0; k < pt[i].n; k++)
            c->hits[c->nhits++] = (annals_hitpos){pt[i].pos[k], pt[i].qpos, pt[i].idf * pt[i].weight * context[i]};
    if (c->nhits > 1) qsort(c->hits, c->nhits, sizeof *c->hits, cmp_hitpos);
    return 0;
}

/* The section-level BM25 weight of the words' exact forms (a word's stem is
 * in the section's own weight), over the body's length, from their
 * within-document frequencies: exact forms carry no positions (the stems'
 * are the words'), so this evidence is the section's, not a passage's. */
static double exact_evidence(const annals_ranker *r, const annals_candidate *c)
{
    double len = c->npass ? (double)(c->body_end - c->starts[0]) : 0.0;
    double sum = 0;
    for (size_t i = 0; i < r->nterms; i++)
        if (r->terms[i].q->kind == ANNALS_QT_EXACT)
            sum += ANNALS_EXACT_FORM_WEIGHT * annals_bm25(r, r->terms[i].idf, r->terms[i].wdf[ANNALS_IN_BODY], len);
        else if (r->terms[i].q->kind == ANNALS_QT_VARIANT)
            sum += VARIANT_WEIGHT * annals_bm25(r, r->terms[i].idf, (double)r->terms[i].n, len);
    return sum;
}

/* The IDF of the query's aspect words (not in the title) in the heading. */
static double heading_evidence(const annals_ranker *r)
{
    double sum = 0;
    for (size_t i = 0; i < r->nterms; i++)
        if (r->terms[i].wdf[ANNALS_IN_HEADING] && !r->terms[i].wdf[ANNALS_IN_TITLE])
            sum += r->terms[i].idf;
    return sum;
}

/* The share of the query's words, weighed by IDF, that the section holds
 * (title and heading included): a section holding all of them beats one
 * holding one word many times.  The terms of one word are adjacent.  1 for
 * a query of more than COVERAGE_MAX_WORDS words. */
static double coverage(const annals_pterm *pt, size_t npt)
{
    double all = 0, have = 0;
    size_t words = 0;
    for (size_t i = 0; i < npt;) {
        double idf = 0, in = 0; /* in: the share of the word held (a variant: its weight) */
        size_t k = i;
        for (; k < npt && pt[k].qpos == pt[i].qpos; k++) {
            if (pt[k].idf > idf) idf = pt[k].idf;
            if (pt[k].n > 0 && pt[k].weight > in) in = pt[k].weight;
        }
        all += idf;
        have += in * idf;
        words++;
        i = k;
    }
    return all > 0 && words <= COVERAGE_MAX_WORDS ? have / all : 1.0;
}

int annals_rank_pool(annals_ranker *r, const annals_candidate *c, size_t n, xap_err *err)
{
    free(r->pool);
    free(r->pool_wdf);
    r->pool = NULL;
    r->pool_wdf = NULL;
    r->npool = 0;
    if (r->nlook == 0 || r->nlook >= n) return 0; /* the term lists are fewer */
    xap_docid *dids = annals_candidates_docids(c, n, NULL);
    uint32_t *wdf = malloc(r->nlook * n * sizeof *wdf);
    int rc = dids && wdf ? 0 : (xap_err_nomem(err), -1);
    if (rc == 0 && xap_db_terms_wdfs(r->db, r->look_terms, r->look_lens, r->nlook, dids, n, wdf, err) != XAP_OK)
        rc = -1;
    if (rc) {
        free(dids);
        free(wdf);
        return rc;
    }
    r->pool = dids;
    r->pool_wdf = wdf;
    r->npool = n;
    return 0;
}

/* Fills each term's field frequencies in the candidate: from the pool's
 * posting lists when it is there, else from its term list. */
static int lookup_fields(annals_ranker *r, const annals_candidate *c, xap_err *err)
{
    size_t at = r->npool ? docid_at(r->pool, r->npool, c->did) : 0;
    if (at < r->npool) {
        for (size_t i = 0; i < r->nlook; i++) r->look_wdf[i] = r->pool_wdf[i * r->npool + at];
    } else if (xap_db_wdfs(r->db, c->did, r->look_terms, r->look_lens, r->nlook, r->look_wdf, err) != XAP_OK) {
        return -1;
    }
    for (size_t i = 0; i < r->nlook; i++) r->terms[r->look[i].of].wdf[r->look[i].field] = r->look_wdf[i];
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
    if (lookup_fields(r, c, err) < 0) return -1;
    annals_pterm pt[ANNALS_PASSAGE_MAX_TERMS];
    double context[ANNALS_PASSAGE_MAX_TERMS];
    size_t npt = 0;
    for (size_t i = 0; i < r->nterms; i++) {
        annals_rterm *t = &r->terms[i];
        const annals_qterm *q = t->q;
        if (q->kind == ANNALS_QT_EXACT) continue; /* no positions: exact_evidence */
        /* A variant is seldom there: its positions are read only then. */
        if (q->kind == ANNALS_QT_VARIANT && !t->wdf[ANNALS_IN_BODY]) t->n = 0;
        else if (xap_db_positions(r->db, c->did, q->term, q->len, &t->pos, &t->cap, &t->n, err) != XAP_OK)
            return -1;
        context[npt] = t->wdf[ANNALS_IN_TITLE] || t->wdf[ANNALS_IN_HEADING] ? CONTEXT_WEIGHT : 1.0;
        double share = q->kind == ANNALS_QT_VARIANT ? VARIANT_WEIGHT : 1.0;
        pt[npt++] = (annals_pterm){t->pos, t->n, t->idf, share, q->qpos, 1};
    }
    c->pscores = calloc(c->npass + 1, sizeof *c->pscores);
    if (!c->pscores || keep_hits(c, pt, context, npt) < 0) return xap_err_nomem(err), -1;
    annals_passages_score(c->starts, c->npass, c->body_end, pt, npt, c->pscores);
    c->best = 0;
    for (size_t i = 1; i < c->npass; i++)
        if (c->pscores[i] > c->pscores[c->best]) c->best = i;
    double best = c->npass ? c->pscores[c->best] : 0.0;
    c->score = c->weight + exact_evidence(r, c) + PASSAGE_WEIGHT * best +
               HEADING_WEIGHT * heading_evidence(r);
    c->score *= coverage(pt, npt);
    if (c->kind & ANNALS_KIND_LEAD) c->score *= LEAD_PRIOR;
    if (c->kind & ANNALS_KIND_BOILERPLATE) c->score *= BOILERPLATE_PRIOR;
    c->score = annals_stable_score(c->score);
    return 0;
}

double annals_stable_score(double x)
{
    return nearbyint(x * 1e9) / 1e9;
}

/* Best first: an exact heading, then by score. */
static int cmp_score(const annals_candidate *x, const annals_candidate *y)
{
    if (x->exact != y->exact) return y->exact - x->exact;
    return x->score != y->score ? (x->score < y->score ? 1 : -1) : 0;
}

/* The same, equal scores by docid: a first order, before the keys. */
static int cmp_score_docid(const void *a, const void *b)
{
    const annals_candidate *x = a, *y = b;
    int c = cmp_score(x, y);
    return c ? c : (x->did > y->did) - (x->did < y->did);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const annals_candidate *)a)->key, ((const annals_candidate *)b)->key);
}

/* 1 when candidate i (of n, in score order) ties a neighbour and its key
 * is not known yet (a match in relevance order gives none). */
static int needs_key(const annals_candidate *c, size_t n, size_t i)
{
    return !c[i].key[0] &&
           ((i > 0 && cmp_score(&c[i - 1], &c[i]) == 0) || (i + 1 < n && cmp_score(&c[i], &c[i + 1]) == 0));
}

/* Reads the date keys of the candidates that need them, in one pass along
 * the slot. */
static int read_tied_keys(xap_db *db, annals_candidate *c, size_t n, xap_err *err)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += needs_key(c, n, i);
    if (m == 0) return 0;
    annals_candidate **tied = malloc(m * sizeof *tied);
    xap_docid *in = malloc(m * sizeof *in);
    size_t *at = malloc(m * sizeof *at);
    char *keys = malloc(m * sizeof c->key);
    xap_docid *dids = NULL;
    int rc = tied && in && at && keys ? 0 : (xap_err_nomem(err), -1);
    for (size_t i = 0, k = 0; rc == 0 && i < n; i++)
        if (needs_key(c, n, i)) {
            tied[k] = &c[i];
            in[k++] = c[i].did;
        }
    if (rc == 0 && !(dids = annals_docids_sorted(in, m, at))) rc = (xap_err_nomem(err), -1);
    if (rc == 0 && xap_db_values_into(db, SLOT_DATE, dids, m, keys, sizeof c->key, err) != XAP_OK) rc = -1;
    for (size_t k = 0; rc == 0 && k < m; k++) memcpy(tied[k]->key, keys + at[k] * sizeof c->key, sizeof c->key);
    free(tied);
    free(in);
    free(at);
    free(keys);
    free(dids);
    return rc;
}

/* 1 when c is in its final order already: by score, ties by their known
 * keys (a tie with a key not read yet is not known to be in order). */
static int in_order(const annals_candidate *c, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int d = cmp_score(&c[i - 1], &c[i]);
        if (d > 0 || (d == 0 && (!c[i - 1].key[0] || !c[i].key[0] || cmp_key(&c[i - 1], &c[i]) > 0))) return 0;
    }
    return 1;
}

int annals_candidates_order(xap_db *db, annals_candidate *c, size_t n, xap_err *err)
{
    /* Often in order already (a match's tail, scaled; a sorted list put in
     * order again): checked in one pass, and by docid when ties lack keys. */
    if (in_order(c, n)) return 0;
    size_t i = 1;
    while (i < n && cmp_score_docid(&c[i - 1], &c[i]) <= 0) i++;
    if (i < n) qsort(c, n, sizeof *c, cmp_score_docid);
    /* Equal scores in date order. */
    if (read_tied_keys(db, c, n, err) < 0) return -1;
    for (size_t start = 0, end; start < n; start = end) {
        for (end = start + 1; end < n && cmp_score(&c[start], &c[end]) == 0; end++)
            ;
        if (end - start > 1) qsort(c + start, end - start, sizeof *c, cmp_key);
    }
    return 0;
}

xap_docid *annals_docids_sorted(const xap_docid *in, size_t n, size_t *at)
{
    /* Each as (docid, index), radix-sorted on the docid's bytes (least
     * significant first): four linear passes, where a comparison sort of
     * thousands costs many times more. */
    uint64_t *key = malloc((n + 1) * sizeof *key), *tmp = malloc((n + 1) * sizeof *tmp);
    xap_docid *dids = malloc((n + 1) * sizeof *dids);
    if (!key || !tmp || !dids) {
        free(key);
        free(tmp);
        free(dids);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) key[i] = (uint64_t)in[i] << 32 | i;
    for (unsigned shift = 32; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++) count[(key[i] >> shift & 0xff) + 1]++;
        for (size_t b = 1; b < 257; b++) count[b] += count[b - 1];
        for (size_t i = 0; i < n; i++) tmp[count[key[i] >> shift & 0xff]++] = key[i];
        uint64_t *t = key;
        key = tmp;
        tmp = t;
    }
    for (size_t k = 0; k < n; k++) {
        dids[k] = (xap_docid)(key[k] >> 32);
        if (at) at[key[k] & 0xffffffff] = k;
    }
    free(key);
    free(tmp);
    return dids;
}

xap_docid *annals_candidates_docids(const annals_candidate *c, size_t n, size_t *at)
{
    xap_docid *in = malloc((n + 1) * sizeof *in);
    if (!in) return NULL;
    for (size_t i = 0; i < n; i++) in[i] = c[i].did;
    xap_docid *dids = annals_docids_sorted(in, n, at);
    free(in);
    return dids;
}

int annals_rank_sort(annals_ranker *r, annals_candidate *c, size_t n, xap_err *err)
{
    if (r->exact && n) {
        size_t *at = malloc(n * sizeof *at);
        xap_docid *dids = at ? annals_candidates_docids(c, n, at) : NULL;
        uint32_t *wdf = malloc(n * sizeof *wdf);
        int rc = 0;
        if (!dids || !wdf) rc = (xap_err_nomem(err), -1);
        const char *exact = r->exact;
        size_t len = strlen(exact);
        if (!rc && xap_db_terms_wdfs(r->db, &exact, &len, 1, dids, n, wdf, err) != XAP_OK) rc = -1;
        for (size_t i = 0; !rc && i < n; i++) c[i].exact = wdf[at[i]] > 0;
        free(at);
        free(dids);
        free(wdf);
        if (rc) return rc;
    }
    return annals_candidates_order(r->db, c, n, err);
}

double annals_bm25(const annals_ranker *r, double idf, double wdf, double len)
{
    double norm = r->k1 * (1 - r->b + (r->avlength > 0 ? r->b * len / r->avlength : 0));
    return wdf > 0 ? idf * wdf * (r->k1 + 1) / (wdf + norm) : 0.0;
}

int annals_candidate_hit_at(const annals_candidate *c, unsigned pos)
{
    annals_hitpos key = {pos, 0, 0};
    return c->nhits && bsearch(&key, c->hits, c->nhits, sizeof *c->hits, cmp_hitpos) != NULL;
}
