/* test-expand.c - annals_expand_terms: which stems feedback takes from the
 * sections taken as relevant, and in which order, on a database written
 * for it; the same whether their stems are read packed (SLOT_STEMS) or
 * from their term lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/expand.h"
#include "search/query.h"
#include "doc/schema.h"
#include "doc/stemvec.h"
#include "util/buf.h"
#include "check.h"

/* Six sections, the first three taken as relevant.  "herd" is in all three
 * and nowhere else; "grass" in two of them and one other; "lion", "river"
 * and "boat" in one each, sections of the same length; "zebra" is the
 * query's; "ZSzebra" a title stem and "zebra" an exact form, neither a body
 * stem; "Zveri" ("very"), in the three as "herd" is, a stopword's stem,
 * never chosen. */
static const char *const SECTIONS[6] = {
    "Zzebra Zherd Zgrass ZSzebra zebra Zveri",
    "Zzebra Zherd Zgrass Zlion Zveri",
    "Zzebra Zherd Zriver Zboat Zveri",
    "Zgrass Zcar",
    "Zcar Zroad",
    "Zcar Zroad",
};

/* Where feedback finds a section's stems: its term list alone (a database
 * indexed before SLOT_STEMS), packed in SLOT_STEMS as the indexer does, or
 * its term list again where SLOT_STEMS holds what is not a packing. */
enum { TERM_LISTS, PACKED, NOT_PACKED, MODES, PACKED_WITH_CAR = MODES };
/* (PACKED_WITH_CAR: as PACKED, and "Zcar" packed in every section) */
static const char *const MODE_NAMES[MODES] = {"term lists", "packed", "not packed"};

/* A document of the terms in text (space-separated, each with wdf 1),
 * and also then of extra unless NULL; NULL (a failed check) when out of
 * memory. */
static xap_doc *doc_of(const char *text, const char *extra)
{
    xap_doc *doc = xap_doc_new();
    char *buf = strdup(text);
    xap_err err;
    for (char *t = buf && doc ? strtok(buf, " ") : NULL; t; t = strtok(NULL, " "))
        CHECK_INT(xap_doc_add_term(doc, t, strlen(t), 1, &err), XAP_OK);
    if (doc && extra) CHECK_INT(xap_doc_add_term(doc, extra, strlen(extra), 1, &err), XAP_OK);
    CHECK(doc && buf);
    free(buf);
    return doc;
}

/* Writes a database at path whose document d + 1 holds the terms of
 * sections[d], its stems as mode says. */
static void write_db(const char *path, const char *const *sections, int n, int mode)
{
    xap_err err;
    xap_wdb *w = NULL;
    CHECK_INT(xap_wdb_open(path, 0, &w, &err), XAP_OK);
    for (int d = 0; w && d < n; d++) {
        xap_doc *doc = doc_of(sections[d], NULL);
        abuf packed = ABUF_INIT;
        if (doc && mode == PACKED) CHECK_INT(annals_stemvec_pack(doc, &packed, &err), XAP_OK);
        if (doc && mode == NOT_PACKED) CHECK_INT(abuf_add(&packed, "\1\1", 2), 0);
        if (doc && mode == PACKED_WITH_CAR) {
            xap_doc *with = doc_of(sections[d], "Zcar");
            if (with) CHECK_INT(annals_stemvec_pack(with, &packed, &err), XAP_OK);
            xap_doc_free(with);
        }
        if (doc && packed.len) CHECK_INT(xap_doc_set_value(doc, SLOT_STEMS, packed.data, packed.len, &err), XAP_OK);
        abuf_free(&packed);
        char uid[8];
        snprintf(uid, sizeof uid, "Q%d", d);
        if (doc) CHECK_INT(xap_wdb_replace(w, uid, doc, &err), XAP_OK);
        xap_doc_free(doc);
    }
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
}

/* The database at path, with text parsed against it into q; NULL (a
 * failed check) when either fails. */
static xap_db *open_with_query(const char *path, annals_stemmer *stemmer, const char *text, annals_query *q)
{
    xap_db *db = NULL;
    xap_err err;
    abuf qerr = ABUF_INIT;
    CHECK_INT(xap_db_open(path, &db, &err), XAP_OK);
    if (db && annals_query_parse(text, 1, db, stemmer, q, &qerr) != 0) {
        CHECK(!"the query parses");
        xap_db_close(db);
        db = NULL;
    }
    abuf_free(&qerr);
    return db;
}

/* The stems chosen, space-separated. */
static const char *chosen(xap_db *db, const annals_query *q, const double *share, unsigned min_docs,
                          size_t max)
{
    static char out[256];
    static const xap_docid rel[3] = {1, 2, 3};
    annals_expand_term t[8];
    size_t n = 0;
    xap_err err;
    out[0] = '\0';
    CHECK_INT(annals_expand_terms(db, q, rel, share, 3, min_docs, max, t, &n, NULL, &err), 0);
    for (size_t i = 0, o = 0; i < n; i++) {
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? " " : "", t[i].term);
        CHECK(t[i].weight > 0);
        if (i) CHECK(t[i].weight <= t[i - 1].weight);
    }
    annals_expand_terms_free(t, n);
    return out;
}

/* Two relevant sections of 2,500 stems each that only one holds (more
 * stems than the table first has room for), and stems that share their
 * first 8 bytes: "internationalisation" in both (twice in the first),
 * "internationalism" and "internationalise" (as long) in one each; "peace"
 * in both and in a third section.  The stems' wdfs in each come with them. */
static void many_stems(const char *path, annals_stemmer *stemmer, int mode)
{
    abuf text[3] = {ABUF_INIT, ABUF_INIT, ABUF_INIT};
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < 2500; i++) CHECK_INT(abuf_printf(&text[d], "Zfiller%c%04d ", 'a' + d, i), 0);
    CHECK_INT(abuf_adds(&text[0], "Zinternationalisation Zinternationalisation Zinternationalism Zpeace"), 0);
    CHECK_INT(abuf_adds(&text[1], "Zinternationalisation Zinternationalise Zpeace"), 0);
    CHECK_INT(abuf_adds(&text[2], "Zpeace Zwar"), 0);
    const char *const sections[3] = {text[0].data, text[1].data, text[2].data};
    write_db(path, sections, 3, mode);
    for (int d = 0; d < 3; d++) abuf_free(&text[d]);
    annals_query q;
    xap_db *db = open_with_query(path, stemmer, "war", &q);
    if (!db) return;
    static const xap_docid rel[2] = {1, 2};
    annals_expand_term t[4];
    uint32_t wdfs[4 * 2];
    size_t n = 0;
    xap_err err;
    CHECK_INT(annals_expand_terms(db, &q, rel, NULL, 2, 2, 4, t, &n, wdfs, &err), 0);
    /* Both held by the two; peace by a third section too. */
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(t[0].term, "Zinternationalisation");
        CHECK_STR(t[1].term, "Zpeace");
        CHECK_INT(t[0].termfreq, 2);
        CHECK_INT(wdfs[0], 2);
        CHECK_INT(wdfs[1], 1);
        CHECK_INT(wdfs[2], 1);
        CHECK_INT(wdfs[3], 1);
    }
    annals_expand_terms_free(t, n);
    /* In one is enough: the two sections' own stems weigh less. */
    CHECK_INT(annals_expand_terms(db, &q, rel, NULL, 2, 1, 4, t, &n, wdfs, &err), 0);
    CHECK_INT(n, 4);
    if (n == 4) CHECK_STR(t[0].term, "Zinternationalisation");
    for (size_t k = 1; k < n; k++) { /* each held by one section, once */
        int first = strncmp(t[k].term, "Zfillera", 8) == 0 || strcmp(t[k].term, "Zinternationalism") == 0;
        CHECK_INT(wdfs[k * 2], first);
        CHECK_INT(wdfs[k * 2 + 1], !first);
    }
    annals_expand_terms_free(t, n);
    annals_query_free(&q);
    xap_db_close(db);
}

/* The checks on the six sections, their stems read as mode says. */
static void six_sections(const char *path, annals_stemmer *stemmer, int mode)
{
    write_db(path, SECTIONS, 6, mode);
    annals_query q;
    xap_db *db = open_with_query(path, stemmer, "zebra", &q);
    if (!db) return;
    /* In at least two of the three: herd (all three, nowhere else)
     * weighs more than grass (two, and one other). */
    CHECK_STR(chosen(db, &q, NULL, 2, 8), "Zherd Zgrass");
    CHECK_STR(chosen(db, &q, NULL, 2, 1), "Zherd");
    /* In one is enough: lion, river and boat too, each in one section
     * and nowhere else, so equal: the lexically smaller first. */
    CHECK_STR(chosen(db, &q, NULL, 1, 8), "Zherd Zgrass Zboat Zlion Zriver");
    /* The third section ranked far above the others: its river and
     * boat (one section each) outweigh grass (the two others), and
     * lion (the second's). */
    static const double third[3] = {0.25, 0.25, 2.5};
    CHECK_STR(chosen(db, &q, third, 1, 8), "Zherd Zboat Zriver Zgrass Zlion");
    annals_query_free(&q);
    xap_db_close(db);
}

int main(void)
{
    char dir[] = "/tmp/annals-test-expand-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    annals_stemmer *stemmer = annals_stemmer_new();
    CHECK(stemmer != NULL);
    /* The same stems, wherever they are read from. */
    for (int mode = 0; stemmer && mode < MODES; mode++) {
        int before = failures;
        char path[64];
        snprintf(path, sizeof path, "%s/six-%d", dir, mode);
        six_sections(path, stemmer, mode);
        snprintf(path, sizeof path, "%s/many-%d", dir, mode);
        many_stems(path, stemmer, mode);
        if (failures > before) fprintf(stderr, "  (stems read from: %s)\n", MODE_NAMES[mode]);
    }
    /* Packed stems are what is read where they are: "Zcar", packed in the
     * three relevant sections but not in their term lists, is held there
     * and in the three others (so their terms say), as "Zherd" is in the
     * three alone: as much weight. */
    char path[64];
    snprintf(path, sizeof path, "%s/car", dir);
    write_db(path, SECTIONS, 6, PACKED_WITH_CAR);
    annals_query q;
    xap_db *db = stemmer ? open_with_query(path, stemmer, "zebra", &q) : NULL;
    if (db) {
        CHECK_STR(chosen(db, &q, NULL, 2, 8), "Zcar Zherd Zgrass");
        annals_query_free(&q);
        xap_db_close(db);
    }
    annals_stemmer_free(stemmer);
    remove_tree(dir);
    CHECK_DONE();
}
