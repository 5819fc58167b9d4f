/* article.c - reads the article format: header lines, headings, wrapped
 * paragraphs, lists, wiki headings. */
#include "parse/article.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "util/buf.h"
#include "util/id.h"
#include "analyze/entity.h"

typedef struct {
    const char *s;
    size_t n;
} line_t;

size_t annals_display_words(const char *s, size_t n)
{
    abuf d = ABUF_INIT;
    annals_mentions m = {NULL, 0, 0};
    const char *t = s;
    size_t tn = n;
    if (memchr(s, '[', n) && annals_resolve_tags(s, n, &d, &m, NULL, NULL) == 0) {
        t = d.data;
        tn = d.len;
    }
    size_t words = 0;
    int in = 0;
    for (size_t i = 0; i < tn; i++) {
        int sp = t[i] == ' ' || t[i] == '\t';
        if (!sp && !in) words++;
        in = !sp;
    }
    abuf_free(&d);
    annals_mentions_free(&m);
    return words;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static line_t trim(line_t l)
{
    while (l.n && is_space(l.s[0])) { l.s++; l.n--; }
    while (l.n && is_space(l.s[l.n - 1])) l.n--;
    return l;
}

/* The last character once closing quotes and brackets are set aside. */
static char last_char(line_t l)
{
    while (l.n) {
        unsigned char c = (unsigned char)l.s[l.n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') { l.n--; continue; }
        /* ” and ’ (E2 80 9D / E2 80 99) */
        if (l.n >= 3 && (unsigned char)l.s[l.n - 3] == 0xE2 && (unsigned char)l.s[l.n - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) { l.n -= 3; continue; }
        return (char)c;
    }
    return '\0';
}

static int ends_in(line_t l, const char *set)
{
    char c = last_char(l);
    return c && strchr(set, c) != NULL;
}

/* "== References ==": returns 1 and the heading text. */
static int wiki_heading(line_t l, line_t *text)
{
    size_t a = 0, b = 0;
    while (a < l.n && l.s[a] == '=') a++;
    while (b < l.n - a && l.s[l.n - 1 - b] == '=') b++;
    if (a == 0 || a != b || a * 2 >= l.n) return 0;
    *text = trim((line_t){l.s + a, l.n - 2 * a});
    return text->n > 0;
}

static int is_short(line_t l)
{
    return annals_display_words(l.s, l.n) <= ANNALS_HEADING_MAX_WORDS;
}

static unsigned line_of(const char *data, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        if (data[i] == '\n') line++;
    return line;
}

static int add_section(annals_article *a, line_t heading, unsigned line, int is_lead)
{
    annals_section *p = realloc(a->sections, (a->nsections + 1) * sizeof *p);
    if (!p) return -1;
    a->sections = p;
    annals_section *s = &p[a->nsections];
    memset(s, 0, sizeof *s);
    s->heading = malloc(heading.n + 1);
    if (!s->heading) return -1;
    memcpy(s->heading, heading.s, heading.n);
    s->heading[heading.n] = '\0';
    s->line = line;
    s->is_lead = is_lead;
    a->nsections++;
    return 0;
}

static annals_para *add_para(annals_section *s, line_t text, unsigned line)
{
    annals_para *p = realloc(s->paras, (s->npara + 1) * sizeof *p);
    if (!p) return NULL;
    s->paras = p;
    annals_para *para = &p[s->npara];
    memset(para, 0, sizeof *para);
    para->raw = malloc(text.n + 1);
    if (!para->raw) return NULL;
    memcpy(para->raw, text.s, text.n);
    para->raw[text.n] = '\0';
    para->len = text.n;
    para->line = line;
    s->npara++;
    return para;
}

/* Appends a source line to a paragraph after sep (' ' or '\n'); the
 * buffers grow by doubling, so a paragraph of many lines stays linear. */
static int extend_para(annals_para *p, char sep, line_t text, unsigned line)
{
    size_t need = p->len + 1 + text.n + 1;
    if (need > p->rawcap) {
        size_t cap = p->rawcap ? p->rawcap : p->len + 1;
        while (cap < need) cap *= 2;
        char *raw = realloc(p->raw, cap);
        if (!raw) return -1;
        p->raw = raw;
        p->rawcap = cap;
    }
    size_t *off = annals_grow(p->line_off, &p->offcap, p->nlines, sizeof *off);
    if (!off) return -1;
    p->line_off = off;
    unsigned *no = annals_grow(p->line_no, &p->nocap, p->nlines, sizeof *no);
    if (!no) return -1;
    p->line_no = no;
    p->raw[p->len++] = sep;
    off[p->nlines] = p->len;
    no[p->nlines++] = line;
    memcpy(p->raw + p->len, text.s, text.n);
    p->len += text.n;
    p->raw[p->len] = '\0';
    return 0;
}

static void drop_empty_sections(annals_article *a)
{
    size_t o = 0;
    for (size_t i = 0; i < a->nsections; i++) {
        if (a->sections[i].npara == 0) {
            free(a->sections[i].heading);
            continue;
        }
        a->sections[o++] = a->sections[i];
    }
    a->nsections = o;
}

static int id_of(line_t l, uint32_t *id)
{
    l = trim(l);
    return annals_parse_id(l.s, l.n, id) ? 0 : -1;
}

int annals_article_id(const char *data, size_t len, uint32_t *id)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { data += 3; len -= 3; }
    const char *nl = memchr(data, '\n', len);
    return id_of((line_t){data, nl ? (size_t)(nl - data) : len}, id);
}

static int parse_header(const line_t *lines, size_t nlines, annals_article *out, unsigned *line,
                        const char **why)
{
    line_t id = nlines > 0 ? trim(lines[0]) : (line_t){"", 0};
    if (id_of(id, &out->id) < 0) {
        *line = 1;
        *why = id.n ? "article id is not a decimal number (at most 4294967295)"
                    : "missing article id";
        return -1;
    }
    line_t title = nlines > 1 ? trim(lines[1]) : (line_t){"", 0};
    if (title.n == 0) {
        *line = 2;
        *why = "missing title";
        return -1;
    }
    out->title = malloc(title.n + 1);
    if (!out->title) return -2;
    memcpy(out->title, title.s, title.n);
    out->title[title.n] = '\0';
    return 0;
}

typedef enum { K_NONE, K_PARA, K_LIST, K_HEADING } kind;

static int parse_body(const line_t *lines, size_t nlines, annals_article *a)
{
    line_t title = trim(lines[1]);
    if (add_section(a, title, 2, 1) < 0) return -2;
    annals_para *cur = NULL;   /* the paragraph a wrapped line joins */
    annals_para *last = NULL;  /* the section's last paragraph (lists join it) */
    kind prev = K_NONE;
    int blank = 0, colon = 0;
    line_t prev_line = {"", 0};
    for (size_t i = 2; i < nlines; i++) {
        line_t l = trim(lines[i]);
        unsigned no = (unsigned)i + 1;
        if (l.n == 0) { blank = 1; continue; }
        annals_section *sec = &a->sections[a->nsections - 1];
        line_t wiki;
        if (wiki_heading(l, &wiki)) {
            if (add_section(a, wiki, no, 0) < 0) return -2;
            cur = last = NULL;
            prev = K_HEADING;
            blank = 0;
            continue;
        }
        int shrt = is_short(l);
        int headlike = blank && shrt && !ends_in(l, ".:;,!?");
        int list = 0;
        if (last && shrt && ((prev == K_PARA && colon) || prev == K_LIST)) {
            list = 1;
            if (headlike) {
                /* A lone short line after "...:" followed by a paragraph is
                 * a heading: the list it introduced was lost. */
                line_t next = i + 1 < nlines ? trim(lines[i + 1]) : (line_t){"", 0};
                list = next.n > 0 && is_short(next);
            }
        }
        if (list) {
            if (extend_para(last, '\n', l, no) < 0) return -2;
            cur = NULL;
            prev = K_LIST;
        } else if (headlike) {
            if (add_section(a, l, no, 0) < 0) return -2;
            cur = last = NULL;
            prev = K_HEADING;
        } else if (cur && !blank && prev == K_PARA && !ends_in(prev_line, ".:;!?")) {
            if (extend_para(cur, ' ', l, no) < 0) return -2;
        } else {
            cur = last = add_para(sec, l, no);
            if (!cur) return -2;
            prev = K_PARA;
        }
        colon = ends_in(l, ":");
        prev_line = l;
        blank = 0;
    }
    drop_empty_sections(a);
    return 0;
}

int annals_article_parse(const char *data, size_t len, annals_article *out, unsigned *line,
                         const char **why)
{
    memset(out, 0, sizeof *out);
    *line = 0;
    if (len == 0) {
        *why = "empty file";
        return -1;
    }
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        *line = line_of(data, (size_t)(nul - data));
        *why = "NUL byte in text";
        return -1;
    }
    const uint8_t *bad = u8_check((const uint8_t *)data, len);
    if (bad) {
        *line = line_of(data, (size_t)((const char *)bad - data));
        *why = "invalid UTF-8";
        return -1;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { data += 3; len -= 3; }

    size_t nlines = 0, cap = 0;
    line_t *lines = NULL;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        line_t *p = annals_grow(lines, &cap, nlines, sizeof *lines);
        if (!p) { free(lines); return -2; }
        lines = p;
        lines[nlines++] = (line_t){data + i, end - i}; /* trim() drops a CR */
        i = end + 1;
    }
    int rc = parse_header(lines, nlines, out, line, why);
    if (rc == 0) rc = parse_body(lines, nlines, out);
    free(lines);
    if (rc != 0) annals_article_free(out);
    return rc;
}

void annals_article_free(annals_article *a)
{
    for (size_t i = 0; i < a->nsections; i++) {
        annals_section *s = &a->sections[i];
        for (size_t j = 0; j < s->npara; j++) {
            free(s->paras[j].raw);
            free(s->paras[j].line_off);
            free(s->paras[j].line_no);
        }
        free(s->paras);
        free(s->heading);
    }
    free(a->sections);
    free(a->title);
    memset(a, 0, sizeof *a);
}
