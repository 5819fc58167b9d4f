/* annals.h - libannals: index and search archives of linked, dated articles
 * with Xapian.
 *
 * Conventions (after notmuch):
 * - Every function that can fail returns an annals_status; the message of
 *   the last failure is kept on the handle (annals_indexer_error,
 *   annals_db_error) until the next call on it.
 * - A handle made by *_open or returned through an out parameter is owned by
 *   the caller and freed with the matching *_close / *_free.
 * - A pointer inside a result (a hit's title, a facet's name) is owned by the
 *   annals_results it came from and valid until annals_results_free.
 */
#ifndef ANNALS_H
#define ANNALS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ANNALS_OK = 0,
    ANNALS_ERR_NOMEM,       /* out of memory */
    ANNALS_ERR_IO,          /* a file could not be read */
    ANNALS_ERR_INPUT,       /* an article is malformed: it was skipped */
    ANNALS_ERR_DATABASE,    /* the database failed (message on the handle) */
    ANNALS_ERR_LOCKED,      /* another process is writing the database */
    ANNALS_ERR_NOT_ANNALS,  /* no database there, or not one annals wrote */
    ANNALS_ERR_QUERY,       /* the query is invalid (message on the handle) */
    ANNALS_ERR_ARGUMENT,    /* an invalid argument */
    ANNALS_ERR_UNAVAILABLE  /* a remote shard is down or did not answer in
                             * time (the message names it) */
} annals_status;

/* A short English description of a status. */
const char *annals_status_to_string(annals_status status);

/* The default database path: $ANNALS_DB, else "./annals.db". */
const char *annals_default_db(void);

/* The versions of the libraries annals is linked with, for --version:
 * Xapian's ("1.4.22", static storage), and libunistring's as it encodes
 * it, major << 16 | minor << 8 | subminor (0x010000 for 1.0). */
const char *annals_xapian_version(void);
int annals_unistring_version(void);

/* ------------------------------------------------------------------ */
/* Indexing                                                            */

typedef struct annals_indexer annals_indexer;

/* Called for each problem found in the input: the file, the line (0 when it
 * concerns the whole file) and what is wrong.  fatal is 1 when the article
 * was skipped, 0 when it was indexed with that part read as plain text. */
typedef void (*annals_diag_fn)(void *ctx, const char *path, unsigned line, int fatal,
                               const char *message);

/* Input formats (README: inputs). */
typedef enum {
    ANNALS_INPUT_AUTO = 0,      /* detected per file: by name, else by content */
    ANNALS_INPUT_ARTICLE,       /* one article per file (the article format) */
    ANNALS_INPUT_JSONL,         /* {"id", "title", "text"} per line */
    ANNALS_INPUT_WIKI           /* WikiExtractor output */
} annals_input_format;

typedef struct {
    unsigned jobs;              /* shards written at once (0: one per core) */
    unsigned shards;            /* the shard count of a new database (0: jobs);
                                 * an existing database keeps its own, and
                                 * another count is ANNALS_ERR_ARGUMENT */
    annals_input_format format;
    int prune;                  /* annals_indexer_run deletes the articles
                                 * whose source has gone */
} annals_index_opts;

/* The input format named name ("auto", "article", "jsonl", "wiki"), or -1. */
int annals_input_format_parse(const char *name);

/* Defaults: jobs 0 (one per core), shards 0, format auto, no pruning. */
void annals_index_opts_init(annals_index_opts *opts);

/* Opens (creating when absent) the database directory dbpath for writing,
 * with default options.  The directory is a Xapian stub directory naming
 * its shards (README: the database), written by one indexer at a time:
 * ANNALS_ERR_LOCKED when another holds it.  On failure *out is NULL and,
 * when errmsg is not NULL, *errmsg is a malloc'd message owned by the
 * caller. */
annals_status annals_indexer_open(const char *dbpath, annals_indexer **out, char **errmsg);
/* The same with options (opts may be NULL: the defaults). */
annals_status annals_indexer_open_opts(const char *dbpath, const annals_index_opts *opts,
                                       annals_indexer **out, char **errmsg);

/* Where diagnostics go (default: nowhere). */
void annals_indexer_set_diag(annals_indexer *ix, annals_diag_fn fn, void *ctx);

/* Indexes one article file, replacing what an earlier run indexed for the
 * same article id.  ANNALS_ERR_INPUT or ANNALS_ERR_IO: the file was skipped
 * and a diagnostic says why; the database is untouched by it. */
annals_status annals_indexer_add_file(annals_indexer *ix, const char *path);

/* The same for an article held in memory; name is used in diagnostics and
 * stored as the source path. */
annals_status annals_indexer_add_article(annals_indexer *ix, const char *name,
                                         const char *data, size_t len);

/* Indexes everything the paths stand for (files, directory trees, "-" for
 * standard input), in parallel over the shards, skipping files and
 * articles unchanged since the last run, and pruning when asked; commits.
 * Problems with the input go to the diagnostic callback and the run goes
 * on; a failure of the database stops it (ANNALS_ERR_DATABASE, with the
 * message on the handle), and what was committed before stays.  Articles
 * are committed in atomic batches of whole articles: a run killed at any
 * moment leaves whole articles only, and running it again completes it. */
annals_status annals_indexer_run(annals_indexer *ix, const char *const *paths, size_t npaths);

/* How far a run has got: safe to call from another thread while
 * annals_indexer_run works (for progress displays). */
typedef struct {
    uint64_t files_total, bytes_total;  /* inputs found (standard input not counted) */
    uint64_t files_done, bytes_done;    /* read or passed over so far (compressed bytes) */
    uint64_t files_unchanged;           /* not read: unchanged since they were indexed */
    uint64_t files_skipped;             /* could not be read, or not to their end */
    uint64_t articles;                  /* indexed */
    uint64_t articles_unchanged;        /* read, but already indexed as they are */
    uint64_t articles_skipped;          /* malformed: named to the diagnostic callback */
    uint64_t sections;                  /* section documents written */
    uint64_t sections_pruned;           /* deleted by pruning */
    uint64_t warnings;                  /* parts read as plain text */
    unsigned shards, jobs;
} annals_index_stats;
void annals_indexer_stats(const annals_indexer *ix, annals_index_stats *out);

/* Makes everything added so far durable (an atomic Glass commit). */
annals_status annals_indexer_commit(annals_indexer *ix);

/* The message of the last failure (never NULL). */
const char *annals_indexer_error(const annals_indexer *ix);

/* Commits and closes; NULL is allowed. */
annals_status annals_indexer_close(annals_indexer *ix);

/* ------------------------------------------------------------------ */
/* Searching                                                           */

typedef struct annals_db annals_db;

/* Opens a database for searching: a Glass directory, or a Xapian stub
 * file naming several shards (local or remote).  On failure *out is NULL
 * and *errmsg (when not NULL) is a malloc'd message owned by the caller. */
annals_status annals_db_open(const char *path, annals_db **out, char **errmsg);
/* The same for n databases (each a directory or stub), searched as one:
 * scores, facets and totals over all of them. */
annals_status annals_db_open_many(const char *const *paths, size_t n, annals_db **out,
                                  char **errmsg);

typedef struct {
    double timeout;             /* seconds allowed to connect to a remote shard,
                                 * and to wait for each of its answers */
    int allow_partial;          /* 1: a remote shard that is down, or fails
                                 * during a search, is left out (named by
                                 * annals_db_missing and annals_results_missing);
                                 * 0: that is ANNALS_ERR_UNAVAILABLE */
} annals_db_opts;

/* Defaults: timeout 10 s, no partial results. */
void annals_db_opts_init(annals_db_opts *opts);
/* annals_db_open_many with options (opts may be NULL: the defaults).  Stub
 * files are read by annals, as Xapian reads them (README: serving shards),
 * so that remote shards get the timeout.  A remote shard that cannot be
 * reached, or that fails during a search, gives ANNALS_ERR_UNAVAILABLE with
 * a message naming it ("remote 127.0.0.1:18102: connection refused"; "; "
 * between several), unless allow_partial. */
annals_status annals_db_open_opts(const char *const *paths, size_t n, const annals_db_opts *opts,
                                  annals_db **out, char **errmsg);
/* The i-th remote shard left out so far (allow_partial), as its stub names
 * it ("remote 127.0.0.1:18102"), with what went wrong in *why (when not
 * NULL: "connection refused"); NULL past the last.  Owned by the database,
 * valid until the next search or annals_db_close. */
const char *annals_db_missing(const annals_db *db, size_t i, const char **why);
void annals_db_close(annals_db *db);
/* Moves db to the latest commit of each of its databases (Xapian's
 * Database::reopen), so that later searches see what annals-index has
 * committed since db was opened.  (annals_search itself reopens and runs
 * again when a writer's commits overtook a search.)  The shards a stub
 * names are read when db is opened: after annals-index rewrote the stub
 * (a database's first shards, a compacted shard swapped in), open it
 * again. */
annals_status annals_db_reopen(annals_db *db);
/* The message of the last failure (never NULL). */
const char *annals_db_error(const annals_db *db);
/* How many sections (documents) the database holds. */
unsigned annals_db_sections(const annals_db *db);

typedef enum {
    ANNALS_SORT_RELEVANCE = 0,
    ANNALS_SORT_DATE            /* chronological: earliest date first, undated last */
} annals_sort;

typedef struct {
    const char *query;          /* the query text (see README: query syntax) */
    int plain;                  /* 1: free text only, no operators or fields */
    unsigned offset;            /* hits to skip */
    unsigned limit;             /* hits to return */
    annals_sort sort;
    unsigned passages;          /* passages per hit; 0: no passages, and hits
                                 * carry only rank, score, article, section and
                                 * title (see also ids_only) */
    int facet_years;            /* exact year counts over all matches */
    int facet_decades;          /* exact decade counts: each matching section
                                 * once in each decade it mentions a year of */
    int facet_centuries;        /* the same for centuries */
    unsigned facet_entities;    /* the top N entities over all matches (0: none) */
    int per_article;            /* 1: only the best section of each article */
    int expand;                 /* 1: pseudo-relevance feedback: the best terms
                                 * of the top sections join a ranked query */
    int ids_only;               /* 1: hits carry only rank, score and article
                                 * (no passages, section 0, empty title): for
                                 * batch runs of many hits, such as TREC runs */
    const char *years;          /* NULL, or only the sections that mention a
                                 * year of this range ("1996", "1994..1997",
                                 * "..1990"), as year: in the query would narrow
                                 * it, without changing how the query's words
                                 * rank its sections */
    const char *entity;         /* NULL, or only the sections that mention this
                                 * entity (an id or a name, as entity: takes),
                                 * the same way */
} annals_search_opts;

/* Defaults: limit 10, relevance order, 1 passage, year facet on, no
 * narrowing. */
void annals_search_opts_init(annals_search_opts *opts);

typedef struct {
    size_t start, end;          /* UTF-8 byte offsets in the passage text */
} annals_span;

typedef struct {
    const char *text;           /* the passage (display text, NUL-terminated) */
    annals_span *highlights;    /* every query term occurrence, in order */
    size_t nhighlights;
    double score;
} annals_passage;

typedef struct {
    uint32_t id;                /* the entity's article id */
    const char *name;           /* its article's title, else its text here */
} annals_entity;

typedef struct {
    unsigned rank;              /* 1-based, counting from the first hit */
    double score;
    uint32_t article;
    unsigned section;           /* 0: the lead */
    const char *title;
    const char *heading;
    const char *path;           /* the source file */
    annals_passage *passages;
    size_t npassages;
    int *years;                 /* ascending */
    size_t nyears;
    annals_entity *entities;    /* in order of first mention */
    size_t nentities;
} annals_hit;

typedef struct {
    long value;                 /* a year, a decade or century (its first year:
                                 * 1990, 1900), or an entity id */
    const char *name;           /* entities: the name; otherwise NULL */
    unsigned count;             /* matching sections */
} annals_facet;

typedef struct annals_results annals_results;

/* Runs a search.  ANNALS_ERR_QUERY: the query is invalid, and
 * annals_db_error says why. */
annals_status annals_search(annals_db *db, const annals_search_opts *opts,
                            annals_results **out);

/* Matching sections: exact when a facet is on or the matches are few, else
 * Xapian's estimate (annals_results_total_exact says which).  With
 * per_article and no facet, matching articles: in relevance order exact
 * when every match was read, else estimated from the sections read. */
unsigned annals_results_total(const annals_results *r);
int annals_results_total_exact(const annals_results *r);
size_t annals_results_count(const annals_results *r);
const annals_hit *annals_results_hit(const annals_results *r, size_t i);
/* Years, decades and centuries ascending; entities by count, most first. */
const annals_facet *annals_results_years(const annals_results *r, size_t *n);
const annals_facet *annals_results_decades(const annals_results *r, size_t *n);
const annals_facet *annals_results_centuries(const annals_results *r, size_t *n);
const annals_facet *annals_results_entities(const annals_results *r, size_t *n);
/* The i-th remote shard these results lack (allow_partial), by its name
 * ("remote 127.0.0.1:18102"); NULL past the last (and for whole results). */
const char *annals_results_missing(const annals_results *r, size_t i);
void annals_results_free(annals_results *r);

#ifdef __cplusplus
}
#endif
#endif
