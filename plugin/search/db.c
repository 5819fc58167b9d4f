/* db.c - annals_db_*: databases opened for searching, shard by shard
 * (shim/xap_open.cc), checked as annals', and what is done when a remote
 * shard is down: fail naming it, or go on without it (allow_partial). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/db.h"
#include "doc/schema.h"
#include "util/status.h"

void annals_db_opts_init(annals_db_opts *o)
{
    o->timeout = 10;
    o->allow_partial = 0;
}

/* The shards x left out, "NAME: WHY; NAME: WHY", as db's error. */
static annals_status missing_error(annals_db *db, const xap_db *x)
{
    size_t len = 0;
    const char *why, *name;
    db->error[0] = '\0';
    for (size_t i = 0; (name = xap_db_missing(x, i, &why)) && len < sizeof db->error; i++)
        len += (size_t)snprintf(db->error + len, sizeof db->error - len, "%s%s: %s", i ? "; " : "", name, why);
    return ANNALS_ERR_UNAVAILABLE;
}

/* After failure on x (db->db, or a database being opened): ANNALS_OK when
 * the shards to blame are left out and the call may be made again. */
static annals_status recover(annals_db *db, xap_db *x, const xap_err *failure)
{
    xap_err err;
    size_t dropped;
    if (xap_db_recover(x, failure, &dropped, &err) != XAP_OK) {
        snprintf(db->error, sizeof db->error, "%s", err.message);
        return annals_from_xap(err.status);
    }
    if (!dropped) { /* (all answer again, and the failure names none of them) */
        snprintf(db->error, sizeof db->error, "%.150s: %.400s",
                 failure->where[0] ? failure->where : "a remote shard", failure->message);
        return ANNALS_ERR_UNAVAILABLE;
    }
    return db->allow_partial ? ANNALS_OK : missing_error(db, x);
}

annals_status annals_db_recover(annals_db *db)
{
    return recover(db, db->db, &db->failure);
}

annals_status annals_db_reopen(annals_db *db)
{
    xap_err err;
    if (xap_db_reopen(db->db, &err) == XAP_OK) return ANNALS_OK;
    snprintf(db->error, sizeof db->error, "%s", err.message);
    return annals_from_xap(err.status);
}

/* Opens path into *out and checks that annals wrote it; the message in
 * db->error (which names the path, unless Xapian's message does). */
static annals_status open_one(annals_db *db, const char *path, unsigned timeout_ms, xap_db **out)
{
    xap_err err;
    char *schema = NULL;
    annals_status st = ANNALS_OK;
    if (xap_db_open_shards(path, timeout_ms, out, &err) != XAP_OK) {
        st = annals_from_xap(err.status);
        int named = strncmp(err.message, path, strlen(path)) == 0;
        snprintf(db->error, sizeof db->error, "%s%s%s", named ? "" : path, named ? "" : ": ", err.message);
        return st;
    }
    if (!db->allow_partial && xap_db_missing(*out, 0, NULL)) return missing_error(db, *out);
    while (xap_db_get_metadata(*out, ANNALS_META_SCHEMA, &schema, &err) != XAP_OK) {
        st = annals_from_xap(err.status);
        if (st != ANNALS_ERR_UNAVAILABLE) {
            snprintf(db->error, sizeof db->error, "%s: %s", path, err.message);
            return st;
        }
        if ((st = recover(db, *out, &err)) != ANNALS_OK) return st;
    }
    /* (A database being made holds nothing yet, not even the mark.) */
    if (schema[0] || xap_db_doccount(*out) > 0)
        st = annals_check_schema(path, schema, db->error, sizeof db->error);
    free(schema);
    return st;
}

annals_status annals_db_open_opts(const char *const *paths, size_t n, const annals_db_opts *opts,
                                  annals_db **out, char **errmsg)
{
    annals_db_opts defaults;
    annals_db_opts_init(&defaults);
    if (!opts) opts = &defaults;
    *out = NULL;
    if (errmsg) *errmsg = NULL;
    annals_db *db = calloc(1, sizeof *db);
    if (!db) return ANNALS_ERR_NOMEM;
    db->allow_partial = opts->allow_partial;
    annals_status st = ANNALS_OK;
    if (n == 0) {
        st = ANNALS_ERR_ARGUMENT;
        snprintf(db->error, sizeof db->error, "no database");
    } else if (!(opts->timeout > 0 && opts->timeout <= 1e6)) {
        st = ANNALS_ERR_ARGUMENT;
        snprintf(db->error, sizeof db->error, "the timeout must be above 0 s and at most 1000000 s");
    } else if (!(db->stem = annals_stemmer_new())) {
        st = ANNALS_ERR_NOMEM;
        snprintf(db->error, sizeof db->error, "out of memory");
    }
    /* (At least 1 ms: 0 would be no timeout at all.) */
    unsigned timeout_ms = st == ANNALS_OK && opts->timeout >= 0.001 ? (unsigned)(opts->timeout * 1000 + 0.5) : 1;
    for (size_t i = 0; st == ANNALS_OK && i < n; i++) {
        xap_db *one = NULL;
        xap_err err;
        st = open_one(db, paths[i], timeout_ms, i ? &one : &db->db);
        if (st == ANNALS_OK && one && xap_db_add(db->db, one, &err) != XAP_OK) {
            st = annals_from_xap(err.status);
            snprintf(db->error, sizeof db->error, "%s: %s", paths[i], err.message);
        }
        xap_db_close(one);
    }
    if (st != ANNALS_OK) {
        if (errmsg) *errmsg = strdup(db->error);
        annals_db_close(db);
        return st;
    }
    *out = db;
    return ANNALS_OK;
}

annals_status annals_db_open_many(const char *const *paths, size_t n, annals_db **out,
                                  char **errmsg)
{
    return annals_db_open_opts(paths, n, NULL, out, errmsg);
}

annals_status annals_db_open(const char *path, annals_db **out, char **errmsg)
{
    return annals_db_open_many(&path, 1, out, errmsg);
}

void annals_db_close(annals_db *db)
{
    if (!db) return;
    xap_db_close(db->db);
    annals_stemmer_free(db->stem);
    free(db);
}

const char *annals_db_error(const annals_db *db)
{
    return db->error;
}

const char *annals_db_missing(const annals_db *db, size_t i, const char **why)
{
    return xap_db_missing(db->db, i, why);
}

unsigned annals_db_sections(const annals_db *db)
{
    return xap_db_doccount(db->db);
}
