/* search.c - annals_search: parse, match, rerank by passages, count
 * facets, fill hits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shim/xap.h"
#include "annals.h"
#include "search/db.h"
#include "search/query.h"
#include "search/rank.h"
#include "search/feedback.h"
#include "search/results.h"
#include "doc/schema.h"
#include "util/idset.h"
#include "util/status.h"
#include "analyze/stem.h"

/* BM25 over sections: Robertson's k1 = 1.2, and a moderate length
 * normalisation (b = 0.5, Xapian's default), since sections differ widely in
 * length and strong normalisation favours short sections that mention a
 * word in passing. */
static const double BM25_K1 = 1.2, BM25_B = 0.5;
/* The top sections by BM25 that are rescored by their passages; those
 * below keep their BM25 order, scaled to rank under the rescored ones. */
#define RERANK_POOL 50
/* Without facets, matches are counted exactly up to this many. */
#define EXACT_TOTAL_UPTO 100
/* A search that a writer's commits overtook is run again on the latest
 * commit, at most this many times in all. */
#define SEARCH_TRIES 3

void annals_search_opts_init(annals_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->passages = 1;
    o->facet_years = 1;
}

/* Keeps a failure from Xapian on db (for annals_db_recover too). */
static annals_status fail(annals_db *db, const xap_err *err)
{
    db->failure = *err;
    snprintf(db->error, sizeof db->error, "%s", err->message);
    db->modified = err->status == XAP_ERR_MODIFIED;
    return annals_from_xap(err->status);
}

void annals_results_free(annals_results *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nhits; i++) {
        annals_hit *h = &r->hits[i];
        for (size_t k = 0; h->passages && k < h->npassages; k++) {
            free((char *)h->passages[k].text);
            free(h->passages[k].highlights);
        }
        free(h->passages);
        free(h->entities);
        annals_docdata_free(&r->data[i]);
    }
    free(r->hits);
    free(r->data);
    free(r->years);
    free(r->decades);
    free(r->centuries);
    free(r->entities);
    for (size_t i = 0; i < r->nstrings; i++) free(r->strings[i]);
    free(r->strings);
    free(r->titles);
    free(r->missing);
    free(r);
}

typedef struct {
    annals_db *db;
    const annals_search_opts *o;
    annals_query q;
    annals_ranker rk;
    xap_enquire *enq;
    xap_spy *years, *ents;      /* the year slot's (years, decades, centuries), the entity slot's */
    annals_year_tally *tally;   /* what the year spy counts into */
    annals_candidate *cands;
    size_t ncands;
    annals_results *r;
    xap_err err;
} search;

/* Counts the facets (and the total) over every section that matches the
 * user's query, in a pass of its own: unweighted, so that no document
 * length or weight is computed, and each shard's values read once for
 * the handle's revision, not again at each search (shim/xap.h). */
static annals_status count_facets(search *s)
{
    xap_spy *spies[2];
    size_t n = 0;
    uint32_t total;
    int exact;
    if (s->years) spies[n++] = s->years;
    if (s->ents) spies[n++] = s->ents;
    /* The user's query, without feedback terms or weight-only clauses. */
    if (xap_db_count_matches(s->db->db, s->q.filter ? s->q.filter : s->q.query, spies, n, &total, &exact,
                             &s->err) != XAP_OK)
        return fail(s->db, &s->err);
    s->r->total = total;
    s->r->total_exact = exact;
    return ANNALS_OK;
}

/* Reads the first n candidates of an mset (and their articles when
 * collapsed). */
static annals_status take(xap_mset *m, uint32_t n, annals_candidate **out, size_t *nout, int keys)
{
    annals_candidate *v = calloc(n + 1, sizeof *v);
    if (!v) return ANNALS_ERR_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        v[i].did = xap_mset_docid(m, i);
        v[i].weight = v[i].score = annals_stable_score(xap_mset_weight(m, i));
        xap_mset_sort_key(m, i, v[i].key, sizeof v[i].key);
        if (keys) {
            char key[16];
            xap_mset_collapse_key(m, i, key, sizeof key);
            v[i].article = (uint32_t)strtoul(key, NULL, 10);
        }
    }
    *out = v;
    *nout = n;
    return ANNALS_OK;
}

/* Rescores the top candidates by their passages and puts them in order;
 * those below keep their BM25 order, scaled to rank under them. */
static annals_status rescore(search *s, annals_candidate *c, size_t n)
{
    size_t pool = n < RERANK_POOL ? n : RERANK_POOL;
    if (annals_rank_pool(&s->rk, c, pool, &s->err) < 0) return fail(s->db, &s->err);
    for (size_t i = 0; i < pool; i++)
        if (annals_rank_candidate(&s->rk, &c[i], &s->err) < 0) return fail(s->db, &s->err);
    if (annals_rank_sort(&s->rk, c, pool, &s->err) < 0) return fail(s->db, &s->err);
    if (pool < n && c[pool].weight > 0) {
        double floor = c[pool - 1].score;
        for (size_t i = 0; i < pool; i++)
            if (c[i].score < floor) floor = c[i].score;
        double scale = floor / c[pool].weight * (1 - 1e-9);
        for (size_t i = pool; i < n; i++) c[i].score = annals_stable_score(c[i].weight * scale);
    }
    if (annals_candidates_order(s->db->db, c + pool, n - pool, &s->err) < 0) return fail(s->db, &s->err);
    return ANNALS_OK;
}

/* Reranks the first pass's candidates (best first by BM25): by feedback
 * when asked for, then by their passages. */
static annals_status rerank(search *s, annals_candidate *c, size_t n)
{
    if (s->o->expand && !xap_query_empty(s->q.query) && annals_feedback(&s->rk, &s->q, c, n, &s->err) < 0)
        return fail(s->db, &s->err);
    return rescore(s, c, n);
}

/* The first n matches by relevance as candidates, best first, equal
 * scores in date order (which ends in article and section), not in docid
 * order: the same hits in the same order however the database is sharded.
 * Xapian's tie-break by value reads a value for each match it considers
 * (half again the match's cost), so the match is by weight alone and one
 * deeper, and the keys are read only where scores tie; when a tie crosses
 * the cut, the match runs again with Xapian's tie-break.  The mset is
 * left in *m (the caller's to free), for its estimates. */
static annals_status top_matches(search *s, uint32_t n, uint32_t check, xap_mset **m)
{
    uint32_t more = n < UINT32_MAX ? n + 1 : n;
    xap_enquire_set_tiebreak(s->enq, -1);
    if (xap_enquire_mset(s->enq, 0, more, check > more ? check : more, m, &s->err) != XAP_OK)
        return fail(s->db, &s->err);
    uint32_t got = xap_mset_size(*m);
    if (got > n && n > 0 &&
        annals_stable_score(xap_mset_weight(*m, n - 1)) == annals_stable_score(xap_mset_weight(*m, n))) {
        xap_mset_free(*m);
        *m = NULL;
        xap_enquire_set_tiebreak(s->enq, SLOT_DATE);
        if (xap_enquire_mset(s->enq, 0, n, check, m, &s->err) != XAP_OK) return fail(s->db, &s->err);
        got = xap_mset_size(*m);
    }
    annals_status st = take(*m, got < n ? got : n, &s->cands, &s->ncands, 0);
    if (st == ANNALS_OK && annals_candidates_order(s->db->db, s->cands, s->ncands, &s->err) < 0)
        st = fail(s->db, &s->err);
    return st;
}

/* A one-per-article match first asks for this many sections per article
 * wanted (RERANK_POOL at least).  In a TREC run of 2,000 queries on the dev
 * archive (12 sections an article), 3 cost 4% less than 4 and 9% less
 * than 2, with which 393 queries had to ask again (12 with 3). */
#define SECTIONS_PER_ARTICLE 3

/* The next depth when depth sections held too few articles: as many more
 * as the articles seen so far promise, and a quarter again (between 1.5
 * and 4 times depth; 4 when none was seen). */
static uint32_t deeper(uint32_t depth, uint32_t want, long articles)
{
    double grow = articles > 0 ? 1.25 * (double)want / (double)articles : 4;
    grow = grow < 1.5 ? 1.5 : grow > 4 ? 4 : grow;
    return (uint32_t)(depth * grow);
}

/* Sets each candidate's article, in one pass along the article slot. */
static annals_status tag_articles(search *s, annals_candidate *c, size_t n)
{
    size_t *at = malloc((n + 1) * sizeof *at);
    xap_docid *dids = at ? annals_candidates_docids(c, n, at) : NULL;
    uint32_t *article = malloc((n + 1) * sizeof *article);
    annals_status st = dids && article ? ANNALS_OK : ANNALS_ERR_NOMEM;
    if (st == ANNALS_OK && xap_db_slot_numbers(s->db->db, SLOT_ARTICLE, dids, n, article, &s->err) != XAP_OK)
        st = fail(s->db, &s->err);
    for (size_t i = 0; st == ANNALS_OK && i < n; i++) c[i].article = article[at[i]];
    free(at);
    free(dids);
    free(article);
    return st;
}

/* How many articles the n candidates are of; -1 when out of memory. */
static long articles_in(const annals_candidate *c, size_t n)
{
    annals_idset seen = ANNALS_IDSET_INIT;
    long articles = 0;
    for (size_t i = 0; i < n && articles >= 0; i++)
        if (!annals_idset_has(&seen, c[i].article))
            articles = annals_idset_add(&seen, c[i].article) < 0 ? -1 : articles + 1;
    annals_idset_free(&seen);
    return articles;
}

/* Keeps the first candidate of each article, in order, want at most: moves
 * them to the front and frees the others; *kept = how many.  -1 when out of
 * memory. */
static int first_of_articles(annals_candidate *c, size_t n, size_t want, size_t *kept)
{
    annals_idset seen = ANNALS_IDSET_INIT;
    size_t k = 0;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (k < want && rc == 0 && !annals_idset_has(&seen, c[i].article)) {
            rc = annals_idset_add(&seen, c[i].article);
            annals_candidate tmp = c[k];
            c[k++] = c[i];
            c[i] = tmp;
        } else {
            annals_candidate_free(&c[i]);
        }
    }
    annals_idset_free(&seen);
    *kept = k;
    return rc;
}

/* One hit per article, collapsed here: Xapian's collapse costs several
 * times the match itself.  The top sections by BM25, deep enough to hold
 * want articles, are rescored (the first RERANK_POOL of them) and each
 * article keeps its first section. */
static annals_status per_article(search *s, uint32_t want)
{
    uint32_t depth = want > UINT32_MAX / SECTIONS_PER_ARTICLE ? UINT32_MAX : want * SECTIONS_PER_ARTICLE;
    if (depth < RERANK_POOL) depth = RERANK_POOL; /* the same pool, whatever the limit */
    for (;;) {
        xap_mset *m = NULL;
        annals_status st = top_matches(s, depth, depth, &m);
        uint32_t estimated = m ? xap_mset_estimated(m) : 0, got = (uint32_t)s->ncands;
        xap_mset_free(m);
        if (st == ANNALS_OK) st = tag_articles(s, s->cands, s->ncands);
        if (st != ANNALS_OK) return st;
        int all = got < depth; /* every match seen */
        long articles = articles_in(s->cands, s->ncands);
        if (articles < 0) return ANNALS_ERR_NOMEM;
        if (all || articles >= (long)want || depth > UINT32_MAX / 4) {
            size_t kept = 0;
            if ((st = rerank(s, s->cands, s->ncands)) != ANNALS_OK) return st;
            if (first_of_articles(s->cands, s->ncands, want, &kept) < 0) st = ANNALS_ERR_NOMEM;
            s->ncands = kept;
            s->r->total_exact = all;
            /* Unless all were seen: as many articles per section as here. */
            s->r->total = all ? (uint32_t)articles : (uint32_t)((double)estimated * articles / got);
            return st;
        }
        free(s->cands);
        s->cands = NULL;
        s->ncands = 0;
        depth = deeper(depth, want, articles);
    }
}

/* Runs the match; fills the candidates, best first, and the total. */
static annals_status match(search *s)
{
    const annals_search_opts *o = s->o;
    int facets = s->years || s->ents;
    xap_mset *m = NULL;
    uint32_t first = 0, want = o->offset + o->limit;
    if (o->sort == ANNALS_SORT_DATE) {
        xap_enquire_set_sort_by_value(s->enq, SLOT_DATE, 0);
        first = o->offset;
        want = o->limit;
    }
    if (o->sort == ANNALS_SORT_RELEVANCE && !o->per_article && want < RERANK_POOL) {
        want = RERANK_POOL;
    }
    uint32_t check = first + want > EXACT_TOTAL_UPTO ? first + want : EXACT_TOTAL_UPTO;
    xap_enquire_set_bm25(s->enq, BM25_K1, BM25_B);
    annals_status st = ANNALS_OK;
    if (o->per_article && o->sort == ANNALS_SORT_RELEVANCE) {
        st = per_article(s, want);
    } else if (o->sort == ANNALS_SORT_RELEVANCE) {
        st = top_matches(s, want, check, &m);
        if (m) {
            s->r->total = xap_mset_estimated(m);
            s->r->total_exact = xap_mset_exact(m);
            xap_mset_free(m);
        }
        if (st == ANNALS_OK) st = rerank(s, s->cands, s->ncands);
    } else {
        if (o->per_article) xap_enquire_set_collapse(s->enq, SLOT_ARTICLE);
        if (xap_enquire_mset(s->enq, first, want, check, &m, &s->err) != XAP_OK)
            return fail(s->db, &s->err);
        s->r->total = xap_mset_estimated(m);
        s->r->total_exact = xap_mset_exact(m);
        st = take(m, xap_mset_size(m), &s->cands, &s->ncands, o->per_article);
        xap_mset_free(m);
    }
    if (st == ANNALS_OK && facets) st = count_facets(s);
    return st;
}

/* The place in the query of the word whose stem is focus's, or -1. */
static long focus_qpos(search *s, const char *focus)
{
    size_t sl;
    const char *stem = annals_stem(s->db->stem, focus, strlen(focus), &sl);
    size_t pl = strlen(P_STEM);
    for (size_t i = 0; stem && i < s->q.nterms; i++) {
        const annals_qterm *t = &s->q.terms[i];
        if (t->kind == ANNALS_QT_STEM && t->len == pl + sl && memcmp(t->term, P_STEM, pl) == 0 &&
            memcmp(t->term + pl, stem, sl) == 0)
            return (long)t->qpos;
    }
    return -1;
}

static annals_status fill(search *s)
{
    const annals_search_opts *o = s->o;
    size_t from = o->sort == ANNALS_SORT_DATE ? 0 : o->offset;
    size_t n = s->ncands > from ? s->ncands - from : 0;
    if (n > o->limit) n = o->limit;
    annals_results *r = s->r;
    annals_answer_want ask;
    annals_answer_want_of(o->query, &ask);
    if (ask.focus[0]) ask.focus_qpos = focus_qpos(s, ask.focus);
    r->hits = calloc(n + 1, sizeof *r->hits);
    r->data = calloc(n + 1, sizeof *r->data);
    if (!r->hits || !r->data) return ANNALS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        annals_candidate *c = &s->cands[from + i];
        r->nhits++;
        r->hits[i].rank = (unsigned)(o->offset + i + 1);
        if (o->ids_only) {
            if (annals_fill_ids(r, s->db->db, c, o->per_article, i, &s->err) < 0)
                return fail(s->db, &s->err);
            continue;
        }
        /* Sections in date order, or past the rescored ones, were not
         * rescored: load their passages, keeping the score they rank by. */
        double score = o->sort == ANNALS_SORT_DATE ? c->weight : c->score;
        if (o->passages && !c->pscores && annals_rank_candidate(&s->rk, c, &s->err) < 0)
            return fail(s->db, &s->err);
        c->score = score;
        if (annals_fill_hit(r, s->db->db, c, o->passages, &ask, i, &s->err) < 0)
            return fail(s->db, &s->err);
    }
    if (s->years) {
        xap_spy_each(s->years, annals_year_count, s->tally); /* (remote shards) */
        if (annals_year_facets(r, s->tally) < 0) return ANNALS_ERR_NOMEM;
    }
    if (s->ents && annals_entity_facet(r, s->db->db, s->ents, o->facet_entities) < 0)
        return ANNALS_ERR_NOMEM;
    return ANNALS_OK;
}

/* Runs a search once, over the shards db has now. */
static annals_status search_once(annals_db *db, const annals_search_opts *o, annals_results **out)
{
    if (!o->query || o->limit == 0) {
        snprintf(db->error, sizeof db->error, o->query ? "limit must be at least 1" : "no query");
        return ANNALS_ERR_ARGUMENT;
    }
    search s;
    memset(&s, 0, sizeof s);
    s.db = db;
    s.o = o;
    abuf err = ABUF_INIT;
    int rc = annals_query_parse(o->query, o->plain, db->db, db->stem, &s.q, &err);
    if (rc == 0) rc = annals_query_narrow(&s.q, o->years, o->entity, db->db, &err);
    if (rc < 0) {
        annals_query_free(&s.q);
        snprintf(db->error, sizeof db->error, "%s", err.data ? err.data : "out of memory");
        abuf_free(&err);
        return rc == -1 ? ANNALS_ERR_QUERY : ANNALS_ERR_NOMEM;
    }
    abuf_free(&err);
    annals_status st = ANNALS_OK;
    s.r = calloc(1, sizeof *s.r);
    if (!s.r || annals_ranker_init(&s.rk, db->db, &s.q, BM25_K1, BM25_B) < 0) {
        st = ANNALS_ERR_NOMEM;
        goto done;
    }
    if (xap_db_doccount(db->db) == 0) { /* nothing to match: Xapian has no Enquire for it */
        s.r->total_exact = 1;
        goto done;
    }
    if (xap_enquire_new(db->db, &s.enq, &s.err) != XAP_OK) {
        st = fail(db, &s.err);
        goto done;
    }
    xap_enquire_set_query(s.enq, s.q.query);
    int by_year = o->facet_years || o->facet_decades || o->facet_centuries;
    if (by_year && (!(s.tally = annals_year_tally_new(o)) ||
                    !(s.years = xap_spy_new_each(db->db, SLOT_YEARS, annals_year_count, s.tally))))
        st = ANNALS_ERR_NOMEM;
    if (o->facet_entities && !(s.ents = xap_spy_new(db->db, SLOT_ENTITIES))) st = ANNALS_ERR_NOMEM;
    if (st != ANNALS_OK) goto done;
    if ((st = match(&s)) == ANNALS_OK) st = fill(&s);
done:
    for (size_t i = 0; i < s.ncands; i++) annals_candidate_free(&s.cands[i]);
    free(s.cands);
    xap_enquire_free(s.enq);
    xap_spy_free(s.years);
    annals_year_tally_free(s.tally);
    xap_spy_free(s.ents);
    annals_ranker_free(&s.rk);
    annals_query_free(&s.q);
    if (st != ANNALS_OK) {
        if (st == ANNALS_ERR_NOMEM) snprintf(db->error, sizeof db->error, "out of memory");
        annals_results_free(s.r);
        return st;
    }
    *out = s.r;
    return ANNALS_OK;
}

/* The shards the results lack: db's left out so far, names copied. */
static annals_status note_missing(annals_db *db, annals_results *r)
{
    size_t n = 0;
    while (annals_db_missing(db, n, NULL)) n++;
    if (n && !(r->missing = calloc(n + 1, sizeof *r->missing))) return ANNALS_ERR_NOMEM;
    for (; r->nmissing < n; r->nmissing++)
        if (!(r->missing[r->nmissing] = annals_results_keep(r, strdup(annals_db_missing(db, r->nmissing, NULL)))))
            return ANNALS_ERR_NOMEM;
    return ANNALS_OK;
}

annals_status annals_search(annals_db *db, const annals_search_opts *o, annals_results **out)
{
    *out = NULL;
    annals_status st = ANNALS_OK;
    for (int tries = 1;; tries++) {
        db->modified = 0;
        st = search_once(db, o, out);
        /* A remote shard failed: without the shards to blame, again (each
         * round leaves one out at least), when partial results will do. */
        if (st == ANNALS_ERR_UNAVAILABLE && (st = annals_db_recover(db)) == ANNALS_OK) continue;
        /* A writer's commits overtook the search: again on the latest. */
        if (st == ANNALS_OK || !db->modified || tries >= SEARCH_TRIES || annals_db_reopen(db) != ANNALS_OK)
            break;
    }
    if (st == ANNALS_OK && (st = note_missing(db, *out)) != ANNALS_OK) {
        snprintf(db->error, sizeof db->error, "out of memory");
        annals_results_free(*out);
        *out = NULL;
    }
    return st;
}

unsigned annals_results_total(const annals_results *r)
{
    return r->total;
}

int annals_results_total_exact(const annals_results *r)
{
    return r->total_exact;
}

size_t annals_results_count(const annals_results *r)
{
    return r->nhits;
}

const annals_hit *annals_results_hit(const annals_results *r, size_t i)
{
    return i < r->nhits ? &r->hits[i] : NULL;
}

const annals_facet *annals_results_years(const annals_results *r, size_t *n)
{
    *n = r->nyears;
    return r->years;
}

const annals_facet *annals_results_decades(const annals_results *r, size_t *n)
{
    *n = r->ndecades;
    return r->decades;
}

const annals_facet *annals_results_centuries(const annals_results *r, size_t *n)
{
    *n = r->ncenturies;
    return r->centuries;
}

const annals_facet *annals_results_entities(const annals_results *r, size_t *n)
{
    *n = r->nentities;
    return r->entities;
}

const char *annals_results_missing(const annals_results *r, size_t i)
{
    return i < r->nmissing ? r->missing[i] : NULL;
}
