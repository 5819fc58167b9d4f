/* buf.h - a growable byte buffer: the one string builder of libannals. */
#ifndef ANNALS_BUF_H
#define ANNALS_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *data;   /* NUL-terminated whenever len > 0 or data != NULL */
    size_t len;
    size_t cap;
} abuf;

#define ABUF_INIT {NULL, 0, 0}

/* Each returns 0, or -1 when out of memory (the buffer is then unchanged). */
int abuf_reserve(abuf *b, size_t extra);
int abuf_add(abuf *b, const char *s, size_t n);
int abuf_adds(abuf *b, const char *s);
int abuf_addc(abuf *b, char c);
int abuf_printf(abuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int abuf_vprintf(abuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void abuf_clear(abuf *b);               /* len = 0, keeps the memory */
void abuf_free(abuf *b);
/* Hands the buffer's memory to the caller (never NULL on success: "" when
 * empty) and resets b; NULL when out of memory. */
char *abuf_take(abuf *b);

/* v as a LEB128 varint (7 bits a byte, low first); 0, or -1 when out of
 * memory. */
int abuf_add_varint(abuf *b, unsigned v);
/* Reads the varint at s[*i] (s is len bytes) into *v and moves *i past it;
 * -1 when it runs past len or past 5 bytes. */
int annals_get_varint(const char *s, size_t len, size_t *i, unsigned *v);

/* Makes room in the array v (cap elements allocated, n used) for one more
 * element of size bytes, doubling it when full.  Returns the array (moved
 * or not), or NULL when out of memory: v and *cap are then unchanged. */
void *annals_grow(void *v, size_t *cap, size_t n, size_t size);

/* A growable array of unsigned. */
typedef struct {
    unsigned *v;
    size_t n;
    size_t cap;
} avec;

#define AVEC_INIT {NULL, 0, 0}

int avec_push(avec *a, unsigned x);
void avec_free(avec *a);

#endif
