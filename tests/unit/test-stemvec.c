/* test-stemvec.c - a section's feedback stems packed into SLOT_STEMS: which
 * terms go in, the bytes they take, and what unpacking a value that is not
 * such a packing does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/stemvec.h"
#include "util/buf.h"
#include "check.h"

/* What unpacking hands fn, one "term:wdf" after another, space-separated;
 * it stops after stop terms (0: never). */
typedef struct {
    abuf seen;
    int calls, stop;
} seen;

static int on_stem(void *ctx, const char *term, size_t len, uint32_t wdf)
{
    seen *s = ctx;
    CHECK_INT(strlen(term), len);
    abuf_printf(&s->seen, "%s%s:%u", s->calls ? " " : "", term, (unsigned)wdf);
    return ++s->calls == s->stop;
}

/* Unpacks v (n bytes); what fn saw, or "(not a packing)". */
static const char *unpack(const char *v, size_t n, int stop)
{
    static char out[1024];
    seen s = {ABUF_INIT, 0, stop};
    int rc = annals_stemvec_each(v, n, on_stem, &s);
    snprintf(out, sizeof out, "%s", rc < 0 ? "(not a packing)" : s.seen.data ? s.seen.data : "");
    if (rc < 0) CHECK_INT(s.calls, 0);
    abuf_free(&s.seen);
    return out;
}

static void packs_feedback_stems(void)
{
    static const struct {
        const char *term;
        unsigned wdf;
    } terms[] = {
        {"Zapple", 3}, {"Zapples", 1}, {"Zbanana", 4294967295u}, {"Z1996", 2}, {"Z\xc3\xa9t\xc3\xa9", 1},
        {"ZSapple", 1}, {"ZXHfruit", 2}, {"apple", 5}, {"Q12:3", 0}, {"XE1588", 1}, {"Y1996", 0},
        {"Zthe", 9}, {"Zveri", 2}, {"Zthey'r", 1}, {"Ztheori", 1}, {"the", 9},
    };
    xap_doc *doc = xap_doc_new();
    CHECK(doc != NULL);
    if (!doc) return;
    xap_err err;
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++)
        CHECK_INT(xap_doc_add_term(doc, terms[i].term, strlen(terms[i].term), terms[i].wdf, &err), XAP_OK);
    abuf out = ABUF_INIT;
    CHECK_INT(annals_stemvec_pack(doc, &out, &err), XAP_OK);
    /* Body stems only, stopwords' ("the", "very", "they're") left out, in
     * byte order, each with its wdf. */
    CHECK_STR(unpack(out.data, out.len, 0),
              "Z1996:2 Zapple:3 Zapples:1 Zbanana:4294967295 Ztheori:1 Z\xc3\xa9t\xc3\xa9:1");
    /* "Z1996" whole; "Zapple" shares "Z"; "Zapples" shares "Zapple". */
    static const char want[] = "\0\5Z1996\2" "\1\5apple\3" "\6\1s\1";
    CHECK(out.len > sizeof want - 1 && memcmp(out.data, want, sizeof want - 1) == 0);
    /* fn stops it. */
    CHECK_STR(unpack(out.data, out.len, 2), "Z1996:2 Zapple:3");
    /* A document without body stems packs to nothing. */
    xap_doc *none = xap_doc_new();
    abuf empty = ABUF_INIT;
    if (none) CHECK_INT(xap_doc_add_term(none, "ZSapple", 7, 1, &err), XAP_OK);
    if (none) CHECK_INT(annals_stemvec_pack(none, &empty, &err), XAP_OK);
    CHECK_INT(empty.len, 0);
    xap_doc_free(none);
    /* Cut short, it is not a packing, or (cut between two stems) a
     * packing of the stems before the cut: 5 of the cuts. */
    char full[1024];
    snprintf(full, sizeof full, "%s", unpack(out.data, out.len, 0));
    int shorter = 0;
    for (size_t cut = 1; cut < out.len; cut++) {
        const char *got = unpack(out.data, out.len - cut, 0);
        if (strcmp(got, "(not a packing)") == 0) continue;
        shorter++;
        CHECK(strncmp(full, got, strlen(got)) == 0 && full[strlen(got)] == ' ');
    }
    CHECK_INT(shorter, 5);
    xap_doc_free(doc);
    abuf_free(&out);
}

static void refuses_what_is_not_a_packing(void)
{
    CHECK_STR(unpack("", 0, 0), "");
    CHECK_STR(unpack("\0\2Za\1", 5, 0), "Za:1");
    /* It shares more than the term before holds. */
    CHECK_STR(unpack("\1\2Za\1", 5, 0), "(not a packing)");
    CHECK_STR(unpack("\0\2Za\1" "\3\1b\1", 9, 0), "(not a packing)");
    /* Its rest runs past the end. */
    CHECK_STR(unpack("\0\7Za\1", 5, 0), "(not a packing)");
    /* Longer than 255 bytes. */
    CHECK_STR(unpack("\0\2Za\1" "\2\xff", 7, 0), "(not a packing)");
    /* A wdf of more than 5 bytes. */
    CHECK_STR(unpack("\0\2Za\x80\x80\x80\x80\x80\1", 10, 0), "(not a packing)");
}

int main(void)
{
    packs_feedback_stems();
    refuses_what_is_not_a_packing();
    CHECK_DONE();
}
