/* entity.h - inline entity tags: "[surface](ID)" becomes "surface" in the
 * display text plus a mention of entity ID over those bytes. */
#ifndef ANNALS_ENTITY_H
#define ANNALS_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct {
    uint32_t id;
    size_t start, end;  /* the surface text's bytes in the display text */
} annals_mention;

typedef struct {
    annals_mention *v;
    size_t n, cap;
} annals_mentions;

/* Longest surface text taken as a tag; a longer one is absurd. */
#define ANNALS_MAX_SURFACE 256

/* Called for a tag that parses as [text](digits) but cannot be one: an id
 * past 2^32 - 1, an empty or over-long surface.  offset is the tag's byte
 * offset in the raw text.  The tag is kept as ordinary text. */
typedef void (*annals_tag_warn_fn)(void *ctx, size_t offset, const char *why);

/* Appends the display form of raw[0..len) to display (tags resolved) and its
 * mentions, with offsets into display, to m.  Returns 0, or -1 when out of
 * memory. */
int annals_resolve_tags(const char *raw, size_t len, abuf *display, annals_mentions *m,
                        annals_tag_warn_fn warn, void *ctx);
void annals_mentions_free(annals_mentions *m);

#endif
