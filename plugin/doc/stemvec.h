/* stemvec.h - a section's feedback stems (its body stems, stopwords' left
 * out) and their wdfs, packed into one value (SLOT_STEMS): read there, the
 * top sections' stems cost a fifth of what their term lists do, which
 * Glass keeps zlib-compressed. */
#ifndef ANNALS_STEMVEC_H
#define ANNALS_STEMVEC_H

#include <stddef.h>
#include <stdint.h>

#include "shim/xap.h"
#include "util/buf.h"

/* 1 when term (len bytes) is a body stem: P_STEM then a lower-case letter,
 * a digit or a non-ASCII byte (field stems, "ZS…" and "ZXH…", have an
 * upper-case prefix). */
int annals_body_stem(const char *term, size_t len);
/* 1 when it is a body stem that feedback may add to a query: not a
 * stopword's stem (the query leaves those words out, and they are in most
 * sections, whatever their topic). */
int annals_feedback_stem(const char *term, size_t len);

/* Appends doc's feedback stems and their wdfs, as it holds them, to out: each
 * term as the length it shares with the one before and the length of the
 * rest (a byte each: a term is at most 245 bytes), the rest, then its wdf
 * as a varint.  Returns XAP_OK, XAP_ERR_NOMEM, or the shim's status with
 * err filled. */
xap_status annals_stemvec_pack(xap_doc *doc, abuf *out, xap_err *err);

/* Calls fn(ctx, term, len, wdf) for each stem packed in v (n bytes), in
 * order, term NUL-terminated, as a term list's terms are handed over
 * (xap_term_fn); stops at the first non-zero return.  Returns 0, or -1 when
 * v is not such a packing (fn is then not called). */
int annals_stemvec_each(const char *v, size_t n, xap_term_fn fn, void *ctx);

#endif
