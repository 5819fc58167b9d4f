/* render-json.c - results as one JSON document (field names are stable:
 * scripts depend on them; README lists them). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tools/render.h"
#include "util/buf.h"

static json_t *spans(const annals_passage *p)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < p->nhighlights; k++)
        if (json_array_append_new(a, json_pack("[I,I]", (json_int_t)p->highlights[k].start,
                                               (json_int_t)p->highlights[k].end)) < 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *hit(const annals_hit *h)
{
    json_t *years = json_array(), *ents = json_array(), *pass = json_array();
    int bad = !years || !ents || !pass;
    for (size_t k = 0; !bad && k < h->nyears; k++)
        bad = json_array_append_new(years, json_integer(h->years[k])) < 0;
    for (size_t k = 0; !bad && k < h->nentities; k++)
        bad = json_array_append_new(ents, json_pack("{s:I,s:s}", "id", (json_int_t)h->entities[k].id,
                                                    "name", h->entities[k].name)) < 0;
    for (size_t k = 0; !bad && k < h->npassages; k++)
        bad = json_array_append_new(pass, json_pack("{s:s,s:o,s:f}", "text", h->passages[k].text,
                                                    "highlights", spans(&h->passages[k]), "score",
                                                    h->passages[k].score)) < 0;
    if (bad) {
        json_decref(years);
        json_decref(ents);
        json_decref(pass);
        return NULL;
    }
    const annals_passage *best = h->npassages ? &h->passages[0] : NULL;
    return json_pack("{s:I,s:f,s:I,s:s,s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "rank", (json_int_t)h->rank,
                     "score", h->score, "article", (json_int_t)h->article, "title", h->title,
                     "section", (json_int_t)h->section, "heading", h->heading, "path", h->path,
                     "passage", best ? best->text : "", "highlights",
                     best ? spans(best) : json_array(), "passages", pass, "years", years,
                     "entities", ents);
}

static int add_to(const char *text, size_t n, void *line)
{
    return abuf_add(line, text, n);
}

/* Writes the decimal digits of v just before end (room for 21 bytes
 * needed); returns where they start. */
static char *digits(char *end, long v)
{
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do *--end = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--end = '-';
    return end;
}

/* Adds a facet's array (name: "year", ...) of {"value": V, ["name": N,]
 * "count": C} objects as jansson's JSON_INDENT(2) dump writes it inside
 * "facets".  Written here rather than dumped: jansson checks each object it
 * dumps for loops in a table keyed by its printed address, and a thousand
 * years were most of the rendering. */
static int facet_text(abuf *b, const char *name, const annals_facet *f, size_t n, int named)
{
    int bad = abuf_printf(b, "    \"%s\": [", name) < 0;
    for (size_t i = 0; !bad && i < n; i++) {
        char num[24], *end = num + sizeof num;
        const char *v = digits(end, f[i].value);
        bad = abuf_adds(b, i ? ",\n      {\n        \"value\": " : "\n      {\n        \"value\": ") < 0 ||
              abuf_add(b, v, (size_t)(end - v)) < 0;
        if (!bad && named) {
            json_t *s = json_string(f[i].name);
            bad = !s || abuf_adds(b, ",\n        \"name\": ") < 0 ||
                  json_dump_callback(s, add_to, b, JSON_ENCODE_ANY) < 0;
            json_decref(s);
        }
        v = bad ? NULL : digits(end, (long)f[i].count);
        bad = bad || abuf_adds(b, ",\n        \"count\": ") < 0 ||
              abuf_add(b, v, (size_t)(end - v)) < 0 || abuf_adds(b, "\n      }") < 0;
    }
    return bad || abuf_adds(b, n ? "\n    ]" : "]") < 0 ? -1 : 0;
}

/* The remote shards the results lack, or NULL when none is. */
static json_t *missing(const annals_results *r)
{
    if (!annals_results_missing(r, 0)) return NULL;
    json_t *a = json_array();
    const char *name;
    for (size_t i = 0; a && (name = annals_results_missing(r, i)); i++)
        if (json_array_append_new(a, json_string(name)) < 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

char *json_line(const json_t *doc, size_t flags, size_t *len)
{
    /* Dumped straight into the line: json_dumps would copy its buffer
     * whole at the end (a search's is some 70 kB), and the newline again. */
    abuf line = ABUF_INIT;
    if (json_dump_callback(doc, add_to, &line, flags) < 0 || abuf_addc(&line, '\n') < 0) {
        abuf_free(&line);
        return NULL;
    }
    *len = line.len;
    return abuf_take(&line);
}

char *render_json_text(const char *query, const annals_results *r, size_t *len)
{
    /* "partial" and "missing" only when results lack a shard. */
    json_t *lack = missing(r);
    if (annals_results_missing(r, 0) && !lack) return NULL;
    json_t *hits = json_array();
    for (size_t i = 0; hits && i < annals_results_count(r); i++)
        if (json_array_append_new(hits, hit(annals_results_hit(r, i))) < 0) {
            json_decref(hits);
            hits = NULL;
        }
    json_t *doc = hits ? json_pack("{s:s,s:I,s:b,s:o*,s:o*,s:o}", "query", query, "total",
                                   (json_int_t)annals_results_total(r), "total_exact",
                                   annals_results_total_exact(r), "partial", lack ? json_true() : NULL,
                                   "missing", lack, "hits", hits)
                       : NULL;
    if (!hits) json_decref(lack);
    /* The facets go last, in place of the dump's closing "\n}". */
    abuf out = ABUF_INIT;
    int bad = !doc || json_dump_callback(doc, add_to, &out, JSON_INDENT(2)) < 0 || out.len < 2 ||
              memcmp(out.data + out.len - 2, "\n}", 2) != 0;
    json_decref(doc);
    size_t ny, nd, nc, ne;
    const annals_facet *y = annals_results_years(r, &ny), *d = annals_results_decades(r, &nd),
                       *c = annals_results_centuries(r, &nc), *e = annals_results_entities(r, &ne);
    if (!bad) out.data[out.len -= 2] = '\0';
    if (bad || abuf_adds(&out, ",\n  \"facets\": {\n") < 0 || facet_text(&out, "year", y, ny, 0) < 0 ||
        abuf_adds(&out, ",\n") < 0 || facet_text(&out, "decade", d, nd, 0) < 0 ||
        abuf_adds(&out, ",\n") < 0 || facet_text(&out, "century", c, nc, 0) < 0 ||
        abuf_adds(&out, ",\n") < 0 || facet_text(&out, "entity", e, ne, 1) < 0 ||
        abuf_adds(&out, "\n  }\n}\n") < 0) {
        abuf_free(&out);
        return NULL;
    }
    *len = out.len;
    return abuf_take(&out);
}

int render_json(FILE *out, const char *query, const annals_results *r)
{
    /* Dumped into memory, then written at once: json_dumpf writes each
     * token apart, a locked stdio call each. */
    size_t len;
    char *text = render_json_text(query, r, &len);
    int rc = text && fwrite(text, 1, len, out) == len ? 0 : -1;
    free(text);
    return rc;
}
