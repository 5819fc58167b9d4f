/* test-article.c - annals_article_parse: the reference article (FORMAT.md),
 * line ends and BOM, fatal defects with their line, and edge cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/article.h"
#include "check.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, cap + 1);
            if (!p) break;
            buf = p;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* Line no (1-based) of text, in a static buffer. */
static const char *line_of(const char *text, unsigned no)
{
    static char out[4096];
    const char *s = text;
    for (unsigned i = 1; i < no && s; i++) {
        s = strchr(s, '\n');
        if (s) s++;
    }
    out[0] = '\0';
    if (!s) return out;
    size_t n = strcspn(s, "\n");
    snprintf(out, sizeof out, "%.*s", (int)n, s);
    return out;
}

/* Parses s (which must not fail). */
static int parse_ok(const char *s, size_t len, annals_article *a)
{
    unsigned line = 99;
    const char *why = NULL;
    int rc = annals_article_parse(s, len, a, &line, &why);
    CHECK_INT(rc, 0);
    if (rc != 0) fprintf(stderr, "  parse failed: line %u: %s\n", line, why ? why : "?");
    return rc;
}

/* Parses s, which must fail with -1 at line with message why. */
static void parse_fails(const char *s, size_t len, unsigned want_line, const char *want_why)
{
    annals_article a;
    unsigned line = 99;
    const char *why = NULL;
    CHECK_INT(annals_article_parse(s, len, &a, &line, &why), -1);
    CHECK_INT(line, want_line);
    CHECK_STR(why, want_why);
    CHECK(a.sections == NULL && a.title == NULL);
}

static const char *const HEADINGS[] = {
    "Azerbaijan\xE2\x80\x93OSCE relations", "Early participation",
    "Budapest Summit leading to  Minsk Group", "Minsk Group proposals", "Package", "Stage",
    "Common State solution", "See also"};
static const unsigned HEADING_LINES[] = {2, 8, 14, 39, 42, 45, 48, 51};
static const size_t NPARAS[] = {3, 4, 15, 1, 1, 1, 1, 1};

static void reference_article(const char *text, size_t len)
{
    annals_article a;
    if (parse_ok(text, len, &a) != 0) return;
    CHECK_INT(a.id, 1666);
    CHECK_STR(a.title, "Azerbaijan\xE2\x80\x93OSCE relations");
    CHECK_INT(a.nsections, 8);
    for (size_t i = 0; i < a.nsections && i < 8; i++) {
        CHECK_STR(a.sections[i].heading, HEADINGS[i]);
        CHECK_INT(a.sections[i].line, HEADING_LINES[i]);
        CHECK_INT(a.sections[i].is_lead, i == 0);
        CHECK_INT(a.sections[i].npara, NPARAS[i]);
    }
    if (a.nsections != 8) goto out;

    /* The lead's first paragraph: lines 3 and 4 joined by a space. */
    {
        char want[4096];
        snprintf(want, sizeof want, "%s", line_of(text, 3));
        size_t l3 = strlen(want);
        snprintf(want + l3, sizeof want - l3, " %s", line_of(text, 4));
        const annals_para *p = &a.sections[0].paras[0];
        CHECK_STR(p->raw, want);
        CHECK_INT(p->len, strlen(want));
        CHECK_INT(p->line, 3);
        CHECK_INT(p->nlines, 1);
        if (p->nlines == 1) {
            CHECK_INT(p->line_off[0], l3 + 1);
            CHECK_INT(p->line_no[0], 4);
        }
        CHECK_INT(a.sections[0].paras[1].line, 5);
        CHECK_INT(a.sections[0].paras[1].nlines, 0);
    }

    /* The Lisbon principles: a list kept with the paragraph introducing it. */
    {
        const annals_section *s = &a.sections[2];
        const annals_para *p = NULL;
        int found = 0;
        for (size_t i = 0; i < s->npara; i++)
            if (strncmp(s->paras[i].raw, "At the Lisbon Summit, the OSCE participating States",
                        51) == 0) {
                p = &s->paras[i];
                found++;
            }
        CHECK_INT(found, 1);
        if (p) {
            char want[4096];
            int n = snprintf(want, sizeof want, "%s", line_of(text, 20));
            n += snprintf(want + n, sizeof want - (size_t)n, "\n%s", line_of(text, 22));
            n += snprintf(want + n, sizeof want - (size_t)n, "\n%s", line_of(text, 23));
            snprintf(want + n, sizeof want - (size_t)n, "\n%s", line_of(text, 24));
            CHECK_STR(p->raw, want);
            CHECK(strstr(p->raw, "conflict:\nTerritorial integrity of the") != NULL);
            CHECK(strstr(p->raw, "(1588);\nTo give the highest") != NULL);
            CHECK(strstr(p->raw, "(1588);\nTo ensure the security") != NULL);
            CHECK_INT(p->line, 20);
            CHECK_INT(p->nlines, 3);
            if (p->nlines == 3) {
                CHECK_INT(p->line_no[0], 22);
                CHECK_INT(p->line_no[1], 23);
                CHECK_INT(p->line_no[2], 24);
                CHECK_INT(p->line_off[0], strlen(line_of(text, 20)) + 1);
            }
        }
        /* Bernard Fassier (France): a list item, not a heading. */
        found = 0;
        for (size_t i = 0; i < s->npara; i++)
            if (strcmp(s->paras[i].raw, "At present, Co-Chairs of the Minsk Group are:\n"
                                        "Bernard Fassier (France)\nIgor Popov (Russia)") == 0)
                found++;
        CHECK_INT(found, 1);
        for (size_t i = 0; i < a.nsections; i++)
            CHECK(strstr(a.sections[i].heading, "Fassier") == NULL);
    }

    /* "See also" holds its one line; the empty "== References ==" is gone. */
    CHECK_STR(a.sections[7].paras[0].raw, "Foreign relations of [Azerbaijan](1588)");
out:
    annals_article_free(&a);
}

/* The same article with CRLF line ends (and a BOM) parses the same. */
static void same_as_reference(const char *text, size_t len, const char *variant, size_t vlen)
{
    annals_article a, b;
    if (parse_ok(text, len, &a) != 0) return;
    if (parse_ok(variant, vlen, &b) != 0) {
        annals_article_free(&a);
        return;
    }
    CHECK_INT(b.id, a.id);
    CHECK_STR(b.title, a.title);
    CHECK_INT(b.nsections, a.nsections);
    for (size_t i = 0; i < a.nsections && i < b.nsections; i++) {
        CHECK_STR(b.sections[i].heading, a.sections[i].heading);
        CHECK_INT(b.sections[i].line, a.sections[i].line);
        CHECK_INT(b.sections[i].npara, a.sections[i].npara);
        for (size_t j = 0; j < a.sections[i].npara && j < b.sections[i].npara; j++) {
            CHECK_STR(b.sections[i].paras[j].raw, a.sections[i].paras[j].raw);
            CHECK_INT(b.sections[i].paras[j].line, a.sections[i].paras[j].line);
        }
    }
    annals_article_free(&a);
    annals_article_free(&b);
}

static void line_endings_and_bom(const char *text, size_t len)
{
    char *crlf = malloc(2 * len + 4), *bom = malloc(len + 4);
    if (!crlf || !bom) {
        CHECK(!"out of memory");
        free(crlf);
        free(bom);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') crlf[n++] = '\r';
        crlf[n++] = text[i];
    }
    same_as_reference(text, len, crlf, n);

    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, text, len);
    same_as_reference(text, len, bom, len + 3);
    free(crlf);
    free(bom);
}

static void defects(void)
{
    parse_fails("", 0, 0, "empty file");
    parse_fails("abc\nTitle\n", 10, 1, "article id is not a decimal number (at most 4294967295)");
    parse_fails("4294967296\nTitle\nBody.\n", 23, 1,
                "article id is not a decimal number (at most 4294967295)");
    parse_fails("\nTitle\nBody.\n", 13, 1, "missing article id");
    parse_fails("12\n\nbody", 8, 2, "missing title");
    parse_fails("12", 2, 2, "missing title");
    parse_fails("1\nT\nfine\nbad \xFF byte\n", 20, 4, "invalid UTF-8");
    parse_fails("1\nT\nfine\n\xC3\n", 11, 4, "invalid UTF-8");  /* truncated sequence */
    parse_fails("1\nT\nnul \0 here\n", 15, 3, "NUL byte in text");

    /* The largest id is accepted. */
    annals_article a;
    const char *max = "4294967295\nT\nBody.\n";
    if (parse_ok(max, strlen(max), &a) == 0) {
        CHECK_INT(a.id, 4294967295u);
        annals_article_free(&a);
    }
}

static void headings(void)
{
    annals_article a;
    /* A lone short line after a ':' line, followed by a paragraph: a heading. */
    const char *idaho = "7\nRoads\nThere are several highways in Idaho:\n\nAirports\n"
                        "The airports of Idaho are spread over the state and serve a few "
                        "million passengers a year.\n";
    if (parse_ok(idaho, strlen(idaho), &a) == 0) {
        CHECK_INT(a.nsections, 2);
        if (a.nsections == 2) {
            CHECK_INT(a.sections[0].npara, 1);
            CHECK_STR(a.sections[0].paras[0].raw, "There are several highways in Idaho:");
            CHECK_STR(a.sections[1].heading, "Airports");
            CHECK_INT(a.sections[1].line, 5);
            CHECK_INT(a.sections[1].npara, 1);
            CHECK_INT(a.sections[1].paras[0].line, 6);
        }
        annals_article_free(&a);
    }

    /* Wiki headings: an empty one yields no section; one with text does. */
    const char *wiki = "7\nT\nLead text.\n\n== Notes ==\nA note.\n\n== References ==\n\n";
    if (parse_ok(wiki, strlen(wiki), &a) == 0) {
        CHECK_INT(a.nsections, 2);
        if (a.nsections == 2) {
            CHECK_STR(a.sections[0].heading, "T");
            CHECK_STR(a.sections[1].heading, "Notes");
            CHECK_INT(a.sections[1].line, 5);
            CHECK_STR(a.sections[1].paras[0].raw, "A note.");
        }
        annals_article_free(&a);
    }
    const char *only_refs = "7\nT\n== References ==\n";
    if (parse_ok(only_refs, strlen(only_refs), &a) == 0) {
        CHECK_INT(a.nsections, 0);
        annals_article_free(&a);
    }

    /* A short line without a blank line before it is not a heading. */
    const char *noblank = "7\nT\nFirst paragraph ends here.\nNot a heading\n";
    if (parse_ok(noblank, strlen(noblank), &a) == 0) {
        CHECK_INT(a.nsections, 1);
        if (a.nsections == 1) CHECK_INT(a.sections[0].npara, 2);
        annals_article_free(&a);
    }
}

static void huge_line(void)
{
    size_t body = 3 * 1024 * 1024;
    char *s = malloc(body + 16);
    if (!s) {
        CHECK(!"out of memory");
        return;
    }
    memcpy(s, "9\nBig\n", 6);
    for (size_t i = 0; i < body; i++) s[6 + i] = (i % 6 == 5) ? ' ' : "word"[i % 6 % 4];
    s[6 + body - 1] = '.';
    annals_article a;
    if (parse_ok(s, 6 + body, &a) == 0) {
        CHECK_INT(a.nsections, 1);
        if (a.nsections == 1) {
            CHECK_INT(a.sections[0].npara, 1);
            if (a.sections[0].npara == 1) {
                CHECK_INT(a.sections[0].paras[0].len, body);
                CHECK_INT(a.sections[0].paras[0].nlines, 0);
            }
        }
        annals_article_free(&a);
    }
    free(s);
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/1666-azerbaijan-osce-relations.txt", top ? top : ".");
    size_t len = 0;
    char *text = read_file(path, &len);
    CHECK(text != NULL);
    if (text) {
        reference_article(text, len);
        line_endings_and_bom(text, len);
        free(text);
    }
    defects();
    headings();
    huge_line();
    CHECK_DONE();
}
