/* tokenize.c - UAX #29 words, NFKC + case folding, byte offsets. */
#include "analyze/tokenize.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwbrk.h>

/* Enough for any word worth indexing; longer words are normalized on the
 * heap. */
enum { WORD_STACK = 256 };

/* A segment is a word when it holds a letter or a digit ("_id" does; a
 * run of punctuation or spaces does not). */
static int is_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return 1;
            i++;
            continue;
        }
        ucs4_t uc;
        int k = u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
        if (k <= 0) return 0;
        if (uc_is_alnum(uc)) return 1;
        i += (size_t)k;
    }
    return 0;
}

/* Replaces each U+2019 (E2 80 99) with an apostrophe, in place. */
static size_t fold_apostrophes(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x99) {
            s[o++] = '\'';
            i += 2;
        } else {
            s[o++] = s[i];
        }
    }
    return o;
}

size_t annals_normalize_word(const char *w, size_t n, char *out, size_t cap)
{
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] >= 0x80) { ascii = 0; break; }
    if (ascii) {
        if (n > cap) return (size_t)-1;
        for (size_t i = 0; i < n; i++)
            out[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] | 0x20) : w[i];
        return n;
    }
    size_t outlen = cap;
    uint8_t *r = u8_casefold((const uint8_t *)w, n, NULL, UNINORM_NFKC, (uint8_t *)out, &outlen);
    if (!r) return (size_t)-1;
    if (r != (uint8_t *)out) { /* did not fit in out */
        free(r);
        return (size_t)-1;
    }
    return fold_apostrophes(out, outlen);
}

static int emit(const char *text, size_t start, size_t end, annals_token_fn fn, void *ctx)
{
    char small[WORD_STACK];
    size_t n = end - start;
    annals_token tok = {small, 0, start, end};
    size_t got = annals_normalize_word(text + start, n, small, sizeof small);
    if (got != (size_t)-1) {
        tok.len = got;
        return fn(ctx, &tok) ? 1 : 0;
    }
    /* A long word: NFKC can grow it, so let libunistring size it. */
    size_t outlen = 0;
    uint8_t *r = u8_casefold((const uint8_t *)text + start, n, NULL, UNINORM_NFKC, NULL, &outlen);
    if (!r) return -1;
    tok.term = (const char *)r;
    tok.len = fold_apostrophes((char *)r, outlen);
    int stop = fn(ctx, &tok);
    free(r);
    return stop ? 1 : 0;
}

int annals_tokenize(const char *text, size_t len, annals_token_fn fn, void *ctx)
{
    if (len == 0) return 0;
    char *brk = malloc(len);
    if (!brk) return -1;
    u8_wordbreaks((const uint8_t *)text, len, brk);
    int rc = 0;
    size_t seg = 0;
    for (size_t i = 1; i <= len && rc == 0; i++) {
        if (i < len && !brk[i]) continue;
        if (is_word(text + seg, i - seg)) rc = emit(text, seg, i, fn, ctx);
        seg = i;
    }
    free(brk);
    return rc;
}

typedef struct {
    abuf *out;
    int oom;
} joiner;

static int on_join(void *ctx, const annals_token *t)
{
    joiner *j = ctx;
    if ((j->out->len && abuf_addc(j->out, ' ') < 0) || abuf_add(j->out, t->term, t->len) < 0) {
        j->oom = 1;
        return 1;
    }
    return 0;
}

int annals_normalized_words(const char *text, size_t len, abuf *out)
{
    joiner j = {out, 0};
    return (annals_tokenize(text, len, on_join, &j) < 0 || j.oom) ? -1 : 0;
}
