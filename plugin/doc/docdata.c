/* docdata.c - document data as JSON, through jansson. */
#include "doc/docdata.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int iso(char *out, size_t cap, int y, int m, int d)
{
    if (d) return snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    if (m) return snprintf(out, cap, "%04d-%02d", y, m);
    return snprintf(out, cap, "%04d", y);
}

static json_t *dates_json(const annals_dates *dates)
{
    json_t *a = json_array();
    for (size_t i = 0; a && dates && i < dates->n; i++) {
        const annals_date *d = &dates->v[i];
        char s[48];
        int n = iso(s, sizeof s, d->y1, d->m1, d->d1);
        if (d->y2 != d->y1 || d->m2 != d->m1 || d->d2 != d->d1) {
            s[n++] = '/';
            iso(s + n, sizeof s - (size_t)n, d->y2, d->m2, d->d2);
        }
        if (json_array_append_new(a, json_string(s)) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

int annals_docdata_encode(const annals_docdata *d, const annals_dates *dates, abuf *out)
{
    json_t *years = json_array(), *ents = json_array(), *pass = json_array();
    int bad = !years || !ents || !pass;
    for (size_t i = 0; !bad && i < d->nyears; i++)
        bad = json_array_append_new(years, json_integer(d->years[i])) < 0;
    for (size_t i = 0; !bad && i < d->nentities; i++)
        bad = json_array_append_new(ents, json_pack("{s:I,s:s}", "id",
                                                    (json_int_t)d->entities[i].id, "name",
                                                    d->entities[i].name)) < 0;
    for (size_t i = 0; !bad && i < d->npassages; i++)
        bad = json_array_append_new(pass, json_pack("[I,I]", (json_int_t)d->passages[i].byte,
                                                    (json_int_t)d->passages[i].pos)) < 0;
    json_t *obj = bad ? NULL
                      : json_pack("{s:I,s:I,s:s,s:s,s:s%,s:s,s:o,s:o?,s:o,s:o}", "article",
                                  (json_int_t)d->article, "section", (json_int_t)d->section,
                                  "title", d->title, "heading", d->heading, "text", d->text,
                                  d->text_len, "path", d->path, "years", years, "dates",
                                  dates_json(dates), "entities", ents, "passages", pass);
    if (!obj) {
        if (bad) {
            json_decref(years);
            json_decref(ents);
            json_decref(pass);
        }
        return -1;
    }
    char *s = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    if (!s) return -1;
    int rc = abuf_adds(out, s);
    free(s);
    return rc;
}

static char *dup_str(json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) return NULL;
    size_t n = json_string_length(v);
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, json_string_value(v), n);
    s[n] = '\0';
    if (len) *len = n;
    return s;
}

int annals_docdata_decode(const char *json, size_t len, annals_docdata *out)
{
    memset(out, 0, sizeof *out);
    json_t *o = json_loadb(json, len, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return -1;
    }
    int rc = -1;
    json_t *years = json_object_get(o, "years"), *ents = json_object_get(o, "entities"),
           *pass = json_object_get(o, "passages");
    out->article = (uint32_t)json_integer_value(json_object_get(o, "article"));
    out->section = (unsigned)json_integer_value(json_object_get(o, "section"));
    out->title = dup_str(o, "title", NULL);
    out->heading = dup_str(o, "heading", NULL);
    out->text = dup_str(o, "text", &out->text_len);
    out->path = dup_str(o, "path", NULL);
    if (!out->title || !out->heading || !out->text || !out->path || !json_is_array(years) ||
        !json_is_array(ents) || !json_is_array(pass))
        goto done;
    out->nyears = json_array_size(years);
    out->years = calloc(out->nyears + 1, sizeof *out->years);
    out->nentities = json_array_size(ents);
    out->entities = calloc(out->nentities + 1, sizeof *out->entities);
    out->npassages = json_array_size(pass);
    out->passages = calloc(out->npassages + 1, sizeof *out->passages);
    if (!out->years || !out->entities || !out->passages) goto done;
    for (size_t i = 0; i < out->nyears; i++)
        out->years[i] = (int)json_integer_value(json_array_get(years, i));
    for (size_t i = 0; i < out->nentities; i++) {
        json_t *e = json_array_get(ents, i);
        out->entities[i].id = (uint32_t)json_integer_value(json_object_get(e, "id"));
        if (!(out->entities[i].name = dup_str(e, "name", NULL))) goto done;
    }
    for (size_t i = 0; i < out->npassages; i++) {
        json_t *p = json_array_get(pass, i);
        json_int_t b = json_integer_value(json_array_get(p, 0));
        if (b < 0 || (size_t)b > out->text_len) goto done;
        out->passages[i].byte = (size_t)b;
        out->passages[i].pos = (unsigned)json_integer_value(json_array_get(p, 1));
    }
    rc = 0;
done:
    json_decref(o);
    if (rc < 0) annals_docdata_free(out);
    return rc;
}

void annals_docdata_free(annals_docdata *d)
{
    free(d->title);
    free(d->heading);
    free(d->text);
    free(d->path);
    free(d->years);
    for (size_t i = 0; d->entities && i < d->nentities; i++) free(d->entities[i].name);
    free(d->entities);
    free(d->passages);
    memset(d, 0, sizeof *d);
}
