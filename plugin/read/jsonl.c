/* jsonl.c - JSON Lines: {"id": 12, "title": "...", "text": "..."} per line,
 * each becoming the article "<id>\n<title>\n<text>". */
#include <jansson.h>

#include "read/formats.h"

static const char NOMEM[] = "out of memory";

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

/* "id": a JSON integer or a string of decimal digits, 0 to 4294967295. */
static int get_id(json_t *v, uint32_t *id)
{
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        if (x < 0 || x > (json_int_t)UINT32_MAX) return 0;
        *id = (uint32_t)x;
        return 1;
    }
    return json_is_string(v) && annals_parse_id(json_string_value(v), json_string_length(v), id);
}

/* Builds r->text from the object o; NULL, or why the record is malformed. */
static const char *convert(annals_reader *r, json_t *o)
{
    if (!json_is_object(o)) return "not a JSON object";
    json_t *id = json_object_get(o, "id");
    json_t *title = json_object_get(o, "title");
    json_t *text = json_object_get(o, "text");
    uint32_t n;
    if (!id) return "missing \"id\"";
    if (!get_id(id, &n)) return "\"id\" is not a number from 0 to 4294967295";
    if (!title) return "missing \"title\"";
    if (!json_is_string(title)) return "\"title\" is not a string";
    if (!text) return "missing \"text\"";
    if (!json_is_string(text)) return "\"text\" is not a string";
    int rc = annals_start_text(r, n, json_string_value(title), json_string_length(title));
    if (rc == -1) return "\"title\" is empty";
    if (rc < 0 || abuf_add(&r->text, json_string_value(text), json_string_length(text)) < 0)
        return NOMEM;
    return NULL;
}

annals_read_status annals_jsonl_next(annals_reader *r, annals_raw *out)
{
    for (;;) {
        int rc = annals_reader_line(r, out);
        if (rc < 0) return ANNALS_READ_ERROR;
        if (rc == 0) return ANNALS_READ_END;
        if (is_blank(r->line.data, r->line.len)) continue;
        json_error_t jerr;
        /* JSON_ALLOW_NUL: a \u0000 is passed on, for the article parser to
         * reject with its line. */
        json_t *o = json_loadb(r->line.data, r->line.len, JSON_ALLOW_NUL, &jerr);
        if (!o) return annals_reader_skip(r, out, r->lineno, "invalid JSON: %s", jerr.text);
        const char *why = convert(r, o);
        json_decref(o);
        if (!why) return annals_reader_article(r, out, r->lineno);
        if (why == NOMEM) return annals_reader_fail(r, out, r->lineno, "%s", why);
        return annals_reader_skip(r, out, r->lineno, "%s", why);
    }
}
