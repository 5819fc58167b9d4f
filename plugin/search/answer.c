/* answer.c - the window of sentences shown for a hit (answer.h). */
#include "search/answer.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "analyze/dates.h"
#include "analyze/passage.h"
#include "analyze/tokenize.h"
#include "util/buf.h"

/* An answer of the kind asked for counts this share of the strongest query
 * word's weight. */
static const double CUE_WEIGHT = 0.5;
/* An answer beside the focus word counts this share more. */
static const double FOCUS_WEIGHT = 2.0;
/* A window of two sentences must hold this share of the strongest word's
 * weight more than either sentence alone. */
static const double PAIR_COST = 0.1;
/* A shown window shorter than this (in words) takes in its neighbours. */
#define MIN_WORDS 40

/* Words that ask for a kind of answer wherever they stand in a query
 * (normalized forms).  A role asks for a person; a measure for a number. */
static const char *const DATE_WORDS[] = {"when", "year", "years", "date", "dates", "decade",
                                         "century", NULL};
static const char *const NAME_WORDS[] = {
    "who",       "whom",      "whose",      "where",      "architect", "author",
    "founder",   "inventor",  "designer",   "composer",   "director",  "wife",
    "husband",   "father",    "mother",     "son",        "daughter",  "successor",
    "predecessor", "judge",   "manager",    "leader",     "captain",   "coach",
    "owner",     "winner",    "king",       "queen",      "emperor",   "president",
    "chancellor", "ruler",    "writer",     "painter",    "sculptor",  "discoverer",
    NULL};
static const char *const NUMBER_WORDS[] = {
    "number",  "length",   "size",   "height", "depth",    "width",  "population", "limit",
    "speed",   "distance", "weight", "area",   "cost",     "price",  "sales",      "capacity",
    "percentage", "amount", "total", "count",  "diameter", "volume", "temperature", NULL};
/* The question words among them: they name no focus word. */
static const char *const DATE_QUESTION[] = {"when", NULL};
static const char *const NAME_QUESTION[] = {"who", "whom", "whose", "where", NULL};
/* After "how": a question about a quantity. */
static const char *const HOW_WORDS[] = {"many", "much", "deep", "long", "far",   "tall", "high",
                                        "large", "big", "old",  "fast", "heavy", "wide", "often",
                                        NULL};
/* Spelled-out quantities. */
static const char *const QUANTITY_WORDS[] = {
    "two",    "three", "four",   "five",    "six",      "seven",   "eight",  "nine", "ten",
    "eleven", "twelve", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
    "million", "millions", "billion", "billions", NULL};

/* Whether w (n bytes, no NUL) is a word of list.  Called for each word of
 * the passages read: most words of the list differ in their first byte,
 * which is compared here, without a call. */
static int in_list(const char *const *list, const char *w, size_t n)
{
    for (; n > 0 && *list; list++)
        if ((*list)[0] == w[0] && strncmp(*list, w, n) == 0 && (*list)[n] == '\0') return 1;
    return 0;
}

typedef struct {
    annals_answer_want *out;
    int after_how;              /* the previous word was "how" */
} kind_ctx;

static int on_query_word(void *ctx, const annals_token *t)
{
    kind_ctx *k = ctx;
    annals_answer_kind now = ANNALS_ANSWER_ANY;
    int noun = 0;
    if (k->after_how && in_list(HOW_WORDS, t->term, t->len)) now = ANNALS_ANSWER_NUMBER;
    else if (in_list(DATE_WORDS, t->term, t->len)) now = ANNALS_ANSWER_DATE;
    else if (in_list(NAME_WORDS, t->term, t->len)) now = ANNALS_ANSWER_NAME;
    else if (in_list(NUMBER_WORDS, t->term, t->len)) now = ANNALS_ANSWER_NUMBER, noun = 1;
    k->after_how = t->len == 3 && memcmp(t->term, "how", 3) == 0;
    if (now == ANNALS_ANSWER_ANY) return 0;
    /* The question words are the first of their lists; the rest are nouns. */
    if (now != ANNALS_ANSWER_NUMBER)
        noun = !in_list(now == ANNALS_ANSWER_DATE ? DATE_QUESTION : NAME_QUESTION, t->term, t->len);
    k->out->kind = now;
    if (noun && t->len < sizeof k->out->focus) {
        memcpy(k->out->focus, t->term, t->len);
        k->out->focus[t->len] = '\0';
    }
    return 1; /* the first cue says it */
}

void annals_answer_want_of(const char *query, annals_answer_want *out)
{
    memset(out, 0, sizeof *out);
    out->focus_qpos = -1;
    kind_ctx k = {out, 0};
    if (query && annals_tokenize(query, strlen(query), on_query_word, &k) < 0) out->kind = ANNALS_ANSWER_ANY;
}

typedef struct {
    size_t start, end;          /* bytes */
    size_t tok_a, tok_b;        /* its words [tok_a, tok_b) */
    size_t passage;
    int cue;                    /* holds an answer of the kind asked for */
} sentence;

typedef struct {
    size_t start, end;
    unsigned pos;
    int number;                 /* digits, or a spelled-out quantity */
} word;

typedef struct {
    word *v;
    size_t n, cap;
    unsigned pos;
    int oom;
} words_ctx;

static int starts_capital(const char *s, size_t n)
{
    ucs4_t uc;
    if (n == 0 || u8_mbtouc(&uc, (const uint8_t *)s, n) < 1) return 0;
    return uc_is_upper(uc) || uc_is_property_titlecase(uc);
}

static int on_word(void *ctx, const annals_token *t)
{
    words_ctx *w = ctx;
    word *v = annals_grow(w->v, &w->cap, w->n, sizeof *w->v);
    if (!v) {
        w->oom = 1;
        return 1;
    }
    w->v = v;
    int digit = 0;
    for (size_t i = 0; i < t->len && !digit; i++) digit = t->term[i] >= '0' && t->term[i] <= '9';
    w->v[w->n++] = (word){t->start, t->end, w->pos++, digit || in_list(QUANTITY_WORDS, t->term, t->len)};
    return 0;
}

typedef struct {
    sentence *v;
    size_t n, cap;
} sentences;

static int close_sentence(sentences *s, const char *text, size_t a, size_t b, size_t passage)
{
    while (a < b && (text[a] == ' ' || text[a] == '\n')) a++;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\n')) b--;
    if (a == b) return 0;
    sentence *v = annals_grow(s->v, &s->cap, s->n, sizeof *s->v);
    if (!v) return -1;
    s->v = v;
    s->v[s->n++] = (sentence){a, b, 0, 0, passage, 0};
    return 0;
}

/* Where passage p ends in the text. */
static size_t passage_end(const annals_docdata *d, size_t p)
{
    return p + 1 < d->npassages ? d->passages[p + 1].byte : d->text_len;
}

/* Splits passages [pa, pb) into sentences: at passage starts and where
 * annals_sentence_end says.  A line end inside a passage starts a list
 * item, which stays with the sentence that introduces it. */
static int split_sentences(const annals_docdata *d, size_t pa, size_t pb, sentences *out)
{
    const char *text = d->text;
    size_t len = passage_end(d, pb - 1), s = d->passages[pa].byte, p = pa;
    for (size_t i = s; i < len; i++) {
        if (p + 1 < pb && i == d->passages[p + 1].byte) {
            if (close_sentence(out, text, s, i, p) < 0) return -1;
            s = i;
            p++;
        }
        if (annals_sentence_end(text, d->text_len, i)) {
            size_t e = i + 1;
            while (e < len && (text[e] == '"' || text[e] == ')' || text[e] == '\'')) e++;
            if (close_sentence(out, text, s, e, p) < 0) return -1;
            s = e;
            i = e - 1;
        }
    }
    return close_sentence(out, text, s, len, p);
}

/* Gives each sentence its words, and marks those that hold an answer of
 * the kind asked for: a date; a number that is not part of a date; a word
 * with a capital that is not the sentence's first nor a query word. */
static int mark_cues(const annals_docdata *d, const annals_candidate *c, annals_answer_kind kind,
                     sentences *s, words_ctx *w)
{
    annals_dates dates = {NULL, 0, 0};
    int year = 0;
    if ((kind == ANNALS_ANSWER_DATE || kind == ANNALS_ANSWER_NUMBER) &&
        annals_dates_extract(d->text, d->text_len, &year, &dates) < 0) {
        annals_dates_free(&dates);
        return -1;
    }
    size_t k = 0, di = 0;
    for (size_t i = 0; i < s->n; i++) {
        sentence *st = &s->v[i];
        while (k < w->n && w->v[k].start < st->start) k++;
        st->tok_a = k;
        while (k < w->n && w->v[k].start < st->end) k++;
        st->tok_b = k;
        while (di < dates.n && dates.v[di].start < st->start) di++;
        int dated = di < dates.n && dates.v[di].start < st->end;
        for (size_t t = st->tok_a; t < st->tok_b && !st->cue; t++) {
            word *x = &w->v[t];
            if (kind == ANNALS_ANSWER_DATE) st->cue = dated;
            else if (kind == ANNALS_ANSWER_NUMBER) {
                int in_date = 0;
                for (size_t e = di; e < dates.n && dates.v[e].start < st->end && !in_date; e++)
                    in_date = x->start >= dates.v[e].start && x->end <= dates.v[e].end;
                st->cue = x->number && !in_date;
            } else if (kind == ANNALS_ANSWER_NAME)
                st->cue = t > st->tok_a && !annals_candidate_hit_at(c, x->pos) &&
                          starts_capital(d->text + x->start, x->end - x->start);
        }
    }
    annals_dates_free(&dates);
    return 0;
}

/* The candidate's hits in sentences [a, b]: [*from, *to) of c->hits.
 * Returns 0 when the sentences hold no words. */
static int hits_in(const annals_candidate *c, const words_ctx *w, const sentence *s, size_t a,
                   size_t b, size_t *from, size_t *to)
{
    if (s[a].tok_a == s[b].tok_b) return 0;
    unsigned lo = w->v[s[a].tok_a].pos, hi = w->v[s[b].tok_b - 1].pos;
    size_t l = 0, h = c->nhits;
    while (l < h) {
        size_t mid = (l + h) / 2;
        if (c->hits[mid].pos < lo) l = mid + 1;
        else h = mid;
    }
    *from = *to = l;
    while (*to < c->nhits && c->hits[*to].pos <= hi) (*to)++;
    return *to > *from;
}

/* The query words in sentences [a, b]: each word once, at its best weight. */
static double evidence(const annals_candidate *c, const words_ctx *w, const sentence *s, size_t a,
                       size_t b)
{
    size_t from, to;
    if (!hits_in(c, w, s, a, b, &from, &to)) return 0;
    double sum = 0;
    /* Hits are few per window: a quadratic check for repeats is cheap. */
    for (size_t i = from; i < to; i++) {
        double best = c->hits[i].weight;
        int seen = 0;
        for (size_t j = from; j < i && !seen; j++) seen = c->hits[j].qpos == c->hits[i].qpos;
        if (seen) continue;
        for (size_t j = i + 1; j < to; j++)
            if (c->hits[j].qpos == c->hits[i].qpos && c->hits[j].weight > best) best = c->hits[j].weight;
        sum += best;
    }
    return sum;
}

typedef struct {
    size_t a, b;                /* sentences [a, b] */
    double score;
} span;

/* 1 when a query word at qpos occurs in sentences [a, b]. */
static int holds_word(const annals_candidate *c, const words_ctx *w, const sentence *s, size_t a,
                      size_t b, long qpos)
{
    size_t from, to;
    if (qpos < 0 || !hits_in(c, w, s, a, b, &from, &to)) return 0;
    for (size_t i = from; i < to; i++)
        if (c->hits[i].qpos == (unsigned)qpos) return 1;
    return 0;
}

static double span_score(const annals_candidate *c, const words_ctx *w, const sentence *s,
                         size_t a, size_t b, double top, const annals_answer_want *ask)
{
    double e = evidence(c, w, s, a, b);
    int cue = 0;
    for (size_t i = a; i <= b; i++) cue |= s[i].cue;
    if (e <= 0 || !cue) return e;
    return e + CUE_WEIGHT * top + (holds_word(c, w, s, a, b, ask->focus_qpos) ? FOCUS_WEIGHT * top : 0);
}

static size_t words_in(const sentence *s, size_t a, size_t b)
{
    return s[b].tok_b - s[a].tok_a;
}

/* Grows [a, b] with its neighbours in the same passage until it reads on
 * its own: the neighbour with more query words first, else the next. */
static void grow(const annals_candidate *c, const words_ctx *w, const sentence *s, size_t n,
                 span *x, const unsigned char *taken)
{
    while (words_in(s, x->a, x->b) < MIN_WORDS) {
        int prev = x->a > 0 && s[x->a - 1].passage == s[x->a].passage && !taken[x->a - 1];
        int next = x->b + 1 < n && s[x->b + 1].passage == s[x->b].passage && !taken[x->b + 1];
        if (!prev && !next) break;
        if (prev && next)
            prev = evidence(c, w, s, x->a - 1, x->a - 1) > evidence(c, w, s, x->b + 1, x->b + 1);
        if (prev) x->a--;
        else x->b++;
    }
}

/* The window's highlights: its words [ta, tb) that are query terms, as
 * spans from the window's start; words side by side, with only spaces
 * between, make one span.  Returns 0, or -1 when out of memory. */
static int highlight(const char *text, const annals_candidate *c, const words_ctx *w, size_t ta,
                     size_t tb, annals_window *out)
{
    size_t cap = 0;
    long last = -2;
    for (size_t i = ta; i < tb; i++) {
        const word *x = &w->v[i];
        if (!annals_candidate_hit_at(c, x->pos)) continue;
        if (out->nhighlights && last + 1 == (long)i) {
            annals_span *prev = &out->highlights[out->nhighlights - 1];
            size_t k = out->start + prev->end;
            while (k < x->start && text[k] == ' ') k++;
            if (k == x->start) {
                prev->end = x->end - out->start;
                last = (long)i;
                continue;
            }
        }
        annals_span *v = annals_grow(out->highlights, &cap, out->nhighlights, sizeof *v);
        if (!v) return -1;
        out->highlights = v;
        out->highlights[out->nhighlights++] = (annals_span){x->start - out->start, x->end - out->start};
        last = (long)i;
    }
    return 0;
}

/* Reads the runs of passages marked in use: their words into w (positions
 * from each run's first passage on) and their sentences into s. */
static int read_passages(const annals_docdata *d, const unsigned char *use, words_ctx *w,
                         sentences *s)
{
    for (size_t pa = 0; pa < d->npassages;) {
        if (!use[pa]) {
            pa++;
            continue;
        }
        size_t pb = pa + 1;
        while (pb < d->npassages && use[pb]) pb++;
        size_t from = d->passages[pa].byte, first = w->n;
        w->pos = d->passages[pa].pos;
        if (annals_tokenize(d->text + from, passage_end(d, pb - 1) - from, on_word, w) < 0 || w->oom)
            return -1;
        for (size_t i = first; i < w->n; i++) {
            w->v[i].start += from;
            w->v[i].end += from;
        }
        if (split_sentences(d, pa, pb, s) < 0) return -1;
        pa = pb;
    }
    return 0;
}

/* The best want windows among the sentences of the passages in use, as
 * annals_answer_windows gives them; *weak = 1 when fewer were found or one
 * holds no query word (then a sentence elsewhere may do as well). */
static long windows_in(const annals_docdata *d, const annals_candidate *c,
                       const annals_answer_want *ask, size_t want, const unsigned char *use,
                       annals_window *out, int *weak)
{
    sentences s = {NULL, 0, 0};
    words_ctx w = {NULL, 0, 0, 0, 0};
    span *best = NULL;
    unsigned char *taken = NULL;
    long got = -1;
    if (read_passages(d, use, &w, &s) < 0 || mark_cues(d, c, ask->kind, &s, &w) < 0) goto done;
    double top = 0;
    for (size_t i = 0; i < c->nhits; i++)
        if (c->hits[i].weight > top) top = c->hits[i].weight;
    best = calloc(want, sizeof *best);
    taken = calloc(s.n + 1, 1);
    if (!best || !taken) goto done;
    got = 0;
    while ((size_t)got < want) {
        /* The best window of one or two free sentences (ties: earlier). */
        span pick = {0, 0, -1};
        for (size_t i = 0; i < s.n; i++) {
            if (taken[i]) continue;
            double one = span_score(c, &w, s.v, i, i, top, ask);
            if (one > pick.score) pick = (span){i, i, one};
            if (i + 1 < s.n && !taken[i + 1] && s.v[i + 1].passage == s.v[i].passage) {
                double two = span_score(c, &w, s.v, i, i + 1, top, ask) - PAIR_COST * top;
                if (two > pick.score && two > one) pick = (span){i, i + 1, two};
            }
        }
        if (pick.score < 0) break;
        grow(c, &w, s.v, s.n, &pick, taken);
        for (size_t i = pick.a; i <= pick.b; i++) taken[i] = 1;
        best[got++] = pick;
        *weak |= pick.score <= 0;
    }
    *weak |= (size_t)got < want;
    for (long i = 0; i < got; i++) {
        const sentence *a = &s.v[best[i].a], *b = &s.v[best[i].b];
        out[i] = (annals_window){a->start, b->end, NULL, 0, best[i].score};
        if (highlight(d->text, c, &w, a->tok_a, b->tok_b, &out[i]) < 0) {
            for (long k = 0; k <= i; k++) free(out[k].highlights);
            got = -1;
            break;
        }
    }
done:
    free(best);
    free(taken);
    free(s.v);
    free(w.v);
    return got;
}

long annals_answer_windows(const annals_docdata *d, const annals_candidate *c,
                           const annals_answer_want *ask, size_t want, annals_window *out)
{
    if (d->npassages == 0 || want == 0) return 0;
    unsigned char *use = calloc(d->npassages, 1);
    if (!use) return -1;
    /* A window that scores holds a query word: first only the passages
     * that hold one are read (a long section's others cost the most),
     * then, when they give too few such windows, all of them. */
    for (size_t i = 0, p = 0; i < c->nhits; i++) {
        while (p + 1 < d->npassages && d->passages[p + 1].pos <= c->hits[i].pos) p++;
        use[p] |= c->hits[i].pos >= d->passages[p].pos;
    }
    int weak = 0;
    long got = windows_in(d, c, ask, want, use, out, &weak);
    if (got >= 0 && weak) {
        for (long k = 0; k < got; k++) free(out[k].highlights);
        memset(use, 1, d->npassages);
        got = windows_in(d, c, ask, want, use, out, &weak);
    }
    free(use);
    return got;
}
