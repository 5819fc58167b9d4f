/* prepare.h - the analysis stage of indexing: an article's text becomes
 * its section documents, ready for a shard's writer (shard.h), or the
 * verdict that the shard already holds it as it is.  It only reads the
 * database, so it runs beside the writer: in a run, from a snapshot of the
 * shard as the run began.
 *
 * Incremental runs: every section carries its article's source fingerprint
 * (SLOT_SOURCE: a hash of the source path, the article's text and the
 * analysis version, then the path's key), and an article whose fingerprint
 * the shard holds is not indexed again. */
#ifndef ANNALS_PREPARE_H
#define ANNALS_PREPARE_H

#include <stddef.h>
#include <stdint.h>

#include "annals.h"
#include "analyze/stem.h"
#include "shim/xap.h"
#include "util/buf.h"

/* Where diagnostics go; the indexer serializes the calls. */
typedef struct {
    annals_diag_fn fn;
    void *ctx;
} annals_diag_sink;

typedef enum {
    ANNALS_PREP_WRITE,          /* docs to write */
    ANNALS_PREP_UNCHANGED,      /* the shard holds it as it is */
    ANNALS_PREP_SKIPPED         /* malformed: diag was told why */
} annals_prep_kind;

typedef struct {
    annals_prep_kind kind;
    int has_id;                 /* the first line holds an id (even when skipped) */
    uint32_t id;
    char *source;               /* WRITE: its SLOT_SOURCE value (owned) */
    char *held;                 /* WRITE: the SLOT_SOURCE the shard holds, or NULL */
    xap_doc **docs;             /* WRITE: one per section (owned) */
    unsigned ndocs;
    unsigned sections;          /* UNCHANGED: the sections it has */
    unsigned warnings;          /* parts read as plain text */
    size_t text_len;
} annals_prepared;

typedef struct {
    xap_db *db;                 /* lookups (borrowed) */
    annals_stemmer *stem;
    abuf scratch;
    char error[600];
} annals_preparer;

/* Returns 0, or -1 when out of memory. */
int annals_preparer_init(annals_preparer *p, xap_db *db);
void annals_preparer_free(annals_preparer *p);

/* Prepares the article text (its source path name; line and lines_map as
 * in read/reader.h, for diagnostics).  Fails only when out of memory or on
 * a database error (message in p->error); a malformed article is
 * ANNALS_PREP_SKIPPED. */
annals_status annals_prepare(annals_preparer *p, const char *name, const char *text, size_t len,
                             unsigned line, int lines_map, const annals_diag_sink *diag,
                             annals_prepared *out);
void annals_prepared_free(annals_prepared *a);

#endif
