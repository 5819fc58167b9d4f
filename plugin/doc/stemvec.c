/* stemvec.c - a section's feedback stems packed into one value. */
#include "doc/stemvec.h"

#include <string.h>

#include "analyze/stopwords.h"
#include "doc/schema.h"

int annals_body_stem(const char *term, size_t len)
{
    size_t p = strlen(P_STEM);
    if (len <= p || memcmp(term, P_STEM, p) != 0) return 0;
    unsigned char c = (unsigned char)term[p];
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

int annals_feedback_stem(const char *term, size_t len)
{
    size_t p = strlen(P_STEM);
    return annals_body_stem(term, len) && !annals_is_stopword_stem(term + p, len - p);
}

/* A packing under way: the term before, and whether memory ran out. */
typedef struct {
    abuf *out;
    char prev[256];
    size_t prev_len;
    int oom;
} packing;

static int pack_one(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    packing *p = ctx;
    if (!annals_feedback_stem(term, len)) return 0;
    if (len >= sizeof p->prev) return 0; /* (never: Glass takes 245 bytes at most) */
    size_t shared = 0;
    while (shared < p->prev_len && shared < len && p->prev[shared] == term[shared]) shared++;
    /* (with room for all of it, none of the adds fails) */
    if (abuf_reserve(p->out, 2 + len - shared + 5) < 0) return p->oom = 1;
    abuf_addc(p->out, (char)shared);
    abuf_addc(p->out, (char)(len - shared));
    abuf_add(p->out, term + shared, len - shared);
    abuf_add_varint(p->out, wdf);
    memcpy(p->prev, term, len);
    p->prev_len = len;
    return 0;
}

xap_status annals_stemvec_pack(xap_doc *doc, abuf *out, xap_err *err)
{
    packing p = {out, {0}, 0, 0};
    xap_status st = xap_doc_terms_under(doc, P_STEM, pack_one, &p, err);
    if (st == XAP_OK && p.oom) st = XAP_ERR_NOMEM;
    return st;
}

/* Reads the stem at v[*i] into term (whose first *len bytes are the stem
 * before) and moves *i past it; -1 when it does not fit in v or in term. */
static int next_stem(const char *v, size_t n, size_t *i, char term[256], size_t *len, unsigned *wdf)
{
    if (n - *i < 2) return -1;
    size_t shared = (unsigned char)v[*i], rest = (unsigned char)v[*i + 1];
    *i += 2;
    if (shared > *len || shared + rest > 255 || rest > n - *i) return -1;
    memcpy(term + shared, v + *i, rest);
    *i += rest;
    *len = shared + rest;
    term[*len] = '\0';
    return annals_get_varint(v, n, i, wdf);
}

int annals_stemvec_each(const char *v, size_t n, xap_term_fn fn, void *ctx)
{
    char term[256];
    size_t i = 0, len = 0;
    unsigned wdf;
    /* Checked whole first, so that fn sees all of it or none. */
    while (i < n)
        if (next_stem(v, n, &i, term, &len, &wdf) < 0) return -1;
    for (i = 0, len = 0; i < n;) {
        next_stem(v, n, &i, term, &len, &wdf);
        if (fn(ctx, term, len, wdf)) break;
    }
    return 0;
}
