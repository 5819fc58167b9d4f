/* test-entity.c - annals_resolve_tags: [text](id) tags become display text
 * plus mentions; anything else stays text; absurd tags are reported. */
#include <stdint.h>
#include <string.h>

#include "analyze/entity.h"
#include "check.h"

typedef struct {
    size_t offset[8];
    const char *why[8];
    size_t n;
} warnings;

static void on_warn(void *ctx, size_t offset, const char *why)
{
    warnings *w = ctx;
    if (w->n < 8) {
        w->offset[w->n] = offset;
        w->why[w->n] = why;
    }
    w->n++;
}

typedef struct {
    char display[1024];
    annals_mention m[8];
    size_t nm;
    warnings w;
} resolved;

static resolved *resolve(const char *raw)
{
    static resolved r;
    memset(&r, 0, sizeof r);
    abuf d = ABUF_INIT;
    annals_mentions m = {NULL, 0, 0};
    CHECK_INT(annals_resolve_tags(raw, strlen(raw), &d, &m, on_warn, &r.w), 0);
    snprintf(r.display, sizeof r.display, "%s", d.data ? d.data : "");
    CHECK_INT(d.len, strlen(r.display));
    r.nm = m.n;
    for (size_t i = 0; i < m.n && i < 8; i++) r.m[i] = m.v[i];
    abuf_free(&d);
    annals_mentions_free(&m);
    return &r;
}

/* Text that is not a tag comes out unchanged, with no mention and no warning. */
static void not_a_tag(const char *raw)
{
    resolved *r = resolve(raw);
    CHECK_STR(r->display, raw);
    CHECK_INT(r->nm, 0);
    CHECK_INT(r->w.n, 0);
}

/* An absurd tag: one warning at offset, kept as text, no mention. */
static void absurd(const char *raw, size_t offset, const char *why)
{
    resolved *r = resolve(raw);
    CHECK_STR(r->display, raw);
    CHECK_INT(r->nm, 0);
    CHECK_INT(r->w.n, 1);
    CHECK_INT(r->w.offset[0], offset);
    CHECK_STR(r->w.why[0], why);
}

int main(void)
{
    resolved *r = resolve("[Azerbaijan](1588)");
    CHECK_STR(r->display, "Azerbaijan");
    CHECK_INT(r->nm, 1);
    CHECK_INT(r->m[0].id, 1588);
    CHECK_INT(r->m[0].start, 0);
    CHECK_INT(r->m[0].end, 10);
    CHECK_INT(r->w.n, 0);

    /* Letters glued after a tag belong to the word; the en dash is 3 bytes. */
    r = resolve("[Armenia](1567)n\xE2\x80\x93[Azerbaijan](1588)i");
    CHECK_STR(r->display, "Armenian\xE2\x80\x93" "Azerbaijani");
    CHECK_INT(r->nm, 2);
    CHECK_INT(r->m[0].id, 1567);
    CHECK_INT(r->m[0].start, 0);
    CHECK_INT(r->m[0].end, 7);
    CHECK_INT(r->m[1].id, 1588);
    CHECK_INT(r->m[1].start, 11);
    CHECK_INT(r->m[1].end, 21);

    /* Offsets are into the display text, after earlier tags shrank it. */
    r = resolve("Relations between [Azerbaijan](1588) and the [United States](1100).");
    CHECK_STR(r->display, "Relations between Azerbaijan and the United States.");
    CHECK_INT(r->nm, 2);
    CHECK_INT(r->m[0].start, 18);
    CHECK_INT(r->m[0].end, 28);
    CHECK_INT(r->m[1].id, 1100);
    CHECK_INT(r->m[1].start, 37);
    CHECK_INT(r->m[1].end, 50);

    /* The largest id is accepted. */
    r = resolve("[x](4294967295)");
    CHECK_STR(r->display, "x");
    CHECK_INT(r->nm, 1);
    CHECK_INT(r->m[0].id, 4294967295u);

    /* A '[' inside the text: the tag starts at the last one. */
    r = resolve("[a [b](5)");
    CHECK_STR(r->display, "[a b");
    CHECK_INT(r->nm, 1);
    CHECK_INT(r->m[0].start, 3);
    CHECK_INT(r->m[0].end, 4);

    /* Not tags: ordinary text. */
    not_a_tag("[");
    not_a_tag("](x)");
    not_a_tag("[a](x)");
    not_a_tag("[unclosed");
    not_a_tag("[a](12");
    not_a_tag("[a] (12)");
    not_a_tag("[a](12a)");
    not_a_tag("[a]()");
    not_a_tag("[a\nb](12)");
    not_a_tag("Resolution #318 (1995) [sic]");

    /* Absurd tags: reported with the tag's raw offset, kept as text. */
    absurd("[x](99999999999)", 0, "entity id too large");
    absurd("[x](4294967296)", 0, "entity id too large");
    absurd("[](5)", 0, "empty entity text");
    absurd("see [](5) here", 4, "empty entity text");
    {
        /* 257 bytes of surface text: too long. */
        char raw[300];
        raw[0] = '[';
        memset(raw + 1, 'a', ANNALS_MAX_SURFACE + 1);
        strcpy(raw + 2 + ANNALS_MAX_SURFACE, "](7)");
        absurd(raw, 0, "entity text too long");
    }
    /* The offset of the absurd tag, after a valid one that shrank the text. */
    r = resolve("[Armenia](1567)n [x](99999999999)");
    CHECK_STR(r->display, "Armenian [x](99999999999)");
    CHECK_INT(r->nm, 1);
    CHECK_INT(r->w.n, 1);
    CHECK_INT(r->w.offset[0], 17);

    /* No callback: still kept as text. */
    {
        abuf d = ABUF_INIT;
        annals_mentions m = {NULL, 0, 0};
        CHECK_INT(annals_resolve_tags("[](5)", 5, &d, &m, NULL, NULL), 0);
        CHECK_STR(d.data, "[](5)");
        CHECK_INT(m.n, 0);
        abuf_free(&d);
        annals_mentions_free(&m);
    }

    CHECK_DONE();
}
