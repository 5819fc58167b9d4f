/* test-order.c - the order of candidates: docids sorted with where each
 * came from, and equal scores put in date order with their keys read from
 * the database (only theirs), on a database written for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/rank.h"
#include "doc/schema.h"
#include "check.h"

/* Docids across all four bytes, unsorted, and where each lands. */
static void sorting_docids(void)
{
    static const xap_docid in[6] = {0x01000000, 7, 0x00010002, 0x00010001, 0xfffffffe, 300};
    static const xap_docid want[6] = {7, 300, 0x00010001, 0x00010002, 0x01000000, 0xfffffffe};
    size_t at[6];
    xap_docid *got = annals_docids_sorted(in, 6, at);
    CHECK(got != NULL);
    for (size_t i = 0; got && i < 6; i++) {
        CHECK_INT(got[i], want[i]);
        CHECK_INT(got[at[i]], in[i]);
    }
    free(got);
}

/* Documents 1..5, their date keys in SLOT_DATE. */
static const char *const KEYS[5] = {"19960101~1:1", "19940505~2:1", "~3:1", "19940505~1:2", "20000101~4:1"};

static void write_db(const char *path)
{
    xap_err err;
    xap_wdb *w = NULL;
    CHECK_INT(xap_wdb_open(path, 0, &w, &err), XAP_OK);
    for (int d = 0; w && d < 5; d++) {
        xap_doc *doc = xap_doc_new();
        char uid[8];
        snprintf(uid, sizeof uid, "Q%d", d + 1);
        if (!doc) continue;
        CHECK_INT(xap_doc_add_term(doc, uid, strlen(uid), 0, &err), XAP_OK);
        CHECK_INT(xap_doc_set_value(doc, SLOT_DATE, KEYS[d], strlen(KEYS[d]), &err), XAP_OK);
        CHECK_INT(xap_wdb_replace(w, uid, doc, &err), XAP_OK);
        xap_doc_free(doc);
    }
    if (w) CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
}

static void ordering(xap_db *db)
{
    /* Scores 2, 5, 5, 5 and 1 (by docid), no keys known: the three fives
     * in date order (undated last), then 2, then 1; an exact heading
     * before all of them. */
    annals_candidate c[5];
    memset(c, 0, sizeof c);
    static const double score[5] = {2, 5, 5, 5, 1};
    for (int i = 0; i < 5; i++) {
        c[4 - i].did = (xap_docid)i + 1; /* given backwards */
        c[4 - i].score = score[i];
    }
    xap_err err;
    CHECK_INT(annals_candidates_order(db, c, 5, &err), 0);
    static const xap_docid want[5] = {4, 2, 3, 1, 5};
    for (int i = 0; i < 5; i++) CHECK_INT(c[i].did, want[i]);
    CHECK_STR(c[0].key, "19940505~1:2");
    CHECK_STR(c[2].key, "~3:1");
    /* Keys are read for tied scores only. */
    CHECK_STR(c[3].key, "");
    CHECK_STR(c[4].key, "");
    /* Put in order again (the fives are in date order, not docid order),
     * they stay so. */
    CHECK_INT(annals_candidates_order(db, c, 5, &err), 0);
    for (int i = 0; i < 5; i++) CHECK_INT(c[i].did, want[i]);
    c[4].exact = 1;
    CHECK_INT(annals_candidates_order(db, c, 5, &err), 0);
    CHECK_INT(c[0].did, 5);
    CHECK_INT(c[1].did, 4);
    /* A key known already is not read again: a made-up one orders. */
    snprintf(c[1].key, sizeof c[1].key, "~9");
    CHECK_INT(annals_candidates_order(db, c, 5, &err), 0);
    static const xap_docid again[5] = {5, 2, 3, 4, 1};
    for (int i = 0; i < 5; i++) CHECK_INT(c[i].did, again[i]);
}

int main(void)
{
    char dir[] = "/tmp/annals-test-order-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/db", dir);
    sorting_docids();
    write_db(path);
    xap_db *db = NULL;
    xap_err err;
    CHECK_INT(xap_db_open(path, &db, &err), XAP_OK);
    if (db) ordering(db);
    xap_db_close(db);
    CHECK_INT(remove_tree(dir), 0);
    CHECK_DONE();
}
