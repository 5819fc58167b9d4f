/* titles.c - titles to ids: an open-addressing table (linear probing) of
 * 64-bit hashes of normalized titles, in two arrays so that a slot takes 12
 * bytes. */
#include "read/titles.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <xxhash.h>

struct annals_titles {
    uint64_t *hash;     /* 0: an empty slot */
    uint32_t *id;
    size_t cap;         /* a power of two, or 0 */
    size_t count;
};

annals_titles *annals_titles_new(void)
{
    return calloc(1, sizeof(annals_titles));
}

void annals_titles_free(annals_titles *t)
{
    if (!t) return;
    free(t->hash);
    free(t->id);
    free(t);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '_';
}

/* Copies title to out with '_' and white space runs made one space, the
 * ends trimmed; returns the length. */
static size_t squeeze(const char *title, size_t len, char *out)
{
    size_t n = 0;
    int space = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_space(title[i])) {
            space = n > 0;
            continue;
        }
        if (space) out[n++] = ' ';
        space = 0;
        out[n++] = title[i];
    }
    return n;
}

/* Sets *h to the hash of the normalized title (never 0): returns 1, 0 when
 * the title is empty once normalized, -1 when out of memory.  Invalid UTF-8
 * cannot be case-folded: its bytes are hashed as they are. */
static int title_hash(const char *title, size_t len, uint64_t *h)
{
    char small[256];
    char *buf = len <= sizeof small ? small : malloc(len);
    if (!buf) return -1;
    size_t n = squeeze(title, len, buf);
    int rc = n > 0;
    if (n) {
        uint8_t folded[512];
        size_t flen = sizeof folded;
        errno = 0;
        uint8_t *f = u8_casefold((const uint8_t *)buf, n, NULL, UNINORM_NFC, folded, &flen);
        if (f) *h = XXH3_64bits(f, flen);
        else if (errno == ENOMEM) rc = -1;
        else *h = XXH3_64bits(buf, n);
        if (f && f != folded) free(f);
        if (rc > 0 && *h == 0) *h = 1;
    }
    if (buf != small) free(buf);
    return rc;
}

/* The slot holding h, or the empty slot where it would go. */
static size_t slot_of(const annals_titles *t, uint64_t h)
{
    size_t mask = t->cap - 1;
    size_t i = (size_t)h & mask;
    while (t->hash[i] && t->hash[i] != h) i = (i + 1) & mask;
    return i;
}

static int grow(annals_titles *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    if (cap < t->cap || cap > ((size_t)-1) / sizeof(uint64_t)) return -1;
    annals_titles n = {calloc(cap, sizeof(uint64_t)), malloc(cap * sizeof(uint32_t)), cap,
                       t->count};
    if (!n.hash || !n.id) {
        free(n.hash);
        free(n.id);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->hash[i]) continue;
        size_t j = slot_of(&n, t->hash[i]);
        n.hash[j] = t->hash[i];
        n.id[j] = t->id[i];
    }
    free(t->hash);
    free(t->id);
    *t = n;
    return 0;
}

int annals_titles_add(annals_titles *t, const char *title, size_t len, uint32_t id)
{
    uint64_t h;
    int rc = title_hash(title, len, &h);
    if (rc <= 0) return rc;   /* an empty title is nobody's */
    /* at most 3/4 full, so that probes stay short */
    if ((t->count + 1) * 4 > t->cap * 3 && grow(t) < 0) return -1;
    size_t i = slot_of(t, h);
    if (t->hash[i]) return 0;   /* the first id stays */
    t->hash[i] = h;
    t->id[i] = id;
    t->count++;
    return 0;
}

int annals_titles_find(const annals_titles *t, const char *title, size_t len, uint32_t *id)
{
    if (!t || t->count == 0) return 0;
    uint64_t h;
    if (title_hash(title, len, &h) <= 0) return 0;
    size_t i = slot_of(t, h);
    if (!t->hash[i]) return 0;
    *id = t->id[i];
    return 1;
}

size_t annals_titles_count(const annals_titles *t)
{
    return t ? t->count : 0;
}
