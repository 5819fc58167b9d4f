/* facets.c - exact, multi-valued facets from stock match spies.
 *
 * Each section keeps its whole year set (and entity set) in one value slot;
 * Xapian's ValueCountMatchSpy counts each distinct set, which works on
 * remote shards too, and the sets are split and summed here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "analyze/dates.h"
#include "doc/docdata.h"
#include "search/results.h"
#include "doc/schema.h"

typedef struct {
    unsigned *count;            /* years: index year - 1000 */
    struct idc { uint32_t id; unsigned count; } *ids;
    size_t n, cap;
    int oom;
} tally;

static int on_years(void *ctx, const char *v, size_t len, uint32_t count)
{
    tally *t = ctx;
    for (size_t i = 0; i < len;) {
        long y = 0;
        size_t s = i;
        while (i < len && v[i] >= '0' && v[i] <= '9') y = y * 10 + (v[i++] - '0');
        if (i > s && annals_is_year(y)) t->count[y - 1000] += count;
        while (i < len && (v[i] < '0' || v[i] > '9')) i++;
    }
    return 0;
}

int annals_year_facet(annals_results *r, const xap_spy *spy)
{
    tally t = {calloc(1101, sizeof(unsigned)), NULL, 0, 0, 0};
    if (!t.count) return -1;
    xap_spy_each(spy, on_years, &t);
    size_t n = 0;
    for (int y = 0; y <= 1100; y++) n += t.count[y] > 0;
    r->years = calloc(n + 1, sizeof *r->years);
    if (!r->years) {
        free(t.count);
        return -1;
    }
    for (int y = 0; y <= 1100; y++)
        if (t.count[y]) r->years[r->nyears++] = (annals_facet){1000 + y, NULL, t.count[y]};
    free(t.count);
    return 0;
}

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
    tally t = {NULL, NULL, 0, 0, 0};
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
