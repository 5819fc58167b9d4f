/* test-fold.c - annals_fold_latin: Latin letters lose their diacritics,
 * other scripts and letters without a decomposition keep theirs; and
 * annals_stem, which stems the folded word, gives accented and unaccented
 * spellings one stem (what both the indexer and the query parser use). */
#include <string.h>

#include "analyze/fold.h"
#include "analyze/stem.h"
#include "check.h"

static abuf folded = ABUF_INIT;

/* The folded form of s (valid until the next call). */
static const char *fold(const char *s)
{
    CHECK_INT(annals_fold_latin(s, strlen(s), &folded), 0);
    return folded.data ? folded.data : "";
}

static void test_latin(void)
{
    CHECK_STR(fold("p\xC3\xB3lya"), "polya");                 /* pólya */
    CHECK_STR(fold("g\xC3\xB6" "del"), "godel");              /* gödel */
    CHECK_STR(fold("s\xC3\xA3o"), "sao");                     /* são */
    CHECK_STR(fold("d\xC3\xA9j\xC3\xA0"), "deja");            /* déjà */
    CHECK_STR(fold("\xC4\x8D" "apek"), "capek");              /* čapek */
    CHECK_STR(fold("vi\xE1\xBB\x87t"), "viet");               /* việt: two marks on one e */
    CHECK_STR(fold("i\xCC\x87stanbul"), "istanbul");          /* İ case-folded: i + U+0307 */
    CHECK_STR(fold("\xC5\x82\xC3\xB3" "d\xC5\xBA"), "\xC5\x82odz"); /* łódź: ł has no decomposition */
}

/* Letters without a decomposition are letters of their own, not a base and
 * a mark: nothing to drop. */
static void test_kept_letters(void)
{
    CHECK_STR(fold("s\xC3\xB8ren"), "s\xC3\xB8ren");          /* ø */
    CHECK_STR(fold("stra\xC3\x9F" "e"), "stra\xC3\x9F" "e");  /* ß */
    CHECK_STR(fold("\xC3\xA6sir"), "\xC3\xA6sir");            /* æ */
}

/* Marks on letters of other scripts belong to the letter. */
static void test_other_scripts(void)
{
    CHECK_STR(fold("\xD0\xB9\xD0\xBE\xD0\xB3\xD0\xB0"), "\xD0\xB9\xD0\xBE\xD0\xB3\xD0\xB0"); /* йога */
    CHECK_STR(fold("\xD1\x91\xD0\xBB\xD0\xBA\xD0\xB0"), "\xD1\x91\xD0\xBB\xD0\xBA\xD0\xB0"); /* ёлка */
    CHECK_STR(fold("\xCE\xAC\xCE\xBB\xCF\x86\xCE\xB1"), "\xCE\xAC\xCE\xBB\xCF\x86\xCE\xB1"); /* άλφα */
    /* गुरु, हिंदी, हिन्दी: the vowel sign u, the anusvara and the virama are
     * nonspacing marks. */
    CHECK_STR(fold("\xE0\xA4\x97\xE0\xA5\x81\xE0\xA4\xB0\xE0\xA5\x81"),
              "\xE0\xA4\x97\xE0\xA5\x81\xE0\xA4\xB0\xE0\xA5\x81");
    CHECK_STR(fold("\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80"),
              "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80");
    CHECK_STR(fold("\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80"),
              "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80");
    /* One word, two scripts: only the Latin letter's mark goes. */
    CHECK_STR(fold("\xC3\xA9\xD0\xB9"), "e\xD0\xB9");         /* éй */
}

static void test_unchanged(void)
{
    CHECK_STR(fold("polya"), "polya");
    CHECK_STR(fold("u.s"), "u.s");
    CHECK_STR(fold(""), "");
}

/* A word longer than the stack buffers: libunistring's allocations. */
static void test_long_word(void)
{
    char in[2 * 300 + 1], want[300 + 1];
    for (int i = 0; i < 300; i++) {
        in[2 * i] = '\xC3';
        in[2 * i + 1] = '\xA9'; /* é */
        want[i] = 'e';
    }
    in[600] = want[300] = '\0';
    CHECK_STR(fold(in), want);
}

/* The stem of word (copied: the stemmer's result lasts until its next
 * call). */
static const char *stem(annals_stemmer *st, const char *word, char *out, size_t cap)
{
    size_t sl = 0;
    const char *s = annals_stem(st, word, strlen(word), &sl);
    if (!s || sl >= cap) return "(none)";
    memcpy(out, s, sl);
    out[sl] = '\0';
    return out;
}

/* Accented and unaccented spellings share a stem, cached or not. */
static void test_stems(void)
{
    annals_stemmer *st = annals_stemmer_new();
    CHECK(st != NULL);
    if (!st) return;
    char a[1100], b[1100];
    CHECK_STR(stem(st, "p\xC3\xB3lya", a, sizeof a), "polya");
    CHECK_STR(stem(st, "r\xC3\xA9sum\xC3\xA9s", a, sizeof a), stem(st, "resumes", b, sizeof b));
    CHECK_STR(stem(st, "na\xC3\xAFvely", a, sizeof a), stem(st, "naively", b, sizeof b));
    CHECK_STR(stem(st, "\xD0\xB9\xD0\xBE\xD0\xB3\xD0\xB0", a, sizeof a), "\xD0\xB9\xD0\xBE\xD0\xB3\xD0\xB0");
    /* Past the cache's word length: the same folding. */
    char word[80], plain[80];
    memset(word, 'x', 70);
    memcpy(word + 70, "\xC3\xA9", 3);
    memset(plain, 'x', 70);
    memcpy(plain + 70, "e", 2);
    CHECK_STR(stem(st, word, a, sizeof a), stem(st, plain, b, sizeof b));
    annals_stemmer_free(st);
}

int main(void)
{
    test_latin();
    test_kept_letters();
    test_other_scripts();
    test_unchanged();
    test_long_word();
    test_stems();
    abuf_free(&folded);
    CHECK_DONE();
}
