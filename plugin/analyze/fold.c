/* fold.c - Latin diacritics dropped with libunistring's NFD, general
 * categories and scripts: no table of our own. */
#include "analyze/fold.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* Enough for any word worth indexing; libunistring allocates for longer. */
enum { WORD_STACK = 256 };

static int is_ascii(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] >= 0x80) return 0;
    return 1;
}

/* Removes, in place, the nonspacing marks of s[0, n) (decomposed) whose base
 * character is Latin; returns the new length.  The base is the last
 * character that is not such a mark, so "ệ" (e, dot below, circumflex)
 * loses both marks, and a mark with no base is kept. */
static size_t drop_latin_marks(uint8_t *s, size_t n)
{
    const uc_script_t *latin = uc_script('a');
    int base_latin = 0;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        ucs4_t uc;
        size_t k = (size_t)u8_mbtouc(&uc, s + i, n - i);
        int mark = uc_is_general_category(uc, UC_CATEGORY_Mn);
        if (!mark) base_latin = uc_script(uc) == latin;
        if (!mark || !base_latin) {
            memmove(s + o, s + i, k);
            o += k;
        }
        i += k;
    }
    return o;
}

int annals_fold_latin(const char *w, size_t n, abuf *out)
{
    abuf_clear(out);
    if (is_ascii(w, n)) return abuf_add(out, w, n);
    uint8_t dbuf[WORD_STACK], cbuf[WORD_STACK];
    size_t dn = sizeof dbuf;
    uint8_t *d = u8_normalize(UNINORM_NFD, (const uint8_t *)w, n, dbuf, &dn);
    if (!d) return -1;
    size_t kept = drop_latin_marks(d, dn);
    int rc;
    if (kept == dn) { /* nothing dropped: the word as it came */
        rc = abuf_add(out, w, n);
    } else {
        size_t cn = sizeof cbuf;
        uint8_t *c = u8_normalize(UNINORM_NFC, d, kept, cbuf, &cn);
        rc = c ? abuf_add(out, (const char *)c, cn) : -1;
        if (c != cbuf) free(c);
    }
    if (d != dbuf) free(d);
    return rc;
}
