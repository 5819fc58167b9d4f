/* wiki.c - WikiExtractor output: <doc id=".." url=".." title=".."> ...
 * </doc>, each doc becoming an article in the article format.  Its
 * headings ("History." right above a section's first line) become article
 * headings, its links entity tags when the target's title is known, and
 * other markup is dropped. */
#include <string.h>
#include <strings.h>

#include "analyze/entity.h"
#include "parse/article.h"
#include "read/formats.h"

static const char NOMEM[] = "out of memory";

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* s[0..*n) without white space at its ends. */
static const char *trim(const char *s, size_t *n)
{
    while (*n && is_space(s[0])) { s++; (*n)--; }
    while (*n && is_space(s[*n - 1])) (*n)--;
    return s;
}

static void swap(abuf *a, abuf *b)
{
    abuf t = *a;
    *a = *b;
    *b = t;
}

/* ---- HTML: entities, tags, attributes ---- */

static int add_utf8(abuf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) { u[0] = (char)c; n = 1; }
    else if (c < 0x800) { u[0] = (char)(0xC0 | c >> 6); n = 2; }
    else if (c < 0x10000) { u[0] = (char)(0xE0 | c >> 12); n = 3; }
    else { u[0] = (char)(0xF0 | c >> 18); n = 4; }
    for (size_t i = 1; i < n; i++) u[i] = (char)(0x80 | ((c >> (6 * (n - 1 - i))) & 0x3F));
    return abuf_add(b, u, n);
}

/* The character of the entity s[0..n) ("amp", "#39", "#x27"), or 0. */
static uint32_t entity_char(const char *s, size_t n)
{
    static const struct { const char *name; uint32_t c; } NAMED[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0}};
    for (size_t i = 0; i < sizeof NAMED / sizeof *NAMED; i++)
        if (strlen(NAMED[i].name) == n && memcmp(s, NAMED[i].name, n) == 0) return NAMED[i].c;
    if (n < 2 || s[0] != '#') return 0;
    int hex = s[1] == 'x' || s[1] == 'X';
    size_t i = hex ? 2 : 1;
    if (i == n || n - i > (hex ? 6 : 7)) return 0;
    uint32_t c = 0;
    for (; i < n; i++) {
        int d = hex ? hex_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
        if (d < 0) return 0;
        c = c * (hex ? 16 : 10) + (uint32_t)d;
    }
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return c;
}

/* Appends what s[0] == '&' starts: the entity's character, or '&' itself.
 * Returns the bytes read, or 0 when out of memory.  A control character
 * (&#10;) becomes a space: it must not break the line. */
static size_t add_entity(abuf *out, const char *s, size_t n)
{
    const char *semi = memchr(s, ';', n < 12 ? n : 12);
    uint32_t c = semi ? entity_char(s + 1, (size_t)(semi - s) - 1) : 0;
    if (!c) return abuf_addc(out, '&') < 0 ? 0 : 1;
    if (add_utf8(out, c < 0x20 ? ' ' : c) < 0) return 0;
    return (size_t)(semi - s) + 1;
}

/* Appends s[0..n) with its entities decoded. */
static int add_decoded(abuf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t j = amp ? (size_t)(amp - s) : n;
        if (abuf_add(out, s + i, j - i) < 0) return -1;
        if (j == n) break;
        size_t k = add_entity(out, s + j, n - j);
        if (!k) return -1;
        i = j + k;
    }
    return 0;
}

/* The value of attribute name among a tag's attributes s[0..n) (raw, still
 * escaped): 1 and *v, *vn, or 0.  The first of two such attributes counts;
 * an unclosed quote runs to the end. */
static int attr(const char *s, size_t n, const char *name, const char **v, size_t *vn)
{
    size_t len = strlen(name), i = 0;
    while (i < n) {
        while (i < n && (is_space(s[i]) || s[i] == '/')) i++;
        size_t a = i;
        while (i < n && !is_space(s[i]) && s[i] != '=' && s[i] != '/') i++;
        size_t an = i - a;
        while (i < n && is_space(s[i])) i++;
        if (i == n || s[i] != '=') continue;   /* an attribute without a value */
        i++;
        while (i < n && is_space(s[i])) i++;
        size_t b, e;
        if (i < n && (s[i] == '"' || s[i] == '\'')) {
            const char *q = memchr(s + i + 1, s[i], n - i - 1);
            b = i + 1;
            e = q ? (size_t)(q - s) : n;
            i = q ? e + 1 : n;
        } else {
            b = i;
            while (i < n && !is_space(s[i])) i++;
            e = i;
        }
        if (an == len && strncasecmp(s + a, name, len) == 0) {
            *v = s + b;
            *vn = e - b;
            return 1;
        }
    }
    return 0;
}

/* One line's markup, with the next '>' and "</a>" remembered so that a line
 * of many unclosed '<' is still read in linear time. */
typedef struct {
    const char *s;
    size_t n;
    size_t gt, close;           /* positions, n when there is none */
    size_t gt_from, close_from; /* searched from there (n + 1: not yet) */
} scan;

static size_t next_gt(scan *sc, size_t from)
{
    if (sc->gt_from > from || sc->gt < from) {
        const char *p = memchr(sc->s + from, '>', sc->n - from);
        sc->gt = p ? (size_t)(p - sc->s) : sc->n;
        sc->gt_from = from;
    }
    return sc->gt;
}

static size_t next_close(scan *sc, size_t from)
{
    if (sc->close_from > from || sc->close < from) {
        const char *p = memmem(sc->s + from, sc->n - from, "</a>", 4);
        sc->close = p ? (size_t)(p - sc->s) : sc->n;
        sc->close_from = from;
    }
    return sc->close;
}

/* If a tag ('<' then a letter, '/' or '!', up to the next '>') starts at
 * s[i] and ends before to, the position after its '>'; else 0. */
static size_t tag_end(scan *sc, size_t i, size_t to)
{
    if (i + 1 >= to) return 0;
    char c = sc->s[i + 1];
    if (!is_alpha(c) && c != '/' && c != '!') return 0;
    size_t gt = next_gt(sc, i + 1);
    return gt < to ? gt + 1 : 0;
}

/* ---- links ---- */

/* Decodes %XX escapes in place. */
static void percent_decode(abuf *b)
{
    size_t o = 0;
    for (size_t i = 0; i < b->len; i++) {
        int h, l;
        if (b->data[i] == '%' && i + 2 < b->len && (h = hex_value(b->data[i + 1])) >= 0 &&
            (l = hex_value(b->data[i + 2])) >= 0) {
            b->data[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            b->data[o++] = b->data[i];
        }
    }
    b->len = o;
    if (b->data) b->data[o] = '\0';
}

/* The id of the article an <a ...> tag (s[0..n), without '<' and '>')
 * links to: 1 and *id, 0 when unknown, -1 when out of memory. */
static int link_target(annals_reader *r, const char *s, size_t n, uint32_t *id)
{
    const char *v;
    size_t vn;
    if (!r->titles || !attr(s, n, "href", &v, &vn)) return 0;
    abuf *href = &r->wiki.href;
    abuf_clear(href);
    if (add_decoded(href, v, vn) < 0) return -1;
    percent_decode(href);
    const char *hash = memchr(href->data ? href->data : "", '#', href->len);
    size_t len = hash ? (size_t)(hash - href->data) : href->len;  /* Title#Section */
    return annals_titles_find(r->titles, href->data, len, id);
}

/* Whether a link's text can be an entity tag's: not blank, no brackets, not
 * longer than entity.h reads. */
static int taggable(const char *s, size_t n)
{
    if (n == 0 || n > ANNALS_MAX_SURFACE || memchr(s, '[', n) || memchr(s, ']', n)) return 0;
    trim(s, &n);
    return n > 0;
}

static int convert(annals_reader *r, scan *sc, size_t from, size_t to, abuf *out, int links);

/* Appends the link <a ...>text</a>, whose tag is s[a..t) and text s[t..c):
 * as [text](id) when the target is known, else as its text. */
static int add_link(annals_reader *r, scan *sc, size_t a, size_t t, size_t c, abuf *out)
{
    abuf *text = &r->wiki.link;
    abuf_clear(text);
    if (convert(r, sc, t, c, text, 0) < 0) return -1;
    uint32_t id;
    int known = taggable(text->data, text->len) ? link_target(r, sc->s + a + 2, t - a - 3, &id) : 0;
    if (known < 0) return -1;
    if (!known) return abuf_add(out, text->data, text->len);
    if (abuf_addc(out, '[') < 0 || abuf_add(out, text->data, text->len) < 0) return -1;
    return abuf_printf(out, "](%u)", (unsigned)id);
}

/* Appends s[from..to) of the scanned line with its markup read: entities
 * decoded, tags dropped, and (when links) links resolved. */
static int convert(annals_reader *r, scan *sc, size_t from, size_t to, abuf *out, int links)
{
    const char *s = sc->s;
    size_t i = from;
    while (i < to) {
        size_t j = i;
        while (j < to && s[j] != '<' && s[j] != '&') j++;
        if (abuf_add(out, s + i, j - i) < 0) return -1;
        if (j == to) break;
        if (s[j] == '&') {
            size_t k = add_entity(out, s + j, to - j);
            if (!k) return -1;
            i = j + k;
            continue;
        }
        size_t t = tag_end(sc, j, to);
        if (!t) {   /* a '<' of the text */
            if (abuf_addc(out, '<') < 0) return -1;
            i = j + 1;
            continue;
        }
        i = t;  /* the tag is dropped, unless it opens a link */
        if (links && (s[j + 1] == 'a' || s[j + 1] == 'A') && (is_space(s[j + 2]) || s[j + 2] == '>')) {
            size_t c = next_close(sc, t);
            if (c < to) {
                if (add_link(r, sc, j, t, c, out) < 0) return -1;
                i = c + 4;
            }
        }
    }
    return 0;
}

/* ---- docs ---- */

static void set_rest(annals_wiki_state *w, const char *s, size_t n, unsigned line)
{
    size_t k = n;
    trim(s, &k);
    if (k == 0) return;
    abuf_clear(&w->rest);
    w->has_rest = abuf_add(&w->rest, s, n) == 0;
    w->rest_line = line;
}

/* The next piece of input into r->line: what is left of a line, else the
 * next line.  1 and *line, 0 at the end, -1 on an error (*out filled). */
static int next_piece(annals_reader *r, annals_raw *out, unsigned *line)
{
    annals_wiki_state *w = &r->wiki;
    if (w->has_rest) {
        swap(&r->line, &w->rest);
        w->has_rest = 0;
        *line = w->rest_line;
        return 1;
    }
    int rc = annals_reader_line(r, out);
    *line = r->lineno;
    return rc;
}

/* Whether s[0..n) (trimmed) starts a <doc> tag. */
static int is_doc_tag(const char *s, size_t n)
{
    return n >= 4 && memcmp(s, "<doc", 4) == 0 && (n == 4 || is_space(s[4]) || s[4] == '>');
}

/* Where the tag s[0..n) ends (after its '>', quoted values skipped), or 0. */
static size_t doc_tag_end(const char *s, size_t n)
{
    char q = 0;
    for (size_t i = 4; i < n; i++) {
        if (q) {
            if (s[i] == q) q = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            q = s[i];
        } else if (s[i] == '>') {
            return i + 1;
        }
    }
    const char *gt = memchr(s, '>', n);  /* an unclosed quote: the first '>' */
    return gt ? (size_t)(gt - s) + 1 : 0;
}

/* Reads the <doc ...> tag s[0..n) of input line no and starts its article:
 * NULL, or why the doc is skipped (NOMEM when out of memory). */
static const char *start_doc(annals_reader *r, const char *s, size_t n, unsigned no)
{
    annals_wiki_state *w = &r->wiki;
    w->doc_line = no;
    size_t end = doc_tag_end(s, n);
    if (!end) return "malformed <doc> tag";
    set_rest(w, s + end, n - end, no);
    const char *v;
    size_t vn;
    uint32_t id;
    abuf *tmp = &w->tmp;
    abuf_clear(tmp);
    if (!attr(s + 4, end - 5, "id", &v, &vn)) return "<doc> has no id";
    if (add_decoded(tmp, v, vn) < 0) return NOMEM;
    if (!annals_parse_id(tmp->data, tmp->len, &id)) return "<doc> id is not a number from 0 to 4294967295";
    if (!attr(s + 4, end - 5, "title", &v, &vn)) return "<doc> has no title";
    abuf_clear(tmp);
    if (add_decoded(tmp, v, vn) < 0) return NOMEM;
    int rc = annals_start_text(r, id, tmp->data ? tmp->data : "", tmp->len);
    if (rc == -1) return "<doc> has no title";
    if (rc < 0) return NOMEM;
    const char *nl = memchr(r->text.data, '\n', r->text.len);
    w->title_off = (size_t)(nl - r->text.data) + 1;
    w->title_len = r->text.len - w->title_off - 1;
    w->in_doc = 1;
    w->has_held = w->seen_line = w->started = w->blank = 0;
    return NULL;
}

/* A WikiExtractor heading: a short line ending in '.', '!' or '?'.  Sets
 * *n to the heading without that ending. */
static int is_heading(const char *s, size_t *n)
{
    if (*n < 2 || (s[*n - 1] != '.' && s[*n - 1] != '!' && s[*n - 1] != '?')) return 0;
    size_t k = *n - 1;
    trim(s, &k);
    if (k == 0 || annals_display_words(s, k) > ANNALS_HEADING_MAX_WORDS) return 0;
    *n = k;
    return 1;
}

/* Writes the held line: a heading when it looks like one and the next
 * line (next_text) is not blank, else the line as it is. */
static int flush_held(annals_reader *r, int next_text)
{
    annals_wiki_state *w = &r->wiki;
    size_t n = w->held.len;
    const char *s = trim(w->held.data, &n);
    int heading = next_text && is_heading(s, &n);
    if (!heading) {
        s = w->held.data;
        n = w->held.len;
    }
    /* a heading must follow a blank line (FORMAT.md); blank lines between
     * lines are kept, as one */
    int gap = heading || (w->blank && w->started);
    w->has_held = 0;
    w->started = 1;
    w->blank = 0;
    if (gap && abuf_addc(&r->text, '\n') < 0) return -1;
    if (abuf_add(&r->text, s, n) < 0) return -1;
    return abuf_addc(&r->text, '\n');
}

/* Reads a body line s[0..n) of the doc. */
static int body_line(annals_reader *r, const char *s, size_t n)
{
    annals_wiki_state *w = &r->wiki;
    scan sc = {s, n, n, n, n + 1, n + 1};
    abuf_clear(&w->tmp);
    if (convert(r, &sc, 0, n, &w->tmp, 1) < 0) return -1;
    size_t k = w->tmp.len;
    const char *t = trim(w->tmp.data ? w->tmp.data : "", &k);
    if (k == 0) {
        if (w->has_held && flush_held(r, 0) < 0) return -1;
        w->blank = 1;
        return 0;
    }
    if (!w->seen_line) {   /* WikiExtractor repeats the title */
        w->seen_line = 1;
        if (k == w->title_len && memcmp(t, r->text.data + w->title_off, k) == 0) return 0;
    }
    if (w->has_held && flush_held(r, 1) < 0) return -1;
    swap(&w->held, &w->tmp);
    w->has_held = 1;
    return 0;
}

annals_read_status annals_wiki_next(annals_reader *r, annals_raw *out)
{
    annals_wiki_state *w = &r->wiki;
    for (;;) {
        unsigned no;
        int rc = next_piece(r, out, &no);
        if (rc < 0) return ANNALS_READ_ERROR;
        if (rc == 0) {
            if (!w->in_doc) return ANNALS_READ_END;
            return annals_reader_fail(r, out, w->doc_line, "unterminated <doc> (started at line %u)",
                                      w->doc_line);
        }
        size_t n = r->line.len;
        const char *s = trim(r->line.data, &n);
        int tag = is_doc_tag(s, n);
        if (tag && w->in_doc) {   /* read the line again once this is said */
            swap(&r->line, &w->rest);
            w->has_rest = 1;
            w->rest_line = no;
            w->in_doc = 0;
            return annals_reader_skip(r, out, w->doc_line, "<doc> not closed before the next <doc>");
        }
        if (tag) {
            w->skipping = 0;
            const char *why = start_doc(r, s, n, no);
            if (why == NOMEM) return annals_reader_fail(r, out, no, "%s", why);
            if (!why) continue;
            w->skipping = 1;
            return annals_reader_skip(r, out, no, "%s", why);
        }
        if (!w->in_doc && !w->skipping) continue;  /* text between docs */
        s = r->line.data;
        n = r->line.len;
        const char *end = memmem(s, n, "</doc>", 6);
        size_t m = end ? (size_t)(end - s) : n;
        if (w->in_doc && body_line(r, s, m) < 0) return annals_reader_fail(r, out, no, "%s", NOMEM);
        if (r->text.len + w->held.len > r->text_max)
            return annals_reader_fail(r, out, w->doc_line, "<doc> larger than 1 GiB");
        if (!end) continue;
        set_rest(w, end + 6, n - m - 6, no);
        w->skipping = 0;
        if (!w->in_doc) continue;
        w->in_doc = 0;
        if (w->has_held && flush_held(r, 0) < 0) return annals_reader_fail(r, out, no, "%s", NOMEM);
        return annals_reader_article(r, out, w->doc_line);
    }
}

void annals_wiki_free(annals_wiki_state *w)
{
    abuf_free(&w->rest);
    abuf_free(&w->held);
    abuf_free(&w->tmp);
    abuf_free(&w->link);
    abuf_free(&w->href);
}
