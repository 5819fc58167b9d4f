/* render-text.c - results for people: hits with highlighted passages, the
 * year facets as a histogram, and the hits by year. */
#include <stdint.h>
#include <string.h>
#include <uniwidth.h>

#include "tools/render.h"
#include "tools/year-list.h"

enum { INDENT = 3 };

/* The columns of the word at text[i, j) as shown: its characters' widths
 * (u8_width: a CJK character takes two), plus a column for each [ or ]
 * marking a highlight in it when there is no colour. */
static size_t word_width(const annals_passage *p, size_t h, size_t i, size_t j, int color)
{
    size_t w = (size_t)u8_width((const uint8_t *)p->text + i, j - i, "UTF-8");
    for (; !color && h < p->nhighlights && p->highlights[h].start < j; h++)
        w += (p->highlights[h].start >= i) + (p->highlights[h].end <= j);
    return w;
}

/* The end of the word that starts at text[i]: the next space or line end. */
static size_t word_end(const char *text, size_t i, size_t len)
{
    while (i < len && text[i] != ' ' && text[i] != '\n') i++;
    return i;
}

/* A passage indented, its highlights bold (or in [markers]); with a width,
 * each line is filled with whole words and wrapped at a space. */
static void passage(FILE *out, const annals_passage *p, const render_opts *o)
{
    const char *on = o->color ? "\033[1m" : "[", *off = o->color ? "\033[0m" : "]";
    size_t avail = o->width > INDENT ? o->width - INDENT : 1;
    size_t h = 0, len = strlen(p->text), col = 0;
    fprintf(out, "%*s", INDENT, "");
    for (size_t i = 0; i < len; i++) {
        if (h < p->nhighlights && p->highlights[h].start == i) fputs(on, out);
        char c = p->text[i];
        if (c == '\n' || (c == ' ' && o->width && col > 0 &&
                          col + 1 + word_width(p, h, i + 1, word_end(p->text, i + 1, len), o->color) > avail)) {
            fprintf(out, "\n%*s", INDENT, "");
            col = 0;
        } else {
            if (c == ' ') col++;
            else if (o->width && (i == 0 || p->text[i - 1] == ' ' || p->text[i - 1] == '\n'))
                col += word_width(p, h, i, word_end(p->text, i, len), o->color);
            fputc(c, out);
        }
        if (h < p->nhighlights && p->highlights[h].end == i + 1) {
            fputs(off, out);
            h++;
        }
    }
    fputc('\n', out);
}

static void years(FILE *out, const annals_hit *h)
{
    if (!h->nyears) return;
    fputs("  (", out);
    year_list(out, h->years, h->nyears);
    fputc(')', out);
}

static void bar(FILE *out, unsigned count, unsigned max)
{
    static const char *const EIGHTHS[] = {"", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589"};
    enum { WIDTH = 40 };
    unsigned long units = max ? (unsigned long)count * WIDTH * 8 / max : 0;
    if (units == 0 && count) units = 1;
    for (unsigned long i = 0; i < units / 8; i++) fputs("\u2588", out);
    fputs(EIGHTHS[units % 8], out);
}

/* The years as bars: one per year, else per decade, else per century,
 * the finest of the facets counted that fits in a small histogram (else
 * the coarsest).  A bar counts the sections that mention a year in it. */
static void histogram(FILE *out, const annals_results *r)
{
    enum { MAX_BARS = 24 };
    static const char *const TITLE[3] = {"Years", "Years, by decade", "Years, by century"};
    size_t n[3];
    const annals_facet *f[3] = {annals_results_years(r, &n[0]), annals_results_decades(r, &n[1]),
                                annals_results_centuries(r, &n[2])};
    int g = -1;
    for (int k = 0; k < 3; k++)
        if (n[k]) {
            g = k;
            if (n[k] <= MAX_BARS) break;
        }
    if (g < 0) return;
    unsigned max = 0;
    for (size_t i = 0; i < n[g]; i++)
        if (f[g][i].count > max) max = f[g][i].count;
    fprintf(out, "\n%s:\n", TITLE[g]);
    for (size_t i = 0; i < n[g]; i++) {
        long start = f[g][i].value;
        if (g == 0) fprintf(out, "  %4ld  ", start);
        else if (g == 1) fprintf(out, "  %4lds ", start);
        else fprintf(out, "  %4ld\u2013%4ld ", start, start + 99);
        bar(out, f[g][i].count, max);
        fprintf(out, " %u\n", f[g][i].count);
    }
}

static void timeline(FILE *out, const annals_results *r)
{
    size_t n = annals_results_count(r);
    int prev = 0;
    fputs("\nTimeline:\n", out);
    for (;;) {
        int next = 0;
        for (size_t i = 0; i < n; i++) { /* the smallest year above prev */
            const annals_hit *h = annals_results_hit(r, i);
            for (size_t k = 0; k < h->nyears; k++)
                if (h->years[k] > prev && (!next || h->years[k] < next)) next = h->years[k];
        }
        if (!next) break;
        fprintf(out, "  %d\n", next);
        for (size_t i = 0; i < n; i++) {
            const annals_hit *h = annals_results_hit(r, i);
            for (size_t k = 0; k < h->nyears; k++)
                if (h->years[k] == next)
                    fprintf(out, "    %u. %s \u203A %s\n", h->rank, h->title, h->heading);
        }
        prev = next;
    }
    int undated = 0;
    for (size_t i = 0; i < n; i++) {
        const annals_hit *h = annals_results_hit(r, i);
        if (h->nyears) continue;
        if (!undated++) fputs("  undated\n", out);
        fprintf(out, "    %u. %s \u203A %s\n", h->rank, h->title, h->heading);
    }
}

void render_text(FILE *out, const annals_results *r, const render_opts *o)
{
    size_t n = annals_results_count(r);
    unsigned total = annals_results_total(r);
    if (n == 0) fputs("No matches.\n", out);
    for (size_t i = 0; i < n; i++) {
        const annals_hit *h = annals_results_hit(r, i);
        fprintf(out, "%s%u. %s \u203A %s", i ? "\n" : "", h->rank, h->title, h->heading);
        years(out, h);
        fputc('\n', out);
        /* Passages are windows of the section, not in its order: an
         * ellipsis keeps them apart. */
        for (size_t k = 0; k < h->npassages; k++) {
            if (k) fputs("   \u2026\n", out);
            passage(out, &h->passages[k], o);
        }
    }
    if (n)
        fprintf(out, "\n%zu of %s%u matching section%s\n", n, annals_results_total_exact(r) ? "" : "about ",
                total, total == 1 ? "" : "s");
    histogram(out, r);
    size_t ne;
    const annals_facet *e = annals_results_entities(r, &ne);
    if (ne) fputs("\nEntities:\n", out);
    for (size_t i = 0; i < ne; i++) fprintf(out, "  %-30s %u  (%ld)\n", e[i].name, e[i].count, e[i].value);
    if (o->timeline && n) timeline(out, r);
}

void render_trec(FILE *out, const char *qid, const char *tag, const annals_results *r)
{
    for (size_t i = 0; i < annals_results_count(r); i++) {
        const annals_hit *h = annals_results_hit(r, i);
        fprintf(out, "%s Q0 %u %u %.6f %s\n", qid, (unsigned)h->article, h->rank, h->score, tag);
    }
}
