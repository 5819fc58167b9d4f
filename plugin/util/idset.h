/* idset.h - a set of 64-bit keys (article ids, hashes of paths): open
 * addressing, 8 bytes a slot, for the indexer's bookkeeping of a run. */
#ifndef ANNALS_IDSET_H
#define ANNALS_IDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t *slots;    /* 0 marks a free slot; key 0 is kept apart */
    size_t cap, n;
    int has_zero;
} annals_idset;

#define ANNALS_IDSET_INIT {NULL, 0, 0, 0}

/* Returns 0, or -1 when out of memory (the set is then unchanged). */
int annals_idset_add(annals_idset *s, uint64_t key);
int annals_idset_has(const annals_idset *s, uint64_t key);
void annals_idset_free(annals_idset *s);

#endif
