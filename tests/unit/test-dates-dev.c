/* test-dates-dev.c - the date extractor against the hand-annotated dev gold
 * set (../shared/bench/dates-dev, never copied into the project), scored as
 * its score.py does: precision and recall of (section, year) pairs, years
 * 1000 and later, gold items marked `?` ignored on both sides, a span a-b
 * meaning every year in it.  Fails below precision 0.97 or recall 0.95;
 * skips (77) when the gold set is absent.
 *
 * ANNALS_DATES_DEV names the directory holding sample.jsonl and gold.tsv
 * (default: $top_srcdir/../shared/bench/dates-dev).  With an argument N,
 * also prints the first N sections that differ. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/dates.h"

#define MIN_PRECISION 0.97
#define MIN_RECALL 0.95
#define NYEARS (2100 - 1000 + 1)

#define SURE 1
#define DOUBT 2 /* gold items marked `?` */

/* One section's years, each a set of the flags above. */
typedef struct {
    unsigned char y[NYEARS];
} yearset;

static void mark(yearset *s, long a, long b, unsigned char how)
{
    for (long y = a < 1000 ? 1000 : a; y <= b && y <= 2100; y++) s->y[y - 1000] |= how;
}

/* score.py's view of year index y: wanted by the gold, given by the system. */
static int wanted(const yearset *g, int y)
{
    return g->y[y] & SURE;
}

static int given(const yearset *got, const yearset *g, int y)
{
    return got->y[y] && !(g->y[y] & DOUBT);
}

/* Reads gold.tsv into sets indexed by section id (1..max). */
static yearset *read_gold(const char *path, long *max)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    yearset *g = NULL;
    *max = 0;
    char line[65536];
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        if (*p != 'S') continue;
        long sid = strtol(p + 1, &p, 10);
        if (sid < 1 || sid > 100000) continue;
        if (sid > *max) {
            yearset *ng = realloc(g, (size_t)(sid + 1) * sizeof *g);
            if (!ng) { free(g); fclose(f); return NULL; }
            memset(ng + *max + 1, 0, (size_t)(sid - *max) * sizeof *g);
            g = ng;
            *max = sid;
        }
        for (char *tok = strtok(p, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
            size_t n = strlen(tok);
            int doubt = n && tok[n - 1] == '?';
            char *e;
            long a = strtol(tok, &e, 10), b = a;
            if (*e == '-') b = strtol(e + 1, &e, 10);
            mark(&g[sid], a, b, doubt ? DOUBT : SURE);
        }
    }
    fclose(f);
    return g;
}

/* The years the extractor gives for a section's text, read paragraph by
 * paragraph with the year carried, as annals_section_build does. */
static int extract(const char *text, yearset *out)
{
    annals_dates d = {NULL, 0, 0};
    int year = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (annals_dates_extract(p, n, &year, &d) < 0) { annals_dates_free(&d); return -1; }
        p += n + (nl != NULL);
    }
    for (size_t i = 0; i < d.n; i++) {
        const annals_date *x = &d.v[i];
        if (x->y2 - x->y1 > ANNALS_MAX_YEAR_SPAN) { /* as the indexer: its two ends */
            mark(out, x->y1, x->y1, SURE);
            mark(out, x->y2, x->y2, SURE);
        } else {
            mark(out, x->y1, x->y2, SURE);
        }
    }
    annals_dates_free(&d);
    return 0;
}

/* Prints the years given and not wanted (extra) or wanted and not given. */
static void show_years(const yearset *got, const yearset *g, int extra)
{
    printf(" %s [", extra ? "extra" : " missing");
    int k = 0;
    for (int y = 0; y < NYEARS; y++)
        if ((extra ? given(got, g, y) && !wanted(g, y) : wanted(g, y) && !given(got, g, y)) &&
            k++ < 8)
            printf("%s%d", k > 1 ? " " : "", y + 1000);
    printf("%s]", k > 8 ? " ..." : "");
}

int main(int argc, char **argv)
{
    const char *dir = getenv("ANNALS_DATES_DEV");
    char buf[4096];
    if (!dir || !*dir) {
        const char *top = getenv("top_srcdir");
        snprintf(buf, sizeof buf, "%s/../shared/bench/dates-dev", top ? top : ".");
        dir = buf;
    }
    int show = argc > 1 ? atoi(argv[1]) : 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/gold.tsv", dir);
    long max;
    yearset *gold = read_gold(path, &max);
    if (!gold) {
        if (errno == ENOENT) {
            printf("SKIP: no dates gold set at %s (set ANNALS_DATES_DEV to its directory)\n", dir);
            return 77;
        }
        perror(path);
        return 1;
    }
    snprintf(path, sizeof path, "%s/sample.jsonl", dir);
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); free(gold); return 1; }
    long tp = 0, fp = 0, fn = 0, sections = 0, exact = 0, shown = 0;
    int rc = 0;
    static char line[1 << 20];
    while (fgets(line, sizeof line, f)) {
        json_error_t err;
        json_t *it = json_loads(line, 0, &err);
        json_int_t sid = json_integer_value(json_object_get(it, "sid"));
        const char *text = json_string_value(json_object_get(it, "text"));
        if (!it || !text || sid < 1) {
            fprintf(stderr, "%s: line %ld: not a sample item\n", path, sections + 1);
            json_decref(it);
            rc = 1;
            break;
        }
        yearset none = {{0}}, got = {{0}};
        const yearset *g = sid <= max ? &gold[sid] : &none;
        if (extract(text, &got) < 0) { json_decref(it); rc = 1; break; }
        long diff = 0;
        for (int y = 0; y < NYEARS; y++) {
            int want = wanted(g, y), have = given(&got, g, y);
            tp += want && have;
            fp += have && !want;
            fn += want && !have;
            diff += want != have;
        }
        sections++;
        exact += diff == 0;
        if (diff && shown++ < show) {
            printf("  S%lld:", (long long)sid);
            show_years(&got, g, 1);
            show_years(&got, g, 0);
            printf("\n");
        }
        json_decref(it);
    }
    fclose(f);
    free(gold);
    if (rc) return rc;
    double p = tp + fp ? (double)tp / (double)(tp + fp) : 1.0;
    double r = tp + fn ? (double)tp / (double)(tp + fn) : 1.0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    printf("sections %ld  pairs gold %ld  system %ld  precision %.3f  recall %.3f  F1 %.3f  "
           "sections exact %ld/%ld\n",
           sections, tp + fn, tp + fp, p, r, f1, exact, sections);
    if (p < MIN_PRECISION || r < MIN_RECALL) {
        printf("FAIL: below the targets (precision %.2f, recall %.2f)\n", MIN_PRECISION,
               MIN_RECALL);
        return 1;
    }
    return 0;
}
