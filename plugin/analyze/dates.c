/* dates.c - the pattern matcher for dates in English text, over the tokens
 * of dates-scan.c with the cues of dates-cues.c. */
#include "analyze/dates.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/dates-cues.h"
#include "analyze/dates-scan.h"
#include "util/buf.h"

int annals_days_in_month(int y, int m)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    if (m == 2 && y > 0) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    return days[m - 1];
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

static int is_word(const toks *v, long i, const char *const *words)
{
    return annals_dates_word_in(v->t, v->n, i, words);
}

/* A 3-digit number before a dash and a later year, at most a long life or
 * reign before it: the start of a span that reaches our years ("(965 –
 * 1040)", "600–1000 CE"). */
static int is_early_start(const toks *v, long i)
{
    const tok *t = v->t;
    return is_num(v, i) && t[i].digits == 3 && t[i].val >= 100 && !t[i].notyear &&
           i + 2 < v->n && t[i + 1].type == T_DASH && is_num(v, i + 2) &&
           t[i + 2].val > t[i].val && t[i + 2].val - t[i].val <= ANNALS_MAX_YEAR_SPAN;
}

/* A year on its own: four digits, 1000 to 2100, no cue against it, and
 * not the end of a number range other than a span of years ("2700–2100",
 * "10–2000"), unless marked as of our era ("600–1000 CE"). */
static int is_yr(const toks *v, long i)
{
    static const char *const ERA_AD[] = {"ad", "ce", NULL};
    if (!is_num(v, i) || v->t[i].digits != 4 || !annals_is_year(v->t[i].val) || v->t[i].notyear)
        return 0;
    if (i >= 2 && v->t[i - 1].type == T_DASH && v->t[i - 2].type == T_NUM &&
        !(v->t[i - 2].digits == 4 && annals_is_year(v->t[i - 2].val)) &&
        !is_early_start(v, i - 2) && !is_word(v, i + 1, ERA_AD))
        return 0;
    return 1;
}

static int is_type(const toks *v, long i, ttype type)
{
    return i >= 0 && i < v->n && v->t[i].type == type;
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
    } else if (is_early_start(v, i) && is_yr(v, i + 2)) {
        /* Only the years from 1000 on are held: the span is cut there. */
        *e = (expr){1000, 0, 0, (int)t[i + 2].val, 0, 0, 1};
        *next = i + 3;
    } else if (is_type(v, i, T_NUMDATE)) {
        *e = (expr){(int)t[i].val, t[i].m, t[i].d, (int)t[i].val, t[i].m, t[i].d, 1};
        *next = i + 1;
    } else if (is_yr(v, i)) {
        int y = (int)t[i].val, y2 = y;
        *next = i + 1;
        if (is_type(v, i + 1, T_DASH) && is_num(v, i + 2)) {
            long end = t[i + 2].val;
            if (t[i + 2].digits == 2) end = y / 100 * 100 + end; /* 1997–98 */
            if ((t[i + 2].digits == 4 || t[i + 2].digits == 2) && annals_is_year(end) && end > y &&
                !t[i + 2].notyear) {
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

/* "between 1934 and 2001", "between the 2004 and 2012 elections": the
 * expression at token i opens a span closed by "and". */
static int after_between(const toks *v, long i)
{
    static const char *const BETWEEN[] = {"between", NULL};
    static const char *const THE[] = {"the", NULL};
    return is_word(v, i - 1, BETWEEN) || (is_word(v, i - 1, THE) && is_word(v, i - 2, BETWEEN));
}

/* The token after a span's connector at r, stepping over "c.", "ca." or
 * "circa" before its end ("1480 – c. 1510"). */
static long span_end_at(const toks *v, long r)
{
    static const char *const CIRCA[] = {"c", "ca", "circa", NULL};
    long j = r + 1;
    if (is_word(v, j, CIRCA)) {
        j++;
        if (is_type(v, j, T_OTHER) && v->t[j].cp == '.') j++;
    }
    return j;
}

int annals_dates_extract(const char *text, size_t len, int *year, annals_dates *out)
{
    static const char *const AND[] = {"and", NULL};
    tok *tv;
    long n = annals_dates_scan(text, len, &tv);
    if (n < 0) return -1;
    annals_dates_mark_cues(tv, n);
    toks v = {tv, n};
    int rc = 0;
    long i = 0;
    while (i < n) {
        expr e;
        long next;
        if (!match(&v, i, *year, &e, &next)) { i++; continue; }
        if (e.explicit_year) *year = e.y2;
        size_t start = tv[i].start, end = tv[next - 1].end;
        /* "from December 1994 until 1997", "1995 to 1997", "between 1990
         * and 1995", lifespans "(6 June 1856 – 1939)": a span. */
        long r = next;
        if (is_word(&v, r, RANGE_WORDS) || is_type(&v, r, T_DASH) ||
            (is_word(&v, r, AND) && after_between(&v, i))) {
            expr f;
            long fnext;
            if (match(&v, span_end_at(&v, r), *year, &f, &fnext) && f.explicit_year &&
                later(&e, &f) && f.y2 - e.y1 <= ANNALS_MAX_YEAR_SPAN && e.y1) {
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
