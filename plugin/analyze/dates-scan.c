/* dates-scan.c - splits display text into the tokens dates are made of:
 * numbers, numeric dates, month names, words, dashes, commas, other marks. */
#include "analyze/dates-scan.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/dates.h"
#include "util/buf.h"

static const char *const MONTHS[12] = {"january", "february", "march", "april", "may", "june",
                                       "july", "august", "september", "october", "november",
                                       "december"};

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

static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
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

/* The length of a space at s, or 0: ASCII blanks, and the no-break and
 * narrow spaces that sit between a number and its unit ("88.9 kg"). */
static size_t space_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r') return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0) return 2;                       /* U+00A0 */
    /* U+2000 to U+200A, U+202F */
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF)) return 3;
    return 0;
}

/* Reads the digits at s[*j]; returns their value (capped) and count. */
static long digits_at(const char *s, size_t n, size_t *j, int *count)
{
    long val = 0;
    size_t k = *j;
    while (k < n && is_digit((unsigned char)s[k])) {
        if (val < 100000) val = val * 10 + (s[k] - '0');
        k++;
    }
    *count = (int)(k - *j);
    *j = k;
    return val;
}

/* A numeric date at s[i]: day-first "11.06.1997" or "11/6/1997", ISO
 * "1997-06-11".  Fills t and returns its end, or 0. */
static size_t numeric_date(const char *s, size_t n, size_t i, tok *t)
{
    size_t j = i;
    int c1, c2, c3;
    long a = digits_at(s, n, &j, &c1);
    if (j + 1 >= n || (s[j] != '.' && s[j] != '/' && s[j] != '-')) return 0;
    char sep = s[j++];
    long b = digits_at(s, n, &j, &c2);
    if (c2 < 1 || c2 > 2 || j + 1 >= n || s[j] != sep) return 0;
    j++;
    long c = digits_at(s, n, &j, &c3);
    if (j < n && (is_alpha((unsigned char)s[j]) || s[j] == sep ||
                  ((s[j] == '.' || s[j] == ',') && j + 1 < n && is_digit((unsigned char)s[j + 1]))))
        return 0;
    long y, m, d;
    if (sep == '-' && c1 == 4 && c3 == 2) {
        y = a, m = b, d = c;
    } else if (sep != '-' && c1 <= 2 && c3 == 4) {
        y = c, m = b, d = a;
        /* With slashes the order of day and month is known only when one
         * of them cannot be a month; otherwise the year alone is certain. */
        if (sep == '/' && a <= 12 && b <= 12 && a != b) m = d = 0;
        else if (sep == '/' && b > 12) m = a, d = b;
    } else {
        return 0;
    }
    if (!annals_is_year(y) || m > 12 || (m && (d < 1 || d > annals_days_in_month((int)y, (int)m))))
        return 0;
    t->type = T_NUMDATE;
    t->val = y;
    t->m = (int)m;
    t->d = (int)d;
    return j;
}

/* A number at s[i]; fills t and returns its end. */
static size_t number(const char *s, size_t n, size_t i, tok *t)
{
    size_t j = i;
    t->type = T_NUM;
    t->val = digits_at(s, n, &j, &t->digits);
    t->plain = 1;
    /* 1,500 or 3.25: part of a larger number. */
    while (j + 1 < n && (s[j] == ',' || s[j] == '.') && is_digit((unsigned char)s[j + 1])) {
        t->plain = 0;
        j++;
        while (j < n && is_digit((unsigned char)s[j])) j++;
    }
    /* 1332-94-1, 555-0123-4: three numbers glued by hyphens make an
     * identifier (a numeric date has been tried first). */
    if (t->plain && j + 1 < n && s[j] == '-' && is_digit((unsigned char)s[j + 1])) {
        size_t k = j + 1;
        while (k < n && is_digit((unsigned char)s[k])) k++;
        if (k + 1 < n && s[k] == '-' && is_digit((unsigned char)s[k + 1])) {
            t->plain = 0;
            j = k;
            while (j + 1 < n && s[j] == '-' && is_digit((unsigned char)s[j + 1]))
                for (j++; j < n && is_digit((unsigned char)s[j]); j++) {}
        }
    }
    /* 21st, 1990s, 300km: not a bare number. */
    if (j < n && (is_alpha((unsigned char)s[j]) || s[j] == '%')) t->plain = 0;
    /* #318, $1000, U+2026, A380: a number glued after a mark or letter. */
    if (i > 0 && (s[i - 1] == '#' || s[i - 1] == '$' || s[i - 1] == '/' || s[i - 1] == '+' ||
                  is_alpha((unsigned char)s[i - 1])))
        t->plain = 0;
    /* V-1000, EIA-548: a number hyphened to a capital is part of a name
     * (but mid-1995 is a date). */
    if (i > 1 && s[i - 1] == '-' && is_upper((unsigned char)s[i - 2])) t->plain = 0;
    if (j < n && s[j] == '/') t->plain = 0; /* 2100/3, a fraction or ratio */
    while (j < n && (is_alpha((unsigned char)s[j]) || is_digit((unsigned char)s[j]))) j++;
    return j;
}

/* The length of a letter of the Latin, Greek or Cyrillic scripts written in
 * two bytes at s (U+00C0 to U+04FF: "ö", "μ"), or 0. */
static size_t letter2_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    return n >= 2 && u[0] >= 0xC3 && u[0] <= 0xD3 && (u[1] & 0xC0) == 0x80 ? 2 : 0;
}

/* A word at s[i]: a month name or another word; fills t, returns its end.
 * Letters beyond ASCII belong to the word ("Wöhler" is not "W", a unit). */
static size_t word(const char *s, size_t n, size_t i, tok *t)
{
    size_t j = i, l;
    int upper = 0;
    for (;;) {
        if (j < n && is_alpha((unsigned char)s[j])) upper += is_upper((unsigned char)s[j++]);
        else if ((l = letter2_len(s + j, n - j)) > 0) j += l;
        else break;
    }
    int m = month_of(s + i, j - i);
    if (m) {
        t->type = T_MONTH;
        t->val = m;
        if (j < n && s[j] == '.' && j - i <= 4) j++; /* "Dec." */
        return j;
    }
    t->type = T_WORD;
    t->cap = is_upper((unsigned char)s[i]);
    t->caps = j - i >= 2 && (size_t)upper == j - i;
    size_t k = 0;
    for (; k < j - i && k < sizeof t->word - 1; k++) t->word[k] = (char)(s[i + k] | 0x20);
    t->word[k] = '\0';
    return j;
}

long annals_dates_scan(const char *s, size_t n, tok **out)
{
    size_t cap = 0, cnt = 0;
    tok *v = NULL;
    size_t i = 0;
    while (i < n) {
        size_t sp = space_len(s + i, n - i);
        if (sp) { i += sp; continue; }
        tok *p = annals_grow(v, &cap, cnt, sizeof *v);
        if (!p) { free(v); return -1; }
        v = p;
        tok *t = &v[cnt++];
        memset(t, 0, sizeof *t);
        t->start = i;
        unsigned char c = (unsigned char)s[i];
        size_t d;
        if (is_digit(c)) {
            size_t j = numeric_date(s, n, i, t);
            i = j ? j : number(s, n, i, t);
        } else if (is_alpha(c)) {
            i = word(s, n, i, t);
        } else if ((d = dash_len(s + i, n - i)) > 0) {
            t->type = T_DASH;
            i += d;
        } else if (c == ',') {
            t->type = T_COMMA;
            i++;
        } else {
            t->type = T_OTHER;
            t->cp = c < 0x80 ? c : c < 0xE0 ? c & 0x1F : c < 0xF0 ? c & 0x0F : c & 0x07;
            i++;
            for (; i < n && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
                if (c >= 0x80) t->cp = t->cp << 6 | ((unsigned char)s[i] & 0x3F);
        }
        t->end = i;
    }
    *out = v;
    return (long)cnt;
}
