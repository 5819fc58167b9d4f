/* fuzz-article.c - libFuzzer target: article parsing, section building (entity
 * tags, dates), tokenizing, passage splitting and the passage-table round
 * trip.  Build and run: see tests/fuzz/README.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/article.h"
#include "analyze/passage.h"
#include "analyze/section.h"
#include "analyze/tokenize.h"

typedef struct {
    annals_word *v;
    size_t n, cap;
    size_t text_len;
    size_t last_end;
} words;

static int on_token(void *ctx, const annals_token *t)
{
    words *w = ctx;
    /* Invariants of the tokenizer: offsets inside the text, in order. */
    if (t->start >= t->end || t->end > w->text_len || t->start < w->last_end) __builtin_trap();
    w->last_end = t->end;
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        annals_word *p = realloc(w->v, nc * sizeof *p);
        if (!p) return 1;
        w->v = p;
        w->cap = nc;
    }
    w->v[w->n] = (annals_word){t->start, (unsigned)w->n};
    w->n++;
    return 0;
}

static void on_warn(void *ctx, unsigned line, const char *why)
{
    (void)why;
    unsigned *max = ctx;
    if (line == 0 || line > *max) __builtin_trap(); /* a warning's line must exist */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    annals_article a;
    unsigned line;
    const char *why;
    if (annals_article_parse((const char *)data, size, &a, &line, &why) != 0) return 0;
    unsigned nlines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n') nlines++;
    for (size_t s = 0; s < a.nsections; s++) {
        annals_section_text t;
        if (annals_section_build(&a.sections[s], &t, on_warn, &nlines) < 0) continue;
        /* Mentions and dates must lie inside the text. */
        for (size_t m = 0; m < t.mentions.n; m++)
            if (t.mentions.v[m].start > t.mentions.v[m].end || t.mentions.v[m].end > t.text.len)
                __builtin_trap();
        for (size_t d = 0; d < t.dates.n; d++)
            if (t.dates.v[d].start >= t.dates.v[d].end || t.dates.v[d].end > t.text.len)
                __builtin_trap();
        words w = {NULL, 0, 0, t.text.len, 0};
        if (t.text.len && annals_tokenize(t.text.data, t.text.len, on_token, &w) == 0) {
            annals_pstart *ps = NULL;
            size_t np = 0;
            if (annals_passages_split(t.text.data, t.text.len, t.para_start, t.npara, w.v, w.n,
                                      &ps, &np) == 0) {
                for (size_t i = 0; i < np; i++) {
                    if (ps[i].byte > t.text.len) __builtin_trap();
                    if (i && (ps[i].pos <= ps[i - 1].pos || ps[i].byte <= ps[i - 1].byte))
                        __builtin_trap();
                }
                abuf enc = ABUF_INIT;
                unsigned kind = a.sections[s].is_lead ? ANNALS_KIND_LEAD : 0;
                unsigned body_end = (unsigned)w.n;
                if (annals_passages_encode(kind, body_end, ps, np, &enc) == 0) {
                    unsigned k2, e2, *starts = NULL;
                    size_t n2 = 0;
                    if (annals_passages_decode(enc.data, enc.len, &k2, &e2, &starts, &n2) != 0)
                        __builtin_trap(); /* what was encoded must decode */
                    if (k2 != kind || e2 != body_end || n2 != np) __builtin_trap();
                    for (size_t i = 0; i < np; i++)
                        if (starts[i] != ps[i].pos) __builtin_trap();
                    free(starts);
                }
                abuf_free(&enc);
                free(ps);
            }
        }
        free(w.v);
        annals_section_text_free(&t);
    }
    annals_article_free(&a);
    return 0;
}
