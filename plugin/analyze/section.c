/* section.c - from parsed paragraphs to the text a section shows. */
#include "analyze/section.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const annals_para *para;
    annals_line_warn_fn warn;
    void *ctx;
    size_t next;        /* the first line not yet passed (offsets only grow) */
} tag_ctx;

static void tag_warn(void *ctx, size_t offset, const char *why)
{
    tag_ctx *t = ctx;
    const annals_para *p = t->para;
    while (t->next < p->nlines && p->line_off[t->next] <= offset) t->next++;
    if (t->warn) t->warn(t->ctx, t->next ? p->line_no[t->next - 1] : p->line, why);
}

int annals_display_line(const char *raw, abuf *out)
{
    annals_mentions m = {NULL, 0, 0};
    int rc = annals_resolve_tags(raw, strlen(raw), out, &m, NULL, NULL);
    annals_mentions_free(&m);
    return rc;
}

int annals_section_build(const annals_section *s, annals_section_text *out,
                         annals_line_warn_fn warn, void *ctx)
{
    memset(out, 0, sizeof *out);
    if (annals_display_line(s->heading, &out->heading) < 0) goto oom;
    out->para_start = malloc((s->npara ? s->npara : 1) * sizeof *out->para_start);
    if (!out->para_start) goto oom;
    int year = 0;
    for (size_t i = 0; i < s->npara; i++) {
        const annals_para *p = &s->paras[i];
        if (i > 0 && abuf_add(&out->text, "\n\n", 2) < 0) goto oom;
        size_t start = out->text.len;
        out->para_start[out->npara++] = start;
        tag_ctx tc = {p, warn, ctx, 0};
        if (annals_resolve_tags(p->raw, p->len, &out->text, &out->mentions, tag_warn, &tc) < 0)
            goto oom;
        size_t before = out->dates.n;
        if (annals_dates_extract(out->text.data + start, out->text.len - start, &year,
                                 &out->dates) < 0)
            goto oom;
        for (size_t d = before; d < out->dates.n; d++) {
            out->dates.v[d].start += start;
            out->dates.v[d].end += start;
        }
    }
    return 0;
oom:
    annals_section_text_free(out);
    return -1;
}

void annals_section_text_free(annals_section_text *t)
{
    abuf_free(&t->heading);
    abuf_free(&t->text);
    free(t->para_start);
    annals_mentions_free(&t->mentions);
    annals_dates_free(&t->dates);
    memset(t, 0, sizeof *t);
}
