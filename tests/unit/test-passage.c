/* test-passage.c - passages: splitting a section body (paragraphs, sentence
 * windows, lists), the value-slot encoding, and passage scoring. */
#include <stdlib.h>
#include <string.h>

#include "analyze/passage.h"
#include "analyze/tokenize.h"
#include "check.h"

/* ---- splitting ---- */

typedef struct {
    annals_word v[512];
    size_t n;
    unsigned next_pos;
} wordlist;

static int on_word(void *ctx, const annals_token *t)
{
    wordlist *w = ctx;
    if (w->n < 512) w->v[w->n++] = (annals_word){t->start, w->next_pos};
    w->next_pos++;
    return 0;
}

/* Appends a sentence of n words (the first capitalised) ending in end. */
static void sentence(abuf *b, unsigned n, const char *end)
{
    if (b->len && b->data[b->len - 1] != '\n') abuf_addc(b, ' ');
    for (unsigned i = 0; i < n; i++) abuf_adds(b, i == 0 ? "Word" : " word");
    abuf_adds(b, end);
}

/* Splits text (paragraphs at para_start) with words at positions from 10;
 * returns the passages as "byte:pos byte:pos ...". */
static const char *split(const char *text, const size_t *para_start, size_t npara,
                         wordlist *w)
{
    static char out[1024];
    memset(w, 0, sizeof *w);
    w->next_pos = 10;
    CHECK_INT(annals_tokenize(text, strlen(text), on_word, w), 0);
    annals_pstart *p = NULL;
    size_t n = 99;
    out[0] = '\0';
    CHECK_INT(annals_passages_split(text, strlen(text), para_start, npara, w->v, w->n, &p, &n), 0);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%zu:%u", i ? " " : "", p[i].byte,
                              p[i].pos);
    free(p);
    return out;
}

/* The expected "byte:pos" of word k of w. */
static const char *at(const wordlist *w, size_t k)
{
    static char out[4][32];
    static int r;
    r = (r + 1) % 4;
    snprintf(out[r], sizeof out[r], "%zu:%u", w->v[k].start, w->v[k].pos);
    return out[r];
}

static void test_split(void)
{
    static wordlist w;
    char want[256];

    /* Short paragraphs: one passage each; a paragraph without words: none. */
    const char *two = "First paragraph. It is short.\n\n\xE2\x80\x94\n\nSecond one.";
    size_t starts[] = {0, 31, 36};
    CHECK_STR(split(two, starts, 3, &w), "0:10 36:15");

    /* A long paragraph: 3 sentences of 20 words, then one of 50 words.
     * Windows of at least 45 words are cut at sentence ends: after word 60. */
    abuf b = ABUF_INIT;
    for (int i = 0; i < 3; i++) sentence(&b, 20, ".");
    sentence(&b, 50, ".");
    size_t zero = 0;
    const char *s = split(b.data, &zero, 1, &w);
    CHECK_INT(w.n, 110);
    snprintf(want, sizeof want, "0:10 %s", at(&w, 60));
    CHECK_STR(s, want);

    /* Never cut after "Mr." or "U.S." (words 46 and 50, followed by a
     * capital): the first window ends at the real sentence end, word 57. */
    abuf_clear(&b);
    sentence(&b, 45, "");
    abuf_adds(&b, " met Mr. Smith of the U.S. Senate and six other words here.");
    sentence(&b, 40, ".");
    s = split(b.data, &zero, 1, &w);
    CHECK_INT(w.n, 97);
    CHECK_INT(w.v[46].start, strstr(b.data, "Mr.") - b.data);
    CHECK_INT(w.v[50].start, strstr(b.data, "U.S.") - b.data);
    CHECK_INT(w.v[51].start, strstr(b.data, "Senate") - b.data);
    snprintf(want, sizeof want, "0:10 %s", at(&w, 57));
    CHECK_STR(s, want);
    /* The same with "Senate" starting a real sentence: cut there (word 51). */
    abuf_clear(&b);
    sentence(&b, 45, "");
    abuf_adds(&b, " met Mr. Smith of the US. Senate and six other words here.");
    sentence(&b, 40, ".");
    s = split(b.data, &zero, 1, &w);
    snprintf(want, sizeof want, "0:10 %s", at(&w, 51));
    CHECK_STR(s, want);

    /* The last window keeps at least 22 words: no cut before a short tail
     * (40 + 35 words, then 20: one passage of 95 words). */
    abuf_clear(&b);
    sentence(&b, 40, ".");
    sentence(&b, 35, ".");
    sentence(&b, 20, ".");
    CHECK_STR(split(b.data, &zero, 1, &w), "0:10");
    CHECK_INT(w.n, 95);

    /* A list stays with the sentence introducing it, even when its items
     * hold sentence ends that would otherwise cut a window (word 110):
     * 50 words, then 10 ending in ':', then 4 items of 20 words. */
    abuf_clear(&b);
    sentence(&b, 50, ".");
    sentence(&b, 10, ":");
    for (int i = 0; i < 4; i++) {
        abuf_addc(&b, '\n');
        sentence(&b, 10, ".");
        sentence(&b, 10, ";");
    }
    s = split(b.data, &zero, 1, &w);
    CHECK_INT(w.n, 140);
    snprintf(want, sizeof want, "0:10 %s", at(&w, 50));
    CHECK_STR(s, want);

    /* A second paragraph's passage starts at its own byte offset. */
    abuf_clear(&b);
    abuf_adds(&b, "Short one.\n\n");
    size_t two_starts[] = {0, b.len};
    for (int i = 0; i < 3; i++) sentence(&b, 20, ".");
    sentence(&b, 50, ".");
    s = split(b.data, two_starts, 2, &w);
    snprintf(want, sizeof want, "0:10 %zu:12 %s", two_starts[1], at(&w, 62));
    CHECK_STR(s, want);
    abuf_free(&b);
}

/* ---- the value-slot form ---- */

static void test_encoding(void)
{
    annals_pstart p[] = {{0, 1}, {40, 128}, {900, 20000}};
    abuf b = ABUF_INIT;
    CHECK_INT(annals_passages_encode(ANNALS_KIND_LEAD | ANNALS_KIND_BOILERPLATE, 300, p, 3, &b), 0);
    CHECK_INT(b.len, 9);
    CHECK(b.len == 9 && memcmp(b.data, "\x03\xAC\x02\x01\x80\x01\xA0\x9C\x01", 9) == 0);

    unsigned kind = 99, end = 99, *starts = NULL;
    size_t n = 99;
    CHECK_INT(annals_passages_decode(b.data, b.len, &kind, &end, &starts, &n), 0);
    CHECK_INT(kind, 3);
    CHECK_INT(end, 300);
    CHECK_INT(n, 3);
    if (starts && n == 3) {
        CHECK_INT(starts[0], 1);
        CHECK_INT(starts[1], 128);
        CHECK_INT(starts[2], 20000);
    }
    free(starts);
    abuf_free(&b);

    /* No passages at all. */
    CHECK_INT(annals_passages_encode(0, 0, NULL, 0, &b), 0);
    CHECK_INT(annals_passages_decode(b.data, b.len, &kind, &end, &starts, &n), 0);
    CHECK_INT(kind, 0);
    CHECK_INT(end, 0);
    CHECK_INT(n, 0);
    free(starts);
    abuf_free(&b);

    /* The largest value round-trips. */
    annals_pstart big = {0, 4294967295u};
    CHECK_INT(annals_passages_encode(2, 4294967295u, &big, 1, &b), 0);
    CHECK_INT(annals_passages_decode(b.data, b.len, &kind, &end, &starts, &n), 0);
    CHECK_INT(end, 4294967295u);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_INT(starts[0], 4294967295u);
    free(starts);
    abuf_free(&b);

    /* Garbage is rejected and nothing is left allocated. */
    static const struct { const char *s; size_t len; } bad[] = {
        {"", 0},                        /* no kind */
        {"\x01", 1},                    /* no body end */
        {"\x80", 1},                    /* truncated varint */
        {"\x01\x05\x03\x03", 4},        /* starts not increasing */
        {"\x01\x05\x04\x03", 4},        /* starts decreasing */
        {"\x01\x05\x03\x80", 4},        /* truncated last start */
        {"\x01\x05\x80\x80\x80\x80\x80\x01", 8}, /* varint longer than 5 bytes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        starts = (unsigned *)&kind;  /* must be reset */
        CHECK_INT(annals_passages_decode(bad[i].s, bad[i].len, &kind, &end, &starts, &n), -1);
        CHECK(starts == NULL);
    }
}

/* ---- scoring ---- */

/* The score of one passage [start, end) holding two query terms. */
static double score2(unsigned start, unsigned end, unsigned a, unsigned b, int proximity)
{
    unsigned pa[] = {a}, pb[] = {b};
    annals_pterm t[2] = {{pa, 1, 2.0, 1.0, 0, proximity}, {pb, 1, 2.0, 1.0, 1, proximity}};
    double s = -1;
    annals_passages_score(&start, 1, end, t, 2, &s);
    return s;
}

static void test_scoring(void)
{
    double phrase = score2(100, 120, 105, 106, 1);
    double near7 = score2(100, 120, 105, 112, 1);
    double far30 = score2(100, 160, 105, 135, 1);
    CHECK(phrase > near7);
    CHECK(near7 > far30);
    CHECK(far30 > 0);

    /* Out of the window (8): no proximity bonus, the same as proximity 0. */
    CHECK(score2(100, 120, 105, 115, 1) == score2(100, 120, 105, 115, 0));
    /* proximity 0: adjacent terms score as if they were far apart. */
    CHECK(score2(100, 120, 105, 106, 0) == score2(100, 120, 105, 115, 1));
    CHECK(score2(100, 120, 105, 106, 0) < phrase);

    /* A passage with a query term beats one without (which scores 0); the
     * terms of other passages do not count. */
    {
        unsigned starts[] = {1, 21, 41};
        unsigned pa[] = {5, 45};
        annals_pterm t[1] = {{pa, 2, 1.5, 1.0, 0, 1}};
        double s[3] = {-1, -1, -1};
        annals_passages_score(starts, 3, 61, t, 1, s);
        CHECK(s[0] > 0);
        CHECK(s[1] == 0);
        CHECK(s[2] > s[1]);
    }

    /* More occurrences score higher, with diminishing returns (BM25). */
    {
        unsigned start = 1, one[] = {5}, two[] = {5, 9}, three[] = {5, 9, 13};
        annals_pterm t1 = {one, 1, 1.0, 1.0, 0, 1}, t2 = {two, 2, 1.0, 1.0, 0, 1},
                     t3 = {three, 3, 1.0, 1.0, 0, 1};
        double s1, s2, s3;
        annals_passages_score(&start, 1, 41, &t1, 1, &s1);
        annals_passages_score(&start, 1, 41, &t2, 1, &s2);
        annals_passages_score(&start, 1, 41, &t3, 1, &s3);
        CHECK(s2 > s1);
        CHECK(s3 > s2);
        CHECK(s3 - s2 < s2 - s1);
    }
}

int main(void)
{
    test_split();
    test_encoding();
    test_scoring();
    CHECK_DONE();
}
