/* indexer.c - articles in, section documents out (annals_indexer_*). */
#include "annals.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "shim/xap.h"
#include "parse/article.h"
#include "util/buf.h"
#include "doc/docbuild.h"
#include "doc/schema.h"
#include "analyze/section.h"
#include "util/status.h"
#include "analyze/stem.h"

/* Files larger than this are refused rather than read (1 GiB). */
#define MAX_FILE_BYTES (1024L * 1024 * 1024)

struct annals_indexer {
    xap_wdb *wdb;
    annals_stemmer *stem;
    annals_diag_fn diag;
    void *diag_ctx;
    unsigned articles, sections, warnings;
    char error[600];
};

static annals_status set_error(annals_indexer *ix, annals_status st, const char *what,
                               const xap_err *err)
{
    snprintf(ix->error, sizeof ix->error, "%s: %s", what, err ? err->message : annals_status_to_string(st));
    return st;
}

annals_status annals_indexer_open(const char *dbpath, annals_indexer **out, char **errmsg)
{
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    annals_indexer *ix = calloc(1, sizeof *ix);
    if (!ix) return ANNALS_ERR_NOMEM;
    xap_err err;
    annals_status st = ANNALS_OK;
    char *schema = NULL;
    ix->stem = annals_stemmer_new();
    if (!ix->stem) {
        st = ANNALS_ERR_NOMEM;
        snprintf(ix->error, sizeof ix->error, "out of memory");
    } else if (xap_wdb_open(dbpath, &ix->wdb, &err) != XAP_OK) {
        st = set_error(ix, annals_from_xap(err.status), dbpath, &err);
    } else if (xap_wdb_get_metadata(ix->wdb, ANNALS_META_SCHEMA, &schema, &err) != XAP_OK) {
        st = set_error(ix, annals_from_xap(err.status), dbpath, &err);
    } else if (schema[0] == '\0') {
        /* A new database, or one some other program wrote. */
        uint32_t docs = 0;
        if (xap_wdb_termfreq(ix->wdb, "", &docs, &err) != XAP_OK)
            st = set_error(ix, annals_from_xap(err.status), dbpath, &err);
        else if (docs > 0)
            st = annals_check_schema(dbpath, schema, ix->error, sizeof ix->error);
        else if (xap_wdb_set_metadata(ix->wdb, ANNALS_META_SCHEMA, ANNALS_SCHEMA_VERSION, &err) != XAP_OK)
            st = set_error(ix, annals_from_xap(err.status), dbpath, &err);
    } else {
        st = annals_check_schema(dbpath, schema, ix->error, sizeof ix->error);
    }
    free(schema);
    if (st != ANNALS_OK) {
        if (errmsg) *errmsg = strdup(ix->error);
        xap_wdb_close(ix->wdb, NULL);
        ix->wdb = NULL;
        annals_indexer_close(ix);
        return st;
    }
    *out = ix;
    return ANNALS_OK;
}

void annals_indexer_set_diag(annals_indexer *ix, annals_diag_fn fn, void *ctx)
{
    ix->diag = fn;
    ix->diag_ctx = ctx;
}

typedef struct {
    annals_indexer *ix;
    const char *path;
} warn_ctx;

static void on_warning(void *ctx, unsigned line, const char *why)
{
    warn_ctx *w = ctx;
    w->ix->warnings++;
    char msg[160];
    snprintf(msg, sizeof msg, "%s; read as plain text", why);
    if (w->ix->diag) w->ix->diag(w->ix->diag_ctx, w->path, line, 0, msg);
}

static annals_status skip(annals_indexer *ix, const char *path, unsigned line, const char *why,
                          annals_status st)
{
    if (ix->diag) ix->diag(ix->diag_ctx, path, line, 1, why);
    return st;
}

/* Builds every section's document first, so that an article is written
 * whole or not at all. */
static annals_status index_article(annals_indexer *ix, const char *name, const annals_article *a)
{
    annals_status st = ANNALS_OK;
    xap_err err;
    abuf title = ABUF_INIT;
    xap_doc **docs = calloc(a->nsections + 1, sizeof *docs);
    warn_ctx wc = {ix, name};
    if (!docs || annals_display_line(a->title, &title) < 0) {
        st = ANNALS_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < a->nsections; i++) {
        annals_section_text stx;
        if (annals_section_build(&a->sections[i], &stx, on_warning, &wc) < 0) {
            st = ANNALS_ERR_NOMEM;
            goto done;
        }
        annals_docinput in = {a->id, (unsigned)i, a->sections[i].is_lead, title.data, name, &stx};
        xap_status xs = annals_build_document(ix->stem, &in, &docs[i], &err);
        annals_section_text_free(&stx);
        if (xs != XAP_OK) {
            st = set_error(ix, annals_from_xap(xs), name, &err);
            goto done;
        }
    }
    for (size_t i = 0; i < a->nsections; i++) {
        char uid[64];
        annals_uid_term(uid, sizeof uid, a->id, (unsigned)i);
        if (xap_wdb_replace(ix->wdb, uid, docs[i], &err) != XAP_OK) {
            st = set_error(ix, annals_from_xap(err.status), name, &err);
            goto done;
        }
    }
    /* Sections past the new count are left from a longer version. */
    for (unsigned k = (unsigned)a->nsections;; k++) {
        char uid[64];
        uint32_t n = 0;
        annals_uid_term(uid, sizeof uid, a->id, k);
        if (xap_wdb_termfreq(ix->wdb, uid, &n, &err) != XAP_OK ||
            (n && xap_wdb_delete_term(ix->wdb, uid, &err) != XAP_OK)) {
            st = set_error(ix, annals_from_xap(err.status), name, &err);
            goto done;
        }
        if (!n) break;
    }
    ix->articles++;
    ix->sections += (unsigned)a->nsections;
done:
    for (size_t i = 0; docs && i < a->nsections; i++) xap_doc_free(docs[i]);
    free(docs);
    abuf_free(&title);
    return st;
}

annals_status annals_indexer_add_article(annals_indexer *ix, const char *name, const char *data,
                                         size_t len)
{
    annals_article a;
    unsigned line;
    const char *why;
    int rc = annals_article_parse(data, len, &a, &line, &why);
    if (rc == -2) return skip(ix, name, 0, "out of memory", ANNALS_ERR_NOMEM);
    if (rc < 0) return skip(ix, name, line, why, ANNALS_ERR_INPUT);
    annals_status st = index_article(ix, name, &a);
    annals_article_free(&a);
    if (st == ANNALS_ERR_NOMEM) return skip(ix, name, 0, "out of memory", st);
    return st;
}

annals_status annals_indexer_add_file(annals_indexer *ix, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return skip(ix, path, 0, strerror(errno), ANNALS_ERR_IO);
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return skip(ix, path, 0, "not a regular file", ANNALS_ERR_IO);
    }
    if (sb.st_size > MAX_FILE_BYTES) {
        fclose(f);
        return skip(ix, path, 0, "file larger than 1 GiB", ANNALS_ERR_INPUT);
    }
    size_t size = (size_t)sb.st_size;
    char *data = malloc(size + 1);
    if (!data) {
        fclose(f);
        return skip(ix, path, 0, "out of memory", ANNALS_ERR_NOMEM);
    }
    size_t got = fread(data, 1, size, f);
    int bad = ferror(f) || got != size;
    int saved = errno;
    fclose(f);
    if (bad) {
        free(data);
        return skip(ix, path, 0, got != size ? "file changed while being read" : strerror(saved),
                    ANNALS_ERR_IO);
    }
    annals_status st = annals_indexer_add_article(ix, path, data, size);
    free(data);
    return st;
}

annals_status annals_indexer_commit(annals_indexer *ix)
{
    xap_err err;
    if (xap_wdb_commit(ix->wdb, &err) != XAP_OK)
        return set_error(ix, annals_from_xap(err.status), "commit", &err);
    return ANNALS_OK;
}

void annals_indexer_counts(const annals_indexer *ix, unsigned *articles, unsigned *sections,
                           unsigned *warnings)
{
    if (articles) *articles = ix->articles;
    if (sections) *sections = ix->sections;
    if (warnings) *warnings = ix->warnings;
}

const char *annals_indexer_error(const annals_indexer *ix)
{
    return ix->error;
}

annals_status annals_indexer_close(annals_indexer *ix)
{
    if (!ix) return ANNALS_OK;
    annals_status st = ANNALS_OK;
    xap_err err;
    if (ix->wdb && xap_wdb_close(ix->wdb, &err) != XAP_OK) st = annals_from_xap(err.status);
    annals_stemmer_free(ix->stem);
    free(ix);
    return st;
}
