/* test-query.c - annals_query_parse: the Xapian query built for each form of
 * the query syntax (README), the query-term list, and the error messages. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/query.h"
#include "check.h"

static annals_stemmer *stemmer;
static xap_db *db; /* an empty database, for entity: values read as names */

/* The description of the query parsed from text, or "ERROR(rc): message". */
static const char *parse(const char *text, int plain)
{
    static char out[8192];
    annals_query q;
    abuf err = ABUF_INIT;
    int rc = annals_query_parse(text, plain, db, stemmer, &q, &err);
    if (rc != 0) {
        snprintf(out, sizeof out, "ERROR(%d): %s", rc, err.data ? err.data : "");
        CHECK(q.query == NULL && q.terms == NULL && q.exact == NULL);
    } else {
        char *d = xap_query_describe(q.query);
        snprintf(out, sizeof out, "%s", d ? d : "(null)");
        free(d);
        annals_query_free(&q);
    }
    abuf_free(&err);
    return out;
}

#define Q(text) parse(text, 0)

/* The query-term list as "term/kind/qpos". */
static const char *qterms(const char *text)
{
    static char out[2048];
    annals_query q;
    abuf err = ABUF_INIT;
    out[0] = '\0';
    if (annals_query_parse(text, 0, db, stemmer, &q, &err) == 0) {
        size_t o = 0;
        for (size_t i = 0; i < q.nterms; i++) {
            static const char *const K[] = {"stem", "exact", "entity"};
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%s/%s/%u", i ? " " : "",
                                  q.terms[i].term, K[q.terms[i].kind], q.terms[i].qpos);
            CHECK_INT(q.terms[i].len, strlen(q.terms[i].term));
        }
        annals_query_free(&q);
    } else {
        snprintf(out, sizeof out, "ERROR: %s", err.data ? err.data : "");
    }
    abuf_free(&err);
    return out;
}

static const char *exact_of(const char *text)
{
    static char out[512];
    annals_query q;
    abuf err = ABUF_INIT;
    snprintf(out, sizeof out, "(parse failed)");
    if (annals_query_parse(text, 0, db, stemmer, &q, &err) == 0) {
        snprintf(out, sizeof out, "%s", q.exact ? q.exact : "(null)");
        annals_query_free(&q);
    }
    abuf_free(&err);
    return out;
}

/* n words made with fmt from base + 1 on ("w1 w2 ..."), in a static buffer. */
static const char *many(int n, const char *fmt, int base)
{
    static char out[65536]; /* 5,000 words of up to 12 bytes */
    size_t o = 0;
    for (int i = 1; i <= n; i++) {
        if (i > 1) out[o++] = ' ';
        o += (size_t)snprintf(out + o, sizeof out - o, fmt, base + i);
    }
    return out;
}

static void words_and_phrases(void)
{
    CHECK_STR(Q("Lisbon principles"),
              "Query(((Zlisbon OR Zprincipl) "
              "AND_MAYBE 4 * XEHlisbon principles))");
    CHECK_STR(exact_of("Lisbon principles"), "XEHlisbon principles");
    CHECK_STR(qterms("Lisbon principles"),
              "Zlisbon/stem/0 Zprincipl/stem/1 principles/exact/1");

    /* Stopwords leave a ranked query, but stay when nothing else is there. */
    const char *s = Q("the Lisbon");
    CHECK_STR(s, "Query((Zlisbon AND_MAYBE 4 * XEHthe lisbon))");
    CHECK(strstr(s, "Zthe") == NULL);
    CHECK_STR(qterms("the Lisbon"), "Zlisbon/stem/1");
    CHECK_STR(Q("the"), "Query((Zthe AND_MAYBE 4 * XEHthe))");
    CHECK_STR(Q("the of"),
              "Query(((Zthe OR Zof) AND_MAYBE 4 * XEHthe of))");

    /* Words joined by a hyphen or a dash, and quoted words: a phrase of stems. */
    CHECK_STR(Q("Nagorno-Karabakh"),
              "Query(((Znagorno PHRASE 2 Zkarabakh) AND_MAYBE 4 * XEHnagorno karabakh))");
    CHECK_STR(qterms("Nagorno-Karabakh"),
              "Znagorno/stem/0 Zkarabakh/stem/1");
    CHECK_STR(Q("Armenian\xE2\x80\x93" "Azerbaijani"),
              "Query(((Zarmenian PHRASE 2 Zazerbaijani) AND_MAYBE 4 * "
              "XEHarmenian azerbaijani))");
    CHECK_STR(Q("\"Lisbon Summit\""),
              "Query(((Zlisbon PHRASE 2 Zsummit) AND_MAYBE 4 * XEHlisbon summit))");

    /* Words are normalized as the indexer reads them. */
    {
        size_t sl;
        const char *stem = annals_stem(stemmer, "strasse", 7, &sl);
        char want[256];
        snprintf(want, sizeof want,
                 "Query((Z%.*s AND_MAYBE 4 * XEHstrasse))", (int)sl, stem);
        CHECK_STR(Q("Stra\xC3\x9F" "e"), want);
    }
    CHECK_STR(Q("\xEF\xAC\x81nal"), "Query((Zfinal AND_MAYBE 4 * XEHfinal))");
    CHECK_STR(exact_of("OSCE\xE2\x80\x99s"), "XEHosce's");

    /* Field words: title and section heading terms. */
    CHECK_STR(Q("title:Lisbon"), "Query(ZSlisbon)");
    CHECK_STR(Q("section:\"Minsk Group\""), "Query((ZXHminsk PHRASE 2 ZXHgroup))");
}

static void filters(void)
{
    CHECK_STR(Q("year:1996"), "Query(Y1996)");
    CHECK_STR(Q("year:1994..1997"), "Query((Y1994 OR Y1995 OR Y1996 OR Y1997))");
    CHECK_STR(Q("date:19940101..19941231"), "Query(Y1994)");
    CHECK_STR(Q("date:19941201..19950115"),
              "Query((M199412 OR D19950101 OR D19950102 OR D19950103 OR D19950104 OR "
              "D19950105 OR D19950106 OR D19950107 OR D19950108 OR D19950109 OR D19950110 OR "
              "D19950111 OR D19950112 OR D19950113 OR D19950114 OR D19950115))");
    CHECK_STR(Q("date:1994-12-05"), "Query(D19941205)");
    CHECK_STR(Q("date:199412"), "Query(M199412)");
    CHECK_STR(Q("entity:1588"), "Query(XE1588)");
    CHECK_STR(qterms("entity:1588"), "XE1588/entity/0");
    /* Ids up to 4294967295 are ids, whatever their number of digits. */
    CHECK_STR(Q("entity:123456789"), "Query(XE123456789)");
    CHECK_STR(Q("entity:4294967295"), "Query(XE4294967295)");
    /* A name, in a database without that article: the mention's text. */
    CHECK_STR(Q("entity:\"United States\""), "Query(XENunited states)");

    /* A filter narrows the words; filters of several fields are AND'd. */
    CHECK_STR(Q("year:1996 Lisbon"), "Query((Zlisbon FILTER Y1996))");
    CHECK_STR(Q("entity:1588 year:1996"), "Query((XE1588 AND Y1996))");
    CHECK_STR(Q("year:1996 year:1997"), "Query((Y1996 OR Y1997))");
}

static void operators(void)
{
    CHECK_STR(Q("+a -b"), "Query((Za AND_NOT Zb))");
    CHECK_STR(qterms("+a -b"), "Za/stem/0");
    CHECK_STR(Q("+Lisbon Minsk"),
              "Query((Zlisbon AND_MAYBE Zminsk))");
    CHECK_STR(Q("a AND b"), "Query((Za AND Zb))");
    CHECK_STR(qterms("a AND b"), "Za/stem/0 Zb/stem/1");
    CHECK_STR(Q("a NOT b"), "Query((Za AND_NOT Zb))");
    CHECK_STR(Q("a AND NOT b"), "Query((Za AND_NOT Zb))");
    CHECK_STR(Q("a OR b"), "Query((Za OR Zb))");
    CHECK_STR(Q("a XOR b"), "Query((Za XOR Zb))");
    CHECK_STR(Q("(a OR b) AND c"),
              "Query(((Za OR Zb) AND Zc))");
    /* Operators leave no exact-heading term. */
    CHECK_STR(exact_of("a AND b"), "(null)");
    /* Lower case operators are words. */
    CHECK_STR(qterms("Lisbon and Minsk"),
              "Zlisbon/stem/0 Zminsk/stem/2");
}

static void errors(void)
{
    /* Hostile input: bytes that are not UTF-8, ranges without end. */
    CHECK_STR(Q("caf\xC3"), "ERROR(-1): the query is not valid UTF-8");
    CHECK(strncmp(Q("year:1000..2100 year:1000..2100"), "Query(", 6) == 0);
    CHECK_STR(Q("year:1000..2100 year:1000..2100 year:1000..2100"),
              "ERROR(-1): the year: and date: ranges span more than 2500 terms in all; narrow them");
    /* Parentheses nest 32 deep at most (no stack overflow on hostile input). */
    {
        char deep[2 * 40 + 2];
        for (int k = 0; k < 40; k++) deep[k] = '(';
        deep[40] = 'a';
        for (int k = 0; k < 40; k++) deep[41 + k] = ')';
        deep[81] = '\0';
        CHECK_STR(Q(deep), "ERROR(-1): parentheses nested more than 32 deep");
        char ok[2 * 32 + 2];
        for (int k = 0; k < 32; k++) ok[k] = '(';
        ok[32] = 'a';
        for (int k = 0; k < 32; k++) ok[33 + k] = ')';
        ok[65] = '\0';
        CHECK(strncmp(Q(ok), "Query(", 6) == 0);
    }
    CHECK_STR(Q("foo:bar"),
              "ERROR(-1): unknown field \"foo:\" (fields: title, section, entity, year, date)");
    CHECK_STR(Q("year:1999..1990"), "ERROR(-1): year:1999..1990: the range runs backwards");
    CHECK_STR(Q("year:abc"),
              "ERROR(-1): year:abc: not a year or range of years (1000 to 2100)");
    CHECK_STR(Q("year:999"),
              "ERROR(-1): year:999: not a year or range of years (1000 to 2100)");
    CHECK_STR(Q("date:19940230"),
              "ERROR(-1): date:19940230: not a date or range of dates (YYYYMMDD..YYYYMMDD)");
    CHECK_STR(Q("date:1995..1994"), "ERROR(-1): date:1995..1994: the range runs backwards");
    CHECK_STR(Q("(a"), "ERROR(-1): unbalanced parenthesis");
    CHECK_STR(Q("a)"), "ERROR(-1): unbalanced parenthesis");
    CHECK_STR(Q("a AND"), "ERROR(-1): AND needs a term on each side");
    CHECK_STR(Q("AND a"), "ERROR(-1): AND needs a term on each side");
    CHECK_STR(Q("a OR"), "ERROR(-1): OR needs a term on each side");
    CHECK_STR(Q("NOT a"), "ERROR(-1): NOT needs a term on each side");
    CHECK_STR(Q("a AND AND b"), "ERROR(-1): AND needs a term on each side");

    /* With operators, fields or quotes, at most 1024 words (README: query
     * syntax); free text has no such cap. */
    static const char TOO_MANY[] =
        "ERROR(-1): query with operators or fields has more than 1024 words; shorten it";
    static char text[20000];
    snprintf(text, sizeof text, "+x %s", many(1023, "w%d", 0));
    CHECK(strncmp(Q(text), "Query(", 6) == 0);
    snprintf(text, sizeof text, "+x %s", many(1024, "w%d", 0));
    CHECK_STR(Q(text), TOO_MANY);
    snprintf(text, sizeof text, "%s year:1990", many(1025, "w%d", 0));
    CHECK_STR(Q(text), TOO_MANY);  /* the field comes last */
    snprintf(text, sizeof text, "\"%s\"", many(1024, "w%d", 0));
    CHECK(strncmp(Q(text), "Query(", 6) == 0);
    snprintf(text, sizeof text, "\"%s\"", many(1025, "w%d", 0));
    CHECK_STR(Q(text), TOO_MANY);
    CHECK(strncmp(Q(many(1025, "w%d", 0)), "Query(", 6) == 0);
    /* At most 100,000 bytes. */
    char *big = malloc(100002);
    CHECK(big != NULL);
    if (big) {
        memset(big, 'a', 100001);
        for (size_t i = 1; i < 100001; i += 2) big[i] = ' ';
        big[100001] = '\0';
        CHECK_STR(Q(big), "ERROR(-1): query is longer than 100000 bytes; shorten it");
        big[100000] = '\0';
        CHECK_STR(Q(big), "Query(Za#50000)"); /* one word, 50,000 times */
        free(big);
    }
}

/* "(Zw1 OR Zw2 ... OR Zwn)" in a static buffer. */
static const char *or_of(int n, const char *tail)
{
    static char out[16384];
    size_t o = (size_t)snprintf(out, sizeof out, "Query((");
    for (int i = 1; i <= n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%sZw%d", i > 1 ? " OR " : "", i);
    snprintf(out + o, sizeof out - o, "%s))", tail);
    return out;
}

/* "head Zw<first>/stem/<qpos> ... Zw<last>/stem/<qpos>", qpos from qpos0 on,
 * in a static buffer. */
static const char *stem_list(const char *head, int first, int last, unsigned qpos0)
{
    static char out[4096];
    size_t o = (size_t)snprintf(out, sizeof out, "%s", head);
    for (int i = first; i <= last; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, " Zw%d/stem/%u", i, qpos0++);
    return out;
}

/* Free text of more than 64 words: its 64 best distinct words, by IDF
 * times BM25's query frequency factor, in the query's order. */
static void long_free_text(void)
{
    /* With an empty database every word weighs the same: the first 64. */
    CHECK_STR(Q(many(65, "w%d", 0)), or_of(64, ""));
    CHECK_STR(parse(many(65, "w%d", 0), 1), or_of(64, ""));
    CHECK_STR(Q(many(5000, "w%d", 0)), or_of(64, ""));
    /* 64 words or fewer: as they are, repeats included. */
    CHECK_STR(Q("w1 w2 w1"), "Query(((Zw1 OR Zw2 OR Zw1) AND_MAYBE 4 * XEHw1 w2 w1))");
    /* A repeated word counts once, with its count as wqf, and weighs more. */
    {
        static char text[1024];
        snprintf(text, sizeof text, "%s w70 w70 w70", many(64, "w%d", 0));
        CHECK_STR(Q(text), or_of(63, " OR Zw70#3"));
        /* and its terms are listed once, at the first place */
        snprintf(text, sizeof text, "w70 %s w70 w70", many(64, "w%d", 0));
        CHECK_STR(qterms(text), stem_list("Zw70/stem/0", 1, 63, 1));
    }
    /* A stopword among real words stays out; a phrase is one clause. */
    CHECK_STR(qterms("the Nagorno-Karabakh karabakh Nagorno-Karabakh w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 "
                     "w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 "
                     "w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39 w40 w41 w42 w43 w44 w45 w46 "
                     "w47 w48 w49 w50 w51 w52 w53 w54 w55 w56 w57 w58 w59 w60 w61 w62 w63 w64"),
              stem_list("Znagorno/stem/1 Zkarabakh/stem/2", 1, 62, 6));
}

/* Over a database, a rarer word weighs more: three sections hold Zw1 to
 * Zw70, one of them Zr1 too. */
static void long_free_text_by_idf(const char *dir)
{
    char path[128], term[16];
    snprintf(path, sizeof path, "%s/idf", dir);
    xap_err err;
    xap_wdb *w = NULL;
    CHECK_INT(xap_wdb_open(path, 0, &w, &err), XAP_OK);
    for (int d = 0; w && d < 3; d++) {
        xap_doc *doc = xap_doc_new();
        CHECK(doc != NULL);
        for (int i = 1; doc && i <= 70; i++) {
            int n = snprintf(term, sizeof term, "Zw%d", i);
            CHECK_INT(xap_doc_add_term(doc, term, (size_t)n, 1, &err), XAP_OK);
        }
        if (doc && d == 0) CHECK_INT(xap_doc_add_term(doc, "Zr1", 3, 1, &err), XAP_OK);
        snprintf(term, sizeof term, "Q%d", d);
        if (doc) CHECK_INT(xap_wdb_replace(w, term, doc, &err), XAP_OK);
        xap_doc_free(doc);
    }
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
    xap_db *empty = db;
    CHECK_INT(xap_db_open(path, &db, &err), XAP_OK);
    static char text[1024];
    snprintf(text, sizeof text, "%s r1", many(70, "w%d", 0));
    CHECK_STR(Q(text), or_of(63, " OR Zr1"));
    /* Said 3 times, a word weighs 3/2 of a word as common said once. */
    snprintf(text, sizeof text, "%s w70 w70 r1", many(70, "w%d", 0));
    CHECK_STR(Q(text), or_of(62, " OR Zw70#3 OR Zr1"));
    xap_db_close(db);
    db = empty;
}

/* annals_pick_best: the k highest weights, ties to the earlier, by index. */
static void pick_best(void)
{
    const double w[] = {1, 3, 2, 3, 0.5};
    size_t out[5];
    CHECK_INT(annals_pick_best(w, 5, 2, out), 2);
    CHECK_INT(out[0], 1);
    CHECK_INT(out[1], 3);
    CHECK_INT(annals_pick_best(w, 5, 3, out), 3);
    CHECK_INT(out[0], 1);
    CHECK_INT(out[1], 2);
    CHECK_INT(out[2], 3);
    CHECK_INT(annals_pick_best(w, 5, 64, out), 5);
    CHECK_INT(out[4], 4);
    CHECK_INT(annals_pick_best(w, 0, 64, out), 0);
}

static void plain_mode(void)
{
    CHECK_STR(parse("Relativity: The Special (1905)", 1),
              "Query(((Zrelat OR Zspecial OR Z1905) AND_MAYBE 4 * XEHrelativity the special 1905))");
    /* Operators, quotes, signs, parentheses and fields are words. */
    CHECK_STR(parse("Lisbon XOR \"Minsk\" -Group (Summit", 1),
              "Query(((Zlisbon OR Zxor OR Zminsk OR Zgroup OR Zsummit) "
              "AND_MAYBE 4 * XEHlisbon xor minsk group summit))");
    CHECK_STR(parse("AND", 1), "Query((Zand AND_MAYBE 4 * XEHand))");
    CHECK(strncmp(parse("year:1999..1990", 1), "Query(", 6) == 0);
    CHECK(strncmp(parse("a)", 1), "Query(", 6) == 0);
}

int main(void)
{
    stemmer = annals_stemmer_new();
    CHECK(stemmer != NULL);
    if (!stemmer) CHECK_DONE();

    char dir[] = "/tmp/annals-test-query-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/db", dir);
    xap_err err;
    xap_wdb *w = NULL;
    CHECK_INT(xap_wdb_open(path, 0, &w, &err), XAP_OK);
    CHECK_INT(xap_wdb_close(w, &err), XAP_OK);
    CHECK_INT(xap_db_open(path, &db, &err), XAP_OK);

    words_and_phrases();
    filters();
    operators();
    errors();
    plain_mode();
    long_free_text();
    long_free_text_by_idf(dir);
    pick_best();

    xap_db_close(db);
    annals_stemmer_free(stemmer);
    remove_tree(dir);
    CHECK_DONE();
}
