/* hits.c - a hit as shown: the windows of text that answer it (answer.h),
 * highlighted, and its years and entities, all from the document's data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "analyze/passage.h"
#include "search/answer.h"
#include "search/results.h"
#include "doc/schema.h"

char *annals_results_keep(annals_results *r, char *s)
{
    if (!s) return NULL;
    char **v = annals_grow(r->strings, &r->capstrings, r->nstrings, sizeof *r->strings);
    if (!v) {
        free(s);
        return NULL;
    }
    r->strings = v;
    return r->strings[r->nstrings++] = s;
}

int annals_first_doc(xap_db *db, const char *prefix, uint32_t id, xap_docid *did)
{
    char term[32];
    int n = snprintf(term, sizeof term, "%s%u", prefix, (unsigned)id);
    size_t got = 0;
    xap_err err;
    return xap_db_postings(db, term, (size_t)n, did, 1, &got, &err) == XAP_OK && got == 1;
}

static const char *lookup_title(annals_results *r, xap_db *db, uint32_t id)
{
    char term[32];
    snprintf(term, sizeof term, "%s%u", P_ARTICLE, (unsigned)id);
    xap_err err;
    char *title = NULL;
    size_t len = 0;
    if (xap_db_value_by_term(db, term, SLOT_TITLE, &title, &len, &err) != XAP_OK || !title) return NULL;
    if (len == 0) {
        free(title);
        return NULL;
    }
    return annals_results_keep(r, title);
}

const char *annals_entity_title(annals_results *r, xap_db *db, uint32_t id)
{
    for (size_t i = 0; i < r->ntitles; i++)
        if (r->titles[i].id == id) return r->titles[i].title;
    const char *title = lookup_title(r, db, id);
    struct annals_title *v = annals_grow(r->titles, &r->captitles, r->ntitles, sizeof *r->titles);
    if (v) { /* else (out of memory) it is looked up again next time */
        r->titles = v;
        r->titles[r->ntitles++] = (struct annals_title){id, title};
    }
    return title;
}

/* The passage shown for window w of d; takes w's highlights. */
static int fill_passage(annals_passage *p, const annals_docdata *d, annals_window *w, xap_err *err)
{
    char *text = strndup(d->text + w->start, w->end - w->start);
    if (!text) return xap_err_nomem(err), -1;
    p->text = text;
    p->highlights = w->highlights;
    p->nhighlights = w->nhighlights;
    p->score = w->score;
    w->highlights = NULL;
    return 0;
}

/* A hit from value slots alone: no document data is read. */
static int fill_light(annals_results *r, xap_db *db, const annals_candidate *c, annals_hit *h,
                      xap_err *err)
{
    static const unsigned slots[3] = {SLOT_ARTICLE, SLOT_SECTION, SLOT_TITLE};
    char *v[3];
    size_t len[3];
    if (xap_db_values(db, c->did, slots, 3, v, len, err) != XAP_OK) return -1;
    h->article = (uint32_t)strtoul(v[0], NULL, 10);
    h->section = (unsigned)strtoul(v[1], NULL, 10);
    free(v[0]);
    free(v[1]);
    if (!(h->title = annals_results_keep(r, v[2]))) return xap_err_nomem(err), -1;
    h->heading = h->path = "";
    h->score = c->score;
    return 0;
}

int annals_fill_ids(annals_results *r, xap_db *db, const annals_candidate *c, int article_known,
                    size_t i, xap_err *err)
{
    annals_hit *h = &r->hits[i];
    h->score = c->score;
    h->title = h->heading = h->path = "";
    h->article = c->article;
    if (article_known) return 0;
    char *v = NULL;
    size_t len;
    if (xap_db_value(db, c->did, SLOT_ARTICLE, &v, &len, err) != XAP_OK) return -1;
    h->article = (uint32_t)strtoul(v, NULL, 10);
    free(v);
    return 0;
}

int annals_fill_hit(annals_results *r, xap_db *db, const annals_candidate *c, unsigned passages,
                    const annals_answer_want *ask, size_t i, xap_err *err)
{
    if (!passages) return fill_light(r, db, c, &r->hits[i], err);
    char *json = NULL;
    size_t len;
    if (xap_db_data(db, c->did, &json, &len, err) != XAP_OK) return -1;
    annals_docdata *d = &r->data[i];
    int bad = annals_docdata_decode(json, len, d);
    free(json);
    if (bad) {
        err->status = XAP_ERR_CORRUPT;
        snprintf(err->message, sizeof err->message, "document %u holds no annals data", c->did);
        return -1;
    }
    annals_hit *h = &r->hits[i];
    h->score = c->score;
    h->article = d->article;
    h->section = d->section;
    h->title = d->title;
    h->heading = d->heading;
    h->path = d->path;
    h->years = d->years;
    h->nyears = d->nyears;
    /* Passages: the table in the data matches the one in the value slot. */
    annals_window *win = calloc(passages + 1, sizeof *win);
    h->passages = calloc(passages + 1, sizeof *h->passages);
    if (!win || !h->passages) {
        free(win);
        return xap_err_nomem(err), -1;
    }
    long n = d->npassages == c->npass ? annals_answer_windows(d, c, ask, passages, win) : 0;
    if (n < 0) {
        free(win);
        return xap_err_nomem(err), -1;
    }
    int rc = 0;
    for (long k = 0; k < n; k++) {
        if (rc == 0 && (rc = fill_passage(&h->passages[k], d, &win[k], err)) == 0) h->npassages++;
        free(win[k].highlights);
    }
    free(win);
    if (rc) return rc;
    h->entities = calloc(d->nentities + 1, sizeof *h->entities);
    if (!h->entities) return xap_err_nomem(err), -1;
    for (size_t k = 0; k < d->nentities; k++) {
        const char *title = annals_entity_title(r, db, d->entities[k].id);
        h->entities[k].id = d->entities[k].id;
        h->entities[k].name = title ? title : d->entities[k].name;
    }
    h->nentities = d->nentities;
    return 0;
}
