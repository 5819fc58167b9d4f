/* annals-latency - query latency of libannals, in one process.
 *
 *   annals-latency --db DB [--no-facets] [--expand] [--repeat N] QUERYFILE
 *
 * Runs each line of QUERYFILE (one query per line, as in
 * ../shared/bench/latency-dev.txt; empty lines are skipped) through
 * annals_search with the default options (limit 10, 1 passage, the exact year
 * facet unless --no-facets; feedback with --expand): one warm-up pass over all the queries, then N
 * timed passes (default 1).  Each query is timed with CLOCK_MONOTONIC from the
 * call to annals_search to annals_results_free.  Prints, for each timed pass,
 * p50 / p95 / p99 (ms, nearest rank) and queries per second (queries / the
 * pass's wall time), then the median of each figure over the passes.
 *
 * A query that annals rejects (ANNALS_ERR_QUERY) is counted as an error and
 * timed like the others; the first few are named on stderr.  Any other failed
 * search is counted separately.
 *
 * Built on demand, not by `make` or `make check`:
 *   make -C _build tests/bench/annals-latency
 * Driven by tests/bench/latency, which compares it with stock Xapian.
 *
 * Exit status: 0 done (errors or not), 2 usage, file or database error. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annals.h"

static const char USAGE[] =
    "Usage: annals-latency --db DB [--no-facets] [--expand] [--repeat N] QUERYFILE\n"
    "Time annals_search on each query of QUERYFILE (one per line): one warm-up\n"
    "pass, then N timed passes (default 1); print p50/p95/p99 (ms) and queries/s.\n"
    "\n"
    "  --db DB        the database (Glass directory or stub file)\n"
    "  --no-facets    no year facet (on by default, as in annals-search)\n"
    "  --expand       pseudo-relevance feedback (as annals-search --expand)\n"
    "  --repeat N     timed passes (default 1); the medians are printed last\n"
    "  -h, --help     this help\n";

#define MAX_NAMED_ERRORS 5

typedef struct {
    char **q;
    size_t n, cap;
} queries;

typedef struct {
    double p50, p95, p99, qps;
    unsigned query_errors, other_errors;
} pass_stats;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values: the ceil(p% * n)-th smallest
 * (the same rule as the scripts). */
static double percentile(const double *sorted, size_t n, unsigned p)
{
    if (n == 0) return 0.0;
    size_t rank = (p * n + 99) / 100;
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    if (n == 0) return 0.0;
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static int read_queries(const char *path, queries *qs)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "annals-latency: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (len == 0) continue;
        if (qs->n == qs->cap) {
            size_t ncap = qs->cap ? 2 * qs->cap : 1024;
            char **nq = realloc(qs->q, ncap * sizeof *nq);
            if (!nq) goto nomem;
            qs->q = nq;
            qs->cap = ncap;
        }
        if (!(qs->q[qs->n] = strdup(line))) goto nomem;
        qs->n++;
    }
    free(line);
    fclose(f);
    return 0;
nomem:
    fprintf(stderr, "annals-latency: out of memory\n");
    free(line);
    fclose(f);
    return -1;
}

/* One pass over all the queries; times[i] gets query i's latency (ms) when
 * times is not NULL.  named counts the errors already named on stderr. */
static void run_pass(annals_db *db, const queries *qs, const annals_search_opts *with,
                     double *times, pass_stats *st, unsigned *named)
{
    memset(st, 0, sizeof *st);
    double t0 = now_ms();
    for (size_t i = 0; i < qs->n; i++) {
        annals_search_opts o = *with;
        o.query = qs->q[i];
        annals_results *r = NULL;
        double a = now_ms();
        annals_status s = annals_search(db, &o, &r);
        if (s == ANNALS_OK) annals_results_free(r);
        double b = now_ms();
        if (times) times[i] = b - a;
        if (s == ANNALS_OK) continue;
        if (s == ANNALS_ERR_QUERY) st->query_errors++;
        else st->other_errors++;
        if (named && *named < MAX_NAMED_ERRORS) {
            fprintf(stderr, "annals-latency: query %zu \"%s\": %s: %s\n", i + 1, qs->q[i],
                    annals_status_to_string(s), annals_db_error(db));
            ++*named;
        }
    }
    double elapsed = now_ms() - t0;
    st->qps = elapsed > 0 ? (double)qs->n / (elapsed / 1e3) : 0.0;
    if (times) {
        double *sorted = malloc(qs->n * sizeof *sorted);
        if (!sorted) return;
        memcpy(sorted, times, qs->n * sizeof *sorted);
        qsort(sorted, qs->n, sizeof *sorted, cmp_double);
        st->p50 = percentile(sorted, qs->n, 50);
        st->p95 = percentile(sorted, qs->n, 95);
        st->p99 = percentile(sorted, qs->n, 99);
        free(sorted);
    }
}

int main(int argc, char **argv)
{
    enum { O_DB = 256, O_NOFACETS, O_EXPAND, O_REPEAT };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, O_DB}, {"no-facets", no_argument, NULL, O_NOFACETS},
        {"expand", no_argument, NULL, O_EXPAND},
        {"repeat", required_argument, NULL, O_REPEAT}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *dbpath = NULL;
    int facets = 1, expand = 0, c;
    unsigned repeat = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: dbpath = optarg; break;
        case O_NOFACETS: facets = 0; break;
        case O_EXPAND: expand = 1; break;
        case O_REPEAT: {
            char *end;
            errno = 0;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || errno || v == 0 || v > 1000 || optarg[0] == '-') {
                fprintf(stderr, "annals-latency: --repeat %s: expected 1 to 1000\n", optarg);
                return 2;
            }
            repeat = (unsigned)v;
            break;
        }
        case 'h': fputs(USAGE, stdout); return 0;
        default: fputs(USAGE, stderr); return 2;
        }
    }
    if (!dbpath || optind != argc - 1) {
        fputs(USAGE, stderr);
        return 2;
    }

    queries qs = {NULL, 0, 0};
    if (read_queries(argv[optind], &qs) < 0) return 2;
    if (qs.n == 0) {
        fprintf(stderr, "annals-latency: %s: no queries\n", argv[optind]);
        return 2;
    }
    annals_db *db = NULL;
    char *err = NULL;
    annals_status s = annals_db_open(dbpath, &db, &err);
    if (s != ANNALS_OK) {
        fprintf(stderr, "annals-latency: %s: %s\n", dbpath, err ? err : annals_status_to_string(s));
        free(err);
        return 2;
    }

    double *times = malloc(qs.n * sizeof *times);
    pass_stats *passes = calloc(repeat, sizeof *passes);
    double *fig = malloc(repeat * sizeof *fig);
    if (!times || !passes || !fig) {
        fprintf(stderr, "annals-latency: out of memory\n");
        return 2;
    }

    printf("annals-latency: %zu queries, %u sections, year facet %s, 1 warm-up pass, "
           "%u timed pass%s\n",
           qs.n, annals_db_sections(db), facets ? "on" : "off", repeat, repeat == 1 ? "" : "es");
    pass_stats warm;
    unsigned named = 0;
    annals_search_opts with;
    annals_search_opts_init(&with);
    with.facet_years = facets;
    with.expand = expand;
    run_pass(db, &qs, &with, NULL, &warm, &named);
    if (warm.query_errors + warm.other_errors > named)
        fprintf(stderr, "annals-latency: ... %u more errors\n",
                warm.query_errors + warm.other_errors - named);

    for (unsigned r = 0; r < repeat; r++) {
        pass_stats *p = &passes[r];
        run_pass(db, &qs, &with, times, p, NULL);
        printf("pass %u: p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  %.1f queries/s  "
               "errors %u query, %u other\n",
               r + 1, p->p50, p->p95, p->p99, p->qps, p->query_errors, p->other_errors);
        fflush(stdout);
    }
    double m[4];
    for (int k = 0; k < 4; k++) {
        for (unsigned r = 0; r < repeat; r++)
            fig[r] = k == 0 ? passes[r].p50 : k == 1 ? passes[r].p95 : k == 2 ? passes[r].p99
                                                                              : passes[r].qps;
        m[k] = median(fig, repeat);
    }
    printf("median: p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  %.1f queries/s  "
           "errors %u query, %u other (of %zu queries per pass)\n",
           m[0], m[1], m[2], m[3], passes[0].query_errors, passes[0].other_errors, qs.n);

    free(fig);
    free(passes);
    free(times);
    for (size_t i = 0; i < qs.n; i++) free(qs.q[i]);
    free(qs.q);
    annals_db_close(db);
    return 0;
}
