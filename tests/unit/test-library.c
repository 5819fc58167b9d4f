/* test-library.c - the public API (annals.h) end to end: index the
 * reference article with annals_indexer_*, search it with annals_search, and
 * check hits, passages, highlights, facets, ordering and error statuses. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "annals.h"
#include "shim/xap.h"
#include "check.h"

static char dir[] = "/tmp/annals-lib.XXXXXX";
static char dbpath[256];

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    s[*len] = '\0';
    fclose(f);
    return s;
}

static unsigned diags, last_line, last_fatal;
static void on_diag(void *ctx, const char *path, unsigned line, int fatal, const char *msg)
{
    (void)ctx;
    (void)path;
    (void)msg;
    diags++;
    last_line = line;
    last_fatal = (unsigned)fatal;
}

static annals_results *run(annals_db *db, const char *query, unsigned limit, annals_sort sort)
{
    annals_search_opts o;
    annals_search_opts_init(&o);
    o.query = query;
    o.limit = limit;
    o.sort = sort;
    annals_results *r = NULL;
    CHECK_INT(annals_search(db, &o, &r), ANNALS_OK);
    return r;
}

static void test_index(const char *article, size_t len)
{
    annals_indexer *ix = NULL;
    char *msg = NULL;
    CHECK_INT(annals_indexer_open(dbpath, &ix, &msg), ANNALS_OK);
    if (!ix) return;
    annals_indexer_set_diag(ix, on_diag, NULL);
    /* A second writer is refused while this one holds the lock. */
    annals_indexer *other = NULL;
    CHECK_INT(annals_indexer_open(dbpath, &other, &msg), ANNALS_ERR_LOCKED);
    CHECK(msg != NULL && strstr(msg, dbpath) != NULL);
    free(msg);
    CHECK_INT(annals_indexer_add_article(ix, "ref.txt", article, len), ANNALS_OK);
    /* A bad article is skipped with its line; the good one stays. */
    CHECK_INT(annals_indexer_add_article(ix, "bad.txt", "12\n\nbody\n", 9), ANNALS_ERR_INPUT);
    CHECK_INT(diags, 1);
    CHECK_INT(last_line, 2);
    CHECK_INT(last_fatal, 1);
    CHECK_INT(annals_indexer_add_file(ix, "/nonexistent/x.txt"), ANNALS_ERR_IO);
    annals_index_stats stats;
    annals_indexer_stats(ix, &stats);
    CHECK_INT(stats.articles, 1);
    CHECK_INT(stats.sections, 8);
    CHECK_INT(stats.warnings, 0);
    CHECK_INT(stats.articles_skipped, 1);
    CHECK_INT(stats.files_skipped, 1);
    CHECK_INT(annals_indexer_close(ix), ANNALS_OK);
}

static void test_lisbon(annals_db *db)
{
    annals_results *r = run(db, "Lisbon principles", 10, ANNALS_SORT_RELEVANCE);
    if (!r) return;
    CHECK_INT(annals_results_total(r), 4);
    CHECK(annals_results_total_exact(r));
    const annals_hit *h = annals_results_hit(r, 0);
    CHECK_INT(h->rank, 1);
    CHECK_INT(h->article, 1666);
    CHECK_INT(h->section, 2);
    CHECK_STR(h->heading, "Budapest Summit leading to  Minsk Group");
    CHECK_INT(h->npassages, 1);
    const annals_passage *p = &h->passages[0];
    CHECK(strstr(p->text, "agreed on the following principles") != NULL);
    CHECK(strstr(p->text, "To ensure the security of the entire population of Nagorno-Karabakh.") != NULL);
    /* Highlights: "Lisbon" and "principles", at their exact bytes. */
    CHECK_INT(p->nhighlights, 2);
    if (p->nhighlights == 2) {
        CHECK_INT(memcmp(p->text + p->highlights[0].start, "Lisbon", 6), 0);
        CHECK_INT(p->highlights[0].end - p->highlights[0].start, 6);
        CHECK_INT(memcmp(p->text + p->highlights[1].start, "principles", 10), 0);
        CHECK_INT(p->highlights[1].end - p->highlights[1].start, 10);
    }
    /* Scores are ranked. */
    for (size_t i = 1; i < annals_results_count(r); i++)
        CHECK(annals_results_hit(r, i)->score <= annals_results_hit(r, i - 1)->score);
    annals_results_free(r);
}

/* The year facet equals the years counted over every matching section. */
static void test_facets(annals_db *db, const char *query)
{
    annals_results *r = run(db, query, 100, ANNALS_SORT_RELEVANCE);
    if (!r) return;
    unsigned want[1101] = {0};
    for (size_t i = 0; i < annals_results_count(r); i++) {
        const annals_hit *h = annals_results_hit(r, i);
        for (size_t k = 0; k < h->nyears; k++) want[h->years[k] - 1000]++;
    }
    CHECK_INT(annals_results_count(r), annals_results_total(r));
    size_t n;
    const annals_facet *f = annals_results_years(r, &n);
    size_t distinct = 0;
    for (int y = 0; y <= 1100; y++) distinct += want[y] > 0;
    CHECK_INT(n, distinct);
    for (size_t i = 0; i < n; i++) CHECK_INT(f[i].count, want[f[i].value - 1000]);
    annals_results_free(r);
}

/* The decade and century facets count each matching section once in each
 * decade or century it mentions a year of, however many years it names
 * there; years, decades and centuries are counted only when asked for. */
static void test_decades(annals_db *db, const char *query)
{
    annals_search_opts o;
    annals_search_opts_init(&o);
    o.query = query;
    o.limit = 100;
    o.facet_years = 0;
    o.facet_decades = o.facet_centuries = 1;
    annals_results *r = NULL;
    CHECK_INT(annals_search(db, &o, &r), ANNALS_OK);
    if (!r) return;
    CHECK_INT(annals_results_count(r), annals_results_total(r));
    unsigned want[2][111] = {{0}};
    for (size_t i = 0; i < annals_results_count(r); i++) {
        const annals_hit *h = annals_results_hit(r, i);
        for (size_t k = 0; k < h->nyears; k++) {
            int d = (h->years[k] - 1000) / 10, c = (h->years[k] - 1000) / 100;
            if (k == 0 || d != (h->years[k - 1] - 1000) / 10) want[0][d]++;
            if (k == 0 || c != (h->years[k - 1] - 1000) / 100) want[1][c]++;
        }
    }
    size_t n[2], distinct[2] = {0, 0};
    const annals_facet *f[2] = {annals_results_decades(r, &n[0]), annals_results_centuries(r, &n[1])};
    for (int g = 0; g < 2; g++) {
        for (int b = 0; b < 111; b++) distinct[g] += want[g][b] > 0;
        CHECK_INT(n[g], distinct[g]);
        for (size_t i = 0; i < n[g]; i++) {
            int width = g ? 100 : 10;
            CHECK_INT(f[g][i].value % width, 0);
            CHECK(f[g][i].name == NULL);
            CHECK_INT(f[g][i].count, want[g][(f[g][i].value - 1000) / width]);
        }
    }
    size_t ny;
    annals_results_years(r, &ny);
    CHECK_INT(ny, 0);
    annals_results_free(r);
}

/* OSCE: 6 of its 8 sections mention years of the 1990s, 16 mentions in
 * all; by default (the year facet only) no decades or centuries are
 * counted. */
static void test_decade_counts(annals_db *db)
{
    annals_search_opts o;
    annals_search_opts_init(&o);
    o.query = "OSCE";
    annals_results *r = NULL;
    CHECK_INT(annals_search(db, &o, &r), ANNALS_OK);
    if (!r) return;
    size_t n;
    annals_results_decades(r, &n);
    CHECK_INT(n, 0);
    annals_results_centuries(r, &n);
    CHECK_INT(n, 0);
    annals_results_free(r);
    o.facet_decades = o.facet_centuries = 1;
    CHECK_INT(annals_search(db, &o, &r), ANNALS_OK);
    if (!r) return;
    const annals_facet *f = annals_results_years(r, &n);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++) sum += f[i].value < 2000 ? f[i].count : 0;
    CHECK_INT(sum, 16);
    f = annals_results_decades(r, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(f[0].value, 1990);
        CHECK_INT(f[0].count, 6);
        CHECK_INT(f[1].value, 2000);
        CHECK_INT(f[1].count, 1);
    }
    f = annals_results_centuries(r, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(f[0].value, 1900);
        CHECK_INT(f[0].count, 6);
        CHECK_INT(f[1].value, 2000);
        CHECK_INT(f[1].count, 1);
    }
    annals_results_free(r);
}

static void test_filters(annals_db *db)
{
    annals_results *r = run(db, "year:1993", 10, ANNALS_SORT_RELEVANCE);
    if (r) {
        CHECK_INT(annals_results_count(r), 1);
        if (annals_results_count(r)) CHECK_STR(annals_results_hit(r, 0)->heading, "Early participation");
        annals_results_free(r);
    }
    r = run(db, "entity:1567 year:1997", 10, ANNALS_SORT_RELEVANCE);
    if (r) {
        CHECK_INT(annals_results_count(r), 4);
        for (size_t i = 0; i < annals_results_count(r); i++) {
            const annals_hit *h = annals_results_hit(r, i);
            int armenia = 0, y1997 = 0;
            for (size_t k = 0; k < h->nentities; k++) armenia |= h->entities[k].id == 1567;
            for (size_t k = 0; k < h->nyears; k++) y1997 |= h->years[k] == 1997;
            CHECK(armenia && y1997);
            CHECK(strcmp(h->heading, "Package") != 0);
        }
        annals_results_free(r);
    }
    r = run(db, "Armenian side", 10, ANNALS_SORT_RELEVANCE);
    if (r) {
        if (annals_results_count(r)) CHECK_STR(annals_results_hit(r, 0)->heading, "Stage");
        annals_results_free(r);
    }
}

static int mentions_year(const annals_hit *h, int year)
{
    for (size_t k = 0; k < h->nyears; k++)
        if (h->years[k] == year) return 1;
    return 0;
}

static int mentions_entity(const annals_hit *h, uint32_t id)
{
    for (size_t k = 0; k < h->nentities; k++)
        if (h->entities[k].id == id) return 1;
    return 0;
}

/* opts.years and opts.entity narrow a search to the sections that mention
 * them, as year: and entity: do, over the whole query (not one side of an
 * OR), without changing the ranking: the hits are those of the query alone
 * that mention them, with the same scores, in the same order. */
static void test_narrowing(annals_db *db)
{
    static const struct {
        const char *query, *years;
        int from, to;           /* the years' range, when there are years */
        const char *entity;     /* 1567 (Armenia), or none */
        size_t want;
    } cases[] = {{"Lisbon OR Minsk", "1997", 1997, 1997, NULL, 3},
                 {"Lisbon principles", "1994..1996", 1994, 1996, NULL, 2},
                 {"OSCE", "..1993", 1000, 1993, NULL, 2},
                 {"OSCE", NULL, 0, 0, "1567", 5},
                 {"OSCE", NULL, 0, 0, "Armenia", 5},
                 {"Lisbon OR Minsk", "1997", 1997, 1997, "1567", 3}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        annals_results *all = run(db, cases[c].query, 100, ANNALS_SORT_RELEVANCE);
        annals_search_opts o;
        annals_search_opts_init(&o);
        o.query = cases[c].query;
        o.years = cases[c].years;
        o.entity = cases[c].entity;
        o.limit = 100;
        annals_results *r = NULL;
        CHECK_INT(annals_search(db, &o, &r), ANNALS_OK);
        if (!all || !r) {
            annals_results_free(all);
            annals_results_free(r);
            continue;
        }
        size_t k = 0;
        for (size_t i = 0; i < annals_results_count(all); i++) {
            const annals_hit *h = annals_results_hit(all, i);
            int in = !o.entity || mentions_entity(h, 1567);
            int year = !o.years;
            for (int y = cases[c].from; y <= cases[c].to && !year; y++) year = mentions_year(h, y);
            if (!in || !year) continue;
            const annals_hit *g = annals_results_hit(r, k++);
            if (!g) break;
            CHECK_INT(g->article * 100 + g->section, h->article * 100 + h->section);
            CHECK(g->score == h->score);
            CHECK_INT(g->rank, k);
        }
        CHECK_INT(annals_results_count(r), cases[c].want);
        CHECK_INT(k, cases[c].want);
        CHECK_INT(annals_results_total(r), cases[c].want);
        annals_results_free(all);
        annals_results_free(r);
    }
    /* The messages year: and entity: get in a query. */
    annals_search_opts o;
    annals_search_opts_init(&o);
    annals_results *r = NULL;
    o.query = "OSCE";
    o.years = "1999..1990";
    CHECK_INT(annals_search(db, &o, &r), ANNALS_ERR_QUERY);
    CHECK_STR(annals_db_error(db), "year:1999..1990: the range runs backwards");
    o.years = "abc";
    CHECK_INT(annals_search(db, &o, &r), ANNALS_ERR_QUERY);
    CHECK_STR(annals_db_error(db), "year:abc: not a year or range of years (1000 to 2100)");
    o.years = NULL;
    o.entity = "9999999999";
    CHECK_INT(annals_search(db, &o, &r), ANNALS_ERR_QUERY);
    CHECK_STR(annals_db_error(db), "entity:9999999999: entity ids end at 4294967295");
    CHECK(r == NULL);
}

/* A handle opened before a commit sees it after annals_db_reopen. */
static void test_reopen(annals_db *db)
{
    static const char article[] = "88\nZanzibar\nThe zanzibarquux treaty of 1999.\n";
    annals_results *r = run(db, "zanzibarquux", 10, ANNALS_SORT_RELEVANCE);
    if (r) CHECK_INT(annals_results_count(r), 0);
    annals_results_free(r);
    annals_indexer *ix = NULL;
    CHECK_INT(annals_indexer_open(dbpath, &ix, NULL), ANNALS_OK);
    if (!ix) return;
    CHECK_INT(annals_indexer_add_article(ix, "z.txt", article, sizeof article - 1), ANNALS_OK);
    CHECK_INT(annals_indexer_close(ix), ANNALS_OK);
    r = run(db, "zanzibarquux", 10, ANNALS_SORT_RELEVANCE);
    if (r) CHECK_INT(annals_results_count(r), 0);
    annals_results_free(r);
    CHECK_INT(annals_db_reopen(db), ANNALS_OK);
    r = run(db, "zanzibarquux", 10, ANNALS_SORT_RELEVANCE);
    if (r) CHECK_INT(annals_results_count(r), 1);
    annals_results_free(r);
    CHECK_INT(annals_db_sections(db), 9);
}

/* Writes articles 1 to 200, their text naming the round. */
static void index_round(const char *path, int round)
{
    annals_indexer *ix = NULL;
    CHECK_INT(annals_indexer_open(path, &ix, NULL), ANNALS_OK);
    if (!ix) return;
    char art[200];
    for (int a = 1; a <= 200; a++) {
        int n = snprintf(art, sizeof art, "%d\nTitle %d\nAlpha round%d text.\n\nMore\nAlpha %d.\n", a,
                         a, round, a);
        CHECK_INT(annals_indexer_add_article(ix, "x.txt", art, (size_t)n), ANNALS_OK);
    }
    CHECK_INT(annals_indexer_close(ix), ANNALS_OK);
}

/* A handle that several commits have overtaken reads blocks the writer has
 * reused (Xapian's DatabaseModifiedError): annals_search reopens it and
 * runs again, on the latest commit. */
static void test_modified(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/modified", dir);
    index_round(path, 0);
    annals_db *db = NULL;
    CHECK_INT(annals_db_open(path, &db, NULL), ANNALS_OK);
    if (!db) return;
    for (int round = 1; round <= 5; round++) index_round(path, round);
    annals_results *r = run(db, "alpha round5", 10, ANNALS_SORT_RELEVANCE);
    if (r) CHECK_INT(annals_results_total(r), 400);
    annals_results_free(r);
    annals_db_close(db);
}

/* Indexes one article into dir/name and opens it: NULL when either
 * failed (a check says which). */
static annals_db *index_one(const char *name, const char *article, size_t len)
{
    char path[300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    annals_indexer *ix = NULL;
    CHECK_INT(annals_indexer_open(path, &ix, NULL), ANNALS_OK);
    if (!ix) return NULL;
    CHECK_INT(annals_indexer_add_article(ix, "t.txt", article, len), ANNALS_OK);
    CHECK_INT(annals_indexer_close(ix), ANNALS_OK);
    annals_db *db = NULL;
    CHECK_INT(annals_db_open(path, &db, NULL), ANNALS_OK);
    return db;
}

/* A section whose heading is the query word for word comes first, even
 * when another section says the words more often. */
static void test_exact_heading(void)
{
    static const char article[] =
        "77\nTreaties\nTreaties are agreements.\n\nBackground\n"
        "The Lisbon treaty, the Lisbon treaty again, and the Lisbon treaty once more: "
        "the Lisbon treaty was discussed at length.\n\nLisbon Treaty\nIt was signed in 2007.\n";
    annals_db *db = index_one("exact", article, sizeof article - 1);
    if (!db) return;
    annals_results *r = run(db, "Lisbon Treaty", 10, ANNALS_SORT_RELEVANCE);
    if (r) {
        /* Every section has the title's "Treaties" (stem of "treaty"). */
        CHECK_INT(annals_results_count(r), 3);
        if (annals_results_count(r) == 3) {
            CHECK_STR(annals_results_hit(r, 0)->heading, "Lisbon Treaty");
            CHECK_STR(annals_results_hit(r, 1)->heading, "Background");
        }
        annals_results_free(r);
    }
    /* The lead's heading is the title. */
    r = run(db, "treaties", 10, ANNALS_SORT_RELEVANCE);
    if (r) {
        if (annals_results_count(r)) CHECK_INT(annals_results_hit(r, 0)->section, 0);
        annals_results_free(r);
    }
    annals_db_close(db);
}

/* The headings of the first n hits of query, "|"-separated, into out. */
static void headings(annals_db *db, const char *query, size_t n, char *out, size_t cap)
{
    out[0] = '\0';
    annals_results *r = run(db, query, (unsigned)n, ANNALS_SORT_RELEVANCE);
    if (!r) return;
    for (size_t i = 0; i < annals_results_count(r); i++) {
        size_t at = strlen(out);
        snprintf(out + at, cap - at, "%s%s", i ? "|" : "", annals_results_hit(r, i)->heading);
    }
    annals_results_free(r);
}

/* Checks the headings of the first n hits of query ("|"-separated). */
static void expect_headings(annals_db *db, const char *query, size_t n, const char *want)
{
    char got[256];
    headings(db, query, n, got, sizeof got);
    if (strcmp(got, want) != 0) fprintf(stderr, "for the query %s:\n", query);
    CHECK_STR(got, want);
}

/* A related form of a query word, which English stemming leaves apart, is
 * evidence at half weight: a stem less one or two final letters
 * ("category" finds "categorized") or one or two more ("classification"
 * finds "classified"); a stem shorter than five letters has none ("form"
 * does not find "formal"). */
static void test_variants(void)
{
    static const char article[] =
        "78\nVixen law\nVixen law is old.\n\n"
        "Payments\nDamages are paid in money. Damages can be large, and damages grow.\n\n"
        "Kinds\nDamages are categorized by the harm done.\n\n"
        "Habits\nFoxes live in towns. Foxes eat in towns, and foxes sleep there.\n\n"
        "Kin\nFoxes are classified with dogs.\n\n"
        "Styles\nThe form was formal, formal and formal again.\n\n"
        "Plain\nA form, and a plain one.\n";
    annals_db *db = index_one("variants", article, sizeof article - 1);
    if (!db) return;
    expect_headings(db, "damages category", 2, "Kinds|Payments");
    expect_headings(db, "foxes classification", 2, "Kin|Habits");
    expect_headings(db, "form", 2, "Plain|Styles");
    annals_db_close(db);
}

/* Latin diacritics are folded in the stems, at index and query time alike:
 * a search typed without accents finds the accented word, and the reverse.
 * The exact (accented) form is still evidence: "Pólya" ranks the section
 * spelling it so above the one spelling it "Polya", which "Polya" leaves
 * in article order.  Every section holds the title's words (its last two
 * hits match the title only). */
static void test_folding(void)
{
    static const char article[] =
        "79\nGeorge P\xC3\xB3lya\nGeorge P\xC3\xB3lya was a mathematician.\n\n"
        "Early\nPolya wrote a book on problem solving.\n\n"
        "Later\nP\xC3\xB3lya wrote a book on problem solving.\n\n"
        "Logic\nHe met Kurt Godel in Princeton.\n\n"
        "Travels\nHe lectured in S\xC3\xA3o Paulo and in Z\xC3\xBCrich.\n";
    annals_db *db = index_one("folding", article, sizeof article - 1);
    if (!db) return;
    expect_headings(db, "Polya", 10, "George P\xC3\xB3lya|Early|Later|Logic|Travels");
    expect_headings(db, "P\xC3\xB3lya", 10, "George P\xC3\xB3lya|Later|Early|Logic|Travels");
    expect_headings(db, "G\xC3\xB6" "del", 10, "Logic");
    expect_headings(db, "Godel", 10, "Logic");
    expect_headings(db, "\"Sao Paulo\"", 10, "Travels");
    expect_headings(db, "zurich", 10, "Travels");
    annals_db_close(db);
}

static void test_date_order(annals_db *db)
{
    annals_results *r = run(db, "OSCE", 10, ANNALS_SORT_DATE);
    if (!r) return;
    int prev = 0;
    size_t undated = 0;
    for (size_t i = 0; i < annals_results_count(r); i++) {
        const annals_hit *h = annals_results_hit(r, i);
        if (!h->nyears) { undated++; continue; }
        CHECK_INT(undated, 0); /* undated sections come last */
        CHECK(h->years[0] >= prev);
        prev = h->years[0];
    }
    annals_results_free(r);
}

static void test_errors(annals_db *db)
{
    annals_search_opts o;
    annals_search_opts_init(&o);
    annals_results *r = NULL;
    o.query = "year:1999..1990";
    CHECK_INT(annals_search(db, &o, &r), ANNALS_ERR_QUERY);
    CHECK_STR(annals_db_error(db), "year:1999..1990: the range runs backwards");
    CHECK(r == NULL);
    annals_db *none = NULL;
    char *msg = NULL;
    char missing[300];
    snprintf(missing, sizeof missing, "%s/missing", dir);
    CHECK_INT(annals_db_open(missing, &none, &msg), ANNALS_ERR_NOT_ANNALS);
    CHECK(none == NULL && msg != NULL);
    free(msg);
    /* A Xapian database that annals did not write. */
    char other[300];
    snprintf(other, sizeof other, "%s/other", dir);
    xap_wdb *w = NULL;
    xap_err err;
    xap_doc *d = xap_doc_new();
    CHECK_INT(xap_wdb_open(other, 0, &w, &err), XAP_OK);
    CHECK_INT(xap_doc_add_term(d, "hello", 5, 1, &err), XAP_OK);
    CHECK_INT(xap_wdb_replace(w, "Qx", d, &err), XAP_OK);
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
    xap_doc_free(d);
    msg = NULL;
    CHECK_INT(annals_db_open(other, &none, &msg), ANNALS_ERR_NOT_ANNALS);
    CHECK(msg != NULL && strstr(msg, "not an annals database") != NULL);
    free(msg);
    /* ... and annals-index refuses to write into it. */
    annals_indexer *ix = NULL;
    msg = NULL;
    CHECK_INT(annals_indexer_open(other, &ix, &msg), ANNALS_ERR_NOT_ANNALS);
    free(msg);
}

/* A stub naming the database and a remote shard that refuses connections
 * (a port on 127.0.0.1 bound, not listening): an error naming the shard, or
 * with allow_partial the database's results, marked as lacking it. */
static void test_partial(void)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK_INT(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    char stub[300], name[64], want[128];
    snprintf(stub, sizeof stub, "%s/partial.stub", dir);
    snprintf(name, sizeof name, "remote 127.0.0.1:%d", ntohs(a.sin_port));
    snprintf(want, sizeof want, "%s: connection refused", name);
    FILE *f = fopen(stub, "w");
    CHECK(f != NULL);
    if (f) {
        fprintf(f, "auto db\n%s\n", name);
        fclose(f);
    }
    annals_db *db = NULL;
    char *msg = NULL;
    CHECK_INT(annals_db_open(stub, &db, &msg), ANNALS_ERR_UNAVAILABLE);
    CHECK(db == NULL);
    CHECK_STR(msg, want);
    free(msg);
    msg = NULL;
    annals_db_opts opts;
    annals_db_opts_init(&opts);
    opts.timeout = 0;
    const char *paths[] = {stub};
    CHECK_INT(annals_db_open_opts(paths, 1, &opts, &db, &msg), ANNALS_ERR_ARGUMENT);
    CHECK_STR(msg, "the timeout must be above 0 s and at most 1000000 s");
    free(msg);
    msg = NULL;
    opts.timeout = 1;
    opts.allow_partial = 1;
    CHECK_INT(annals_db_open_opts(paths, 1, &opts, &db, &msg), ANNALS_OK);
    if (db) {
        const char *why = NULL;
        CHECK_STR(annals_db_missing(db, 0, &why), name);
        CHECK_STR(why, "connection refused");
        CHECK(annals_db_missing(db, 1, NULL) == NULL);
        annals_db *local = NULL;
        CHECK_INT(annals_db_open(dbpath, &local, NULL), ANNALS_OK);
        CHECK_INT(annals_db_sections(db), local ? annals_db_sections(local) : 0);
        annals_db_close(local);
        annals_results *r = run(db, "OSCE", 10, ANNALS_SORT_RELEVANCE);
        CHECK(r != NULL);
        if (r) {
            CHECK(annals_results_count(r) > 0);
            CHECK_STR(annals_results_missing(r, 0), name);
            CHECK(annals_results_missing(r, 1) == NULL);
            annals_results_free(r);
        }
        annals_db_close(db);
    }
    close(fd);
    /* Whole results lack nothing. */
    CHECK_INT(annals_db_open(dbpath, &db, NULL), ANNALS_OK);
    annals_results *r = db ? run(db, "OSCE", 10, ANNALS_SORT_RELEVANCE) : NULL;
    CHECK(r != NULL && annals_results_missing(r, 0) == NULL);
    CHECK(db && annals_db_missing(db, 0, NULL) == NULL);
    annals_results_free(r);
    annals_db_close(db);
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/1666-azerbaijan-osce-relations.txt", top ? top : ".");
    size_t len;
    char *article = slurp(path, &len);
    CHECK(article != NULL);
    CHECK(mkdtemp(dir) != NULL);
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
    if (article) test_index(article, len);
    annals_db *db = NULL;
    char *msg = NULL;
    CHECK_INT(annals_db_open(dbpath, &db, &msg), ANNALS_OK);
    if (db) {
        CHECK_INT(annals_db_sections(db), 8);
        test_lisbon(db);
        test_facets(db, "OSCE");
        test_facets(db, "Lisbon OR Minsk");
        test_decades(db, "OSCE");
        test_decades(db, "Lisbon OR Minsk");
        test_decade_counts(db);
        test_filters(db);
        test_date_order(db);
        test_errors(db);
        test_narrowing(db);
        test_reopen(db);
        annals_db_close(db);
    }
    test_exact_heading();
    test_variants();
    test_folding();
    test_modified();
    test_partial();
    free(msg);
    free(article);
    CHECK_INT(remove_tree(dir), 0);
    CHECK_DONE();
}
