/* indexer.c - the indexer (annals_indexer_*): a run walks its inputs,
 * reads them in one thread and hands each article to the analysis and
 * writer threads of its shard (pipeline.h); then compacts and syncs. */
#include "annals.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/schema.h"
#include "index/layout.h"
#include "index/pipeline.h"
#include "index/shard.h"
#include "parse/article.h"
#include "read/reader.h"
#include "read/walk.h"
#include "util/buf.h"
#include "util/status.h"

_Static_assert((int)ANNALS_INPUT_AUTO == (int)ANNALS_FORMAT_AUTO &&
                   (int)ANNALS_INPUT_ARTICLE == (int)ANNALS_FORMAT_ARTICLE &&
                   (int)ANNALS_INPUT_JSONL == (int)ANNALS_FORMAT_JSONL &&
                   (int)ANNALS_INPUT_WIKI == (int)ANNALS_FORMAT_WIKI,
               "annals.h's input formats are read/reader.h's");

struct annals_indexer {
    annals_index_opts opts;
    annals_layout layout;
    annals_shard *shards;
    unsigned nshards, nopen;
    xap_db **readers;           /* the shards as committed when the run began */
    uint32_t *docs_before;      /* their document counts then */
    unsigned *written_before;   /* the sections each shard's writer had written then */
    annals_diag_fn diag;
    void *diag_ctx;
    pthread_mutex_t diag_mu;
    annals_diag_sink sink;
    annals_pipeline *pipe;      /* during annals_indexer_run */
    annals_titles *titles;
    _Atomic uint64_t files_total, bytes_total, files_done, bytes_done, files_unchanged,
        files_skipped, articles_skipped;
    abuf key;
    char error[600];
};

void annals_index_opts_init(annals_index_opts *opts)
{
    memset(opts, 0, sizeof *opts);
}

int annals_input_format_parse(const char *name)
{
    return annals_format_parse(name);
}

static unsigned cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > ANNALS_MAX_SHARDS ? ANNALS_MAX_SHARDS : (unsigned)n;
}

/* Diagnostics come from the reading thread and the writers: one at a time. */
static void serialized_diag(void *ctx, const char *path, unsigned line, int fatal, const char *msg)
{
    annals_indexer *ix = ctx;
    if (!ix->diag) return;
    pthread_mutex_lock(&ix->diag_mu);
    ix->diag(ix->diag_ctx, path, line, fatal, msg);
    pthread_mutex_unlock(&ix->diag_mu);
}

static annals_status open_shards(annals_indexer *ix)
{
    annals_layout *l = &ix->layout;
    ix->shards = calloc(l->nshards, sizeof *ix->shards);
    if (!ix->shards) return ANNALS_ERR_NOMEM;
    ix->nshards = l->nshards;
    for (; ix->nopen < l->nshards; ix->nopen++) {
        annals_status st = annals_shard_open(&ix->shards[ix->nopen], l->shard_paths[ix->nopen]);
        if (st != ANNALS_OK) {
            snprintf(ix->error, sizeof ix->error, "%s", ix->shards[ix->nopen].error);
            annals_shard_close(&ix->shards[ix->nopen], 0);
            return st;
        }
    }
    return annals_layout_publish(l, ix->error, sizeof ix->error);
}

annals_status annals_indexer_open_opts(const char *dbpath, const annals_index_opts *opts,
                                       annals_indexer **out, char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    annals_indexer *ix = calloc(1, sizeof *ix);
    if (!ix) return ANNALS_ERR_NOMEM;
    if (opts) ix->opts = *opts;
    if (!ix->opts.jobs) ix->opts.jobs = cores();
    pthread_mutex_init(&ix->diag_mu, NULL);
    ix->sink = (annals_diag_sink){serialized_diag, ix};
    ix->layout.lock_fd = -1;
    /* A new database gets one shard per job, unless told otherwise. */
    annals_status st = annals_layout_open(dbpath, ix->opts.shards, ix->opts.jobs, &ix->layout,
                                          ix->error, sizeof ix->error);
    if (st == ANNALS_OK) st = open_shards(ix);
    if (st != ANNALS_OK) {
        if (errmsg) *errmsg = strdup(ix->error);
        annals_indexer_close(ix);
        return st;
    }
    *out = ix;
    return ANNALS_OK;
}

annals_status annals_indexer_open(const char *dbpath, annals_indexer **out, char **errmsg)
{
    return annals_indexer_open_opts(dbpath, NULL, out, errmsg);
}

void annals_indexer_set_diag(annals_indexer *ix, annals_diag_fn fn, void *ctx)
{
    ix->diag = fn;
    ix->diag_ctx = ctx;
}

static unsigned shard_for(const annals_indexer *ix, const char *text, size_t len)
{
    uint32_t id = 0;
    /* No id: any shard will do, the article is refused there. */
    if (annals_article_id(text, len, &id) < 0) return 0;
    return annals_shard_of(id, ix->nshards);
}

static annals_status shard_failed(annals_indexer *ix, annals_shard *s, annals_status st)
{
    snprintf(ix->error, sizeof ix->error, "%s", s->error);
    return st;
}

annals_status annals_indexer_add_article(annals_indexer *ix, const char *name, const char *data,
                                         size_t len)
{
    annals_shard *s = &ix->shards[shard_for(ix, data, len)];
    xap_db *view = xap_wdb_reader(s->wdb);
    annals_preparer pr;
    annals_prepared a;
    memset(&a, 0, sizeof a);
    annals_status st = ANNALS_OK;
    if (!view || annals_preparer_init(&pr, view) < 0) {
        xap_db_close(view);
        snprintf(ix->error, sizeof ix->error, "out of memory");
        return ANNALS_ERR_NOMEM;
    }
    if ((st = annals_prepare(&pr, name, data, len, 1, 1, &ix->sink, &a)) != ANNALS_OK)
        snprintf(ix->error, sizeof ix->error, "%s", pr.error);
    else if ((st = annals_shard_write(s, name, &a)) == ANNALS_ERR_INPUT)
        atomic_fetch_add(&ix->articles_skipped, 1);
    else if (st != ANNALS_OK)
        shard_failed(ix, s, st);
    annals_prepared_free(&a);
    annals_preparer_free(&pr);
    xap_db_close(view);
    return st;
}

static void skip_file(annals_indexer *ix, const char *path, unsigned line, const char *why)
{
    serialized_diag(ix, path, line, 1, why);
    atomic_fetch_add(&ix->files_skipped, 1);
}

annals_status annals_indexer_add_file(annals_indexer *ix, const char *path)
{
    annals_reader *r;
    char why[300];
    int rc = annals_reader_open(path, ANNALS_FORMAT_ARTICLE, NULL, &r, why, sizeof why);
    if (rc < 0) {
        skip_file(ix, path, 0, rc == -2 ? "out of memory" : why);
        return rc == -2 ? ANNALS_ERR_NOMEM : ANNALS_ERR_IO;
    }
    annals_raw raw;
    annals_read_status rs = annals_reader_next(r, &raw);
    annals_status st = ANNALS_ERR_INPUT;
    if (rs == ANNALS_READ_ARTICLE) st = annals_indexer_add_article(ix, path, raw.text, raw.len);
    else skip_file(ix, path, rs == ANNALS_READ_END ? 0 : raw.line, rs == ANNALS_READ_END ? "empty file" : raw.error);
    annals_reader_close(r);
    return st;
}

/* ---- a run ---- */

typedef struct {
    annals_indexer *ix;
    annals_status st;
    int wiki;                   /* the plan found WikiExtractor input */
} run_ctx;

static int all_files(const annals_indexer *ix)
{
    return ix->opts.format != ANNALS_INPUT_AUTO;
}

/* The first pass: counts the inputs for progress, and finds whether any is
 * WikiExtractor output (whose links need every title of the run). */
static int plan_input(void *ctx, const char *path, const struct stat *sb, const char *why)
{
    run_ctx *rc = ctx;
    annals_indexer *ix = rc->ix;
    if (why || !sb) return 0; /* named in the second pass */
    atomic_fetch_add(&ix->files_total, 1);
    atomic_fetch_add(&ix->bytes_total, (uint64_t)sb->st_size);
    if (rc->wiki || ix->opts.format == ANNALS_INPUT_JSONL || ix->opts.format == ANNALS_INPUT_ARTICLE)
        return 0;
    if (ix->opts.format == ANNALS_INPUT_WIKI) {
        rc->wiki = 1;
        return 0;
    }
    if (annals_format_from_name(path) != ANNALS_FORMAT_AUTO) return 0;
    annals_reader *r;
    char err[200];
    if (annals_reader_open(path, ANNALS_FORMAT_AUTO, NULL, &r, err, sizeof err) == 0) {
        rc->wiki = annals_reader_format(r) == ANNALS_FORMAT_WIKI;
        annals_reader_close(r);
    }
    return 0;
}

/* Line 2 of an article, trimmed. */
static void title_of(const char *text, size_t len, const char **t, size_t *n)
{
    const char *nl = memchr(text, '\n', len);
    *t = "";
    *n = 0;
    if (!nl) return;
    const char *s = nl + 1, *end = memchr(s, '\n', len - (size_t)(s - text));
    if (!end) end = text + len;
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    *t = s;
    *n = (size_t)(end - s);
}

/* The titles pass (WikiExtractor input only): every article's title. */
static int collect_titles(void *ctx, const char *path, const struct stat *sb, const char *why)
{
    run_ctx *rc = ctx;
    annals_indexer *ix = rc->ix;
    if (why || !sb) return 0;
    annals_reader *r;
    char err[200];
    if (annals_reader_open(path, (annals_format)ix->opts.format, NULL, &r, err, sizeof err) != 0) return 0;
    annals_raw raw;
    annals_read_status rs;
    while ((rs = annals_reader_next(r, &raw)) != ANNALS_READ_END && rs != ANNALS_READ_ERROR) {
        uint32_t id;
        const char *t;
        size_t n;
        if (rs != ANNALS_READ_ARTICLE || annals_article_id(raw.text, raw.len, &id) < 0) continue;
        title_of(raw.text, raw.len, &t, &n);
        if (n && annals_titles_add(ix->titles, t, n, id) < 0) {
            rc->st = ANNALS_ERR_NOMEM;
            break;
        }
    }
    annals_reader_close(r);
    return rc->st != ANNALS_OK;
}

/* "SIZE MTIME aVERSION": what a file's record holds.  The analysis version
 * is part of it so that a new analysis reads every file again (and its
 * articles' fingerprints then say they changed). */
static void file_record(const struct stat *sb, char *buf, size_t cap)
{
    snprintf(buf, cap, "%lld %lld.%09ld a%d", (long long)sb->st_size, (long long)sb->st_mtim.tv_sec,
             (long)sb->st_mtim.tv_nsec, ANNALS_ANALYSIS_VERSION);
}

/* 1 when every shard holds this record for path: nothing to read. */
static int unchanged(annals_indexer *ix, const char *path, const char *record)
{
    if (annals_source_key(path, &ix->key) < 0) return 0;
    for (unsigned i = 0; i < ix->nshards; i++) {
        char *v = NULL;
        xap_err err;
        xap_status st;
        /* The readers see the shards as the run began until a writer has
         * reused their blocks: then the latest commit. */
        while ((st = xap_db_get_metadata(ix->readers[i], ix->key.data, &v, &err)) == XAP_ERR_MODIFIED &&
               xap_db_reopen(ix->readers[i], &err) == XAP_OK)
            ;
        int yes = st == XAP_OK && annals_source_matches(v, record, ix->opts.prune);
        free(v);
        if (!yes) return 0;
    }
    return 1;
}

/* Progress counts input bytes as done when they are written (or need no
 * writing): each article carries the bytes read since the one before. */
static annals_status read_input(annals_indexer *ix, const char *path, const struct stat *sb)
{
    char record[80];
    uint64_t size = sb ? (uint64_t)sb->st_size : 0;
    if (sb) {
        file_record(sb, record, sizeof record);
        if (unchanged(ix, path, record)) {
            atomic_fetch_add(&ix->files_unchanged, 1);
            atomic_fetch_add(&ix->files_done, 1);
            atomic_fetch_add(&ix->bytes_done, size);
            return ANNALS_OK;
        }
    }
    annals_reader *r;
    char why[300];
    int orc = annals_reader_open(path, (annals_format)ix->opts.format, ix->titles, &r, why, sizeof why);
    if (orc == -2) return ANNALS_ERR_NOMEM;
    if (orc < 0) {
        skip_file(ix, path, 0, why);
        atomic_fetch_add(&ix->files_done, 1);
        atomic_fetch_add(&ix->bytes_done, size);
        return ANNALS_OK;
    }
    annals_status st = ANNALS_OK;
    annals_raw raw;
    annals_read_status rs;
    uint64_t counted = 0;
    int partial = 0;
    while (st == ANNALS_OK && (rs = annals_reader_next(r, &raw)) != ANNALS_READ_END) {
        uint64_t at = annals_reader_offset(r);
        if (rs == ANNALS_READ_ARTICLE) {
            st = annals_pipeline_article(ix->pipe, shard_for(ix, raw.text, raw.len), path, raw.text,
                                         raw.len, raw.line, raw.lines_map, at - counted);
            counted = at;
        } else if (rs == ANNALS_READ_SKIP) {
            serialized_diag(ix, path, raw.line, 1, raw.error);
            atomic_fetch_add(&ix->articles_skipped, 1);
        } else {
            char msg[400];
            snprintf(msg, sizeof msg, "%s (the articles before it are indexed)", raw.error);
            skip_file(ix, path, raw.line, msg);
            partial = 1;
            break;
        }
    }
    annals_reader_close(r);
    atomic_fetch_add(&ix->files_done, 1);
    if (st != ANNALS_OK) return st;
    /* A file read in part keeps its old record: the next run reads it again. */
    return annals_pipeline_file_done(ix->pipe, path, sb && !partial ? record : NULL, partial,
                                     size > counted ? size - counted : 0);
}

static int index_input(void *ctx, const char *path, const struct stat *sb, const char *why)
{
    run_ctx *rc = ctx;
    if (why) {
        skip_file(rc->ix, path, 0, why);
        return 0;
    }
    rc->st = read_input(rc->ix, path, sb);
    return rc->st != ANNALS_OK;
}

static annals_status open_readers(annals_indexer *ix)
{
    ix->readers = calloc(ix->nshards, sizeof *ix->readers);
    ix->docs_before = calloc(ix->nshards, sizeof *ix->docs_before);
    ix->written_before = calloc(ix->nshards, sizeof *ix->written_before);
    if (!ix->readers || !ix->docs_before || !ix->written_before) return ANNALS_ERR_NOMEM;
    for (unsigned i = 0; i < ix->nshards; i++) {
        xap_err err;
        if (xap_db_open(ix->layout.shard_paths[i], &ix->readers[i], &err) != XAP_OK) {
            snprintf(ix->error, sizeof ix->error, "%s: %s", ix->layout.shard_paths[i], err.message);
            return ANNALS_ERR_DATABASE;
        }
        ix->docs_before[i] = xap_db_doccount(ix->readers[i]);
        ix->written_before[i] = atomic_load(&ix->shards[i].sections);
    }
    return ANNALS_OK;
}

static void close_readers(annals_indexer *ix)
{
    for (unsigned i = 0; ix->readers && i < ix->nshards; i++) xap_db_close(ix->readers[i]);
    free(ix->readers);
    free(ix->docs_before);
    free(ix->written_before);
    ix->readers = NULL;
    ix->docs_before = NULL;
    ix->written_before = NULL;
}

/* ---- compaction ----
 * Glass leaves its B-trees about half full as documents are added; a
 * compacted shard takes about half the space and is faster to search.  A
 * shard this run wrote many sections into (at least half as many as it
 * held before: a new database, a large update) is rewritten compacted, in
 * a thread of its own, beside the old, then swapped in (layout.h).  Small
 * updates leave it as it is: a re-run costs what it changes, not what the
 * database holds. */

typedef struct {
    annals_indexer *ix;
    unsigned shard;
    char *path;                 /* the compacted copy */
    annals_status st;
    char msg[600];
    pthread_t thread;
} compaction;

static int wants_compaction(const annals_indexer *ix, unsigned i)
{
    unsigned written = atomic_load(&ix->shards[i].sections) - ix->written_before[i];
    return written > 0 && written >= ix->docs_before[i] / 2;
}

static void *compact_shard(void *arg)
{
    compaction *c = arg;
    annals_indexer *ix = c->ix;
    xap_err err;
    const char *old = ix->layout.shard_paths[c->shard];
    if (xap_compact(old, c->path, &err) != XAP_OK) {
        c->st = annals_from_xap(err.status);
        snprintf(c->msg, sizeof c->msg, "compacting %s: %s", old, err.message);
    }
    return NULL;
}

static annals_status compact_shards(annals_indexer *ix)
{
    compaction *c = calloc(ix->nshards, sizeof *c);
    if (!c) return ANNALS_ERR_NOMEM;
    annals_status st = ANNALS_OK;
    unsigned n = 0;
    for (unsigned i = 0; st == ANNALS_OK && i < ix->nshards; i++) {
        if (!wants_compaction(ix, i)) continue;
        c[n] = (compaction){ix, i, NULL, ANNALS_OK, "", 0};
        st = annals_layout_next_path(&ix->layout, i, &c[n].path, ix->error, sizeof ix->error);
        if (st == ANNALS_OK) n++;
    }
    /* Up to jobs at once; a shard's database is closed while it is copied. */
    for (unsigned from = 0; st == ANNALS_OK && from < n; from += ix->opts.jobs) {
        unsigned to = from + ix->opts.jobs < n ? from + ix->opts.jobs : n;
        for (unsigned k = from; k < to; k++) {
            annals_shard *s = &ix->shards[c[k].shard];
            c[k].st = annals_shard_detach(s, 1);
            if (c[k].st != ANNALS_OK) snprintf(c[k].msg, sizeof c[k].msg, "%s", s->error);
            else if (pthread_create(&c[k].thread, NULL, compact_shard, &c[k]) != 0) compact_shard(&c[k]);
            else continue;
            c[k].thread = 0;
        }
        for (unsigned k = from; k < to; k++)
            if (c[k].thread) pthread_join(c[k].thread, NULL);
        for (unsigned k = from; k < to; k++) {
            unsigned i = c[k].shard;
            if (c[k].st == ANNALS_OK) {
                c[k].st = annals_layout_move_shard(&ix->layout, i, c[k].path, c[k].msg, sizeof c[k].msg);
                c[k].path = NULL;
            }
            if (c[k].st != ANNALS_OK && st == ANNALS_OK) {
                st = c[k].st;
                snprintf(ix->error, sizeof ix->error, "%s", c[k].msg);
            }
            /* Open again, compacted or not, for whatever comes next. */
            annals_shard *s = &ix->shards[i];
            annals_status ost = annals_shard_attach(s, ix->layout.shard_paths[i]);
            if (ost != ANNALS_OK && st == ANNALS_OK) st = shard_failed(ix, s, ost);
        }
    }
    for (unsigned k = 0; k < n; k++) free(c[k].path);
    free(c);
    return st;
}

annals_status annals_indexer_run(annals_indexer *ix, const char *const *paths, size_t npaths)
{
    run_ctx rc = {ix, ANNALS_OK, 0};
    for (size_t i = 0; i < npaths; i++) annals_walk(paths[i], all_files(ix), plan_input, &rc);
    if (rc.wiki) {
        if (!(ix->titles = annals_titles_new())) return ANNALS_ERR_NOMEM;
        for (size_t i = 0; rc.st == ANNALS_OK && i < npaths; i++)
            if (strcmp(paths[i], "-") != 0) annals_walk(paths[i], all_files(ix), collect_titles, &rc);
        if (rc.st != ANNALS_OK) return rc.st;
    }
    annals_status st = open_readers(ix);
    if (st != ANNALS_OK) {
        close_readers(ix);
        return st;
    }
    if (!(ix->pipe = annals_pipeline_start(ix->shards, ix->nshards, ix->opts.jobs, ix->opts.prune, &ix->sink,
                                            &ix->articles_skipped, &ix->bytes_done)))
        return ANNALS_ERR_NOMEM;
    for (size_t i = 0; rc.st == ANNALS_OK && i < npaths; i++)
        annals_walk(paths[i], all_files(ix), index_input, &rc);
    char msg[600];
    st = annals_pipeline_finish(ix->pipe, msg, sizeof msg);
    ix->pipe = NULL;
    if (st != ANNALS_OK) snprintf(ix->error, sizeof ix->error, "%s", msg);
    else if (rc.st != ANNALS_OK) {
        st = rc.st;
        snprintf(ix->error, sizeof ix->error, "%s", annals_status_to_string(st));
    }
    if (st == ANNALS_OK) st = compact_shards(ix);
    if (st == ANNALS_OK) st = annals_layout_sync(&ix->layout, ix->error, sizeof ix->error);
    close_readers(ix);
    return st;
}

void annals_indexer_stats(const annals_indexer *ix, annals_index_stats *out)
{
    memset(out, 0, sizeof *out);
    out->files_total = atomic_load(&ix->files_total);
    out->bytes_total = atomic_load(&ix->bytes_total);
    out->files_done = atomic_load(&ix->files_done);
    out->bytes_done = atomic_load(&ix->bytes_done);
    out->files_unchanged = atomic_load(&ix->files_unchanged);
    out->files_skipped = atomic_load(&ix->files_skipped);
    out->articles_skipped = atomic_load(&ix->articles_skipped);
    for (unsigned i = 0; i < ix->nopen; i++) {
        const annals_shard *s = &ix->shards[i];
        out->articles += atomic_load(&s->articles);
        out->articles_unchanged += atomic_load(&s->unchanged);
        out->sections += atomic_load(&s->sections);
        out->sections_pruned += atomic_load(&s->pruned);
        out->warnings += atomic_load(&s->warnings);
    }
    out->shards = ix->nshards;
    out->jobs = ix->opts.jobs < ix->nshards ? ix->opts.jobs : ix->nshards;
}

annals_status annals_indexer_commit(annals_indexer *ix)
{
    for (unsigned i = 0; i < ix->nopen; i++) {
        annals_status st = annals_shard_commit(&ix->shards[i]);
        if (st != ANNALS_OK) return shard_failed(ix, &ix->shards[i], st);
    }
    return annals_layout_sync(&ix->layout, ix->error, sizeof ix->error);
}

const char *annals_indexer_error(const annals_indexer *ix)
{
    return ix->error;
}

annals_status annals_indexer_close(annals_indexer *ix)
{
    if (!ix) return ANNALS_OK;
    annals_status st = ANNALS_OK;
    close_readers(ix);
    for (unsigned i = 0; i < ix->nopen; i++) {
        annals_status s = annals_shard_close(&ix->shards[i], 1);
        if (s != ANNALS_OK && st == ANNALS_OK) st = shard_failed(ix, &ix->shards[i], s);
    }
    if (st == ANNALS_OK && ix->nopen) st = annals_layout_sync(&ix->layout, ix->error, sizeof ix->error);
    free(ix->shards);
    annals_titles_free(ix->titles);
    annals_layout_close(&ix->layout);
    pthread_mutex_destroy(&ix->diag_mu);
    abuf_free(&ix->key);
    free(ix);
    return st;
}
