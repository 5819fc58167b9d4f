/* passage.c - passage splitting (index time) and scoring (query time). */
#include "analyze/passage.h"

#include "util/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* BM25 over passages, with Lucene's parameters and a pivot length (words)
 * near a typical paragraph. */
static const double PK1 = 1.2, PB = 0.75, PIVOT = 40.0;
/* Weights of a query phrase found in order, and of two query words near
 * each other, relative to the two words' IDF. */
static const double PHRASE_W = 0.5, NEAR_W = 0.25;
static const unsigned NEAR_WINDOW = 8;

static const char *const ABBREVIATIONS[] = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs",
                                            "no", "gen", "col", "lt", "inc", "ltd", "co", "prof",
                                            "rev", "mt", "ft", "approx", "fig", "vol", "etc",
                                            NULL};

static int is_upper_start(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (n == 0) return 0;
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '\'' || c == '(' ||
        c == '[')
        return 1;
    return c >= 0x80; /* non-ASCII: a capital or an opening quote, most likely */
}

int annals_sentence_end(const char *text, size_t len, size_t i)
{
    char c = text[i];
    if (c != '.' && c != '!' && c != '?') return 0;
    size_t j = i + 1;
    while (j < len && (text[j] == '"' || text[j] == ')' || text[j] == '\'')) j++;
    if (j >= len || text[j] != ' ') return 0;
    while (j < len && text[j] == ' ') j++;
    if (j >= len || !is_upper_start(text + j, len - j)) return 0;
    if (c != '.') return 1;
    /* The word before the period: an initial ("E.", "U.S.") or an
     * abbreviation does not end a sentence. */
    size_t k = i;
    while (k > 0 && text[k - 1] != ' ' && text[k - 1] != '\n' && text[k - 1] != '.') k--;
    size_t wl = i - k;
    if (wl <= 1) return 0;
    char low[8];
    if (wl < sizeof low) {
        for (size_t m = 0; m < wl; m++) low[m] = (char)(text[k + m] | 0x20);
        low[wl] = '\0';
        for (const char *const *a = ABBREVIATIONS; *a; a++)
            if (strcmp(low, *a) == 0) return 0;
    }
    return 1;
}

typedef struct {
    annals_pstart *v;
    size_t n, cap;
} pvec;

static int pv_push(pvec *p, size_t byte, unsigned pos)
{
    annals_pstart *q = annals_grow(p->v, &p->cap, p->n, sizeof *p->v);
    if (!q) return -1;
    p->v = q;
    p->v[p->n++] = (annals_pstart){byte, pos};
    return 0;
}

/* Splits words [a, b) of one paragraph (bytes [pstart, pend)) into windows
 * of whole sentences; list items (after a newline) stay with the sentence
 * that introduces them. */
static int split_long(const char *text, size_t pstart, size_t pend, const annals_word *w,
                      size_t a, size_t b, pvec *out)
{
    const char *nl = memchr(text + pstart, '\n', pend - pstart);
    size_t list_from = nl ? (size_t)(nl - text) : pend;
    size_t win = a;       /* first word of the open window */
    size_t k = a;
    for (size_t i = pstart; i < list_from && k < b; i++) {
        if (!annals_sentence_end(text, pend, i)) continue;
        while (k < b && w[k].start <= i) k++; /* k: first word of the next sentence */
        if (k >= b) break;
        if (k - win >= ANNALS_PASSAGE_TARGET_WORDS && b - k >= ANNALS_PASSAGE_TARGET_WORDS / 2) {
            if (pv_push(out, win == a ? pstart : w[win].start, w[win].pos) < 0) return -1;
            win = k;
        }
    }
    return pv_push(out, win == a ? pstart : w[win].start, w[win].pos);
}

int annals_passages_split(const char *text, size_t len, const size_t *para_start, size_t npara,
                          const annals_word *words, size_t nwords, annals_pstart **out,
                          size_t *nout)
{
    pvec p = {NULL, 0, 0};
    size_t k = 0;
    for (size_t i = 0; i < npara; i++) {
        size_t pend = i + 1 < npara ? para_start[i + 1] : len;
        size_t a = k;
        while (k < nwords && words[k].start < pend) k++;
        if (k == a) continue; /* no words: nothing to find there */
        int rc = (k - a > ANNALS_PASSAGE_MAX_WORDS)
                     ? split_long(text, para_start[i], pend, words, a, k, &p)
                     : pv_push(&p, para_start[i], words[a].pos);
        if (rc < 0) {
            free(p.v);
            return -1;
        }
    }
    *out = p.v;
    *nout = p.n;
    return 0;
}

int annals_passages_encode(unsigned kind, unsigned body_end, const annals_pstart *p, size_t n,
                           abuf *out)
{
    if (abuf_add_varint(out, kind) < 0 || abuf_add_varint(out, body_end) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (abuf_add_varint(out, p[i].pos) < 0) return -1;
    return 0;
}

int annals_passages_decode(const char *s, size_t len, unsigned *kind, unsigned *body_end,
                           unsigned **starts, size_t *n)
{
    size_t i = 0;
    *starts = NULL;
    *n = 0;
    if (annals_get_varint(s, len, &i, kind) < 0 || annals_get_varint(s, len, &i, body_end) < 0) return -1;
    unsigned *v = malloc((len + 1) * sizeof *v); /* at most one start per byte */
    if (!v) return -1;
    size_t cnt = 0;
    while (i < len) {
        if (annals_get_varint(s, len, &i, &v[cnt]) < 0 || (cnt && v[cnt] <= v[cnt - 1])) {
            free(v);
            return -1;
        }
        cnt++;
    }
    *starts = v;
    *n = cnt;
    return 0;
}

/* The index of the first position >= x. */
static size_t lower(const unsigned *p, size_t n, unsigned x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The smallest distance from a position of a to a later-or-equal position of
 * b (b after a, as in the query), and whether b ever follows a directly. */
static unsigned min_gap(const unsigned *a, size_t na, const unsigned *b, size_t nb)
{
    unsigned best = ~0u;
    size_t j = 0;
    for (size_t i = 0; i < na; i++) {
        while (j < nb && b[j] <= a[i]) j++;
        if (j < nb && b[j] - a[i] < best) best = b[j] - a[i];
        if (j > 0 && a[i] - b[j - 1] + 1 < best) best = a[i] - b[j - 1] + 1; /* out of order */
    }
    return best;
}

void annals_passages_score(const unsigned *starts, size_t npass, unsigned end,
                           const annals_pterm *terms, size_t nterms, double *scores)
{
    size_t lo[ANNALS_PASSAGE_MAX_TERMS], hi[ANNALS_PASSAGE_MAX_TERMS];
    if (nterms > ANNALS_PASSAGE_MAX_TERMS) nterms = ANNALS_PASSAGE_MAX_TERMS;
    for (size_t p = 0; p < npass; p++) {
        unsigned s = starts[p], e = p + 1 < npass ? starts[p + 1] : end;
        double len = e > s ? (double)(e - s) : 1.0;
        double norm = PK1 * (1 - PB + PB * len / PIVOT);
        double score = 0;
        for (size_t t = 0; t < nterms; t++) {
            lo[t] = lower(terms[t].pos, terms[t].n, s);
            hi[t] = lower(terms[t].pos, terms[t].n, e);
            double tf = (double)(hi[t] - lo[t]);
            if (tf > 0) score += terms[t].weight * terms[t].idf * tf * (PK1 + 1) / (tf + norm);
        }
        /* Phrase and proximity evidence between query words in order. */
        for (size_t t = 0; t + 1 < nterms; t++) {
            if (!terms[t].proximity || hi[t] == lo[t]) continue;
            size_t u = t + 1;
            while (u < nterms && terms[u].qpos == terms[t].qpos) u++;
            for (size_t v = u; v < nterms && terms[v].qpos == terms[u].qpos; v++) {
                if (!terms[v].proximity || hi[v] == lo[v]) continue;
                unsigned gap = min_gap(terms[t].pos + lo[t], hi[t] - lo[t], terms[v].pos + lo[v],
                                       hi[v] - lo[v]);
                double pair = terms[t].idf + terms[v].idf;
                if (gap == 1) score += PHRASE_W * pair;
                else if (gap <= NEAR_WINDOW) score += NEAR_W * pair / gap;
            }
        }
        /* A slight preference for early passages, as Lucene's scorer has. */
        scores[p] = score * (1.0 + 0.1 / (1.0 + (double)p));
    }
}
