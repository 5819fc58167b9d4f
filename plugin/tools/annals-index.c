/* annals-index - index archives into an annals database.
 *
 * Exit status: 0 all input indexed; 1 some input skipped or read in part
 * (each problem named on stderr); 2 usage or database error. */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef ANNALS_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

#include "annals.h"
#include "tools/counts.h"
#include "tools/progress.h"
#include "tools/version.h"

/* --version: the tools' lines, then the allocator when it is jemalloc
 * (configure.ac), its release without the commit it was built from. */
static void print_index_version(FILE *out)
{
    print_version(out, "annals-index");
#ifdef ANNALS_JEMALLOC
    const char *v = NULL;
    size_t len = sizeof v;
    if (mallctl("version", &v, &len, NULL, 0) == 0 && v) fprintf(out, "jemalloc %.*s\n", (int)strcspn(v, "-"), v);
#endif
}

static const char USAGE[] =
    "Usage: annals-index [OPTION]... PATH...\n"
    "Index archives into an annals database.  A PATH is an article file, a JSON Lines\n"
    "archive, WikiExtractor output (each possibly .gz or .xz), a directory tree of\n"
    "them, or - for standard input.  Running the same command again indexes only\n"
    "what changed.\n"
    "\n"
    "  --db DIR          the database (default: $ANNALS_DB, else ./annals.db)\n"
    "  -j, --jobs N      shards written at once (default: the number of cores)\n"
    "  --shards N        the shard count of a new database (default: --jobs); an\n"
    "                    existing database keeps its own\n"
    "  --format FORMAT   read every input as article, jsonl or wiki (default: auto,\n"
    "                    by name, else by content)\n"
    "  --prune           delete the articles whose source has gone (a file that no\n"
    "                    longer exists, or that no longer holds them)\n"
    "  --progress        show progress even when stderr is not a terminal\n"
    "  -q, --quiet       no progress, no summary line\n"
    "  -h, --help        this help\n"
    "  --version         the versions of annals and the libraries it uses\n"
    "\n"
    "Exit status: 0 all indexed, 1 some input skipped (see stderr), 2 usage or\n"
    "database error.\n";

static progress *shown;
static pthread_mutex_t diag_mu = PTHREAD_MUTEX_INITIALIZER;

static void on_diag(void *ctx, const char *path, unsigned line, int fatal, const char *msg)
{
    (void)ctx;
    pthread_mutex_lock(&diag_mu);
    progress_clear(shown);
    if (line)
        fprintf(stderr, "annals-index: %s:%u: %s%s\n", path, line, msg, fatal ? "; skipped" : "");
    else
        fprintf(stderr, "annals-index: %s: %s%s\n", path, msg, fatal ? "; skipped" : "");
    pthread_mutex_unlock(&diag_mu);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("annals-index: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see --help)\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_SHARDS, OPT_FORMAT, OPT_PRUNE, OPT_PROGRESS, OPT_VERSION };
    static const struct option opts[] = {{"db", required_argument, NULL, OPT_DB},
                                         {"jobs", required_argument, NULL, 'j'},
                                         {"shards", required_argument, NULL, OPT_SHARDS},
                                         {"format", required_argument, NULL, OPT_FORMAT},
                                         {"prune", no_argument, NULL, OPT_PRUNE},
                                         {"progress", no_argument, NULL, OPT_PROGRESS},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"version", no_argument, NULL, OPT_VERSION},
                                         {NULL, 0, NULL, 0}};
    const char *db = annals_default_db();
    annals_index_opts io;
    annals_index_opts_init(&io);
    int quiet = 0, force_progress = 0, c;
    opterr = 0; /* one line of our own instead */
    while ((c = getopt_long(argc, argv, ":j:qh", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: db = optarg; break;
        case 'j':
            if (!(io.jobs = count_arg(optarg, 256))) return usage_error("--jobs takes a number from 1 to 256, not '%s'", optarg);
            break;
        case OPT_SHARDS:
            if (!(io.shards = count_arg(optarg, 256))) return usage_error("--shards takes a number from 1 to 256, not '%s'", optarg);
            break;
        case OPT_FORMAT:
            if (annals_input_format_parse(optarg) < 0)
                return usage_error("--format takes article, jsonl, wiki or auto, not '%s'", optarg);
            io.format = (annals_input_format)annals_input_format_parse(optarg);
            break;
        case OPT_PRUNE: io.prune = 1; break;
        case OPT_PROGRESS: force_progress = 1; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(USAGE, stdout); return 0;
        case OPT_VERSION: print_index_version(stdout); return 0;
        case ':': return usage_error("%s needs an argument", argv[optind - 1]);
        default: return usage_error("invalid option: %s", argv[optind - 1]);
        }
    }
    if (optind >= argc) return usage_error("%s", "no PATH given");
    annals_indexer *ix;
    char *msg = NULL;
    annals_status st = annals_indexer_open_opts(db, &io, &ix, &msg);
    if (st != ANNALS_OK) {
        fprintf(stderr, "annals-index: %s\n", msg ? msg : annals_status_to_string(st));
        free(msg);
        return 2;
    }
    annals_indexer_set_diag(ix, on_diag, NULL);
    double start = progress_now();
    if (!quiet && (force_progress || isatty(STDERR_FILENO))) shown = progress_start(ix);
    st = annals_indexer_run(ix, (const char *const *)argv + optind, (size_t)(argc - optind));
    pthread_mutex_lock(&diag_mu);
    progress_stop(shown);
    shown = NULL;
    pthread_mutex_unlock(&diag_mu);
    int fatal = st != ANNALS_OK;
    if (fatal) fprintf(stderr, "annals-index: %s\n", annals_indexer_error(ix));
    annals_index_stats s;
    annals_indexer_stats(ix, &s);
    annals_status cst = annals_indexer_close(ix);
    if (cst != ANNALS_OK && !fatal) {
        fprintf(stderr, "annals-index: %s: %s\n", db, annals_status_to_string(cst));
        fatal = 1;
    }
    if (!quiet) progress_summary(fatal ? stderr : stdout, &s, progress_now() - start, db);
    if (fatal) return 2;
    return (s.files_skipped || s.articles_skipped || s.warnings) ? 1 : 0;
}
