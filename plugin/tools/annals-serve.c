/* annals-serve - the search page and its JSON API over HTTP.
 *
 * Exit status: 0 stopped by SIGINT or SIGTERM; 2 usage, database or
 * listening error, with one line on stderr. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annals.h"
#include "serve/dbpool.h"
#include "serve/http.h"
#include "serve/listen.h"
#include "tools/counts.h"
#include "tools/error.h"
#include "tools/version.h"

#define MAX_THREADS 256

static const char USAGE[] =
    "Usage: annals-serve [--db DIR]... [--listen ADDRESS:PORT] [--threads N] [--timeout SECONDS]\n"
    "                    [--allow-partial]\n"
    "Serve a search page for an annals database, and its JSON API, over HTTP.\n"
    "\n"
    "  --db DIR            the database (default: $ANNALS_DB, else ./annals.db);\n"
    "                      given several times, they are searched as one\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; [::1]:8080 for\n"
    "                      IPv6; port 0: any free one)\n"
    "  --threads N         worker threads, each with its own database handle\n"
    "                      (default: 1.5 per processor, plus one; at most 256)\n"
    "  --timeout SECONDS   time allowed to connect to a remote shard, and to wait\n"
    "                      for each of its answers (default 10)\n"
    "  --allow-partial     a remote shard that is down or too slow is left out:\n"
    "                      the others' results, with \"partial\" and \"missing\"; the\n"
    "                      next search tries it again\n"
    "  -h, --help          this help\n"
    "  --version           the versions of annals and the libraries it uses\n"
    "\n"
    "GET /                 the search page\n"
    "GET /api/search       q year entity offset limit sort passages facets: what\n"
    "                      annals-search --json prints for the same query and\n"
    "                      options (400 {\"error\": ...} when they are not valid)\n"
    "It prints the URL it answers at, and stops on SIGINT or SIGTERM.\n"
    "Exit status: 0 stopped by a signal, 2 usage, database or listening error.\n";

#define die(...) tool_error("annals-serve", __VA_ARGS__)

int main(int argc, char **argv)
{
    enum { O_DB = 256, O_LISTEN, O_THREADS, O_VERSION, O_TIMEOUT, O_PARTIAL };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, O_DB}, {"listen", required_argument, NULL, O_LISTEN},
        {"threads", required_argument, NULL, O_THREADS}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, O_VERSION}, {"timeout", required_argument, NULL, O_TIMEOUT},
        {"allow-partial", no_argument, NULL, O_PARTIAL}, {NULL, 0, NULL, 0}};
    static const char *dbs[64];
    size_t ndb = 0;
    const char *listen_on = "127.0.0.1:8080";
    annals_db_opts dbo;
    annals_db_opts_init(&dbo);
    /* Searches differ widely in cost: a few more threads than processors
     * let short ones finish beside long ones (Elasticsearch sizes its
     * search pool the same way). */
    unsigned threads = count_processors(MAX_THREADS) * 3 / 2 + 1;
    if (threads > MAX_THREADS) threads = MAX_THREADS;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB:
            if (ndb == sizeof dbs / sizeof *dbs) return die("--db: at most 64 databases");
            dbs[ndb++] = optarg;
            break;
        case O_LISTEN: listen_on = optarg; break;
        case O_THREADS:
            if (!(threads = count_arg(optarg, MAX_THREADS)))
                return die("--threads %s: expected a number from 1 to %d", optarg, MAX_THREADS);
            break;
        case O_TIMEOUT:
            if (seconds_arg(optarg, &dbo.timeout) < 0)
                return die("--timeout %s: expected a number of seconds from 0.001 to 3600", optarg);
            break;
        case O_PARTIAL: dbo.allow_partial = 1; break;
        case 'h': fputs(USAGE, stdout); return 0;
        case O_VERSION: print_version(stdout, "annals-serve"); return 0;
        default:
            return die("invalid option or missing argument: %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind < argc) return die("unexpected argument: %s (see --help)", argv[optind]);
    if (!ndb) dbs[ndb++] = annals_default_db();

    /* The databases open now, or the server does not start. */
    annals_db *db;
    char *why = NULL;
    if (annals_db_open_opts(dbs, ndb, &dbo, &db, &why) != ANNALS_OK) {
        int rc = die("%s", why ? why : "out of memory");
        free(why);
        return rc;
    }
    annals_db_close(db);

    char msg[300];
    int fd = serve_listen(listen_on, msg, sizeof msg);
    if (fd < 0) return die("%s", msg);
    /* The signals are taken by sigwait below: blocked here, they are
     * blocked in every thread libmicrohttpd starts.  (Ignored, as a shell
     * leaves SIGINT for a command run in the background, they would never
     * arrive.) */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    db_pool *pool = db_pool_new(dbs, ndb, &dbo, threads);
    struct MHD_Daemon *http = pool ? serve_http_start(fd, threads, pool) : NULL;
    if (!http) { /* (the socket goes with the process) */
        db_pool_free(pool);
        return die("%s", pool ? "cannot start the HTTP server" : "out of memory");
    }
    char url[128];
    serve_url(fd, url, sizeof url);
    printf("annals-serve: %s (database%s", url, ndb == 1 ? "" : "s");
    for (size_t k = 0; k < ndb; k++) printf("%s %s", k ? "," : "", dbs[k]);
    printf(", %u thread%s)\n", threads, threads == 1 ? "" : "s");
    fflush(stdout);
    int sig;
    while (sigwait(&stop, &sig) != 0) continue;
    serve_http_stop(http);
    db_pool_free(pool);
    return 0;
}
