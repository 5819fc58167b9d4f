/* fuzz-values.c - libFuzzer target: the decoders of what a database's value
 * slots hold, on arbitrary bytes (a damaged or foreign database): byte 0
 * picks annals_stemvec_each (SLOT_STEMS, even) or annals_passages_decode
 * (SLOT_PASSAGES, odd).  Checks: the stems handed over are NUL-terminated
 * where their length says (a term may hold a NUL), and packing them again (when they are distinct body
 * stems a document can hold) unpacks to the same; the passage starts
 * ascend.  Build and run: see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/passage.h"
#include "doc/stemvec.h"
#include "util/buf.h"

/* The stems handed over, as "term\0" then the wdf's 4 bytes each. */
typedef struct {
    abuf seen;
    size_t n;
    int packable;               /* ascending feedback stems Glass takes */
    char prev[256];
    size_t prev_len;
} stems;

/* Byte order, as a term list's. */
static int term_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

static int on_stem(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    stems *s = ctx;
    if (term[len] != '\0' || len > 255) __builtin_trap();
    if (!annals_feedback_stem(term, len) || len > 245 || memchr(term, '\0', len) ||
        (s->n && term_cmp(s->prev, s->prev_len, term, len) >= 0))
        s->packable = 0;
    memcpy(s->prev, term, len);
    s->prev_len = len;
    s->n++;
    abuf_add(&s->seen, term, len + 1);
    abuf_add(&s->seen, (const char *)&wdf, sizeof wdf);
    return 0;
}

static void check_stems(const char *v, size_t len)
{
    stems a = {ABUF_INIT, 0, 1, {0}, 0};
    if (annals_stemvec_each(v, len, on_stem, &a) < 0) {
        if (a.n) __builtin_trap(); /* none handed over */
        abuf_free(&a.seen);
        return;
    }
    xap_doc *doc = a.packable && a.n ? xap_doc_new() : NULL;
    if (doc) {
        xap_err err;
        size_t at = 0;
        for (size_t i = 0; i < a.n; i++) {
            const char *term = a.seen.data + at;
            size_t tl = strlen(term); /* (packable: no NUL inside) */
            uint32_t wdf;
            memcpy(&wdf, term + tl + 1, sizeof wdf);
            at += tl + 1 + sizeof wdf;
            if (xap_doc_add_term(doc, term, tl, wdf, &err) != XAP_OK) __builtin_trap();
        }
        abuf packed = ABUF_INIT;
        if (annals_stemvec_pack(doc, &packed, &err) != XAP_OK) __builtin_trap();
        stems b = {ABUF_INIT, 0, 1, {0}, 0};
        if (annals_stemvec_each(packed.data, packed.len, on_stem, &b) < 0 || b.n != a.n ||
            b.seen.len != a.seen.len || memcmp(b.seen.data, a.seen.data, a.seen.len) != 0)
            __builtin_trap();
        abuf_free(&b.seen);
        abuf_free(&packed);
        xap_doc_free(doc);
    }
    abuf_free(&a.seen);
}

static void check_passages(const char *v, size_t len)
{
    unsigned kind, body_end, *starts;
    size_t n;
    if (annals_passages_decode(v, len, &kind, &body_end, &starts, &n) < 0) return;
    for (size_t i = 1; i < n; i++)
        if (starts[i] <= starts[i - 1]) __builtin_trap();
    free(starts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    /* An exact-size heap copy so ASan sees any read past the end. */
    size_t len = size - 1;
    char *copy = malloc(len ? len : 1);
    if (!copy) return 0;
    memcpy(copy, data + 1, len);
    if (data[0] & 1) check_passages(copy, len);
    else check_stems(copy, len);
    free(copy);
    return 0;
}
