/* query.c - a recursive-descent parser for QueryParser's syntax that builds
 * the Xapian query from annals' own tokens and stems. */
#include "util/buf.h"
#include "search/query.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "analyze/dates.h"
#include "doc/schema.h"
#include "analyze/stopwords.h"
#include "analyze/tokenize.h"

/* How much an exact heading (or title) match adds, relative to a word. */
static const double EXACT_HEADING_WEIGHT = 4.0;


/* Parentheses nest at most this deep (the parser recurses on them). */
#define MAX_DEPTH 32
/* The year: and date: ranges of a query make at most this many terms in all
 * (two ranges over every year): an OR of terms costs more as it grows. */
#define MAX_FILTER_TERMS 2500

typedef enum { F_NONE, F_TITLE, F_SECTION, F_ENTITY, F_YEAR, F_DATE, F_COUNT } field;

static const char *const FIELD_NAMES[F_COUNT] = {"", "title", "section", "entity", "year", "date"};

typedef enum { OP_NONE, OP_AND, OP_OR, OP_NOT, OP_XOR } boolop;

typedef struct {
    xap_query *q;
    field f;
    char sign;          /* 0, '+' or '-' */
    int stop;           /* a lone stopword */
    size_t term_first, term_count;  /* its entries in the qterm list */
} clause;

/* A clause of free text: its terms in the qterm list. */
typedef struct {
    size_t first, count;
} span;

typedef struct {
    const char *s;
    size_t n, i;
    int plain;
    xap_db *db;
    annals_stemmer *stem;
    abuf *err;
    int failed;         /* -1 invalid, -2 out of memory */
    int depth;
    int simple;         /* only words and phrases: a candidate for exact heading */
    int quoted;         /* a quoted phrase: not free text */
    span *spans;        /* the ranked clauses of the outermost group */
    size_t nspans, spancap;
    abuf words;         /* the normalized words, for the exact-heading term */
    annals_qterm *terms;
    size_t nterms, cap;
    unsigned qpos;
    unsigned nqueryterms;
    const char *after_op;   /* the operator just read, awaiting its right side */
    size_t nfilterterms;    /* Y/M/D terms the year: and date: ranges made */
} parser;

static xap_query *oom(parser *p)
{
    if (!p->failed) p->failed = -2;
    return NULL;
}

/* Marks the query invalid (the first reason found is kept). */
static xap_query *invalid(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static xap_query *invalid(parser *p, const char *fmt, ...)
{
    if (p->failed) return NULL;
    p->failed = -1;
    abuf_clear(p->err);
    va_list ap;
    va_start(ap, fmt);
    abuf_vprintf(p->err, fmt, ap);
    va_end(ap);
    return NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(parser *p)
{
    while (p->i < p->n && is_space(p->s[p->i])) p->i++;
}

static int is_delim(const parser *p, size_t i)
{
    return i >= p->n || is_space(p->s[i]) ||
           (!p->plain && (p->s[i] == '(' || p->s[i] == ')' || p->s[i] == '"'));
}

/* The end of the chunk starting at i. */
static size_t chunk_end(const parser *p, size_t i)
{
    while (!is_delim(p, i)) i++;
    return i;
}

static boolop peek_op(parser *p, size_t *end)
{
    if (p->plain) return OP_NONE;
    skip_space(p);
    size_t e = chunk_end(p, p->i), n = e - p->i;
    const char *w = p->s + p->i;
    *end = e;
    if (n == 3 && memcmp(w, "AND", 3) == 0) return OP_AND;
    if (n == 2 && memcmp(w, "OR", 2) == 0) return OP_OR;
    if (n == 3 && memcmp(w, "NOT", 3) == 0) return OP_NOT;
    if (n == 3 && memcmp(w, "XOR", 3) == 0) return OP_XOR;
    return OP_NONE;
}

static xap_query *pair(xap_op op, xap_query *a, xap_query *b)
{
    if (!a || !b) {
        xap_query_free(a);
        xap_query_free(b);
        return NULL;
    }
    xap_query *v[2] = {a, b};
    return xap_query_combine(op, v, 2, 0);
}

static int add_qterm(parser *p, const char *t, size_t n, unsigned qpos, annals_qkind kind)
{
    annals_qterm *v = annals_grow(p->terms, &p->cap, p->nterms, sizeof *p->terms);
    if (!v) return -1;
    p->terms = v;
    char *c = strndup(t, n);
    if (!c) return -1;
    p->terms[p->nterms++] = (annals_qterm){c, n, qpos, kind};
    return 0;
}

static xap_query *term_query(parser *p, const char *t, size_t n)
{
    xap_query *q = xap_query_term(t, n, 1, 0);
    return q ? q : oom(p);
}

/* Words only, so far: free text, which has no cap on its words. */
static int free_text(const parser *p)
{
    return p->simple && !p->quoted;
}

static void too_many(parser *p)
{
    invalid(p, "query with operators or fields has more than %d words; shorten it",
            ANNALS_MAX_QUERY_TERMS);
}

/* Counts a word (or entity) of the query against the cap of a query with
 * operators or fields; 0 when over. */
static int count_term(parser *p)
{
    if (++p->nqueryterms <= ANNALS_MAX_QUERY_TERMS || free_text(p)) return 1;
    too_many(p);
    return 0;
}

/* ---- words and phrases ---- */

typedef struct {
    parser *p;
    const char *prefix;     /* "Z", "ZS" or "ZXH" */
    xap_query **v;
    size_t n, cap;
    int all_stop;
    size_t term_first;
    abuf t;
} wordctx;

static int on_word(void *ctx, const annals_token *tok)
{
    wordctx *w = ctx;
    parser *p = w->p;
    size_t sl;
    const char *stem = annals_stem(p->stem, tok->term, tok->len, &sl);
    if (!stem) return oom(p), 1;
    abuf_clear(&w->t);
    if (abuf_adds(&w->t, w->prefix) < 0 || abuf_add(&w->t, stem, sl) < 0) return oom(p), 1;
    if (w->t.len > ANNALS_MAX_TERM) return 0; /* never indexed: cannot match */
    if (!annals_is_stopword(tok->term, tok->len)) w->all_stop = 0;
    xap_query **v = annals_grow(w->v, &w->cap, w->n, sizeof *w->v);
    if (!v) return oom(p), 1;
    w->v = v;
    if (!count_term(p)) return 1;
    int body = strcmp(w->prefix, P_STEM) == 0;
    /* The unstemmed form is evidence of its own only where stemming changed
     * the word (it is indexed with positions there, and only there). */
    int changed = sl != tok->len || memcmp(stem, tok->term, sl) != 0;
    w->v[w->n] = term_query(p, w->t.data, w->t.len);
    if (!w->v[w->n]) return 1;
    w->n++;
    unsigned qpos = p->qpos++;
    if (body) {
        if (add_qterm(p, w->t.data, w->t.len, qpos, ANNALS_QT_STEM) < 0 ||
            (changed && add_qterm(p, tok->term, tok->len, qpos, ANNALS_QT_EXACT) < 0))
            return oom(p), 1;
        if ((p->words.len && abuf_addc(&p->words, ' ') < 0) ||
            abuf_add(&p->words, tok->term, tok->len) < 0)
            return oom(p), 1;
    }
    return 0;
}

/* Text to a term, or a phrase of its words' terms. */
static int words_clause(parser *p, const char *text, size_t len, field f, clause *c)
{
    wordctx w = {p, f == F_TITLE ? P_STEM P_TITLE : f == F_SECTION ? P_STEM P_HEADING : P_STEM,
                 NULL, 0, 0, 1, p->nterms, ABUF_INIT};
    int rc = annals_tokenize(text, len, on_word, &w);
    abuf_free(&w.t);
    if (rc < 0) oom(p);
    if (p->failed) {
        for (size_t i = 0; i < w.n; i++) xap_query_free(w.v[i]);
        free(w.v);
        return -1;
    }
    c->term_first = w.term_first;
    c->term_count = p->nterms - w.term_first;
    if (w.n == 0) c->q = NULL;
    else if (w.n == 1) c->q = w.v[0];
    else if (!(c->q = xap_query_combine(XAP_OP_PHRASE, w.v, w.n, 0))) oom(p);
    c->stop = w.n == 1 && w.all_stop;
    free(w.v);
    return p->failed ? -1 : 0;
}

/* ---- years, dates, entities ---- */

/* Up to 10 decimal digits (an entity id reaches 4294967295). */
static int parse_digits(const char *s, size_t n, long long *v)
{
    if (n == 0 || n > 10) return -1;
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        *v = *v * 10 + (s[i] - '0');
    }
    return 0;
}

/* Splits "a..b" (either side may be empty); no "..": a == b. */
static void split_range(const char *v, size_t n, size_t *alen, const char **b, size_t *blen)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (v[i] == '.' && v[i + 1] == '.') { dots = v + i; break; }
    if (!dots) {
        *alen = n;
        *b = v;
        *blen = n;
        return;
    }
    *alen = (size_t)(dots - v);
    *b = dots + 2;
    *blen = n - *alen - 2;
}

static xap_query *or_terms(parser *p, char **terms, size_t n)
{
    p->nfilterterms += n;
    if (p->nfilterterms > MAX_FILTER_TERMS)
        return invalid(p, "the year: and date: ranges span more than %d terms in all; narrow them",
                       MAX_FILTER_TERMS);
    xap_query **v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return oom(p);
    size_t k = 0;
    for (; k < n; k++)
        if (!(v[k] = xap_query_term(terms[k], strlen(terms[k]), 1, 0))) break;
    if (k < n) {
        for (size_t j = 0; j < k; j++) xap_query_free(v[j]);
        free(v);
        return oom(p);
    }
    xap_query *q = n == 1 ? v[0] : xap_query_combine(XAP_OP_OR, v, n, 0);
    free(v);
    return q ? q : oom(p);
}

static xap_query *year_query(parser *p, const char *v, size_t n)
{
    size_t alen, blen;
    const char *b;
    split_range(v, n, &alen, &b, &blen);
    long long y1 = 1000, y2 = 2100;
    if ((alen && (alen != 4 || parse_digits(v, alen, &y1) < 0 || !annals_is_year(y1))) ||
        (blen && (blen != 4 || parse_digits(b, blen, &y2) < 0 || !annals_is_year(y2))) ||
        (!alen && !blen))
        return invalid(p, "year:%.*s: not a year or range of years (1000 to 2100)", (int)n, v);
    if (y2 < y1) return invalid(p, "year:%.*s: the range runs backwards", (int)n, v);
    size_t cnt = (size_t)(y2 - y1 + 1);
    char **terms = malloc(cnt * sizeof *terms);
    char *buf = malloc(cnt * 16);
    xap_query *q = NULL;
    if (terms && buf) {
        for (size_t i = 0; i < cnt; i++) {
            terms[i] = buf + i * 16;
            snprintf(terms[i], 16, "%s%04d", P_YEAR, (int)(y1 + (long)i) % 10000);
        }
        q = or_terms(p, terms, cnt);
    } else {
        oom(p);
    }
    free(terms);
    free(buf);
    return q;
}

typedef struct {
    int y, m, d;
} ymd;

/* YYYY, YYYYMM, YYYYMMDD or YYYY-MM-DD; end: the last day it covers. */
static int parse_date(const char *s, size_t n, int end, ymd *out)
{
    char digits[9];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-' && (i == 4 || i == 7)) continue;
        if (k == 8) return -1;
        digits[k++] = s[i];
    }
    long long v;
    if ((k != 4 && k != 6 && k != 8) || parse_digits(digits, k, &v) < 0) return -1;
    out->y = (int)(k == 4 ? v : k == 6 ? v / 100 : v / 10000);
    out->m = k == 4 ? (end ? 12 : 1) : (int)(k == 6 ? v % 100 : v / 100 % 100);
    int dim = annals_days_in_month(out->y, out->m);
    out->d = k == 8 ? (int)(v % 100) : (end ? dim : 1);
    if (!annals_is_year(out->y) || !dim || out->d < 1 || out->d > dim) return -1;
    return 0;
}

static int ymd_cmp(ymd a, ymd b)
{
    if (a.y != b.y) return a.y < b.y ? -1 : 1;
    if (a.m != b.m) return a.m < b.m ? -1 : 1;
    return (a.d > b.d) - (a.d < b.d);
}

/* Omega's way: whole years as Y terms, whole months as M, days as D. */
static xap_query *date_query(parser *p, const char *v, size_t n)
{
    size_t alen, blen;
    const char *b;
    split_range(v, n, &alen, &b, &blen);
    ymd from = {1000, 1, 1}, to = {2100, 12, 31};
    if ((!alen && !blen) || (alen && parse_date(v, alen, 0, &from) < 0) ||
        (blen && parse_date(b, blen, 1, &to) < 0))
        return invalid(p, "date:%.*s: not a date or range of dates (YYYYMMDD..YYYYMMDD)", (int)n, v);
    if (ymd_cmp(to, from) < 0) return invalid(p, "date:%.*s: the range runs backwards", (int)n, v);
    char **terms = NULL;
    size_t cnt = 0, cap = 0;
    xap_query *q = NULL;
    ymd cur = from;
    while (ymd_cmp(cur, to) <= 0) {
        char **t = annals_grow(terms, &cap, cnt, sizeof *terms);
        if (!t) goto out;
        terms = t;
        char buf[16];
        ymd year_end = {cur.y, 12, 31}, month_end = {cur.y, cur.m, annals_days_in_month(cur.y, cur.m)};
        if (cur.m == 1 && cur.d == 1 && ymd_cmp(year_end, to) <= 0) {
            snprintf(buf, sizeof buf, "%s%04d", P_YEAR, cur.y);
            cur = (ymd){cur.y + 1, 1, 1};
        } else if (cur.d == 1 && ymd_cmp(month_end, to) <= 0) {
            snprintf(buf, sizeof buf, "%s%04d%02d", P_MONTH, cur.y, cur.m);
            cur = cur.m == 12 ? (ymd){cur.y + 1, 1, 1} : (ymd){cur.y, cur.m + 1, 1};
        } else {
            snprintf(buf, sizeof buf, "%s%04d%02d%02d", P_DAY, cur.y, cur.m, cur.d);
            if (cur.d < month_end.d) cur.d++;
            else cur = cur.m == 12 ? (ymd){cur.y + 1, 1, 1} : (ymd){cur.y, cur.m + 1, 1};
        }
        if (!(terms[cnt] = strdup(buf))) goto out;
        cnt++;
    }
    q = or_terms(p, terms, cnt);
out:
    if (!q) oom(p);
    for (size_t i = 0; i < cnt; i++) free(terms[i]);
    free(terms);
    return q;
}

/* entity:1588, or entity:Azerbaijan / entity:"United States": the name as
 * mentioned, and the articles titled so. */
static xap_query *entity_query(parser *p, const char *v, size_t n)
{
    long long id;
    abuf t = ABUF_INIT, name = ABUF_INIT;
    xap_query *q = NULL;
    if (!count_term(p)) return NULL;
    if (parse_digits(v, n, &id) == 0) {
        if (id > 4294967295LL) return invalid(p, "entity:%.*s: entity ids end at 4294967295", (int)n, v);
        if (abuf_printf(&t, "%s%lld", P_ENTITY, id) < 0) goto fail;
        q = term_query(p, t.data, t.len);
        if (q && add_qterm(p, t.data, t.len, p->qpos++, ANNALS_QT_ENTITY) < 0) goto fail;
        abuf_free(&t);
        return q;
    }
    if (annals_normalized_words(v, n, &name) < 0) goto fail;
    if (name.len == 0) return invalid(p, "entity:%.*s: not an entity id or name", (int)n, v);
    if (abuf_printf(&t, "%s%s", P_ENTITY_NAME, name.data) < 0) goto fail;
    q = term_query(p, t.data, t.len);
    /* Articles whose title is the name: their exact-heading term. */
    abuf_clear(&t);
    if (abuf_printf(&t, "%s%s", P_EXACT_HEADING, name.data) < 0) goto fail;
    xap_docid docs[64];
    size_t got = 0;
    xap_err err;
    if (p->db && t.len <= ANNALS_MAX_TERM &&
        xap_db_postings(p->db, t.data, t.len, docs, 64, &got, &err) != XAP_OK)
        got = 0;
    for (size_t i = 0; i < got && q; i++) {
        char *title = NULL, *art = NULL;
        size_t tl, al;
        abuf norm = ABUF_INIT;
        if (xap_db_value(p->db, docs[i], SLOT_TITLE, &title, &tl, &err) == XAP_OK &&
            xap_db_value(p->db, docs[i], SLOT_ARTICLE, &art, &al, &err) == XAP_OK &&
            annals_normalized_words(title, tl, &norm) == 0 && norm.len == name.len &&
            memcmp(norm.data, name.data, name.len) == 0) {
            abuf_clear(&t);
            if (abuf_printf(&t, "%s%s", P_ENTITY, art) == 0) {
                q = pair(XAP_OP_OR, q, term_query(p, t.data, t.len));
                if (q && add_qterm(p, t.data, t.len, p->qpos++, ANNALS_QT_ENTITY) < 0) oom(p);
            }
        }
        free(title);
        free(art);
        abuf_free(&norm);
    }
    abuf_free(&t);
    abuf_free(&name);
    return q ? q : oom(p);
fail:
    abuf_free(&t);
    abuf_free(&name);
    xap_query_free(q);
    return oom(p);
}

/* ---- the grammar ---- */

static xap_query *parse_or(parser *p);

static field field_of(const char *s, size_t n)
{
    for (int f = 1; f < F_COUNT; f++)
        if (strlen(FIELD_NAMES[f]) == n && memcmp(FIELD_NAMES[f], s, n) == 0) return (field)f;
    return F_NONE;
}

/* The quoted text at p->i (after the quote); moves past the closing quote
 * (an unclosed quote runs to the end). */
static void read_quoted(parser *p, const char **s, size_t *n)
{
    p->i++;
    const char *q = memchr(p->s + p->i, '"', p->n - p->i);
    size_t end = q ? (size_t)(q - p->s) : p->n;
    *s = p->s + p->i;
    *n = end - p->i;
    p->i = q ? end + 1 : end;
}

/* Reads one item into c; 0 when there is none here (an operator, ')' or the
 * end), 1 when read, -1 on failure. */
static int parse_item(parser *p, clause *c)
{
    memset(c, 0, sizeof *c);
    skip_space(p);
    size_t opend;
    if (p->i >= p->n || peek_op(p, &opend) != OP_NONE) return 0;
    if (!p->plain && p->s[p->i] == ')') {
        if (p->depth == 0) return invalid(p, "unbalanced parenthesis"), -1;
        return 0;
    }
    if (!p->plain && (p->s[p->i] == '+' || p->s[p->i] == '-') && !is_delim(p, p->i + 1) &&
        p->s[p->i + 1] != '+' && p->s[p->i + 1] != '-') {
        c->sign = p->s[p->i++];
        p->simple = 0;
    }
    if (!p->plain && p->s[p->i] == '(') {
        if (p->depth >= MAX_DEPTH) return invalid(p, "parentheses nested more than %d deep", MAX_DEPTH), -1;
        p->i++;
        p->depth++;
        p->simple = 0;
        c->q = parse_or(p);
        if (!c->q) return -1;
        skip_space(p);
        if (p->i >= p->n || p->s[p->i] != ')') {
            xap_query_free(c->q);
            c->q = NULL;
            return invalid(p, "unbalanced parenthesis"), -1;
        }
        p->i++;
        p->depth--;
        return 1;
    }
    const char *text;
    size_t len;
    if (!p->plain && p->s[p->i] == '"') {
        p->quoted = 1;
        read_quoted(p, &text, &len);
        return words_clause(p, text, len, F_NONE, c) < 0 ? -1 : 1;
    }
    size_t start = p->i, end = chunk_end(p, p->i);
    p->i = end;
    text = p->s + start;
    len = end - start;
    /* field:value */
    const char *colon = p->plain ? NULL : memchr(text, ':', len);
    if (colon && colon > text) {
        size_t nl = (size_t)(colon - text);
        int letters = 1;
        for (size_t k = 0; k < nl; k++)
            if (!((text[k] | 0x20) >= 'a' && (text[k] | 0x20) <= 'z')) letters = 0;
        int quoted = end < p->n && p->s[end] == '"' && colon == text + len - 1;
        int has_value = colon < text + len - 1 || quoted;
        field f = field_of(text, nl);
        if (letters && has_value && f == F_NONE) {
            unsigned char v = (unsigned char)colon[1];
            if (quoted || (v >= '0' && v <= '9') || ((v | 0x20) >= 'a' && (v | 0x20) <= 'z') || v >= 0x80)
                return invalid(p, "unknown field \"%.*s\" (fields: title, section, entity, year, date)",
                               (int)(nl + 1), text), -1;
        }
        if (f != F_NONE && has_value) {
            p->simple = 0;
            const char *v = colon + 1;
            size_t vn = (size_t)(text + len - v);
            if (quoted) {
                p->quoted = 1;
                read_quoted(p, &v, &vn);
            }
            c->f = f;
            size_t first = p->nterms;
            if (f == F_TITLE || f == F_SECTION) return words_clause(p, v, vn, f, c) < 0 ? -1 : 1;
            c->q = f == F_YEAR ? year_query(p, v, vn) : f == F_DATE ? date_query(p, v, vn)
                                                                    : entity_query(p, v, vn);
            c->term_first = first;
            c->term_count = p->nterms - first;
            return c->q ? 1 : -1;
        }
    }
    return words_clause(p, text, len, F_NONE, c) < 0 ? -1 : 1;
}

/* Takes a ranked clause into v (which owns it from then on, even when this
 * fails); one of the outermost group also has its span of terms kept (for
 * free text: best_clauses).  Returns 0, or -1 when out of memory. */
static int add_ranked(parser *p, xap_query ***v, size_t *n, size_t *cap, const clause *c)
{
    xap_query **g = annals_grow(*v, cap, *n, sizeof **v);
    if (!g) {
        xap_query_free(c->q);
        return oom(p), -1;
    }
    *v = g;
    g[(*n)++] = c->q;
    if (p->depth > 0) return 0;
    span *s = annals_grow(p->spans, &p->spancap, p->nspans, sizeof *p->spans);
    if (!s) return oom(p), -1;
    p->spans = s;
    p->spans[p->nspans++] = (span){c->term_first, c->term_count};
    return 0;
}

/* The OR of the n queries of v (which it takes), NULL when there are none. */
static xap_query *or_all(parser *p, xap_query **v, size_t n)
{
    if (p->failed) {
        for (size_t i = 0; i < n; i++) xap_query_free(v[i]);
        return NULL;
    }
    if (n <= 1) return n ? v[0] : NULL;
    xap_query *q = xap_query_combine(XAP_OP_OR, v, n, 0);
    return q ? q : oom(p);
}

/* Drops count terms from first of the qterm list. */
static void drop_terms(parser *p, size_t first, size_t count)
{
    for (size_t k = first; k < first + count; k++) p->terms[k].len = 0;
}

/* A run of items: +required, -excluded, the rest ranked (OR); field filters
 * OR'd within a field and AND'd across fields, as QueryParser does with
 * boolean prefixes. */
static xap_query *parse_group(parser *p)
{
    clause *cs = NULL;
    size_t n = 0, cap = 0;
    int rc;
    for (;;) {
        clause *v = annals_grow(cs, &cap, n, sizeof *cs);
        if (!v) { oom(p); break; }
        cs = v;
        rc = parse_item(p, &cs[n]);
        if (rc <= 0) break;
        p->after_op = NULL;
        n++;
    }
    xap_query *q = NULL, *filters[F_COUNT] = {NULL}, *exc = NULL, *req = NULL, *opt = NULL;
    xap_query **ranked = NULL;
    size_t nranked = 0, rankedcap = 0;
    int any = 0, nonstop = 0;
    for (size_t i = 0; i < n; i++) {
        any = 1;
        if (cs[i].q && !cs[i].sign && !cs[i].stop && (cs[i].f == F_NONE || cs[i].f == F_TITLE ||
                                                      cs[i].f == F_SECTION))
            nonstop = 1;
    }
    if (!p->failed && !any) {
        size_t opend;
        boolop op = peek_op(p, &opend);
        static const char *const NAMES[] = {"", "AND", "OR", "NOT", "XOR"};
        const char *name = p->after_op ? p->after_op : op != OP_NONE ? NAMES[op] : NULL;
        if (name) {
            invalid(p, "%s needs a term on each side", name);
        } else {
            invalid(p, "expected a term");
        }
    }
    for (size_t i = 0; i < n; i++) {
        clause *c = &cs[i];
        if (!c->q) continue;
        if (p->failed) { xap_query_free(c->q); continue; }
        int filter = c->f == F_ENTITY || c->f == F_YEAR || c->f == F_DATE;
        if (c->sign == '-') {
            drop_terms(p, c->term_first, c->term_count);
            exc = exc ? pair(XAP_OP_OR, exc, c->q) : c->q;
        } else if (filter) {
            filters[c->f] = filters[c->f] ? pair(XAP_OP_OR, filters[c->f], c->q) : c->q;
        } else if (c->sign == '+') {
            req = req ? pair(XAP_OP_AND, req, c->q) : c->q;
        } else if (c->stop && nonstop) {
            drop_terms(p, c->term_first, c->term_count); /* a stopword among real words */
            xap_query_free(c->q);
        } else {
            add_ranked(p, &ranked, &nranked, &rankedcap, c);
        }
    }
    free(cs);
    opt = or_all(p, ranked, nranked);
    free(ranked);
    if (req && opt) q = pair(XAP_OP_AND_MAYBE, req, opt);
    else q = req ? req : opt;
    xap_query *f = NULL;
    for (int k = 0; k < F_COUNT; k++)
        if (filters[k]) f = f ? pair(XAP_OP_AND, f, filters[k]) : filters[k];
    if (q && f) q = pair(XAP_OP_FILTER, q, f);
    else if (f) q = f;
    if (exc) q = pair(XAP_OP_AND_NOT, q ? q : xap_query_match_all(), exc);
    if (p->failed) {
        xap_query_free(q);
        return NULL;
    }
    if (!q) q = xap_query_match_nothing(); /* no words at all, e.g. "--" */
    return q ? q : oom(p);
}

/* The binary operators, loosest first: "a OR b AND c" is a OR (b AND c). */
static const struct {
    boolop op;
    xap_op xop;
    const char *name;
} LEVELS[] = {{OP_OR, XAP_OP_OR, "OR"},
              {OP_XOR, XAP_OP_XOR, "XOR"},
              {OP_AND, XAP_OP_AND, "AND"},
              {OP_NOT, XAP_OP_AND_NOT, "NOT"}};

static xap_query *parse_level(parser *p, size_t level)
{
    if (level == sizeof LEVELS / sizeof LEVELS[0]) return parse_group(p);
    xap_query *l = parse_level(p, level + 1);
    size_t end;
    while (l && peek_op(p, &end) == LEVELS[level].op) {
        p->i = end;
        p->simple = 0;
        xap_op op = LEVELS[level].xop;
        p->after_op = LEVELS[level].name;
        if (LEVELS[level].op == OP_AND && peek_op(p, &end) == OP_NOT) { /* AND NOT */
            p->i = end;
            op = XAP_OP_AND_NOT;
            p->after_op = "AND NOT";
        }
        l = pair(op, l, parse_level(p, level + 1));
        if (!l) oom(p);
    }
    return l;
}

static xap_query *parse_or(parser *p)
{
    return parse_level(p, 0);
}

/* ---- long free text: its best clauses ---- */

double annals_idf_of(double docs, double df)
{
    return log(1.0 + (docs - df + 0.5) / (df + 0.5));
}

double annals_idf(xap_db *db, const char *term, size_t len)
{
    if (!db) return annals_idf_of(0, 0);
    return annals_idf_of(xap_db_doccount(db), xap_db_termfreq(db, term, len));
}

typedef struct {
    double w;
    size_t i;
} weighed;

static int cmp_weighed(const void *a, const void *b)
{
    const weighed *x = a, *y = b;
    if (x->w != y->w) return x->w < y->w ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

long annals_pick_best(const double *weight, size_t n, size_t k, size_t *out)
{
    weighed *v = malloc((n + 1) * sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < n; i++) v[i] = (weighed){weight[i], i};
    qsort(v, n, sizeof *v, cmp_weighed);
    size_t m = n < k ? n : k;
    for (size_t i = 0; i < m; i++) out[i] = v[i].i;
    free(v);
    qsort(out, m, sizeof *out, cmp_size);
    return (long)m;
}

/* A clause's stems, space-separated: clauses with the same key are the same
 * words.  NULL when out of memory. */
static char *span_key(const parser *p, const span *s)
{
    abuf k = ABUF_INIT;
    for (size_t i = s->first; i < s->first + s->count; i++) {
        const annals_qterm *t = &p->terms[i];
        if (t->kind != ANNALS_QT_STEM) continue;
        if ((k.len && abuf_addc(&k, ' ') < 0) || abuf_add(&k, t->term, t->len) < 0) {
            abuf_free(&k);
            return NULL;
        }
    }
    return k.len ? abuf_take(&k) : (abuf_free(&k), strdup(""));
}

typedef struct {
    char *key;      /* owned */
    size_t span;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->span > y->span) - (x->span < y->span);
}

/* A clause's query: its word's term, or the phrase of its words' terms,
 * each with wqf count. */
static xap_query *span_query(parser *p, const span *s, uint32_t count)
{
    xap_query **v = malloc((s->count + 1) * sizeof *v), *q = NULL;
    size_t n = 0;
    if (!v) return oom(p);
    for (size_t i = s->first; i < s->first + s->count; i++) {
        const annals_qterm *t = &p->terms[i];
        if (t->kind == ANNALS_QT_STEM) v[n++] = xap_query_term(t->term, t->len, count, 0);
    }
    q = n == 1 ? v[0] : xap_query_combine(XAP_OP_PHRASE, v, n, 0);
    free(v);
    return q ? q : oom(p);
}

/* A distinct clause of free text: the first of its kind (an index into
 * the spans) and how many times the query has it. */
typedef struct {
    size_t span;
    uint32_t count;
} distinct;

static int cmp_distinct(const void *a, const void *b)
{
    const distinct *x = a, *y = b;
    return (x->span > y->span) - (x->span < y->span);
}

/* The distinct clauses into d, in their order in the query; returns how
 * many, or -1 when out of memory. */
static long distinct_clauses(parser *p, distinct *d)
{
    keyed *v = calloc(p->nspans + 1, sizeof *v);
    long nuniq = 0, rc = 0;
    for (size_t i = 0; v && i < p->nspans && rc == 0; i++) {
        v[i] = (keyed){span_key(p, &p->spans[i]), i};
        if (!v[i].key) rc = -1;
    }
    if (!v || rc < 0) rc = -1;
    else qsort(v, p->nspans, sizeof *v, cmp_keyed);
    for (size_t i = 0; rc == 0 && i < p->nspans; i++) {
        if (i && strcmp(v[i].key, v[i - 1].key) == 0) d[nuniq - 1].count++;
        else d[nuniq++] = (distinct){v[i].span, 1};
    }
    for (size_t i = 0; v && i < p->nspans; i++) free(v[i].key);
    free(v);
    if (rc < 0) return oom(p), -1;
    qsort(d, (size_t)nuniq, sizeof *d, cmp_distinct);
    return nuniq;
}

/* A clause's weight: the IDF of its words' stems times BM25's query
 * frequency factor for count (k3 = 1). */
static double clause_weight(const parser *p, const span *s, uint32_t count)
{
    double idf = 0;
    for (size_t i = s->first; i < s->first + s->count; i++)
        if (p->terms[i].kind == ANNALS_QT_STEM)
            idf += annals_idf(p->db, p->terms[i].term, p->terms[i].len);
    return idf * 2.0 * count / (1.0 + count);
}

/* Free text of more than ANNALS_MATCH_TERMS words: the OR of its
 * ANNALS_MATCH_TERMS best distinct clauses (query.h); the terms of the
 * others are dropped from the qterm list. */
static xap_query *best_clauses(parser *p)
{
    size_t n = p->nspans;
    distinct *d = malloc((n + 1) * sizeof *d);
    size_t *pick = malloc((n + 1) * sizeof *pick);
    double *w = malloc((n + 1) * sizeof *w);
    unsigned char *chosen = calloc(n + 1, 1);
    xap_query **sub = malloc((ANNALS_MATCH_TERMS + 1) * sizeof *sub), *q = NULL;
    long nuniq = -1, m = -1;
    if (!d || !pick || !w || !chosen || !sub) oom(p);
    else nuniq = distinct_clauses(p, d);
    for (long u = 0; u < nuniq; u++) w[u] = clause_weight(p, &p->spans[d[u].span], d[u].count);
    if (nuniq >= 0 && (m = annals_pick_best(w, (size_t)nuniq, ANNALS_MATCH_TERMS, pick)) < 0) oom(p);
    for (long k = 0; k < m; k++) {
        const distinct *c = &d[pick[k]];
        chosen[c->span] = 1;
        sub[k] = span_query(p, &p->spans[c->span], c->count);
    }
    for (size_t i = 0; chosen && i < n; i++)
        if (!chosen[i]) drop_terms(p, p->spans[i].first, p->spans[i].count);
    if (m >= 0) q = or_all(p, sub, (size_t)m);
    free(d);
    free(pick);
    free(w);
    free(chosen);
    free(sub);
    return q;
}

static int cmp_term_text(const void *a, const void *b)
{
    const annals_qterm *x = *(annals_qterm *const *)a, *y = *(annals_qterm *const *)b;
    int c = strcmp(x->term, y->term);
    if (c) return c;
    return (x->qpos > y->qpos) - (x->qpos < y->qpos);
}

/* Keeps one entry per term (its first place in the query): a word that is
 * also in a phrase of the query is scored once. */
static void drop_repeated_terms(parser *p)
{
    annals_qterm **v = malloc((p->nterms + 1) * sizeof *v);
    size_t n = 0;
    if (!v) {
        oom(p);
        return;
    }
    for (size_t i = 0; i < p->nterms; i++)
        if (p->terms[i].len) v[n++] = &p->terms[i];
    qsort(v, n, sizeof *v, cmp_term_text);
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i]->term, v[i - 1]->term) == 0) v[i]->len = 0;
    free(v);
}

static int cmp_qterm(const void *a, const void *b)
{
    const annals_qterm *x = a, *y = b;
    if (x->qpos != y->qpos) return x->qpos < y->qpos ? -1 : 1;
    return (x->kind > y->kind) - (x->kind < y->kind); /* a word's stem before its exact form */
}

int annals_query_parse(const char *text, int plain, xap_db *db, annals_stemmer *stem,
                       annals_query *out, abuf *err)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    if (len > ANNALS_MAX_QUERY_BYTES) {
        abuf_clear(err);
        abuf_printf(err, "query is longer than %d bytes; shorten it", ANNALS_MAX_QUERY_BYTES);
        return -1;
    }
    if (u8_check((const uint8_t *)text, len)) {
        abuf_clear(err);
        abuf_adds(err, "the query is not valid UTF-8");
        return -1;
    }
    parser p;
    memset(&p, 0, sizeof p);
    p.s = text;
    p.n = len;
    p.plain = plain;
    p.db = db;
    p.stem = stem;
    p.err = err;
    p.simple = 1;
    xap_query *q = parse_or(&p);
    skip_space(&p);
    if (q && p.i < p.n && !p.failed) { /* a stray ')' */
        invalid(&p, "unbalanced parenthesis");
    }
    if (!p.failed && !free_text(&p) && p.nqueryterms > ANNALS_MAX_QUERY_TERMS) too_many(&p);
    if (!p.failed && free_text(&p) && p.nqueryterms > ANNALS_MATCH_TERMS) {
        xap_query_free(q);
        q = best_clauses(&p);
        drop_repeated_terms(&p);
    }
    if (!p.failed && p.simple && p.words.len) {
        /* A free-text query that is a heading (or title) word for word. */
        abuf t = ABUF_INIT;
        if (abuf_printf(&t, "%s%s", P_EXACT_HEADING, p.words.data) < 0) {
            oom(&p);
        } else if (t.len <= ANNALS_MAX_TERM) {
            out->exact = abuf_take(&t);
            out->filter = q ? xap_query_copy(q) : NULL;
            if (!out->filter) oom(&p);
            xap_query *e = out->exact ? xap_query_term(out->exact, strlen(out->exact), 1, 0) : NULL;
            q = pair(XAP_OP_AND_MAYBE, q, e ? xap_query_scale(e, EXACT_HEADING_WEIGHT) : NULL);
            if (!q) oom(&p);
        }
        abuf_free(&t);
    }
    abuf_free(&p.words);
    free(p.spans);
    /* Keep the terms that survived, by their place in the query. */
    size_t k = 0;
    for (size_t i = 0; i < p.nterms; i++) {
        if (p.terms[i].len) p.terms[k++] = p.terms[i];
        else free(p.terms[i].term);
    }
    p.nterms = k;
    if (p.nterms > 1) qsort(p.terms, p.nterms, sizeof *p.terms, cmp_qterm);
    out->query = q;
    out->terms = p.terms;
    out->nterms = p.nterms;
    if (p.failed || !q) {
        int rc = p.failed ? p.failed : -2;
        if (rc == -2) {
            abuf_clear(err);
            abuf_adds(err, "out of memory");
        }
        annals_query_free(out);
        return rc;
    }
    return 0;
}

int annals_query_narrow(annals_query *q, const char *years, const char *entity, xap_db *db,
                        abuf *err)
{
    if (!years && !entity) return 0;
    parser p;
    memset(&p, 0, sizeof p);
    p.db = db;
    p.err = err;
    xap_query *f = years ? year_query(&p, years, strlen(years)) : NULL;
    if (entity && !p.failed) {
        xap_query *e = entity_query(&p, entity, strlen(entity));
        f = f ? pair(XAP_OP_AND, f, e) : e;
    }
    /* The entity's terms would score passages and highlight: not wanted. */
    for (size_t i = 0; i < p.nterms; i++) free(p.terms[i].term);
    free(p.terms);
    if (p.failed == -1) {
        xap_query_free(f);
        return -1;
    }
    int counted = q->filter != NULL; /* the query without its weight-only parts */
    if (f && counted) q->filter = pair(XAP_OP_FILTER, q->filter, xap_query_copy(f));
    q->query = pair(XAP_OP_FILTER, q->query, f);
    if (q->query && (q->filter || !counted)) return 0;
    abuf_clear(err);
    abuf_adds(err, "out of memory");
    return -2;
}

int annals_query_has_term(const annals_query *q, const char *term, size_t len)
{
    for (size_t i = 0; i < q->nterms; i++)
        if (q->terms[i].len == len && memcmp(q->terms[i].term, term, len) == 0) return 1;
    return 0;
}

void annals_query_free(annals_query *q)
{
    xap_query_free(q->query);
    xap_query_free(q->filter);
    for (size_t i = 0; i < q->nterms; i++) free(q->terms[i].term);
    free(q->terms);
    free(q->exact);
    memset(q, 0, sizeof *q);
}
