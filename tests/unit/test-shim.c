/* test-shim.c - the Xapian shim (shim/xap.h): Xapian's errors become
 * statuses with a message, and no C++ exception reaches C (one would abort
 * this test).  Works in a scratch directory made with mkdtemp. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim/xap.h"
#include "check.h"

static char dir[] = "/tmp/annals-test-shim-XXXXXX";

static const char *scratch(const char *name)
{
    return scratch_path(dir, name);
}

static void clear_err(xap_err *err)
{
    err->status = XAP_OK;
    err->message[0] = '\0';
}

static void statuses(void)
{
    for (int s = XAP_OK; s <= XAP_ERR_OTHER; s++) {
        const char *str = xap_status_string((xap_status)s);
        CHECK(str != NULL && str[0] != '\0');
        for (int t = XAP_OK; t < s; t++) CHECK(strcmp(str, xap_status_string((xap_status)t)) != 0);
    }
    CHECK_STR(xap_status_string(XAP_ERR_LOCKED), "database is locked");
}

static void opening(void)
{
    xap_err err;
    xap_db *db = (xap_db *)&err;
    clear_err(&err);
    CHECK_INT(xap_db_open(scratch("missing"), &db, &err), XAP_ERR_OPENING);
    CHECK_INT(err.status, XAP_ERR_OPENING);
    CHECK(err.message[0] != '\0');
    CHECK(db == NULL);

    /* A file that is not a database (read as a stub file). */
    FILE *f = fopen(scratch("junk"), "w");
    CHECK(f != NULL);
    if (f) {
        fputs("this is not a database\n", f);
        fclose(f);
    }
    clear_err(&err);
    CHECK_INT(xap_db_open(scratch("junk"), &db, &err), XAP_ERR_OPENING);
    CHECK(err.message[0] != '\0');
    CHECK(db == NULL);
    remove(scratch("junk"));

    /* The writer cannot create a database under a missing directory. */
    xap_wdb *w = (xap_wdb *)&err;
    clear_err(&err);
    CHECK(xap_wdb_open(scratch("no/such/dir/db"), 0, &w, &err) != XAP_OK);
    CHECK(err.status != XAP_OK && err.message[0] != '\0');
    CHECK(w == NULL);
}

static void locking(void)
{
    xap_err err;
    xap_wdb *a = NULL, *b = (xap_wdb *)&err;
    clear_err(&err);
    CHECK_INT(xap_wdb_open(scratch("locked"), 0, &a, &err), XAP_OK);
    CHECK(a != NULL);
    CHECK_INT(xap_wdb_open(scratch("locked"), 0, &b, &err), XAP_ERR_LOCKED);
    CHECK_INT(err.status, XAP_ERR_LOCKED);
    CHECK(err.message[0] != '\0');
    CHECK(b == NULL);
    CHECK_INT(xap_wdb_close(a, &err), XAP_OK);
    /* Closed: the lock is released. */
    CHECK_INT(xap_wdb_open(scratch("locked"), 0, &b, &err), XAP_OK);
    CHECK_INT(xap_wdb_close(b, &err), XAP_OK);
    CHECK_INT(xap_wdb_close(NULL, &err), XAP_OK);
}

static void terms(void)
{
    xap_err err;
    char term[300];
    memset(term, 'x', sizeof term);
    xap_doc *doc = xap_doc_new();
    CHECK(doc != NULL);
    if (!doc) return;
    clear_err(&err);
    CHECK_INT(xap_doc_add_term(doc, term, 300, 1, &err), XAP_ERR_INVALID);
    CHECK_INT(err.status, XAP_ERR_INVALID);
    CHECK(err.message[0] != '\0');
    clear_err(&err);
    CHECK_INT(xap_doc_add_posting(doc, term, 300, 1, 1, &err), XAP_ERR_INVALID);
    CHECK(err.message[0] != '\0');
    clear_err(&err);
    CHECK_INT(xap_doc_add_term(doc, term, 0, 1, &err), XAP_ERR_INVALID);
    CHECK_INT(xap_doc_add_term(doc, term, 300, 1, NULL), XAP_ERR_INVALID);
    /* 245 bytes is Glass's limit: accepted, and written. */
    CHECK_INT(xap_doc_add_term(doc, term, 245, 1, &err), XAP_OK);

    xap_wdb *w = NULL;
    CHECK_INT(xap_wdb_open(scratch("terms"), 0, &w, &err), XAP_OK);
    if (w) {
        CHECK_INT(xap_wdb_replace(w, "Qlong", doc, &err), XAP_OK);
        CHECK_INT(xap_wdb_commit(w, &err), XAP_OK);
        /* An empty term is invalid to Xapian: its exception becomes a status. */
        clear_err(&err);
        CHECK_INT(xap_wdb_delete_term(w, "", &err), XAP_ERR_INVALID);
        CHECK(err.message[0] != '\0');
        CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
    }
    xap_doc_free(doc);
}

static xap_status add_doc(xap_wdb *w, const char *uid, const char *const *words, size_t n,
                          xap_err *err)
{
    xap_doc *doc = xap_doc_new();
    if (!doc) return XAP_ERR_NOMEM;
    xap_status st = xap_doc_add_term(doc, uid, strlen(uid), 0, err);
    for (size_t i = 0; i < n && st == XAP_OK; i++)
        st = xap_doc_add_posting(doc, words[i], strlen(words[i]), (uint32_t)i + 1, 1, err);
    if (st == XAP_OK) st = xap_doc_set_value(doc, 4, uid, strlen(uid), err);
    if (st == XAP_OK) st = xap_doc_set_data(doc, "{}", 2, err);
    if (st == XAP_OK) st = xap_wdb_replace(w, uid, doc, err);
    xap_doc_free(doc);
    return st;
}


/* Appends "value:count " to the string ctx (32 bytes). */
static int cat_count(void *ctx, const char *value, size_t len, uint32_t count)
{
    char *s = ctx;
    size_t at = strlen(s);
    snprintf(s + at, 32 - at, "%.*s:%u ", (int)len, value, (unsigned)count);
    return 0;
}

/* Appends "term:wdf " to the string ctx (32 bytes). */
static int cat_term(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    char *s = ctx;
    size_t at = strlen(s);
    snprintf(s + at, 32 - at, "%.*s:%u ", (int)len, term, (unsigned)wdf);
    return 0;
}

/* The top 10 of q (which must have been built) on enq; NULL on failure. */
static xap_mset *run(xap_enquire *enq, const xap_query *q)
{
    xap_mset *m = NULL;
    xap_err err;
    CHECK(q != NULL);
    if (!q) return NULL;
    xap_enquire_set_query(enq, q);
    CHECK_INT(xap_enquire_mset(enq, 0, 10, 10, &m, &err), XAP_OK);
    return m;
}

/* Document uid: the one word (wdf times), and number in slot 6 unless it
 * is NULL. */
static xap_status add_numbered(xap_wdb *w, const char *uid, const char *word, uint32_t wdf,
                               const char *number, xap_err *err)
{
    xap_doc *doc = xap_doc_new();
    if (!doc) return XAP_ERR_NOMEM;
    xap_status st = xap_doc_add_term(doc, uid, strlen(uid), 0, err);
    if (st == XAP_OK) st = xap_doc_add_term(doc, word, strlen(word), wdf, err);
    if (st == XAP_OK && number) st = xap_doc_set_value(doc, 6, number, strlen(number), err);
    if (st == XAP_OK) st = xap_wdb_replace(w, uid, doc, err);
    xap_doc_free(doc);
    return st;
}

/* What remembering()'s reader reads at the first revision: documents 1-3,
 * "alpha" in two, numbers 7, 12 and none in slot 6. */
static void first_revision(xap_db *db)
{
    static const xap_docid dids[3] = {1, 2, 3};
    uint32_t num[3];
    xap_err err;
    CHECK_INT(xap_db_termfreq(db, "alpha", 5), 2);
    CHECK_INT(xap_db_termfreq(db, "beta", 4), 1);
    CHECK_INT(xap_db_slot_numbers(db, 6, dids, 3, num, &err), XAP_OK);
    CHECK_INT(num[0], 7);
    CHECK_INT(num[1], 12);
    CHECK_INT(num[2], 0);
    CHECK_INT(xap_db_doclengths(db, dids, 3, num, &err), XAP_OK);
    CHECK_INT(num[0], 1);
    char *v = NULL;
    size_t vl = 0;
    CHECK_INT(xap_db_value_by_term(db, "Q1", 6, &v, &vl, &err), XAP_OK);
    CHECK_STR(v, "7");
    free(v);
    CHECK_INT(xap_db_value_by_term(db, "Q4", 6, &v, &vl, &err), XAP_OK);
    CHECK(v == NULL);
    char keys[2][8];
    CHECK_INT(xap_db_values_into(db, 6, dids, 2, keys[0], sizeof keys[0], &err), XAP_OK);
    CHECK_STR(keys[0], "7");
    CHECK_STR(keys[1], "12");
}

/* Slot numbers, lengths, term frequencies and values by term: a reader
 * remembers them for its revision and forgets them when reopened at another; a writer's reader
 * sees each change at once. */
static void remembering(void)
{
    static const xap_docid dids[4] = {1, 2, 3, 4};
    uint32_t num[4];
    xap_err err;
    xap_wdb *w = NULL;
    xap_db *db = NULL;
    CHECK_INT(xap_wdb_open(scratch("memo"), 0, &w, &err), XAP_OK);
    if (!w) return;
    CHECK_INT(add_numbered(w, "Q1", "alpha", 1, "7", &err), XAP_OK);
    CHECK_INT(add_numbered(w, "Q2", "alpha", 1, "12", &err), XAP_OK);
    CHECK_INT(add_numbered(w, "Q3", "beta", 1, NULL, &err), XAP_OK);
    CHECK_INT(xap_wdb_commit(w, &err), XAP_OK);
    CHECK_INT(xap_db_open(scratch("memo"), &db, &err), XAP_OK);
    for (int pass = 0; db && pass < 2; pass++) /* read, then remembered */
        first_revision(db);
    /* One document changed, one added: the reader's revision stands... */
    CHECK_INT(add_numbered(w, "Q1", "beta", 3, "9", &err), XAP_OK);
    CHECK_INT(add_numbered(w, "Q4", "alpha", 1, "5", &err), XAP_OK);
    CHECK_INT(xap_wdb_commit(w, &err), XAP_OK);
    if (db) {
        first_revision(db);
        /* ...until it is reopened. */
        CHECK_INT(xap_db_reopen(db, &err), XAP_OK);
        char *v = NULL;
        size_t vl = 0;
        char keys[2][8];
        CHECK_INT(xap_db_termfreq(db, "alpha", 5), 2);
        CHECK_INT(xap_db_termfreq(db, "beta", 4), 2);
        CHECK_INT(xap_db_slot_numbers(db, 6, dids, 4, num, &err), XAP_OK);
        CHECK_INT(num[0], 9);
        CHECK_INT(num[1], 12);
        CHECK_INT(num[2], 0);
        CHECK_INT(num[3], 5);
        CHECK_INT(xap_db_doclengths(db, dids, 4, num, &err), XAP_OK);
        CHECK_INT(num[0], 3);
        CHECK_INT(num[3], 1);
        CHECK_INT(xap_db_value_by_term(db, "Q1", 6, &v, &vl, &err), XAP_OK);
        CHECK_STR(v, "9");
        free(v);
        CHECK_INT(xap_db_value_by_term(db, "Q4", 6, &v, &vl, &err), XAP_OK);
        CHECK_STR(v, "5");
        free(v);
        CHECK_INT(xap_db_values_into(db, 6, dids, 2, keys[0], sizeof keys[0], &err), XAP_OK);
        CHECK_STR(keys[0], "9");
        CHECK_STR(keys[1], "12");
        xap_db_close(db);
    }
    /* A writer's reader remembers nothing. */
    xap_db *view = xap_wdb_reader(w);
    CHECK(view != NULL);
    if (view) {
        CHECK_INT(xap_db_termfreq(view, "gamma", 5), 0);
        CHECK_INT(xap_db_slot_numbers(view, 6, dids + 1, 1, num, &err), XAP_OK);
        CHECK_INT(num[0], 12);
        CHECK_INT(add_numbered(w, "Q2", "gamma", 2, "13", &err), XAP_OK);
        CHECK_INT(xap_db_termfreq(view, "gamma", 5), 1);
        CHECK_INT(xap_db_slot_numbers(view, 6, dids + 1, 1, num, &err), XAP_OK);
        CHECK_INT(num[0], 13);
        CHECK_INT(xap_db_doclengths(view, dids + 1, 1, num, &err), XAP_OK);
        CHECK_INT(num[0], 2);
        xap_db_close(view);
    }
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
}

/* Term frequencies of terms alike but for their last byte, as long as
 * the memo holds in a slot (27 bytes), one byte longer and longer still:
 * right when read, and again when remembered (or not, when too long). */
static void remembering_long_terms(void)
{
    static const char *const words[] = {
        "internationalisationsstudie", /* 27 bytes */
        "internationalisationsstudiE",
        "internationalisationsstudien", /* 28 */
        "internationalisationsstudienprogramm",
    };
    static const uint32_t held[] = {2, 1, 1, 1};
    xap_err err;
    xap_wdb *w = NULL;
    xap_db *db = NULL;
    CHECK_INT(xap_wdb_open(scratch("memo-long"), 0, &w, &err), XAP_OK);
    if (!w) return;
    CHECK_INT(add_numbered(w, "Q1", words[0], 1, NULL, &err), XAP_OK);
    for (size_t i = 0; i < 4; i++) {
        char uid[8];
        snprintf(uid, sizeof uid, "Q%zu", i + 2);
        CHECK_INT(add_numbered(w, uid, words[i], 1, NULL, &err), XAP_OK);
    }
    CHECK_INT(xap_wdb_commit(w, &err), XAP_OK);
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
    CHECK_INT(xap_db_open(scratch("memo-long"), &db, &err), XAP_OK);
    for (int pass = 0; db && pass < 2; pass++) { /* read, then remembered */
        for (size_t i = 0; i < 4; i++) {
            xap_db_termfreq_prefetch(db, words[i], strlen(words[i]));
            CHECK_INT(xap_db_termfreq(db, words[i], strlen(words[i])), held[i]);
        }
        CHECK_INT(xap_db_termfreq(db, "internationalisationsstudiX", 27), 0);
        CHECK_INT(xap_db_termfreq(db, "internationalisationsstudi", 26), 0);
    }
    xap_db_close(db);
}

static void searching(void)
{
    static const char *const d1[] = {"lisbon", "summit", "lisbon"};
    static const char *const d2[] = {"minsk", "group"};
    static const char *const d3[] = {"lisbon", "group"};
    xap_err err;
    xap_wdb *w = NULL;
    CHECK_INT(xap_wdb_open(scratch("search"), 0, &w, &err), XAP_OK);
    if (!w) return;
    CHECK_INT(add_doc(w, "Q1", d1, 3, &err), XAP_OK);
    CHECK_INT(add_doc(w, "Q2", d2, 2, &err), XAP_OK);
    CHECK_INT(add_doc(w, "Q3", d3, 2, &err), XAP_OK);
    CHECK_INT(xap_wdb_set_metadata(w, "annals.schema", "1", &err), XAP_OK);
    char *meta = NULL;
    CHECK_INT(xap_wdb_get_metadata(w, "annals.schema", &meta, &err), XAP_OK);
    CHECK_STR(meta, "1");
    free(meta);
    uint32_t tf = 0;
    CHECK_INT(xap_wdb_termfreq(w, "lisbon", &tf, &err), XAP_OK);
    CHECK_INT(tf, 2);
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);

    xap_db *db = NULL;
    CHECK_INT(xap_db_open(scratch("search"), &db, &err), XAP_OK);
    if (!db) return;
    CHECK_INT(xap_db_doccount(db), 3);
    CHECK_INT(xap_db_termfreq(db, "group", 5), 2);
    CHECK_INT(xap_db_get_metadata(db, "annals.schema", &meta, &err), XAP_OK);
    CHECK_STR(meta, "1");
    free(meta);

    xap_enquire *enq = NULL;
    CHECK_INT(xap_enquire_new(db, &enq, &err), XAP_OK);
    xap_query *q = xap_query_term("lisbon", 6, 1, 0);
    if (enq) {
        xap_mset *m = run(enq, q);
        if (m) {
            CHECK_INT(xap_mset_size(m), 2);
            CHECK_INT(xap_mset_estimated(m), 2);
            CHECK_INT(xap_mset_exact(m), 1);
            CHECK_INT(xap_mset_docid(m, 0), 1); /* "lisbon" twice in a short document */
            CHECK_INT(xap_mset_docid(m, 1), 3);
            CHECK(xap_mset_weight(m, 0) > xap_mset_weight(m, 1));
            CHECK(xap_mset_weight(m, 1) > 0);
            xap_mset_free(m);
        }
        uint32_t *pos = NULL;
        size_t cap = 0, n = 0;
        CHECK_INT(xap_db_positions(db, 1, "lisbon", 6, &pos, &cap, &n, &err), XAP_OK);
        CHECK_INT(n, 2);
        if (n == 2) {
            CHECK_INT(pos[0], 1);
            CHECK_INT(pos[1], 3);
        }
        free(pos);
        char *v = NULL;
        size_t vl = 0;
        CHECK_INT(xap_db_value(db, 3, 4, &v, &vl, &err), XAP_OK);
        CHECK_STR(v, "Q3");
        CHECK_INT(vl, 2);
        free(v);
        /* Several slots of one document, an empty one among them. */
        static const unsigned slots[2] = {4, 9};
        char *vs[2];
        size_t vls[2];
        CHECK_INT(xap_db_values(db, 3, slots, 2, vs, vls, &err), XAP_OK);
        CHECK_STR(vs[0], "Q3");
        CHECK_INT(vls[0], 2);
        CHECK_STR(vs[1], "");
        CHECK_INT(vls[1], 0);
        free(vs[0]);
        free(vs[1]);
        /* Values, term frequencies and lengths along documents, ascending. */
        static const xap_docid along[3] = {1, 2, 3};
        uint32_t wdf[3], len[3];
        const char *lisbon = "lisbon";
        const size_t lisbon_len = 6;
        CHECK_INT(xap_db_terms_wdfs(db, &lisbon, &lisbon_len, 1, along, 3, wdf, &err), XAP_OK);
        CHECK_INT(wdf[0], 2);
        CHECK_INT(wdf[1], 0);
        CHECK_INT(wdf[2], 1);
        CHECK_INT(xap_db_doclengths(db, along, 3, len, &err), XAP_OK);
        CHECK_INT(len[0], 3);
        CHECK_INT(len[1], 2);
        CHECK_INT(len[2], 2);
        /* The terms of a document under a prefix, with their wdf. */
        char under[32] = "";
        CHECK_INT(xap_db_terms_under(db, 1, "l", cat_term, under, &err), XAP_OK);
        CHECK_STR(under, "lisbon:2 ");
        under[0] = '\0';
        CHECK_INT(xap_db_terms_under(db, 1, "", cat_term, under, &err), XAP_OK);
        CHECK_STR(under, "Q1:0 lisbon:2 summit:1 ");
    }
    xap_query_free(q);

    /* A phrase: only the document with "lisbon summit" in order. */
    xap_query *sub[2] = {xap_query_term("lisbon", 6, 1, 0), xap_query_term("summit", 6, 1, 0)};
    q = xap_query_combine(XAP_OP_PHRASE, sub, 2, 0);
    xap_mset *m = enq ? run(enq, q) : NULL;
    if (m) {
        CHECK_INT(xap_mset_size(m), 1);
        CHECK_INT(xap_mset_docid(m, 0), 1);
        xap_mset_free(m);
    }
    xap_query_free(q);

    /* Spies on slot 4 over "lisbon" (documents 1 and 3): the distinct
     * values counted, or each handed over as the match runs. */
    char seen[32] = "", each[32] = "";
    xap_spy *spies[2] = {xap_spy_new(db, 4), xap_spy_new_each(db, 4, cat_count, each)};
    CHECK(spies[0] && spies[1]);
    q = xap_query_term("lisbon", 6, 1, 0);
    if (q && spies[0] && spies[1]) {
        uint32_t total = 0;
        int exact = 0;
        CHECK_INT(xap_db_count_matches(db, q, spies, 2, &total, &exact, &err), XAP_OK);
        CHECK_INT(total, 2);
        CHECK_INT(exact, 1);
        CHECK_INT(xap_spy_total(spies[0]), 2);
        CHECK_INT(xap_spy_total(spies[1]), 2);
        CHECK_STR(each, "Q1:1 Q3:1 ");
        xap_spy_each(spies[0], cat_count, seen);
        CHECK(strcmp(seen, "Q1:1 Q3:1 ") == 0 || strcmp(seen, "Q3:1 Q1:1 ") == 0);
        seen[0] = '\0';
        xap_spy_each(spies[1], cat_count, seen); /* (handed over already) */
        CHECK_STR(seen, "");
        CHECK_STR(each, "Q1:1 Q3:1 ");
    }
    xap_query_free(q);
    xap_spy_free(spies[0]);
    xap_spy_free(spies[1]);
    xap_enquire_free(enq);
    xap_db_close(db);
}

/* The facet pass's documents: n of them, over a few of the memo's pages
 * of values. */
#define FACET_DOCS 1300

/* Document i: terms "all", "even" or "odd" and "m" i % 7; value v4 in
 * slot 4 ("vK": K < 13, or none when NULL) and i % 3 in slot 5. */
static xap_status add_faceted(xap_wdb *w, unsigned i, const char *v4, xap_err *err)
{
    char uid[16], m[8], v5[8];
    snprintf(uid, sizeof uid, "Q%u", i);
    snprintf(m, sizeof m, "m%u", i % 7);
    snprintf(v5, sizeof v5, "%u", i % 3);
    const char *parity = i % 2 ? "odd" : "even";
    xap_doc *doc = xap_doc_new();
    if (!doc) return XAP_ERR_NOMEM;
    xap_status st = xap_doc_add_term(doc, uid, strlen(uid), 0, err);
    if (st == XAP_OK) st = xap_doc_add_term(doc, "all", 3, 1, err);
    if (st == XAP_OK) st = xap_doc_add_term(doc, parity, strlen(parity), 1, err);
    if (st == XAP_OK) st = xap_doc_add_term(doc, m, strlen(m), 1, err);
    if (st == XAP_OK && v4) st = xap_doc_set_value(doc, 4, v4, strlen(v4), err);
    if (st == XAP_OK) st = xap_doc_set_value(doc, 5, v5, strlen(v5), err);
    if (st == XAP_OK) st = xap_wdb_replace(w, uid, doc, err);
    xap_doc_free(doc);
    return st;
}

typedef struct {
    uint32_t total, seen4, seen5;
    uint32_t c4[13], c5[3];     /* by K of "vK" in slot 4, by slot 5 */
} facet_counts;

/* Adds count to ((uint32_t *)ctx)[K] for a value "vK" or "K". */
static int tally(void *ctx, const char *value, size_t len, uint32_t count)
{
    uint32_t *c = ctx;
    size_t i = len && value[0] == 'v';
    unsigned k = 0;
    for (; i < len; i++) k = k * 10 + (unsigned)(value[i] - '0');
    CHECK(k < 13);
    if (k < 13) c[k] += count;
    return 0;
}

/* The facet pass over term on db: counts in slot 4 (distinct values
 * counted) and slot 5 (each handed over). */
static void count_facet(xap_db *db, const char *term, facet_counts *fc)
{
    memset(fc, 0, sizeof *fc);
    xap_err err;
    int exact = 0;
    xap_spy *spies[2] = {xap_spy_new(db, 4), xap_spy_new_each(db, 5, tally, fc->c5)};
    xap_query *q = xap_query_term(term, strlen(term), 1, 0);
    CHECK(spies[0] && spies[1] && q);
    if (spies[0] && spies[1] && q) {
        CHECK_INT(xap_db_count_matches(db, q, spies, 2, &fc->total, &exact, &err), XAP_OK);
        CHECK_INT(exact, 1);
        xap_spy_each(spies[0], tally, fc->c4);
        fc->seen4 = xap_spy_total(spies[0]);
        fc->seen5 = xap_spy_total(spies[1]);
    }
    xap_query_free(q);
    xap_spy_free(spies[0]);
    xap_spy_free(spies[1]);
}

/* What count_facet should find over term, document i's slot 4 being
 * "vK" for K = v4[i] (none when -1). */
static void expect_facet(const int *v4, const char *term, facet_counts *fc)
{
    memset(fc, 0, sizeof *fc);
    for (unsigned i = 1; i <= FACET_DOCS; i++) {
        char m[8];
        snprintf(m, sizeof m, "m%u", i % 7);
        if (strcmp(term, "all") && strcmp(term, i % 2 ? "odd" : "even") && strcmp(term, m)) continue;
        fc->total++;
        if (v4[i] >= 0) fc->c4[v4[i]]++;
        fc->c5[i % 3]++;
    }
    fc->seen4 = fc->seen5 = fc->total;
}

static void check_facet(xap_db *db, const int *v4, const char *term)
{
    facet_counts got, want;
    count_facet(db, term, &got);
    expect_facet(v4, term, &want);
    CHECK(memcmp(&got, &want, sizeof got) == 0);
    if (memcmp(&got, &want, sizeof got) != 0)
        fprintf(stderr, "  over \"%s\": total %u, want %u\n", term, got.total, want.total);
}

static int take_wdf(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    (void)term;
    (void)len;
    *(uint32_t *)ctx = wdf;
    return 1;
}

/* Two terms' wdfs in every docid of db, ascending (absent ones too), read
 * in one call along the posting lists (each shard's own, on a stub) as
 * each document's term list gives them, term by term and both at once;
 * held[k] documents hold term k. */
static void check_wdfs(xap_db *db, const char *const terms[2], const size_t held[2])
{
    enum { N = 2 * FACET_DOCS + 2 };
    static xap_docid dids[N];
    static uint32_t wdf[2 * N];
    const size_t lens[2] = {strlen(terms[0]), strlen(terms[1])};
    for (size_t i = 0; i < N; i++) dids[i] = (xap_docid)(i + 1);
    xap_err err;
    CHECK_INT(xap_db_terms_wdfs(db, terms, lens, 2, dids, N, wdf, &err), XAP_OK);
    for (size_t k = 0; k < 2; k++) {
        size_t holding = 0, wrong = 0;
        for (size_t i = 0; i < N; i++) {
            uint32_t want = 0;
            if (xap_db_terms_under(db, dids[i], terms[k], take_wdf, &want, &err) != XAP_OK)
                want = 0; /* (no such document) */
            wrong += wdf[k * N + i] != want;
            holding += want > 0;
        }
        CHECK_INT(wrong, 0);
        CHECK_INT(holding, held[k]);
    }
    /* Each document's term list gives the same, both terms at once (in
     * byte order, as xap_db_wdfs takes them). */
    int swap = strcmp(terms[0], terms[1]) > 0;
    const char *const asc[2] = {terms[swap], terms[!swap]};
    const size_t asc_lens[2] = {lens[swap], lens[!swap]};
    size_t differ = 0;
    for (size_t i = 0; i < N; i++) {
        uint32_t one[2];
        if (xap_db_wdfs(db, dids[i], asc, asc_lens, 2, one, &err) != XAP_OK)
            one[0] = one[1] = 0; /* (no such document) */
        differ += one[0] != wdf[(size_t)swap * N + i] || one[1] != wdf[(size_t)!swap * N + i];
    }
    CHECK_INT(differ, 0);
}

/* The facet pass counts the same on two shards (a stub) as on one with
 * the same documents: the spies read a shard's values by its own docids.
 * A reader counts its revision from memory until reopened at another; a
 * writer's reader counts what the writer holds, pending changes too. */
static void facet_pass(void)
{
    static const char *const terms[] = {"all", "even", "odd", "m3", "none"};
    static int v4[FACET_DOCS + 1];
    xap_err err;
    xap_wdb *one = NULL, *shard[2] = {NULL, NULL};
    CHECK_INT(xap_wdb_open(scratch("facet-one"), 0, &one, &err), XAP_OK);
    CHECK_INT(xap_wdb_open(scratch("facet-a"), 0, &shard[0], &err), XAP_OK);
    CHECK_INT(xap_wdb_open(scratch("facet-b"), 0, &shard[1], &err), XAP_OK);
    if (!one || !shard[0] || !shard[1]) return;
    for (unsigned i = 1; i <= FACET_DOCS; i++) {
        char v[8];
        v4[i] = i % 5 ? (int)(i % 13) : -1;
        snprintf(v, sizeof v, "v%d", v4[i]);
        CHECK_INT(add_faceted(one, i, v4[i] < 0 ? NULL : v, &err), XAP_OK);
        /* (Runs of documents to each shard: their docids are not one's.) */
        CHECK_INT(add_faceted(shard[i / 100 % 2], i, v4[i] < 0 ? NULL : v, &err), XAP_OK);
    }
    CHECK_INT(xap_wdb_commit(one, &err), XAP_OK);
    CHECK_INT(xap_wdb_commit(shard[0], &err), XAP_OK);
    CHECK_INT(xap_wdb_commit(shard[1], &err), XAP_OK);
    FILE *f = fopen(scratch("facet.stub"), "w");
    CHECK(f != NULL);
    if (f) {
        fputs("glass facet-a\nglass facet-b\n", f);
        fclose(f);
    }
    xap_db *db[2] = {NULL, NULL};
    CHECK_INT(xap_db_open(scratch("facet-one"), &db[0], &err), XAP_OK);
    CHECK_INT(xap_db_open_shards(scratch("facet.stub"), 1000, &db[1], &err), XAP_OK);
    for (int k = 0; k < 2 && db[k]; k++)
        for (int pass = 0; pass < 2; pass++) /* read, then remembered */
            for (size_t t = 0; t < sizeof terms / sizeof *terms; t++) check_facet(db[k], v4, terms[t]);
    for (int k = 0; k < 2 && db[k]; k++) {
        static const char *const odd_m3[2] = {"odd", "m3"};
        static const size_t held[2] = {FACET_DOCS / 2, (FACET_DOCS + 3) / 7};
        check_wdfs(db[k], odd_m3, held);
    }
    /* New values for documents counted already: each reader
     * counts its revision... */
    static int was[FACET_DOCS + 1];
    memcpy(was, v4, sizeof was);
    static const unsigned changed[] = {7, 260, 777, 1299};
    for (size_t c = 0; c < sizeof changed / sizeof *changed; c++) {
        unsigned i = changed[c];
        v4[i] = (v4[i] + 1) % 13;
        char v[8];
        snprintf(v, sizeof v, "v%d", v4[i]);
        CHECK_INT(add_faceted(one, i, v, &err), XAP_OK);
        CHECK_INT(add_faceted(shard[i / 100 % 2], i, v, &err), XAP_OK);
    }
    CHECK_INT(xap_wdb_commit(one, &err), XAP_OK);
    CHECK_INT(xap_wdb_commit(shard[0], &err), XAP_OK);
    CHECK_INT(xap_wdb_commit(shard[1], &err), XAP_OK);
    for (int k = 0; k < 2 && db[k]; k++) {
        check_facet(db[k], was, "all");
        /* ...until reopened (the stub's shards with it). */
        CHECK_INT(xap_db_reopen(db[k], &err), XAP_OK);
        check_facet(db[k], v4, "all");
        check_facet(db[k], v4, "odd");
        xap_db_close(db[k]);
    }
    /* A writer's reader sees a pending change at once. */
    xap_db *view = xap_wdb_reader(one);
    CHECK(view != NULL);
    if (view) {
        check_facet(view, v4, "all");
        v4[5] = 4;
        CHECK_INT(add_faceted(one, 5, "v4", &err), XAP_OK);
        check_facet(view, v4, "all");
        check_facet(view, v4, "odd");
        xap_db_close(view);
    }
    CHECK_INT(xap_wdb_close(one, &err), XAP_OK);
    CHECK_INT(xap_wdb_close(shard[0], &err), XAP_OK);
    CHECK_INT(xap_wdb_close(shard[1], &err), XAP_OK);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    statuses();
    opening();
    locking();
    terms();
    searching();
    remembering();
    remembering_long_terms();
    facet_pass();
    CHECK_INT(remove_tree(dir), 0);
    CHECK(access(dir, F_OK) != 0);
    CHECK_DONE();
}
