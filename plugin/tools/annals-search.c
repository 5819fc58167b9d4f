/* annals-search - ranked passages with year facets.
 *
 * Exit status: 0 success (an empty result too); 1 some --trec queries
 * failed (one line each on stderr); 2 usage, query or database error, with
 * one line on stderr; 3 a remote shard is down or did not answer in time
 * (one line naming it; with --allow-partial, a warning and status 0). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annals.h"
#include "tools/counts.h"
#include "tools/error.h"
#include "tools/render.h"
#include "tools/search-args.h"
#include "tools/terminal.h"
#include "tools/trec.h"
#include "tools/version.h"

static const char USAGE[] =
    "Usage: annals-search [--db DIR] [options] QUERY\n"
    "Search an annals database; show the best passages and the years they span.\n"
    "\n"
    "  --db DIR            the database or stub file (default: $ANNALS_DB, else ./annals.db);\n"
    "                      given several times (at most 64), searched together as one\n"
    "  --limit N           hits to show (default 10; 1000 with --trec)\n"
    "  --offset N          hits to skip (default 0)\n"
    "  --sort KEY          relevance (default) or date (earliest first)\n"
    "  --passages N        passages per hit (default 1)\n"
    "  --facet NAME        year (on by default), decade, century or entity;\n"
    "                      repeat for several\n"
    "  --year Y|A..B       only sections that mention a year of the range (as\n"
    "                      year: in QUERY, over all of QUERY; ranked the same)\n"
    "  --entity ID|NAME    only sections that mention the entity (the same way)\n"
    "  --no-facets         no facets (faster on large archives)\n"
    "  --timeline          also list the hits by year, oldest first\n"
    "  --json              one JSON document on stdout\n"
    "  --no-color          [marks] around matches even on a terminal (also when\n"
    "                      $NO_COLOR is set; they are bold on a terminal otherwise)\n"
    "  --expand            add the best terms of the top sections to the query\n"
    "                      (pseudo-relevance feedback; on with --trec)\n"
    "  --no-expand         no feedback, even with --trec\n"
    "  --trec TAG          read \"qid<TAB>query\" lines on stdin, write a TREC run;\n"
    "                      blank lines and lines starting with # are skipped; a\n"
    "                      query that fails is named on stderr and the run goes on\n"
    "  -j, --jobs N        with --trec: queries searched at once, each with its own\n"
    "                      database handle (default: the number of processors)\n"
    "  --timeout SECONDS   time allowed to connect to a remote shard, and to wait\n"
    "                      for each of its answers (default 10)\n"
    "  --allow-partial     a remote shard that is down or too slow is left out:\n"
    "                      the others' results, with a warning naming it\n"
    "  -h, --help          this help\n"
    "  --version           the versions of annals and the libraries it uses\n"
    "\n"
    "QUERY: words, \"phrases\", AND OR NOT XOR, +word -word, (...), and the fields\n"
    "title: section: entity:ID|NAME year:YYYY[..YYYY] date:YYYYMMDD[..YYYYMMDD].\n"
    "Free text (words only) may be of any length up to 100000 bytes; a query with\n"
    "operators or fields has at most 1024 words.\n"
    "Passages are wrapped to $COLUMNS, else on a terminal to its width.\n"
    "Exit status: 0 success (no match too), 1 some --trec queries failed,\n"
    "2 usage, query or database error, 3 a remote shard is down or did not\n"
    "answer in time (unless --allow-partial).\n";

#define die(...) tool_error("annals-search", __VA_ARGS__)

/* --trec's jobs at most. */
#define MAX_JOBS 256

/* One line naming the remote shards left out (--allow-partial), if any. */
static void warn_missing(const annals_db *db)
{
    const char *name, *why;
    for (size_t i = 0; (name = annals_db_missing(db, i, &why)); i++)
        fprintf(stderr, "%s%s (%s)", i ? ", " : "annals-search: partial results, missing ", name, why);
    if (annals_db_missing(db, 0, NULL)) fputc('\n', stderr);
}

int main(int argc, char **argv)
{
    /* The options annals-serve takes too are O_ARG + their search_arg. */
    enum { O_DB = 256, O_NOFACETS, O_TIMELINE, O_JSON, O_NOCOLOR, O_TREC, O_EXPAND, O_NOEXPAND,
           O_VERSION, O_TIMEOUT, O_PARTIAL, O_ARG };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, O_DB},
        {"limit", required_argument, NULL, O_ARG + SEARCH_LIMIT},
        {"offset", required_argument, NULL, O_ARG + SEARCH_OFFSET},
        {"sort", required_argument, NULL, O_ARG + SEARCH_SORT},
        {"passages", required_argument, NULL, O_ARG + SEARCH_PASSAGES},
        {"facet", required_argument, NULL, O_ARG + SEARCH_FACET},
        {"year", required_argument, NULL, O_ARG + SEARCH_YEAR},
        {"entity", required_argument, NULL, O_ARG + SEARCH_ENTITY},
        {"no-facets", no_argument, NULL, O_NOFACETS},
        {"timeline", no_argument, NULL, O_TIMELINE}, {"json", no_argument, NULL, O_JSON},
        {"no-color", no_argument, NULL, O_NOCOLOR}, {"trec", required_argument, NULL, O_TREC},
        {"expand", no_argument, NULL, O_EXPAND}, {"no-expand", no_argument, NULL, O_NOEXPAND},
        {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, O_VERSION},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"allow-partial", no_argument, NULL, O_PARTIAL}, {"jobs", required_argument, NULL, 'j'},
        {NULL, 0, NULL, 0}};
    static const char *dbs[64];
    size_t ndb = 0;
    const char *tag = NULL;
    annals_search_opts o;
    annals_search_opts_init(&o);
    annals_db_opts dbo;
    annals_db_opts_init(&dbo);
    render_opts ro = {term_color(STDOUT_FILENO), 0, term_width(STDOUT_FILENO)};
    int json = 0, limit_set = 0, expand = -1, c;
    unsigned jobs = count_processors(MAX_JOBS);
    opterr = 0; /* one line of our own instead */
    while ((c = getopt_long(argc, argv, "hj:", longopts, NULL)) != -1) {
        if (c >= O_ARG && c < O_ARG + SEARCH_NARGS) {
            const char *want = search_arg_set(&o, (search_arg)(c - O_ARG), optarg);
            if (want) return die("--%s %s: expected %s", SEARCH_ARG_NAMES[c - O_ARG], optarg, want);
            limit_set |= c == O_ARG + SEARCH_LIMIT;
            continue;
        }
        switch (c) {
        case O_DB:
            if (ndb == sizeof dbs / sizeof *dbs) return die("--db: at most 64 databases");
            dbs[ndb++] = optarg;
            break;
        case O_NOFACETS: search_no_facets(&o); break;
        case O_TIMELINE: ro.timeline = 1; break;
        case O_JSON: json = 1; break;
        case O_NOCOLOR: ro.color = 0; break;
        case O_TREC: tag = optarg; break;
        case O_TIMEOUT:
            if (seconds_arg(optarg, &dbo.timeout) < 0)
                return die("--timeout %s: expected a number of seconds from 0.001 to 3600", optarg);
            break;
        case O_PARTIAL: dbo.allow_partial = 1; break;
        case 'j':
            if (!(jobs = count_arg(optarg, MAX_JOBS))) return die("--jobs %s: expected a number from 1 to %d", optarg, MAX_JOBS);
            break;
        case O_EXPAND: expand = 1; break;
        case O_NOEXPAND: expand = 0; break;
        case 'h': fputs(USAGE, stdout); return 0;
        case O_VERSION: print_version(stdout, "annals-search"); return 0;
        default:
            fprintf(stderr, "annals-search: invalid option or missing argument: %s (see --help)\n", argv[optind - 1]);
            return 2;
        }
    }
    /* The query: the remaining arguments, joined by spaces. */
    size_t qlen = 0;
    for (int i = optind; i < argc; i++) qlen += strlen(argv[i]) + 1;
    if (!tag && qlen == 0) return die("no QUERY given (see --help)");
    if (tag && qlen) return die("--trec reads its queries from stdin, not the command line");
    char *query = calloc(qlen + 1, 1);
    if (!query) return die("out of memory");
    for (int i = optind; i < argc; i++) {
        if (i > optind) strcat(query, " ");
        strcat(query, argv[i]);
    }
    annals_db *db;
    char *msg = NULL;
    if (!ndb) dbs[ndb++] = annals_default_db();
    annals_status st = annals_db_open_opts(dbs, ndb, &dbo, &db, &msg);
    if (st != ANNALS_OK) {
        int rc = die("%s", msg ? msg : "cannot open database");
        free(msg);
        free(query);
        return st == ANNALS_ERR_UNAVAILABLE ? 3 : rc;
    }
    int rc = 0;
    o.expand = expand == 1 || (expand == -1 && tag);
    if (tag) {
        if (!limit_set) o.limit = 1000;
        trec_dbs where = {db, dbs, ndb, &dbo};
        rc = trec_run(&where, &o, tag, jobs);
    } else {
        /* The histogram of years falls back to decades, then centuries,
         * when there are too many bars: counted in the same pass. */
        if (!json && o.facet_years) o.facet_decades = o.facet_centuries = 1;
        o.query = query;
        annals_results *r;
        st = annals_search(db, &o, &r);
        if (st != ANNALS_OK) {
            fprintf(stderr, "annals-search: %s%s\n", search_error_prefix(st), annals_db_error(db));
            rc = st == ANNALS_ERR_UNAVAILABLE ? 3 : 2;
        } else {
            if (json) {
                if (render_json(stdout, query, r) < 0) rc = die("out of memory");
            } else {
                render_text(stdout, r, &ro);
            }
            annals_results_free(r);
        }
    }
    if (rc <= 1) warn_missing(db);
    annals_db_close(db);
    free(query);
    if (fflush(stdout) != 0 && rc == 0) rc = die("writing output: %s", strerror(errno));
    return rc;
}
