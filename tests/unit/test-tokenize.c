/* test-tokenize.c - annals_tokenize: UAX #29 words, NFKC + case folding,
 * exact byte offsets; annals_normalized_words. */
#include <stdlib.h>
#include <string.h>

#include "analyze/tokenize.h"
#include "check.h"

enum { MAXTOK = 16 };

typedef struct {
    char term[MAXTOK][512];
    size_t len[MAXTOK], start[MAXTOK], end[MAXTOK];
    size_t n;
} toks;

static int collect(void *ctx, const annals_token *t)
{
    toks *k = ctx;
    if (k->n < MAXTOK && t->len < sizeof k->term[0]) {
        memcpy(k->term[k->n], t->term, t->len);
        k->term[k->n][t->len] = '\0';
        k->len[k->n] = t->len;
        k->start[k->n] = t->start;
        k->end[k->n] = t->end;
    }
    k->n++;
    return 0;
}

static toks *tokenize(const char *s)
{
    static toks k;
    memset(&k, 0, sizeof k);
    CHECK_INT(annals_tokenize(s, strlen(s), collect, &k), 0);
    return &k;
}

/* The tokens of s as "term@start-end term@start-end ...". */
static const char *tok_str(const char *s)
{
    static char out[2048];
    toks *k = tokenize(s);
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < k->n && i < MAXTOK; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s@%zu-%zu", i ? " " : "", k->term[i],
                              k->start[i], k->end[i]);
    return out;
}

static int stop_after_one(void *ctx, const annals_token *t)
{
    (void)t;
    ++*(int *)ctx;
    return 1;
}

static const char *normalized(const char *s)
{
    static char out[1024];
    abuf b = ABUF_INIT;
    CHECK_INT(annals_normalized_words(s, strlen(s), &b), 0);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    abuf_free(&b);
    return out;
}

int main(void)
{
    /* Plain ASCII: offsets are the word's bytes in the input. */
    CHECK_STR(tok_str("The OSCE, in 1995."), "the@0-3 osce@4-8 in@10-12 1995@13-17");
    CHECK_STR(tok_str("  two\tspaces\n"), "two@2-5 spaces@6-12");

    /* NFKC + case folding; offsets stay in the input's bytes. */
    CHECK_STR(tok_str("Straße"), "strasse@0-7");          /* ß is 2 bytes */
    CHECK_STR(tok_str("\xEF\xAC\x81nal"), "final@0-6");     /* U+FB01 ligature */
    CHECK_STR(tok_str("\xC3\x89" "COLE"), "\xC3\xA9" "cole@0-6"); /* ÉCOLE -> école */
    CHECK_STR(tok_str("x \xC3\x89" "COLE y"), "x@0-1 \xC3\xA9" "cole@2-8 y@9-10");
    CHECK_STR(tok_str("E\xCC\x81" "COLE"), "\xC3\xA9" "cole@0-7");  /* E + U+0301: composed */
    CHECK_STR(tok_str("\xEF\xBC\xA1\xEF\xBC\xA2"), "ab@0-6");        /* fullwidth AB */

    /* Word breaks: initials stay one word, hyphens and dashes split. */
    CHECK_STR(tok_str("U.S."), "u.s@0-3");
    CHECK_STR(tok_str("the U.S. Senate"), "the@0-3 u.s@4-7 senate@9-15");
    CHECK_STR(tok_str("Nagorno-Karabakh"), "nagorno@0-7 karabakh@8-16");
    CHECK_STR(tok_str("Armenian\xE2\x80\x93" "Azerbaijani"), "armenian@0-8 azerbaijani@11-22");

    /* A connector (underscore) is part of a word, wherever it is. */
    CHECK_STR(tok_str("foo_bar"), "foo_bar@0-7");
    CHECK_STR(tok_str("the _id field"), "the@0-3 _id@4-7 field@8-13");
    CHECK_STR(tok_str("__init__"), "__init__@0-8");

    /* The right single quote becomes an apostrophe. */
    CHECK_STR(tok_str("OSCE\xE2\x80\x99s"), "osce's@0-8");
    CHECK_STR(tok_str("OSCE's"), "osce's@0-6");

    /* Punctuation and spaces only: no tokens. */
    CHECK_STR(tok_str(".,;:!? -- \xE2\x80\x93 () \"\" ..."), "");
    CHECK_INT(tokenize(".,;:!? -- \xE2\x80\x93 ()")->n, 0);
    CHECK_INT(annals_tokenize("", 0, collect, NULL), 0);

    /* A 300-byte word still comes out whole (ASCII and non-ASCII paths). */
    {
        char w[301], want[301];
        memset(w, 'A', 300);
        w[300] = '\0';
        memset(want, 'a', 300);
        want[300] = '\0';
        toks *k = tokenize(w);
        CHECK_INT(k->n, 1);
        CHECK_INT(k->len[0], 300);
        CHECK_INT(k->start[0], 0);
        CHECK_INT(k->end[0], 300);
        CHECK_STR(k->term[0], want);

        char e[301], ewant[301];
        for (int i = 0; i < 150; i++) {
            memcpy(e + 2 * i, "\xC3\x89", 2);      /* É */
            memcpy(ewant + 2 * i, "\xC3\xA9", 2);  /* é */
        }
        e[300] = ewant[300] = '\0';
        k = tokenize(e);
        CHECK_INT(k->n, 1);
        CHECK_INT(k->len[0], 300);
        CHECK_INT(k->end[0], 300);
        CHECK_STR(k->term[0], ewant);
    }

    /* A callback returning non-zero stops the tokenizer: returns 1. */
    {
        int calls = 0;
        CHECK_INT(annals_tokenize("one two three", 13, stop_after_one, &calls), 1);
        CHECK_INT(calls, 1);
    }

    /* annals_normalize_word: one word, and too small a buffer. */
    {
        char out[16];
        CHECK_INT(annals_normalize_word("Stra\xC3\x9F" "e", 7, out, sizeof out), 7);
        CHECK(memcmp(out, "strasse", 7) == 0);
        CHECK_INT(annals_normalize_word("ABCDEFGH", 8, out, 4), (size_t)-1);
    }

    /* annals_normalized_words: single spaces, whatever separated the words. */
    CHECK_STR(normalized("  Budapest Summit leading to  Minsk Group "),
              "budapest summit leading to minsk group");
    CHECK_STR(normalized("Armenian\xE2\x80\x93" "Azerbaijani, U.S."),
              "armenian azerbaijani u.s");
    CHECK_STR(normalized("-- ..."), "");

    CHECK_DONE();
}
