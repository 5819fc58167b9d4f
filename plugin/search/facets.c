/* facets.c - exact, multi-valued facets from match spies.
 *
 * Each section keeps its whole year set (and entity set) in one value slot,
 * and the sets are split here: a year, decade or century counts the
 * sections of each set that touches it, so each matching section once.
 * On a local database the year sets are counted as the match hands them
 * over; on remote shards, Xapian's ValueCountMatchSpy (which a stock server
 * knows) counts each distinct set, and the sets are counted after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "analyze/dates.h"
#include "doc/docdata.h"
#include "search/results.h"
#include "doc/schema.h"

/* Counts by year, decade or century: bucket k holds the years from
 * 1000 + k * width. */
typedef struct {
    int width;                  /* 1, 10 or 100 years (0: not counted) */
    unsigned *count;
    size_t *seen;               /* the last value (1-based) counted in it */
} buckets;

/* The widths of years, decades and centuries. */
static const unsigned WIDTH[3] = {1, 10, 100};

struct annals_year_tally {
    buckets b[3];               /* years, decades, centuries */
    size_t value;               /* the values seen so far */
};

/* Counts bucket k of b for the value being counted, once. */
static inline void bump(buckets *b, size_t k, size_t value, uint32_t count)
{
    if (b->width && b->seen[k] != value) {
        b->seen[k] = value;
        b->count[k] += count;
    }
}

/* Counts year y (when it is one) for the value being counted. */
static inline void count_year(annals_year_tally *t, unsigned y, size_t value, uint32_t count)
{
    if (!annals_is_year(y)) return;
    unsigned k = y - 1000;
    bump(&t->b[0], k / WIDTH[0], value, count);
    bump(&t->b[1], k / WIDTH[1], value, count);
    bump(&t->b[2], k / WIDTH[2], value, count);
}

/* Called for each section matched (or set of them): kept lean, the widths
 * constants.  The indexer writes four-digit years a space apart, read four
 * digits at a time while the text keeps that form (the facet pass took a
 * tenth less time than reading a byte at a time); any other text is read
 * as runs of digits. */
int annals_year_count(void *ctx, const char *v, size_t len, uint32_t count)
{
    annals_year_tally *t = ctx;
    size_t value = ++t->value, i = 0;
    for (; i + 4 <= len && (i + 4 == len || v[i + 4] == ' '); i += 5) {
        unsigned d0 = (unsigned)(v[i] - '0'), d1 = (unsigned)(v[i + 1] - '0'),
                 d2 = (unsigned)(v[i + 2] - '0'), d3 = (unsigned)(v[i + 3] - '0');
        if ((d0 > 9) | (d1 > 9) | (d2 > 9) | (d3 > 9)) break;
        count_year(t, ((d0 * 10 + d1) * 10 + d2) * 10 + d3, value, count);
    }
    while (i < len) {
        unsigned y = 0;
        size_t s = i;
        for (; i < len && (unsigned)(v[i] - '0') < 10; i++)
            if (y <= 2100) y = y * 10 + (unsigned)(v[i] - '0'); /* (past that, no year) */
        if (i > s) count_year(t, y, value, count);
        while (i < len && (unsigned)(v[i] - '0') >= 10) i++;
    }
    return 0;
}

/* The buckets that count some section, ascending, into *out (owned by
 * the results); -1 when out of memory. */
static int take_buckets(const buckets *b, annals_facet **out, size_t *nout)
{
    size_t nb = 1100 / (size_t)b->width + 1, n = 0;
    for (size_t k = 0; k < nb; k++) n += b->count[k] > 0;
    if (!(*out = calloc(n + 1, sizeof **out))) return -1;
    for (size_t k = 0; k < nb; k++)
        if (b->count[k]) (*out)[(*nout)++] = (annals_facet){1000 + (long)k * b->width, NULL, b->count[k]};
    return 0;
}

void annals_year_tally_free(annals_year_tally *t)
{
    for (int g = 0; t && g < 3; g++) {
        free(t->b[g].count);
        free(t->b[g].seen);
    }
    free(t);
}

annals_year_tally *annals_year_tally_new(const annals_search_opts *o)
{
    const int on[3] = {o->facet_years, o->facet_decades, o->facet_centuries};
    annals_year_tally *t = calloc(1, sizeof *t);
    for (int g = 0; t && g < 3; g++) {
        if (!on[g]) continue;
        size_t nb = 1100 / (size_t)WIDTH[g] + 1;
        t->b[g] = (buckets){WIDTH[g], calloc(nb, sizeof(unsigned)), calloc(nb, sizeof(size_t))};
        if (!t->b[g].count || !t->b[g].seen) {
            annals_year_tally_free(t);
            return NULL;
        }
    }
    return t;
}

int annals_year_facets(annals_results *r, const annals_year_tally *t)
{
    annals_facet **out[3] = {&r->years, &r->decades, &r->centuries};
    size_t *nout[3] = {&r->nyears, &r->ndecades, &r->ncenturies};
    for (int g = 0; g < 3; g++)
        if (t->b[g].width && take_buckets(&t->b[g], out[g], nout[g]) < 0) return -1;
    return 0;
}

typedef struct {
    struct idc { uint32_t id; unsigned count; } *ids;
    size_t n, cap;
    int oom;
} tally;

static int on_entities(void *ctx, const char *v, size_t len, uint32_t count)
{
    tally *t = ctx;
    for (size_t i = 0; i < len;) {
        unsigned long id = 0;
        size_t s = i;
        while (i < len && v[i] >= '0' && v[i] <= '9' && i - s < 10) id = id * 10 + (unsigned long)(v[i++] - '0');
        if (i > s && id <= UINT32_MAX) {
            struct idc *p = annals_grow(t->ids, &t->cap, t->n, sizeof *t->ids);
            if (!p) {
                t->oom = 1;
                return 1;
            }
            t->ids = p;
            t->ids[t->n++] = (struct idc){(uint32_t)id, count};
        }
        while (i < len && (v[i] < '0' || v[i] > '9')) i++;
    }
    return 0;
}

static int by_id(const void *a, const void *b)
{
    const struct idc *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static int by_count(const void *a, const void *b)
{
    const struct idc *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

/* The surface text of a mention of id, from a section that mentions it. */
static const char *surface_name(annals_results *r, xap_db *db, uint32_t id)
{
    xap_docid did;
    xap_err err;
    char *json = NULL;
    size_t len;
    if (!annals_first_doc(db, P_ENTITY, id, &did) || xap_db_data(db, did, &json, &len, &err) != XAP_OK)
        return NULL;
    annals_docdata d;
    const char *name = NULL;
    if (annals_docdata_decode(json, len, &d) == 0) {
        for (size_t i = 0; i < d.nentities && !name; i++)
            if (d.entities[i].id == id) name = annals_results_keep(r, strdup(d.entities[i].name));
        annals_docdata_free(&d);
    }
    free(json);
    return name;
}

int annals_entity_facet(annals_results *r, xap_db *db, const xap_spy *spy, unsigned top)
{
    tally t = {NULL, 0, 0, 0};
    xap_spy_each(spy, on_entities, &t);
    if (t.oom) {
        free(t.ids);
        return -1;
    }
    if (t.n > 1) qsort(t.ids, t.n, sizeof *t.ids, by_id);
    size_t m = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (m && t.ids[m - 1].id == t.ids[i].id) t.ids[m - 1].count += t.ids[i].count;
        else t.ids[m++] = t.ids[i];
    }
    if (m > 1) qsort(t.ids, m, sizeof *t.ids, by_count);
    size_t n = m < top ? m : top;
    r->entities = calloc(n + 1, sizeof *r->entities);
    if (!r->entities) {
        free(t.ids);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = annals_entity_title(r, db, t.ids[i].id);
        if (!name) name = surface_name(r, db, t.ids[i].id);
        r->entities[r->nentities++] = (annals_facet){(long)t.ids[i].id, name ? name : "", t.ids[i].count};
    }
    free(t.ids);
    return 0;
}
