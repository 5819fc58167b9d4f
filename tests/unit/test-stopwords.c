/* test-stopwords.c - the stopword list and its stems: the stems are those
 * annals_stem gives the words, each once, and both lists are in the byte
 * order their look-ups need. */
#include <stdio.h>
#include <string.h>

#include "analyze/stem.h"
#include "analyze/stopwords.h"
#include "check.h"

/* 1 when the n strings are in strictly ascending byte order. */
static int ascending(const char *const *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t a = strlen(v[i - 1]), b = strlen(v[i]);
        int c = memcmp(v[i - 1], v[i], a < b ? a : b);
        if (c > 0 || (c == 0 && a >= b)) return 0;
    }
    return 1;
}

static void stems_are_the_words_stems(annals_stemmer *st)
{
    size_t nw, ns;
    const char *const *words = annals_stopwords(&nw);
    const char *const *stems = annals_stopword_stems(&ns);
    CHECK(ascending(words, nw));
    CHECK(ascending(stems, ns));
    /* Each word's stem is listed ... */
    char used[512] = {0};
    CHECK(ns <= sizeof used);
    for (size_t i = 0; i < nw; i++) {
        CHECK(annals_is_stopword(words[i], strlen(words[i])));
        size_t len;
        const char *s = annals_stem(st, words[i], strlen(words[i]), &len);
        CHECK(s != NULL);
        if (!s) continue;
        int found = annals_is_stopword_stem(s, len);
        if (!found) fprintf(stderr, "  the stem of \"%s\", \"%.*s\", is not listed\n", words[i], (int)len, s);
        CHECK(found);
        for (size_t k = 0; k < ns && k < sizeof used; k++)
            if (strlen(stems[k]) == len && memcmp(stems[k], s, len) == 0) used[k] = 1;
    }
    /* ... and each listed stem is a word's. */
    for (size_t k = 0; k < ns && k < sizeof used; k++) {
        if (!used[k]) fprintf(stderr, "  \"%s\" is no stopword's stem\n", stems[k]);
        CHECK(used[k]);
    }
}

static void looks_up(void)
{
    CHECK(annals_is_stopword("very", 4));
    CHECK(!annals_is_stopword("veri", 4));
    CHECK(annals_is_stopword_stem("veri", 4));
    CHECK(!annals_is_stopword_stem("very", 4));
    CHECK(annals_is_stopword_stem("the", 3));
    CHECK(annals_is_stopword_stem("they'r", 6));
    /* A prefix or an extension of one is not one. */
    CHECK(!annals_is_stopword_stem("th", 2));
    CHECK(!annals_is_stopword_stem("theori", 6));
    CHECK(!annals_is_stopword_stem("", 0));
}

int main(void)
{
    annals_stemmer *st = annals_stemmer_new();
    CHECK(st != NULL);
    if (st) stems_are_the_words_stems(st);
    looks_up();
    annals_stemmer_free(st);
    CHECK_DONE();
}
