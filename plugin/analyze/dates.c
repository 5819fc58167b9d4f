/* dates.c - a small scanner and pattern matcher for dates in English text. */
#include "analyze/dates.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

typedef enum { T_NUM, T_MONTH, T_WORD, T_DASH, T_COMMA, T_OTHER } ttype;

typedef struct {
    ttype type;
    long val;         /* T_NUM: the value; T_MONTH: 1..12 */
    int digits;       /* T_NUM: how many digits */
    int plain;        /* T_NUM: not glued to '#', '$', '%' or a unit */
    char word[12];    /* T_WORD: lowercased (truncated) */
    size_t start, end;
} tok;

static const char *const MONTHS[12] = {"january", "february", "march", "april", "may", "june",
                                       "july", "august", "september", "october", "november",
                                       "december"};

int annals_is_year(long y)
{
    return y >= 1000 && y <= 2100;
}

int annals_days_in_month(int y, int m)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    if (m == 2 && y > 0) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    return days[m - 1];
}

static int month_of(const char *w, size_t n)
{
    char low[12];
    if (n < 3 || n >= sizeof low) return 0;
    for (size_t i = 0; i < n; i++) low[i] = (char)(w[i] | 0x20);
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(MONTHS[m]);
        if (n == full && memcmp(low, MONTHS[m], n) == 0) return m + 1;
    }
    /* Three-letter abbreviations (and "Sept"), capitalized, not "May"-like
     * words: "Jan", "Feb", ... "Dec". */
    if ((w[0] >= 'A' && w[0] <= 'Z') && (n == 3 || (n == 4 && memcmp(low, "sept", 4) == 0)))
        for (int m = 0; m < 12; m++)
            if (memcmp(low, MONTHS[m], 3) == 0 && m != 4) return m + 1;
    return 0;
}

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The length of a dash at s (hyphen, en dash, em dash, minus), or 0. */
static size_t dash_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && u[0] == '-') return 1;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94)) return 3;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92) return 3;
    return 0;
}

/* Splits text into the tokens dates are made of.  Returns the count, or -1
 * when out of memory; *out is malloc'd. */
static long scan(const char *s, size_t n, tok **out)
{
    size_t cap = 0, cnt = 0;
    tok *v = NULL;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n') { i++; continue; }
        tok *p = annals_grow(v, &cap, cnt, sizeof *v);
        if (!p) { free(v); return -1; }
        v = p;
        tok *t = &v[cnt++];
        memset(t, 0, sizeof *t);
        t->start = i;
        size_t d;
        if (is_digit(c)) {
            size_t j = i;
            long val = 0;
            while (j < n && is_digit((unsigned char)s[j])) {
                if (val < 100000) val = val * 10 + (s[j] - '0');
                j++;
            }
            t->type = T_NUM;
            t->val = val;
            t->digits = (int)(j - i);
            t->plain = 1;
            /* 1,500 or 3.25: part of a larger number. */
            while (j + 1 < n && (s[j] == ',' || s[j] == '.') && is_digit((unsigned char)s[j + 1])) {
                t->plain = 0;
                j++;
                while (j < n && is_digit((unsigned char)s[j])) j++;
            }
            /* 21st, 1990s, 300km: not a bare number. */
            if (j < n && (is_alpha((unsigned char)s[j]) || s[j] == '%')) t->plain = 0;
            if (i > 0 && (s[i - 1] == '#' || s[i - 1] == '$' || s[i - 1] == '/' ||
                          is_alpha((unsigned char)s[i - 1])))
                t->plain = 0;
            if (j < n && s[j] == '/') t->plain = 0; /* 2100/3, a fraction or ratio */
            while (j < n && (is_alpha((unsigned char)s[j]) || is_digit((unsigned char)s[j]))) j++;
            i = j;
        } else if (is_alpha(c)) {
            size_t j = i;
            while (j < n && is_alpha((unsigned char)s[j])) j++;
            int m = month_of(s + i, j - i);
            if (m) {
                t->type = T_MONTH;
                t->val = m;
                if (j < n && s[j] == '.' && j - i <= 4) j++; /* "Dec." */
            } else {
                t->type = T_WORD;
                size_t k = 0;
                for (; k < j - i && k < sizeof t->word - 1; k++) t->word[k] = (char)(s[i + k] | 0x20);
                t->word[k] = '\0';
            }
            i = j;
        } else if ((d = dash_len(s + i, n - i)) > 0) {
            t->type = T_DASH;
            i += d;
        } else if (c == ',') {
            t->type = T_COMMA;
            i++;
        } else {
            t->type = T_OTHER;
            i++;
            while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        }
        t->end = i;
    }
    *out = v;
    return (long)cnt;
}

typedef struct {
    const tok *t;
    long n;
} toks;

static int is_num(const toks *v, long i)
{
    return i < v->n && v->t[i].type == T_NUM && v->t[i].plain;
}

static int is_day(const toks *v, long i)
{
    return is_num(v, i) && v->t[i].digits <= 2 && v->t[i].val >= 1 && v->t[i].val <= 31;
}

/* Words after a number that make it a quantity or a year before the era
 * ("2100 m", "2000 years ago", "2100 BC"), not a year. */
static const char *const QUANTITY_WORDS[] = {
    "m", "km", "cm", "mm", "mi", "ft", "yd", "hp", "kw", "mw", "hz", "khz", "mhz", "ghz", "kg",
    "g", "lb", "lbs", "t", "kt", "rpm", "cc", "pounds", "dollars", "people", "men", "women",
    "troops", "soldiers", "meters", "metres", "miles", "feet", "yards", "tons", "tonnes",
    "acres", "hectares", "sq", "square", "years", "votes", "copies", "units", "points",
    "calories", "hours", "days", "students", "residents", "inhabitants", "employees",
    "members", "cases", "deaths", "kilometres", "kilometers", "bc", "bce", "b", NULL};

static int is_word(const toks *v, long i, const char *const *words);

static int is_yr(const toks *v, long i)
{
    if (!is_num(v, i) || v->t[i].digits != 4 || !annals_is_year(v->t[i].val)) return 0;
    if (is_word(v, i + 1, QUANTITY_WORDS)) return 0;
    /* The end of a number range that is not a year range ("2700–2100"). */
    if (i >= 2 && v->t[i - 1].type == T_DASH && v->t[i - 2].type == T_NUM &&
        !(v->t[i - 2].digits == 4 && annals_is_year(v->t[i - 2].val)))
        return 0;
    return 1;
}

static int is_type(const toks *v, long i, ttype type)
{
    return i >= 0 && i < v->n && v->t[i].type == type;
}

static int is_word(const toks *v, long i, const char *const *words)
{
    if (!is_type(v, i, T_WORD)) return 0;
    for (; *words; words++)
        if (strcmp(v->t[i].word, *words) == 0) return 1;
    return 0;
}

/* One date expression starting at token i; *next is the token after it. */
typedef struct {
    int y1, m1, d1, y2, m2, d2;
    int explicit_year;
} expr;

static const char *const MONTH_CUES[] = {"in", "mid", "early", "late", "since", "until", "till",
                                         "by", "from", "during", "before", "after", "through",
                                         "end", "beginning", NULL};
static const char *const RANGE_WORDS[] = {"until", "till", "to", "through", "thru", NULL};

static int match(const toks *v, long i, int year, expr *e, long *next)
{
    memset(e, 0, sizeof *e);
    const tok *t = v->t;
    if (is_type(v, i, T_MONTH)) {
        int m = (int)t[i].val;
        long j = i + 1;
        if (is_day(v, j) && is_type(v, j + 1, T_DASH) && is_day(v, j + 2)) {
            long k = j + 3;
            if (is_type(v, k, T_COMMA)) k++;
            int y = is_yr(v, k) ? (int)t[k].val : 0;
            *e = (expr){y ? y : year, m, (int)t[j].val, y ? y : year, m, (int)t[j + 2].val, y != 0};
            *next = y ? k + 1 : j + 3;
        } else if (is_day(v, j)) {
            long k = j + 1;
            if (is_type(v, k, T_COMMA)) k++;
            int y = is_yr(v, k) ? (int)t[k].val : 0;
            *e = (expr){y ? y : year, m, (int)t[j].val, y ? y : year, m, (int)t[j].val, y != 0};
            *next = y ? k + 1 : j + 1;
        } else if (is_yr(v, j)) {
            *e = (expr){(int)t[j].val, m, 0, (int)t[j].val, m, 0, 1};
            *next = j + 1;
        } else {
            /* A bare month name needs a cue ("in March", "mid-February"):
             * "May" alone is mostly a verb. */
            long p = i - 1;
            if (is_type(v, p, T_DASH)) p--;
            if (!is_word(v, p, MONTH_CUES)) return 0;
            *e = (expr){year, m, 0, year, m, 0, 0};
            *next = j;
        }
    } else if (is_day(v, i) && is_type(v, i + 1, T_DASH) && is_day(v, i + 2) &&
               is_type(v, i + 3, T_MONTH)) {
        int m = (int)t[i + 3].val;
        int y = is_yr(v, i + 4) ? (int)t[i + 4].val : 0;
        *e = (expr){y ? y : year, m, (int)t[i].val, y ? y : year, m, (int)t[i + 2].val, y != 0};
        *next = y ? i + 5 : i + 4;
    } else if (is_day(v, i) && is_type(v, i + 1, T_MONTH)) {
        int m = (int)t[i + 1].val;
        int y = is_yr(v, i + 2) ? (int)t[i + 2].val : 0;
        *e = (expr){y ? y : year, m, (int)t[i].val, y ? y : year, m, (int)t[i].val, y != 0};
        *next = y ? i + 3 : i + 2;
    } else if (is_yr(v, i)) {
        int y = (int)t[i].val, y2 = y;
        *next = i + 1;
        if (is_type(v, i + 1, T_DASH) && is_num(v, i + 2)) {
            long end = t[i + 2].val;
            if (t[i + 2].digits == 2) end = y / 100 * 100 + end; /* 1997–98 */
            if ((t[i + 2].digits == 4 || t[i + 2].digits == 2) && annals_is_year(end) && end > y) {
                y2 = (int)end;
                *next = i + 3;
            }
        }
        *e = (expr){y, 0, 0, y2, 0, 0, 1};
    } else {
        return 0;
    }
    /* Reject impossible days (February 30). */
    if (e->d1 && (e->d1 > annals_days_in_month(e->y1, e->m1) ||
                  e->d2 > annals_days_in_month(e->y2, e->m2) || e->d2 < e->d1))
        return 0;
    return 1;
}

static int push(annals_dates *out, const annals_date *d)
{
    annals_date *p = annals_grow(out->v, &out->cap, out->n, sizeof *out->v);
    if (!p) return -1;
    out->v = p;
    out->v[out->n++] = *d;
    return 0;
}

static int later(const expr *a, const expr *b)
{
    if (b->y1 != a->y2) return b->y1 > a->y2;
    return b->m1 > a->m2 || (b->m1 == a->m2 && b->d1 > a->d2);
}

int annals_dates_extract(const char *text, size_t len, int *year, annals_dates *out)
{
    tok *tv;
    long n = scan(text, len, &tv);
    if (n < 0) return -1;
    toks v = {tv, n};
    int rc = 0;
    long i = 0;
    while (i < n) {
        expr e;
        long next;
        if (!match(&v, i, *year, &e, &next)) { i++; continue; }
        if (e.explicit_year) *year = e.y2;
        size_t start = tv[i].start, end = tv[next - 1].end;
        /* "from December 1994 until 1997", "1995 to 1997": a range. */
        long r = next;
        if (is_word(&v, r, RANGE_WORDS) || is_type(&v, r, T_DASH)) {
            expr f;
            long fnext;
            if (match(&v, r + 1, *year, &f, &fnext) && f.explicit_year && later(&e, &f) &&
                f.y2 - e.y1 <= ANNALS_MAX_YEAR_SPAN && e.y1) {
                e.y2 = f.y2;
                e.m2 = f.m2;
                e.d2 = f.d2;
                *year = f.y2;
                end = tv[fnext - 1].end;
                next = fnext;
            }
        }
        i = next;
        if (!e.y1) continue; /* year-less, and no earlier year in the section */
        annals_date d = {e.y1, e.m1, e.d1, e.y2, e.m2, e.d2, start, end};
        if (push(out, &d) < 0) { rc = -1; break; }
    }
    free(tv);
    return rc;
}

void annals_dates_free(annals_dates *d)
{
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
