/* shard.c - articles into one shard, in atomic batches; file records;
 * pruning. */
#include "index/shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc/docbuild.h"
#include "doc/schema.h"
#include "util/status.h"

/* A batch is committed after this many sections or bytes of article text,
 * whichever comes first: measured on the dev archive (tests/bench/index),
 * Xapian adds documents fastest with batches of about a thousand (larger
 * in-memory batches cost more in its maps than they save in merges;
 * smaller ones cost more in commits), and the bytes bound keeps memory
 * flat whatever the articles' size. */
#define BATCH_SECTIONS 1000
#define BATCH_BYTES (16u << 20)

/* After a file record's state: the file no longer holds some articles the
 * shard has from it (a run with --prune reads it again). */
#define STALE_MARK " +"

static annals_status set_error(annals_shard *s, annals_status st, const char *what,
                               const xap_err *err)
{
    snprintf(s->error, sizeof s->error, "%s: %s", what,
             err ? err->message : annals_status_to_string(st));
    return st;
}

static annals_status xap_failed(annals_shard *s, const char *what, const xap_err *err)
{
    return set_error(s, annals_from_xap(err->status), what, err);
}

annals_status annals_shard_open(annals_shard *s, const char *path)
{
    memset(s, 0, sizeof *s);
    return annals_shard_attach(s, path);
}

annals_status annals_shard_attach(annals_shard *s, const char *path)
{
    s->path = path;
    xap_err err;
    char *schema = NULL;
    annals_status st = ANNALS_OK;
    if (xap_wdb_open(path, 1, &s->wdb, &err) != XAP_OK) return xap_failed(s, path, &err);
    if (xap_wdb_get_metadata(s->wdb, ANNALS_META_SCHEMA, &schema, &err) != XAP_OK)
        st = xap_failed(s, path, &err);
    else if (schema[0] == '\0') {
        /* A new shard, or one some other program wrote. */
        uint32_t docs = 0;
        if (xap_wdb_termfreq(s->wdb, "", &docs, &err) != XAP_OK) st = xap_failed(s, path, &err);
        else if (docs > 0) st = annals_check_schema(path, schema, s->error, sizeof s->error);
        else if (xap_wdb_set_metadata(s->wdb, ANNALS_META_SCHEMA, ANNALS_SCHEMA_VERSION, &err) != XAP_OK ||
                 xap_wdb_commit(s->wdb, &err) != XAP_OK)
            st = xap_failed(s, path, &err);
    } else {
        st = annals_check_schema(path, schema, s->error, sizeof s->error);
    }
    free(schema);
    return st;
}

/* Opens a batch when none is open; commits it when it is full. */
static annals_status batch_room(annals_shard *s)
{
    xap_err err;
    if (s->in_batch && (s->batch_sections >= BATCH_SECTIONS || s->batch_bytes >= BATCH_BYTES)) {
        annals_status st = annals_shard_commit(s);
        if (st != ANNALS_OK) return st;
    }
    if (!s->in_batch) {
        if (xap_wdb_begin(s->wdb, &err) != XAP_OK) return xap_failed(s, s->path, &err);
        s->in_batch = 1;
    }
    return ANNALS_OK;
}

annals_status annals_shard_commit(annals_shard *s)
{
    xap_err err;
    if (!s->in_batch) return ANNALS_OK;
    s->in_batch = 0;
    s->batch_sections = 0;
    s->batch_bytes = 0;
    if (xap_wdb_commit_batch(s->wdb, &err) != XAP_OK) return xap_failed(s, "commit", &err);
    return ANNALS_OK;
}

/* The shard held the article from another file (SLOT_SOURCE's path key,
 * past the fingerprint): that file's record is dropped, since the file no
 * longer says what the shard holds, and the next run reads it again. */
static annals_status moved(annals_shard *s, const char *held, const char *source)
{
    if (!held || strlen(held) <= 16 || strcmp(held + 16, source + 16) == 0) return ANNALS_OK;
    xap_err err;
    abuf_clear(&s->scratch);
    if (abuf_adds(&s->scratch, ANNALS_META_SOURCE) < 0 || abuf_adds(&s->scratch, held + 16) < 0)
        return set_error(s, ANNALS_ERR_NOMEM, s->path, NULL);
    if (xap_wdb_set_metadata(s->wdb, s->scratch.data, "", &err) != XAP_OK) return xap_failed(s, s->path, &err);
    return ANNALS_OK;
}

/* Replaces the article's sections; deletes those past the new count, left
 * from a longer version. */
static annals_status write_docs(annals_shard *s, const char *name, const annals_prepared *a)
{
    xap_err err;
    char uid[64];
    for (unsigned i = 0; i < a->ndocs; i++) {
        annals_uid_term(uid, sizeof uid, a->id, i);
        if (xap_wdb_replace(s->wdb, uid, a->docs[i], &err) != XAP_OK) return xap_failed(s, name, &err);
    }
    for (unsigned k = a->ndocs;; k++) {
        uint32_t n = 0;
        annals_uid_term(uid, sizeof uid, a->id, k);
        if (xap_wdb_termfreq(s->wdb, uid, &n, &err) != XAP_OK ||
            (n && xap_wdb_delete_term(s->wdb, uid, &err) != XAP_OK))
            return xap_failed(s, name, &err);
        if (!n) return ANNALS_OK;
    }
}

annals_status annals_shard_write(annals_shard *s, const char *name, const annals_prepared *a)
{
    annals_status st = batch_room(s);
    if (st != ANNALS_OK) return st;
    /* Seen, even when malformed: pruning keeps what an earlier run indexed
     * of it. */
    if (a->has_id && annals_idset_add(&s->seen, a->id) < 0) return set_error(s, ANNALS_ERR_NOMEM, name, NULL);
    switch (a->kind) {
    case ANNALS_PREP_SKIPPED:
        return ANNALS_ERR_INPUT;
    case ANNALS_PREP_UNCHANGED:
        s->unchanged++;
        s->file_sections += a->sections;
        return ANNALS_OK;
    case ANNALS_PREP_WRITE:
        break;
    }
    if ((st = moved(s, a->held, a->source)) != ANNALS_OK || (st = write_docs(s, name, a)) != ANNALS_OK)
        return st;
    s->articles++;
    s->warnings += a->warnings;
    s->sections += a->ndocs;
    s->batch_sections += a->ndocs;
    s->file_sections += a->ndocs;
    s->batch_bytes += a->text_len;
    return ANNALS_OK;
}

int annals_source_key(const char *path, abuf *key)
{
    abuf pk = ABUF_INIT;
    abuf_clear(key);
    int rc = annals_path_key(path, &pk) < 0 || abuf_adds(key, ANNALS_META_SOURCE) < 0 ||
                     abuf_add(key, pk.data, pk.len) < 0 ? -1 : 0;
    abuf_free(&pk);
    return rc;
}

int annals_source_matches(const char *value, const char *record, int strict)
{
    size_t n = strlen(record);
    if (strncmp(value, record, n) != 0) return 0;
    return value[n] == '\t' || (!strict && strncmp(value + n, STALE_MARK "\t", 3) == 0);
}

/* ---- pruning ---- */

typedef struct {
    annals_shard *s;
    int all;            /* every document (the file has gone), else those of
                         * articles not seen in this run */
    xap_err err;
    int failed;
    unsigned found;     /* documents that would go */
    int dry;            /* count only */
} prune_docs;

static int prune_doc(void *ctx, xap_docid did, const char *value, size_t len)
{
    prune_docs *d = ctx;
    char id[16];
    if (len == 0 || len >= sizeof id) return 0;
    memcpy(id, value, len);
    id[len] = '\0';
    if (!d->all && annals_idset_has(&d->s->seen, strtoull(id, NULL, 10))) return 0;
    d->found++;
    if (d->dry) return 0;
    if (xap_wdb_delete_doc(d->s->wdb, did, &d->err) != XAP_OK) return d->failed = 1;
    d->s->pruned++;
    return 0;
}

/* Deletes (or with dry, counts into *found) the documents of source key
 * (a metadata key) that prune_doc picks. */
static annals_status prune_source(annals_shard *s, const char *key, int all, int dry,
                                  unsigned *found)
{
    xap_err err;
    abuf term = ABUF_INIT;
    prune_docs d = {s, all, {0}, 0, 0, dry};
    annals_status st = ANNALS_OK;
    if (abuf_adds(&term, P_PATH) < 0 || abuf_adds(&term, key + strlen(ANNALS_META_SOURCE)) < 0)
        st = set_error(s, ANNALS_ERR_NOMEM, s->path, NULL);
    else if (xap_wdb_each_value(s->wdb, term.data, SLOT_ARTICLE, prune_doc, &d, &err) != XAP_OK)
        st = xap_failed(s, s->path, &err);
    else if (d.failed)
        st = xap_failed(s, s->path, &d.err);
    abuf_free(&term);
    if (found) *found = d.found;
    return st;
}

/* Whether the shard holds documents from path that this run did not see
 * there: more documents name the file than this run wrote or kept from
 * it (a cheap count first, the documents themselves only then). */
static annals_status stale_docs(annals_shard *s, const char *key, unsigned sections,
                                unsigned *found)
{
    xap_err err;
    uint32_t named = 0;
    abuf term = ABUF_INIT;
    *found = 0;
    if (abuf_adds(&term, P_PATH) < 0 || abuf_adds(&term, key + strlen(ANNALS_META_SOURCE)) < 0) {
        abuf_free(&term);
        return set_error(s, ANNALS_ERR_NOMEM, s->path, NULL);
    }
    xap_status xs = xap_wdb_termfreq(s->wdb, term.data, &named, &err);
    abuf_free(&term);
    if (xs != XAP_OK) return xap_failed(s, s->path, &err);
    if (named <= sections) return ANNALS_OK;
    return prune_source(s, key, 0, 1, found);
}

/* Writes path's record: its state, the stale mark or not, a tab, the whole
 * path (the key may be cut). */
static annals_status set_record(annals_shard *s, const char *key, const char *record, int stale,
                                const char *path)
{
    xap_err err;
    abuf v = ABUF_INIT;
    annals_status st = ANNALS_OK;
    if (abuf_printf(&v, "%s%s\t%s", record, stale ? STALE_MARK : "", path) < 0)
        st = set_error(s, ANNALS_ERR_NOMEM, path, NULL);
    else if (xap_wdb_set_metadata(s->wdb, key, v.data, &err) != XAP_OK)
        st = xap_failed(s, path, &err);
    abuf_free(&v);
    return st;
}

annals_status annals_shard_file_done(annals_shard *s, const char *path, const char *record,
                                     int kept)
{
    unsigned sections = s->file_sections;
    s->file_sections = 0;
    annals_status st = batch_room(s);
    if (st != ANNALS_OK || kept) return st;
    if (annals_source_key(path, &s->scratch) < 0) return set_error(s, ANNALS_ERR_NOMEM, path, NULL);
    /* Articles the file no longer holds (or holds no more, when they moved
     * to a file further on) are marked in the record, so that a run with
     * --prune reads the file again; annals_shard_prune deletes those this
     * run did not find anywhere, and clears the mark. */
    unsigned stale = 0;
    st = stale_docs(s, s->scratch.data, sections, &stale);
    if (st == ANNALS_OK && stale) {
        char **v = annals_grow(s->stale, &s->stale_cap, s->nstale, sizeof *v);
        if (!v) return set_error(s, ANNALS_ERR_NOMEM, path, NULL);
        s->stale = v;
        if (!(v[s->nstale] = strdup(s->scratch.data))) return set_error(s, ANNALS_ERR_NOMEM, path, NULL);
        s->nstale++;
    }
    return st == ANNALS_OK ? set_record(s, s->scratch.data, record ? record : "-", stale != 0, path) : st;
}

/* The records of files that have gone, for annals_shard_prune. */
typedef struct {
    char **keys;
    size_t n, cap;
    int nomem;
} gone_list;

static int find_gone(void *ctx, const char *key, const char *value, size_t len)
{
    gone_list *g = ctx;
    const char *tab = memchr(value, '\t', len);
    if (!tab || strcmp(tab + 1, "-") == 0) return 0; /* standard input: pruned when read */
    struct stat sb;
    char *path = strndup(tab + 1, len - (size_t)(tab + 1 - value));
    if (!path) return g->nomem = 1;
    int gone = stat(path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
    free(path);
    if (!gone) return 0;
    char **v = annals_grow(g->keys, &g->cap, g->n, sizeof *v);
    if (!v) return g->nomem = 1;
    g->keys = v;
    if (!(v[g->n] = strdup(key))) return g->nomem = 1;
    g->n++;
    return 0;
}

/* value without its stale mark into out: 1, or 0 when it has none, -1 when
 * out of memory. */
static int without_mark(const char *value, abuf *out)
{
    const char *tab = strchr(value, '\t');
    size_t m = strlen(STALE_MARK);
    if (!tab || (size_t)(tab - value) < m || memcmp(tab - m, STALE_MARK, m) != 0) return 0;
    abuf_clear(out);
    return abuf_add(out, value, (size_t)(tab - value) - m) < 0 || abuf_adds(out, tab) < 0 ? -1 : 1;
}

annals_status annals_shard_prune(annals_shard *s)
{
    gone_list g = {NULL, 0, 0, 0};
    xap_err err;
    annals_status st = batch_room(s);
    /* Files read in this run that no longer hold some of their articles. */
    for (size_t i = 0; st == ANNALS_OK && i < s->nstale; i++) {
        char *v = NULL;
        st = prune_source(s, s->stale[i], 0, 0, NULL);
        if (st == ANNALS_OK && xap_wdb_get_metadata(s->wdb, s->stale[i], &v, &err) != XAP_OK)
            st = xap_failed(s, s->path, &err);
        int rc = st == ANNALS_OK ? without_mark(v, &s->scratch) : 0;
        if (rc < 0) st = set_error(s, ANNALS_ERR_NOMEM, s->path, NULL);
        else if (rc > 0 && xap_wdb_set_metadata(s->wdb, s->stale[i], s->scratch.data, &err) != XAP_OK)
            st = xap_failed(s, s->path, &err);
        free(v);
    }
    /* Files of earlier runs that no longer exist. */
    if (st == ANNALS_OK && xap_wdb_each_metadata(s->wdb, ANNALS_META_SOURCE, find_gone, &g, &err) != XAP_OK)
        st = xap_failed(s, s->path, &err);
    else if (g.nomem)
        st = set_error(s, ANNALS_ERR_NOMEM, s->path, NULL);
    for (size_t i = 0; st == ANNALS_OK && i < g.n; i++) {
        st = prune_source(s, g.keys[i], 1, 0, NULL);
        if (st == ANNALS_OK && xap_wdb_set_metadata(s->wdb, g.keys[i], "", &err) != XAP_OK)
            st = xap_failed(s, s->path, &err);
    }
    for (size_t i = 0; i < g.n; i++) free(g.keys[i]);
    free(g.keys);
    return st;
}

annals_status annals_shard_detach(annals_shard *s, int commit)
{
    annals_status st = ANNALS_OK;
    xap_err err;
    if (commit) st = annals_shard_commit(s);
    /* Without commit, an open batch is dropped: closing a database inside a
     * transaction discards the transaction. */
    if (s->wdb && xap_wdb_close(s->wdb, &err) != XAP_OK && st == ANNALS_OK)
        st = xap_failed(s, s->path, &err);
    s->wdb = NULL;
    s->in_batch = 0;
    return st;
}

annals_status annals_shard_close(annals_shard *s, int commit)
{
    annals_status st = annals_shard_detach(s, commit);
    annals_idset_free(&s->seen);
    for (size_t i = 0; i < s->nstale; i++) free(s->stale[i]);
    free(s->stale);
    s->stale = NULL;
    s->nstale = s->stale_cap = 0;
    abuf_free(&s->scratch);
    return st;
}
