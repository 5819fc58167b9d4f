/* buf.c - growable byte buffers and integer arrays. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int abuf_reserve(abuf *b, size_t extra)
{
    if (extra >= (size_t)-1 - b->len) return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2) { cap = need; break; }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int abuf_add(abuf *b, const char *s, size_t n)
{
    if (abuf_reserve(b, n) < 0) return -1;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int abuf_adds(abuf *b, const char *s)
{
    return abuf_add(b, s, strlen(s));
}

int abuf_addc(abuf *b, char c)
{
    return abuf_add(b, &c, 1);
}

int abuf_vprintf(abuf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    int rc = -1;
    if (n >= 0 && (size_t)n < sizeof small) {
        rc = abuf_add(b, small, (size_t)n);
    } else if (n >= 0 && abuf_reserve(b, (size_t)n) == 0) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
        rc = 0;
    }
    va_end(again);
    return rc;
}

int abuf_printf(abuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = abuf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void abuf_clear(abuf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void abuf_free(abuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *abuf_take(abuf *b)
{
    if (!b->data && abuf_reserve(b, 0) < 0) return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void *annals_grow(void *v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return v;
    size_t ncap = *cap ? *cap * 2 : 16;
    if (ncap < *cap || ncap > ((size_t)-1) / size) return NULL;
    void *p = realloc(v, ncap * size);
    if (p) *cap = ncap;
    return p;
}

int abuf_add_varint(abuf *b, unsigned v)
{
    char tmp[5];
    size_t n = 0;
    do {
        unsigned char c = v & 0x7F;
        v >>= 7;
        tmp[n++] = (char)(c | (v ? 0x80 : 0));
    } while (v);
    return abuf_add(b, tmp, n);
}

int annals_get_varint(const char *s, size_t len, size_t *i, unsigned *v)
{
    unsigned r = 0;
    for (int shift = 0; shift < 35 && *i < len; shift += 7) {
        unsigned char c = (unsigned char)s[(*i)++];
        r |= (unsigned)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

int avec_push(avec *a, unsigned x)
{
    unsigned *p = annals_grow(a->v, &a->cap, a->n, sizeof *a->v);
    if (!p) return -1;
    a->v = p;
    a->v[a->n++] = x;
    return 0;
}

void avec_free(avec *a)
{
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}
