/* tokenize.h - the one tokenizer: index text and query text take this path.
 *
 * Words are found with libunistring's word breaks (UAX #29) and normalized
 * with NFKC plus case folding (pure-ASCII words take a fast path with the
 * same result); the right single quote becomes an ASCII apostrophe.  Like
 * SQLite FTS5's tokenizers it pushes tokens to a callback with the byte
 * offsets of each word in the input, which is what makes highlighting exact.
 */
#ifndef ANNALS_TOKENIZE_H
#define ANNALS_TOKENIZE_H

#include <stddef.h>

typedef struct {
    const char *term;   /* the normalized word; valid during the callback */
    size_t len;
    size_t start, end;  /* the word's bytes in the input: [start, end) */
} annals_token;

/* Returns non-zero to stop the tokenizer. */
typedef int (*annals_token_fn)(void *ctx, const annals_token *tok);

/* text must be valid UTF-8.  Returns 0, 1 when fn stopped it, -1 when out
 * of memory. */
int annals_tokenize(const char *text, size_t len, annals_token_fn fn, void *ctx);

/* Normalizes one word the way annals_tokenize does into out (cap bytes);
 * returns the length, or (size_t)-1 when it did not fit or memory ran out. */
size_t annals_normalize_word(const char *w, size_t n, char *out, size_t cap);

#include "util/buf.h"

/* Appends the normalized words of text, space-separated, to out: the form
 * of exact-heading and entity-name terms.  Returns 0 or -1 (out of memory). */
int annals_normalized_words(const char *text, size_t len, abuf *out);

#endif
