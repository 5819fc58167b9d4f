/* xap.h - a small C API over libxapian 1.4, for annals.
 *
 * Every handle is opaque.  Every function that can fail returns an
 * xap_status and, when it is not XAP_OK, fills the caller's xap_err with
 * the status and Xapian's message: no C++ exception ever leaves the shim.
 *
 * Ownership: a function named *_new or *_open gives the caller a handle that
 * it frees with the matching *_free / *_close.  A pointer returned by a
 * getter is owned by the handle it came from and stays valid until that
 * handle is freed or the next call on it, as each getter says.
 */
#ifndef ANNALS_XAP_H
#define ANNALS_XAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    XAP_OK = 0,
    XAP_ERR_NOMEM,          /* std::bad_alloc */
    XAP_ERR_OPENING,        /* no database there, or not a database */
    XAP_ERR_LOCKED,         /* another writer holds the lock */
    XAP_ERR_CORRUPT,        /* the database is damaged */
    XAP_ERR_VERSION,        /* a database format this Xapian cannot read */
    XAP_ERR_MODIFIED,       /* the reader's revision went away: reopen */
    XAP_ERR_NETWORK,        /* a remote shard failed */
    XAP_ERR_TIMEOUT,        /* a remote shard did not answer in time */
    XAP_ERR_QUERY,          /* Xapian rejected a query */
    XAP_ERR_INVALID,        /* an invalid argument or operation */
    XAP_ERR_DATABASE,       /* any other database error */
    XAP_ERR_OTHER           /* anything else (a bug) */
} xap_status;

typedef struct {
    xap_status status;
    char message[512];
    char where[160];        /* the remote shard that failed, as Xapian names
                             * it ("remote:tcp(HOST:PORT)"), else "" */
} xap_err;

/* Fills err (when not NULL) for an allocation that failed on the C side,
 * and returns XAP_ERR_NOMEM. */
xap_status xap_err_nomem(xap_err *err);

/* A short English name for a status ("database is locked"). */
const char *xap_status_string(xap_status status);

/* The version of the libxapian linked ("1.4.22"): static, never NULL. */
const char *xap_version(void);

typedef uint32_t xap_docid;
typedef struct xap_wdb xap_wdb;         /* a writable database */
typedef struct xap_db xap_db;           /* a readable database (local, stub, remote) */
typedef struct xap_doc xap_doc;         /* a document being built */
typedef struct xap_stemmer xap_stemmer;
typedef struct xap_query xap_query;
typedef struct xap_enquire xap_enquire;
typedef struct xap_mset xap_mset;
typedef struct xap_spy xap_spy;         /* counts a slot's values */

/* ---- writable database ---- */

/* Opens (creating when absent) the Glass database at path.  nosync: its
 * commits do not wait for the disk (Xapian's DB_NO_SYNC: still atomic if
 * the process dies, not if the machine does; sync the files later). */
xap_status xap_wdb_open(const char *path, int nosync, xap_wdb **out, xap_err *err);
/* Commits pending changes, then frees the handle.  NULL is allowed. */
xap_status xap_wdb_close(xap_wdb *wdb, xap_err *err);
xap_status xap_wdb_commit(xap_wdb *wdb, xap_err *err);
/* A batch: nothing between begin and commit reaches the disk before
 * commit, which writes it all atomically (a flushed Xapian transaction: no
 * automatic commit can split it). */
xap_status xap_wdb_begin(xap_wdb *wdb, xap_err *err);
xap_status xap_wdb_commit_batch(xap_wdb *wdb, xap_err *err);
/* Calls fn for each document indexed by term, with its value in slot
 * (valid during the call); fn returns non-zero to stop. */
typedef int (*xap_value_fn)(void *ctx, xap_docid did, const char *value, size_t len);
xap_status xap_wdb_each_value(xap_wdb *wdb, const char *term, unsigned slot, xap_value_fn fn,
                              void *ctx, xap_err *err);
xap_status xap_wdb_delete_doc(xap_wdb *wdb, xap_docid did, xap_err *err);
/* Calls fn for each metadata key starting with prefix (key and value valid
 * during the call; fn must not change the metadata); fn returns non-zero to
 * stop. */
typedef int (*xap_meta_fn)(void *ctx, const char *key, const char *value, size_t len);
xap_status xap_wdb_each_metadata(xap_wdb *wdb, const char *prefix, xap_meta_fn fn, void *ctx,
                                 xap_err *err);
/* Replaces every document indexed by idterm with doc (adds it when none). */
xap_status xap_wdb_replace(xap_wdb *wdb, const char *idterm, const xap_doc *doc,
                           xap_err *err);
/* Deletes every document indexed by term. */
xap_status xap_wdb_delete_term(xap_wdb *wdb, const char *term, xap_err *err);
/* *out = how many documents term indexes. */
xap_status xap_wdb_termfreq(xap_wdb *wdb, const char *term, uint32_t *out,
                            xap_err *err);
xap_status xap_wdb_set_metadata(xap_wdb *wdb, const char *key, const char *value,
                                xap_err *err);
/* *out is malloc'd and owned by the caller ("" when unset). */
xap_status xap_wdb_get_metadata(xap_wdb *wdb, const char *key, char **out,
                                xap_err *err);

/* Writes a compacted copy of the database at src (not being written) into
 * the new directory dst, as xapian-compact does. */
xap_status xap_compact(const char *src, const char *dst, xap_err *err);

/* ---- documents ---- */

xap_doc *xap_doc_new(void);             /* NULL when out of memory */
void xap_doc_free(xap_doc *doc);
/* term must be at most 245 bytes (Glass's limit); checked at replace time. */
xap_status xap_doc_add_posting(xap_doc *doc, const char *term, size_t len,
                               uint32_t pos, uint32_t wdfinc, xap_err *err);
xap_status xap_doc_add_term(xap_doc *doc, const char *term, size_t len,
                            uint32_t wdfinc, xap_err *err);
/* Calls fn for each term of doc that starts with prefix, in byte order,
 * with its wdf (term valid during the call); fn returns non-zero to stop. */
typedef int (*xap_term_fn)(void *ctx, const char *term, size_t len, uint32_t wdf);
xap_status xap_doc_terms_under(xap_doc *doc, const char *prefix, xap_term_fn fn, void *ctx,
                               xap_err *err);
xap_status xap_doc_set_value(xap_doc *doc, unsigned slot, const char *data,
                             size_t len, xap_err *err);
xap_status xap_doc_set_data(xap_doc *doc, const char *data, size_t len,
                            xap_err *err);

/* ---- stemmer ---- */

xap_status xap_stemmer_new(const char *language, xap_stemmer **out, xap_err *err);
void xap_stemmer_free(xap_stemmer *st);
/* Stems word into out (cap bytes, NUL-terminated) and returns the stem's
 * length; when that is >= cap the stem did not fit and out is unchanged. */
size_t xap_stem(xap_stemmer *st, const char *word, size_t len, char *out, size_t cap);

/* ---- readable database ---- */

/* Opens a database path: a Glass directory, a stub file or stub directory
 * (which may name remote shards). */
xap_status xap_db_open(const char *path, xap_db **out, xap_err *err);
void xap_db_close(xap_db *db);
/* Opens a database path as Xapian does (a Glass directory, a stub file or
 * stub directory, relative paths in a stub against the stub's directory),
 * reading each stub here so that remote shards get timeout_ms (> 0) as the
 * time to connect and to wait for each answer.  A remote shard that cannot
 * be reached is left out and listed by xap_db_missing, not an error.  A
 * bad stub line is XAP_ERR_OPENING: "STUB:LINE: what is wrong". */
xap_status xap_db_open_shards(const char *path, unsigned timeout_ms, xap_db **out, xap_err *err);
/* The i-th remote shard left out of db, by the name its stub gives it
 * ("remote 127.0.0.1:18102"), and in *why (when not NULL) what went wrong
 * ("connection refused"); NULL when i is past the last.  Owned by db, valid
 * until the next call that leaves a shard out, or db is closed. */
const char *xap_db_missing(const xap_db *db, size_t i, const char **why);
/* After failure (XAP_ERR_NETWORK or XAP_ERR_TIMEOUT) from a call on db
 * opened by xap_db_open_shards: opens every shard afresh, leaving out the
 * remote shards that cannot be reached now and the one failure names
 * (without trying it again when it timed out).  *dropped: how many were
 * left out (0: none could be blamed; db is unchanged then). */
xap_status xap_db_recover(xap_db *db, const xap_err *failure, size_t *dropped, xap_err *err);
/* Adds other's shards to db, which then searches them all as one (other
 * stays the caller's to close); the shards other left out join db's. */
xap_status xap_db_add(xap_db *db, const xap_db *other, xap_err *err);
uint32_t xap_db_doccount(const xap_db *db);
uint32_t xap_db_termfreq(const xap_db *db, const char *term, size_t len);
/* Starts reading where a snapshot remembers term's frequency, for a
 * xap_db_termfreq soon after: lookups of many terms then overlap. */
void xap_db_termfreq_prefetch(const xap_db *db, const char *term, size_t len);
/* The same, failing (XAP_ERR_MODIFIED among others) instead of giving 0. */
xap_status xap_db_count_term(xap_db *db, const char *term, uint32_t *out, xap_err *err);
/* Moves a reader to the latest committed revision: after XAP_ERR_MODIFIED
 * (a writer committed twice since and reused the blocks it was reading). */
xap_status xap_db_reopen(xap_db *db, xap_err *err);
double xap_db_avlength(const xap_db *db);
/* *out is malloc'd and owned by the caller ("" when unset). */
xap_status xap_db_get_metadata(xap_db *db, const char *key, char **out, xap_err *err);
/* The positions of term in document did, ascending, into *buf (grown with
 * realloc as needed, capacity in *cap; owned by the caller); *n = count. */
xap_status xap_db_positions(xap_db *db, xap_docid did, const char *term, size_t len,
                            uint32_t **buf, size_t *cap, size_t *n, xap_err *err);
/* wdf[i] = terms[i]'s within-document frequency in did (0 when it is not
 * there), in one pass over the document's term list: the n terms (lens[i]
 * bytes each) must be in ascending byte order. */
xap_status xap_db_wdfs(xap_db *db, xap_docid did, const char *const *terms, const size_t *lens,
                       size_t n, uint32_t *wdf, xap_err *err);
/* The first n (at most) documents term indexes, ascending; *got = count. */
xap_status xap_db_postings(xap_db *db, const char *term, size_t len,
                           xap_docid *out, size_t n, size_t *got, xap_err *err);
/* For each of the nterms terms (of lens bytes) and each of the n documents
 * dids (ascending), wdf[k * n + i] = term k's within-document frequency in
 * dids[i] (0 when it does not index it): one pass along each term's
 * posting list in each shard that holds some of the documents. */
xap_status xap_db_terms_wdfs(xap_db *db, const char *const *terms, const size_t *lens, size_t nterms,
                             const xap_docid *dids, size_t n, uint32_t *wdf, xap_err *err);
/* Calls fn for each term of document did that starts with prefix, in byte
 * order, with its wdf (xap_term_fn). */
xap_status xap_db_terms_under(xap_db *db, xap_docid did, const char *prefix, xap_term_fn fn,
                              void *ctx, xap_err *err);
/* Calls fn for each term of the database that starts with prefix[0, len),
 * in byte order, with its term frequency (term valid during the call); fn
 * returns non-zero to stop. */
xap_status xap_db_terms_prefixed(xap_db *db, const char *prefix, size_t len, xap_term_fn fn,
                                 void *ctx, xap_err *err);
/* len[i] = the length of document dids[i] (n of them): in one pass along
 * the length list when dids ascend and no shard is remote. */
xap_status xap_db_doclengths(xap_db *db, const xap_docid *dids, size_t n, uint32_t *len,
                             xap_err *err);
/* Copies the document's data (or value in slot) into a malloc'd buffer owned
 * by the caller, NUL-terminated, length in *len. */
xap_status xap_db_data(xap_db *db, xap_docid did, char **out, size_t *len, xap_err *err);
/* The value in slot of the first document indexed by term: *out is
 * malloc'd (owned by the caller), NULL when no document has the term.
 * Remembered until the handle is reopened at another revision. */
xap_status xap_db_value_by_term(xap_db *db, const char *term, unsigned slot, char **out,
                                size_t *len, xap_err *err);
/* A readable handle on a writable database (what it holds, pending changes
 * included), for the thread that writes it only; freed with xap_db_close. */
xap_db *xap_wdb_reader(xap_wdb *wdb);
xap_status xap_db_value(xap_db *db, xap_docid did, unsigned slot, char **out,
                        size_t *len, xap_err *err);
/* out[i] = the decimal number in slot of document dids[i] (ascending; 0
 * when unset): read along the slot's value stream, or one document at a
 * time where a backend has no streams (remote shards), and remembered until
 * the handle is reopened at another revision. */
xap_status xap_db_slot_numbers(xap_db *db, unsigned slot, const xap_docid *dids, size_t n,
                               uint32_t *out, xap_err *err);
/* The value in slot of each document dids[i] (ascending), truncated to cap
 * - 1 bytes and NUL-terminated, into out + i * cap ("" when unset): along
 * the slot's value stream, or one document at a time where a backend has
 * none (remote shards), and remembered until the handle is reopened at
 * another revision. */
xap_status xap_db_values_into(xap_db *db, unsigned slot, const xap_docid *dids, size_t n, char *out,
                              size_t cap, xap_err *err);
/* The values in slots[0..n) of one document, did from a match (not checked):
 * out[i] is malloc'd (owned by the caller); on failure all are NULL. */
xap_status xap_db_values(xap_db *db, xap_docid did, const unsigned *slots, size_t n, char **out,
                         size_t *lens, xap_err *err);

/* ---- queries ---- */

typedef enum {
    XAP_OP_AND, XAP_OP_OR, XAP_OP_AND_NOT, XAP_OP_XOR, XAP_OP_AND_MAYBE,
    XAP_OP_FILTER, XAP_OP_NEAR, XAP_OP_PHRASE, XAP_OP_SYNONYM
} xap_op;

/* Query constructors return NULL when out of memory.  Combining functions
 * take ownership of their sub-queries (and free them, even on failure); a
 * NULL sub-query (one that failed to build) makes them return NULL. */
xap_query *xap_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos);
xap_query *xap_query_copy(const xap_query *q);
xap_query *xap_query_match_all(void);
xap_query *xap_query_match_nothing(void);
/* window is used by NEAR and PHRASE only (0: the number of sub-queries). */
xap_query *xap_query_combine(xap_op op, xap_query **subs, size_t n, uint32_t window);
xap_query *xap_query_scale(xap_query *q, double factor);
void xap_query_free(xap_query *q);
/* Xapian's description of the query; malloc'd, owned by the caller. */
char *xap_query_describe(const xap_query *q);
int xap_query_empty(const xap_query *q);

/* ---- match spies ---- */

/* A value seen count times; returns non-zero to stop (where it can). */
typedef int (*xap_value_count_fn)(void *ctx, const char *value, size_t len, uint32_t count);
/* Counts the distinct values of slot in the documents matched (db's: the
 * database xap_db_count_matches searches); xap_spy_each hands them out. */
xap_spy *xap_spy_new(const xap_db *db, unsigned slot);
/* Hands fn the value of slot in each document matched (count 1), as the
 * match runs; on a database with a remote shard, each distinct value with
 * its count, at xap_spy_each (whose fn and ctx it then ignores). */
xap_spy *xap_spy_new_each(const xap_db *db, unsigned slot, xap_value_count_fn fn, void *ctx);
void xap_spy_free(xap_spy *spy);
/* How many documents the spy saw. */
uint32_t xap_spy_total(const xap_spy *spy);
/* Calls fn for each distinct value seen (with its count); stops early when fn
 * returns non-zero.  For a spy of xap_spy_new_each: its own fn, when the
 * match could not call it (a remote shard), else nothing. */
void xap_spy_each(const xap_spy *spy, xap_value_count_fn fn, void *ctx);
/* The facet pass: matches q over all of db, unweighted, and counts every
 * match into *total (*exact: 1 when that count is exact, as it is unless a
 * remote shard says otherwise), handing each to the n spies (made for db).
 * On a database with a remote shard, one match over all of it; otherwise
 * one shard at a time, the spies reading the values of a snapshot from the
 * handle's memo (remembered until it is reopened at another revision). */
xap_status xap_db_count_matches(xap_db *db, const xap_query *q, xap_spy *const *spies, size_t n,
                                uint32_t *total, int *exact, xap_err *err);

/* ---- enquire and results ---- */

xap_status xap_enquire_new(xap_db *db, xap_enquire **out, xap_err *err);
void xap_enquire_free(xap_enquire *enq);
void xap_enquire_set_query(xap_enquire *enq, const xap_query *q);
void xap_enquire_set_bm25(xap_enquire *enq, double k1, double b);
/* Sorts by the value in slot (ascending unless reverse); slot < 0 restores
 * relevance order. */
void xap_enquire_set_sort_by_value(xap_enquire *enq, int slot, int reverse);
/* By relevance, equal weights in ascending order of the value in slot (-1:
 * by document id, Xapian's default). */
void xap_enquire_set_tiebreak(xap_enquire *enq, int slot);
/* Keeps at most one document per distinct value in slot (slot < 0: off). */
void xap_enquire_set_collapse(xap_enquire *enq, int slot);
xap_status xap_enquire_mset(xap_enquire *enq, uint32_t first, uint32_t max,
                            uint32_t check_at_least, xap_mset **out, xap_err *err);


void xap_mset_free(xap_mset *m);
uint32_t xap_mset_size(const xap_mset *m);
uint32_t xap_mset_estimated(const xap_mset *m);
/* 1 when the estimate is exact (its lower and upper bounds agree). */
int xap_mset_exact(const xap_mset *m);
xap_docid xap_mset_docid(const xap_mset *m, uint32_t i);
double xap_mset_weight(const xap_mset *m, uint32_t i);
/* The collapse key of item i (with xap_enquire_set_collapse), into out
 * (cap bytes, NUL-terminated, cut to fit); returns its full length. */
size_t xap_mset_collapse_key(const xap_mset *m, uint32_t i, char *out, size_t cap);
/* The same for the value a sort (or a tie-break) used ("" when none). */
size_t xap_mset_sort_key(const xap_mset *m, uint32_t i, char *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
