/* prepare.c - an article to section documents, unless it is unchanged. */
#include "index/prepare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyze/section.h"
#include "doc/docbuild.h"
#include "doc/schema.h"
#include "parse/article.h"
#include "util/status.h"

int annals_preparer_init(annals_preparer *p, xap_db *db)
{
    memset(p, 0, sizeof *p);
    p->db = db;
    return (p->stem = annals_stemmer_new()) ? 0 : -1;
}

void annals_preparer_free(annals_preparer *p)
{
    annals_stemmer_free(p->stem);
    abuf_free(&p->scratch);
    memset(p, 0, sizeof *p);
}

static annals_status failed(annals_preparer *p, annals_status st, const char *what, const xap_err *err)
{
    snprintf(p->error, sizeof p->error, "%s: %s", what, err ? err->message : annals_status_to_string(st));
    return st;
}

typedef struct {
    const annals_diag_sink *diag;
    const char *path;
    unsigned line;     /* the input line the text starts at */
    int lines_map;
    unsigned warnings;
} report_ctx;

static void report(const report_ctx *r, unsigned line, int fatal, const char *msg)
{
    unsigned at = !r->lines_map ? r->line : line ? r->line + line - 1 : 0;
    if (r->diag && r->diag->fn) r->diag->fn(r->diag->ctx, r->path, at, fatal, msg);
}

static void on_warning(void *ctx, unsigned line, const char *why)
{
    report_ctx *r = ctx;
    r->warnings++;
    char msg[160];
    snprintf(msg, sizeof msg, "%s; read as plain text", why);
    report(r, line, 0, msg);
}

/* The value of SLOT_SOURCE: the fingerprint (16 hex digits), then the
 * source's path key. */
static char *source_value(const char *name, const char *text, size_t len)
{
    XXH64_hash_t seed = XXH3_64bits_withSeed(name, strlen(name), ANNALS_ANALYSIS_VERSION);
    abuf v = ABUF_INIT, key = ABUF_INIT;
    int bad = abuf_printf(&v, "%016llx", (unsigned long long)XXH3_64bits_withSeed(text, len, seed)) < 0 ||
              annals_path_key(name, &key) < 0 || abuf_add(&v, key.data, key.len) < 0;
    abuf_free(&key);
    if (bad) {
        abuf_free(&v);
        return NULL;
    }
    return abuf_take(&v);
}

/* What the shard holds of article id: its SLOT_SOURCE (NULL when none) and
 * its section count. */
static xap_status lookup(xap_db *db, uint32_t id, char **source, unsigned *sections, xap_err *err)
{
    char term[64];
    size_t n;
    uint32_t count = 0;
    annals_uid_term(term, sizeof term, id, 0);
    xap_status st = xap_db_value_by_term(db, term, SLOT_SOURCE, source, &n, err);
    snprintf(term, sizeof term, "%s%u", P_ARTICLE, (unsigned)id);
    if (st == XAP_OK && *source) st = xap_db_count_term(db, term, &count, err);
    *sections = count;
    return st;
}

/* The same, from the snapshot as the run began, or, once the writer has
 * reused the blocks the snapshot read (Glass keeps two revisions), from the
 * latest commit. */
static annals_status held(annals_preparer *p, uint32_t id, char **source, unsigned *sections)
{
    xap_err err;
    xap_status st;
    while ((st = lookup(p->db, id, source, sections, &err)) == XAP_ERR_MODIFIED) {
        free(*source);
        *source = NULL;
        if ((st = xap_db_reopen(p->db, &err)) != XAP_OK) break;
    }
    return st == XAP_OK ? ANNALS_OK : failed(p, annals_from_xap(err.status), "database", &err);
}

/* Builds every section's document. */
static annals_status build(annals_preparer *p, const annals_article *a, const char *name,
                           annals_prepared *out, report_ctx *rc)
{
    xap_err err;
    abuf title = ABUF_INIT;
    annals_status st = ANNALS_OK;
    out->docs = calloc(a->nsections + 1, sizeof *out->docs);
    if (!out->docs || annals_display_line(a->title, &title) < 0) st = ANNALS_ERR_NOMEM;
    for (size_t i = 0; st == ANNALS_OK && i < a->nsections; i++) {
        annals_section_text stx;
        if (annals_section_build(&a->sections[i], &stx, on_warning, rc) < 0) {
            st = ANNALS_ERR_NOMEM;
            break;
        }
        annals_docinput in = {a->id, (unsigned)i, a->sections[i].is_lead, title.data, name, out->source, &stx};
        xap_status xs = annals_build_document(p->stem, &in, &out->docs[i], &err);
        annals_section_text_free(&stx);
        if (xs != XAP_OK) st = failed(p, annals_from_xap(xs), name, &err);
        else out->ndocs++;
    }
    abuf_free(&title);
    return st == ANNALS_ERR_NOMEM ? failed(p, st, name, NULL) : st;
}

annals_status annals_prepare(annals_preparer *p, const char *name, const char *text, size_t len,
                             unsigned line, int lines_map, const annals_diag_sink *diag,
                             annals_prepared *out)
{
    memset(out, 0, sizeof *out);
    out->text_len = len;
    report_ctx rc = {diag, name, line, lines_map, 0};
    if (!(out->source = source_value(name, text, len))) return failed(p, ANNALS_ERR_NOMEM, name, NULL);
    out->has_id = annals_article_id(text, len, &out->id) == 0;
    if (out->has_id) {
        annals_status st = held(p, out->id, &out->held, &out->sections);
        if (st != ANNALS_OK) return st;
        if (out->held && strcmp(out->held, out->source) == 0) {
            out->kind = ANNALS_PREP_UNCHANGED;
            return ANNALS_OK;
        }
    }
    annals_article a;
    unsigned at;
    const char *why;
    int prc = annals_article_parse(text, len, &a, &at, &why);
    if (prc == -2) return failed(p, ANNALS_ERR_NOMEM, name, NULL);
    if (prc < 0) {
        report(&rc, at, 1, why);
        out->kind = ANNALS_PREP_SKIPPED;
        return ANNALS_OK;
    }
    out->kind = ANNALS_PREP_WRITE;
    annals_status st = build(p, &a, name, out, &rc);
    out->warnings = rc.warnings;
    annals_article_free(&a);
    return st;
}

void annals_prepared_free(annals_prepared *a)
{
    for (unsigned i = 0; a->docs && i < a->ndocs; i++) xap_doc_free(a->docs[i]);
    free(a->docs);
    free(a->source);
    free(a->held);
    memset(a, 0, sizeof *a);
}
