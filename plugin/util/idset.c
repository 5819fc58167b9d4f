/* idset.c - a set of 64-bit keys. */
#include "util/idset.h"

#include <stdlib.h>

static size_t slot_of(uint64_t key, size_t cap)
{
    key ^= key >> 33; /* the murmur3 finalizer: ids are often consecutive */
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return (size_t)key & (cap - 1);
}

static void put(uint64_t *slots, size_t cap, uint64_t key)
{
    size_t i = slot_of(key, cap);
    while (slots[i] && slots[i] != key) i = (i + 1) & (cap - 1);
    slots[i] = key;
}

int annals_idset_add(annals_idset *s, uint64_t key)
{
    if (key == 0) {
        s->has_zero = 1;
        return 0;
    }
    if ((s->n + 1) * 4 > s->cap * 3) { /* keep the load under 3/4 */
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *slots = calloc(cap, sizeof *slots);
        if (!slots) return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i]) put(slots, cap, s->slots[i]);
        free(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    if (!annals_idset_has(s, key)) s->n++;
    put(s->slots, s->cap, key);
    return 0;
}

int annals_idset_has(const annals_idset *s, uint64_t key)
{
    if (key == 0) return s->has_zero;
    if (!s->cap) return 0;
    for (size_t i = slot_of(key, s->cap); s->slots[i]; i = (i + 1) & (s->cap - 1))
        if (s->slots[i] == key) return 1;
    return 0;
}

void annals_idset_free(annals_idset *s)
{
    free(s->slots);
    *s = (annals_idset)ANNALS_IDSET_INIT;
}
