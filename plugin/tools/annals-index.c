/* annals-index - index article files into an annals database.
 *
 * Exit status: 0 all input indexed; 1 some input skipped or read in part
 * (each problem named on stderr); 2 usage or database error. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "annals.h"

static const char USAGE[] =
    "Usage: annals-index [--db DIR] [--quiet] PATH...\n"
    "Index article files (or directory trees of *.txt files) into an annals database.\n"
    "\n"
    "  --db DIR     the database (default: $ANNALS_DB, else ./annals.db)\n"
    "  -q, --quiet  no summary line\n"
    "  -h, --help   this help\n"
    "\n"
    "Exit status: 0 all indexed, 1 some input skipped (see stderr), 2 usage or database error.\n";

typedef struct {
    char **v;
    size_t n, cap;
} paths;

static paths found;
static int walk_failed;

static int push_path(const char *p)
{
    if (found.n == found.cap) {
        size_t cap = found.cap ? found.cap * 2 : 256;
        char **v = realloc(found.v, cap * sizeof *v);
        if (!v) return -1;
        found.v = v;
        found.cap = cap;
    }
    if (!(found.v[found.n] = strdup(p))) return -1;
    found.n++;
    return 0;
}

static int on_entry(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (type == FTW_DNR || type == FTW_NS) {
        fprintf(stderr, "annals-index: %s: cannot read\n", p);
        walk_failed = 1;
        return 0;
    }
    size_t n = strlen(p);
    if (type == FTW_F && n > 4 && strcmp(p + n - 4, ".txt") == 0 && push_path(p) < 0) return -1;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void on_diag(void *ctx, const char *path, unsigned line, int fatal, const char *msg)
{
    (void)ctx;
    if (line)
        fprintf(stderr, "annals-index: %s:%u: %s%s\n", path, line, msg, fatal ? "; skipped" : "");
    else
        fprintf(stderr, "annals-index: %s: %s%s\n", path, msg, fatal ? "; skipped" : "");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = annals_default_db();
    int quiet = 0, c;
    opterr = 0; /* one line of our own instead */
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(USAGE, stdout); return 0;
        default:
            fprintf(stderr, "annals-index: invalid option or missing argument: %s (see --help)\n", argv[optind - 1]);
            return 2;
        }
    }
    if (optind >= argc) {
        fputs("annals-index: no PATH given (see --help)\n", stderr);
        return 2;
    }
    int skipped = 0;
    for (int i = optind; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "annals-index: %s: %s\n", argv[i], strerror(errno));
            skipped = 1;
            continue;
        }
        size_t before = found.n;
        if (S_ISDIR(sb.st_mode)) {
            if (nftw(argv[i], on_entry, 32, FTW_PHYS) != 0) {
                fputs("annals-index: out of memory\n", stderr);
                return 2;
            }
            if (found.n - before > 1)
                qsort(found.v + before, found.n - before, sizeof *found.v, cmp_str);
        } else if (push_path(argv[i]) < 0) {
            fputs("annals-index: out of memory\n", stderr);
            return 2;
        }
    }
    annals_indexer *ix;
    char *msg = NULL;
    annals_status st = annals_indexer_open(db, &ix, &msg);
    if (st != ANNALS_OK) {
        fprintf(stderr, "annals-index: %s\n", msg ? msg : annals_status_to_string(st));
        free(msg);
        return 2;
    }
    annals_indexer_set_diag(ix, on_diag, NULL);
    int fatal = 0;
    for (size_t i = 0; i < found.n && !fatal; i++) {
        st = annals_indexer_add_file(ix, found.v[i]);
        if (st == ANNALS_ERR_INPUT || st == ANNALS_ERR_IO) skipped = 1;
        else if (st != ANNALS_OK) {
            fprintf(stderr, "annals-index: %s\n", annals_indexer_error(ix));
            fatal = 1;
        }
    }
    unsigned articles, sections, warnings;
    annals_indexer_counts(ix, &articles, &sections, &warnings);
    if (!fatal && annals_indexer_commit(ix) != ANNALS_OK) {
        fprintf(stderr, "annals-index: %s\n", annals_indexer_error(ix));
        fatal = 1;
    }
    if (annals_indexer_close(ix) != ANNALS_OK) fatal = 1;
    for (size_t i = 0; i < found.n; i++) free(found.v[i]);
    free(found.v);
    if (!quiet && !fatal)
        printf("annals-index: %u article%s, %u section%s indexed into %s\n", articles,
               articles == 1 ? "" : "s", sections, sections == 1 ? "" : "s", db);
    if (fatal) return 2;
    return (skipped || warnings || walk_failed) ? 1 : 0;
}
