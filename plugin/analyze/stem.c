/* stem.c - Xapian's English stemmer, of the Latin-folded word, behind an
 * open-addressing cache (which also spares most words their folding). */
#include "analyze/stem.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/fold.h"
#include "shim/xap.h"

/* Slots in the cache (a power of two); it is emptied when half full, which
 * bounds its memory whatever the input. */
enum { CACHE_SLOTS = 1 << 15, MAX_CACHED = 64 };

typedef struct {
    unsigned char wlen, slen;     /* wlen 0: empty slot */
    char word[MAX_CACHED];
    char stem[MAX_CACHED];
} entry;

struct annals_stemmer {
    xap_stemmer *xs;
    entry *slots;
    size_t used;
    abuf fold;                    /* the word being stemmed, folded */
    char out[1024];               /* for words too long to cache */
};

annals_stemmer *annals_stemmer_new(void)
{
    annals_stemmer *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->slots = calloc(CACHE_SLOTS, sizeof *st->slots);
    xap_err err;
    if (!st->slots || xap_stemmer_new("english", &st->xs, &err) != XAP_OK) {
        annals_stemmer_free(st);
        return NULL;
    }
    return st;
}

void annals_stemmer_free(annals_stemmer *st)
{
    if (!st) return;
    xap_stemmer_free(st->xs);
    abuf_free(&st->fold);
    free(st->slots);
    free(st);
}

static size_t hash(const char *s, size_t n)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The stem of a word too long to cache (or empty), into st->out. */
static const char *stem_uncached(annals_stemmer *st, const char *word, size_t n, size_t *stem_len)
{
    if (annals_fold_latin(word, n, &st->fold) < 0) return NULL;
    const char *f = st->fold.data ? st->fold.data : "";
    size_t fn = st->fold.len;
    size_t got = xap_stem(st->xs, f, fn, st->out, sizeof st->out);
    if (got >= sizeof st->out) { /* absurdly long: the folded word is its own stem */
        got = fn < sizeof st->out ? fn : sizeof st->out - 1;
        memcpy(st->out, f, got);
        st->out[got] = '\0';
    }
    *stem_len = got;
    return st->out;
}

const char *annals_stem(annals_stemmer *st, const char *word, size_t n, size_t *stem_len)
{
    if (n == 0 || n >= MAX_CACHED) return stem_uncached(st, word, n, stem_len);
    size_t i = hash(word, n) & (CACHE_SLOTS - 1);
    for (;;) {
        entry *e = &st->slots[i];
        if (e->wlen == 0) break;
        if (e->wlen == n && memcmp(e->word, word, n) == 0) {
            *stem_len = e->slen;
            return e->stem;
        }
        i = (i + 1) & (CACHE_SLOTS - 1);
    }
    if (st->used >= CACHE_SLOTS / 2) {
        memset(st->slots, 0, CACHE_SLOTS * sizeof *st->slots);
        st->used = 0;
        i = hash(word, n) & (CACHE_SLOTS - 1);
    }
    if (annals_fold_latin(word, n, &st->fold) < 0) return NULL;
    entry *e = &st->slots[i];
    size_t got = xap_stem(st->xs, st->fold.data, st->fold.len, e->stem, sizeof e->stem);
    if (got >= sizeof e->stem) { /* stems never grow past MAX_CACHED; keep the word */
        got = n;
        memcpy(e->stem, word, n);
        e->stem[n] = '\0';
    }
    memcpy(e->word, word, n);
    e->wlen = (unsigned char)n;
    e->slen = (unsigned char)got;
    st->used++;
    *stem_len = got;
    return e->stem;
}
