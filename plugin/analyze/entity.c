/* entity.c - parses [text](digits) tags; anything else is ordinary text. */
#include "analyze/entity.h"

#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

static int push(annals_mentions *m, uint32_t id, size_t start, size_t end)
{
    annals_mention *p = annals_grow(m->v, &m->cap, m->n, sizeof *m->v);
    if (!p) return -1;
    m->v = p;
    m->v[m->n++] = (annals_mention){id, start, end};
    return 0;
}

/* If a tag starts at raw[i] == '[', sets its parts and returns its length
 * (0 when it is not a tag). */
static size_t parse_tag(const char *raw, size_t len, size_t i, size_t *sstart, size_t *slen,
                        size_t *dstart, size_t *dlen)
{
    size_t j = i + 1;
    while (j < len && raw[j] != ']' && raw[j] != '[' && raw[j] != '\n') j++;
    if (j + 1 >= len || raw[j] != ']' || raw[j + 1] != '(') return 0;
    size_t k = j + 2;
    while (k < len && raw[k] >= '0' && raw[k] <= '9') k++;
    if (k == j + 2 || k >= len || raw[k] != ')') return 0;
    *sstart = i + 1;
    *slen = j - i - 1;
    *dstart = j + 2;
    *dlen = k - j - 2;
    return k + 1 - i;
}

int annals_resolve_tags(const char *raw, size_t len, abuf *display, annals_mentions *m,
                        annals_tag_warn_fn warn, void *ctx)
{
    size_t i = 0, plain = 0;
    while (i < len) {
        const char *open = memchr(raw + i, '[', len - i);
        if (!open) break;
        i = (size_t)(open - raw);
        size_t ss, sl, ds, dl;
        size_t tl = parse_tag(raw, len, i, &ss, &sl, &ds, &dl);
        if (!tl) { i++; continue; }
        const char *why = NULL;
        uint64_t id = 0;
        if (dl > 10) {
            why = "entity id too large";
        } else {
            for (size_t k = 0; k < dl; k++) id = id * 10 + (uint64_t)(raw[ds + k] - '0');
            if (id > UINT32_MAX) why = "entity id too large";
        }
        if (!why && sl == 0) why = "empty entity text";
        if (!why && sl > ANNALS_MAX_SURFACE) why = "entity text too long";
        if (why) {
            if (warn) warn(ctx, i, why);
            i++;
            continue;
        }
        if (abuf_add(display, raw + plain, i - plain) < 0) return -1;
        size_t start = display->len;
        if (abuf_add(display, raw + ss, sl) < 0) return -1;
        if (push(m, (uint32_t)id, start, display->len) < 0) return -1;
        i += tl;
        plain = i;
    }
    return abuf_add(display, raw + plain, len - plain);
}

void annals_mentions_free(annals_mentions *m)
{
    free(m->v);
    m->v = NULL;
    m->n = m->cap = 0;
}
