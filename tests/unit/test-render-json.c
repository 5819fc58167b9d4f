/* test-render-json.c - render_json_text: the facets, written without
 * jansson's tree, are what jansson's own JSON_INDENT(2) dump of the same
 * document gives, byte for byte, and their names are escaped. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "search/results.h"
#include "tools/render.h"
#include "check.h"

/* The text rendered for r, parsed and dumped again by jansson, a newline
 * after: the same bytes when the renderer writes what jansson would. */
static void check_as_jansson(const annals_results *r, const char *what)
{
    size_t len = 0;
    char *text = render_json_text("q \"x\"", r, &len);
    CHECK(text != NULL);
    if (!text) return;
    CHECK_INT(strlen(text), len);
    json_error_t e;
    json_t *doc = json_loadb(text, len, 0, &e);
    CHECK(doc != NULL);
    char *again = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
    size_t n = again ? strlen(again) : 0;
    CHECK(again && len == n + 1 && memcmp(text, again, n) == 0 && text[n] == '\n');
    if (again && (len != n + 1 || memcmp(text, again, n) != 0))
        fprintf(stderr, "%s: rendered\n%s\njansson\n%s\n", what, text, again);
    free(again);
    json_decref(doc);
    free(text);
}

int main(void)
{
    annals_results r;
    memset(&r, 0, sizeof r);
    r.total_exact = 1;
    check_as_jansson(&r, "no facets");

    annals_facet years[] = {{1000, NULL, 46}, {1789, NULL, 3}, {2100, NULL, 4294967295u}};
    annals_facet decades[] = {{1780, NULL, 3}};
    annals_facet ents[] = {{1588, "Azerbaijan", 7},
                           {4294967295L, "Probe <i>\"Co\"</i> \\ \xc3\xa9t\xc3\xa9 \t\x01", 1},
                           {-12, "", 0}};
    r.total = 3;
    r.years = years;
    r.nyears = 3;
    r.decades = decades;
    r.ndecades = 1;
    r.entities = ents;
    r.nentities = 3;
    check_as_jansson(&r, "facets");

    /* The values, as a JSON reader sees them. */
    size_t len;
    char *text = render_json_text("q", &r, &len);
    json_t *doc = text ? json_loadb(text, len, 0, NULL) : NULL;
    json_t *f = json_object_get(doc, "facets");
    CHECK_INT(json_array_size(json_object_get(f, "year")), 3);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(json_object_get(f, "year"), 2), "count")),
              4294967295LL);
    CHECK_INT(json_array_size(json_object_get(f, "century")), 0);
    json_t *e = json_array_get(json_object_get(f, "entity"), 1);
    CHECK_STR(json_string_value(json_object_get(e, "name")), ents[1].name);
    CHECK_INT(json_integer_value(json_object_get(e, "value")), 4294967295LL);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(json_object_get(f, "entity"), 2), "value")), -12);
    json_decref(doc);
    free(text);
    CHECK_DONE();
}
