/* test-read.c - the reader (read/reader.h): the article format, JSON Lines
 * and WikiExtractor output, plain, gzip and xz, format detection, malformed
 * records with their lines, hostile compressed data, and the title map. */
#include <fcntl.h>
#include <jansson.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "parse/article.h"
#include "read/formats.h"
#include "read/reader.h"
#include "read/titles.h"
#include "check.h"

static char dir[] = "/tmp/annals-test-read-XXXXXX";

/* ---- helpers ---- */

/* Writes data to dir/name; returns the path (static, overwritten). */
static const char *put(const char *name, const void *data, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK_INT(fwrite(data, 1, len, f), len);
        fclose(f);
    }
    return path;
}

static const char *puts0(const char *name, const char *s)
{
    return put(name, s, strlen(s));
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    abuf b = ABUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) abuf_add(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return abuf_take(&b);
}

/* gzip of data (one member), malloc'd. */
static unsigned char *gzip(const void *data, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    CHECK_INT(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, len) + 64;
    unsigned char *out = malloc(cap);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    CHECK_INT(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

/* xz of data (one stream), malloc'd. */
static unsigned char *xz(const void *data, size_t len, size_t *out_len)
{
    size_t cap = lzma_stream_buffer_bound(len);
    unsigned char *out = malloc(cap);
    *out_len = 0;
    CHECK_INT(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, data, len, out, out_len, cap),
              LZMA_OK);
    return out;
}

static annals_reader *open_ok(const char *path, annals_format f, const annals_titles *t)
{
    annals_reader *r = NULL;
    char err[256] = "";
    int rc = annals_reader_open(path, f, t, &r, err, sizeof err);
    CHECK_INT(rc, 0);
    if (rc) fprintf(stderr, "  open %s: %s\n", path, err);
    return r;
}

/* Each expect_ checks the next record; at names the caller's line. */
static void expect_article(annals_reader *r, const char *text, size_t len, unsigned line, int at)
{
    int before = failures;
    annals_raw raw;
    CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ARTICLE);
    CHECK_INT(raw.len, len);
    CHECK(raw.text && raw.len == len && memcmp(raw.text, text, len) == 0);
    CHECK_INT(raw.line, line);
    if (failures > before)
        fprintf(stderr, "  (line %d) got %u \"%.*s\" error %s\n", at, raw.line,
                (int)(raw.text ? raw.len : 0), raw.text ? raw.text : "",
                raw.error ? raw.error : "-");
}

static void expect_status(annals_reader *r, annals_read_status st, unsigned line, const char *why,
                          int at)
{
    int before = failures;
    annals_raw raw;
    CHECK_INT(annals_reader_next(r, &raw), st);
    CHECK_INT(raw.line, line);
    if (why) CHECK_STR(raw.error, why);
    if (failures > before) fprintf(stderr, "  (line %d)\n", at);
}

#define EXPECT_ARTICLE(r, s, line) expect_article(r, s, sizeof(s) - 1, line, __LINE__)
#define EXPECT_SKIP(r, line, why) expect_status(r, ANNALS_READ_SKIP, line, why, __LINE__)
#define EXPECT_ERROR(r, line, why) expect_status(r, ANNALS_READ_ERROR, line, why, __LINE__)
#define EXPECT_END(r) expect_status(r, ANNALS_READ_END, 0, NULL, __LINE__)

/* Reads the whole of s as format f (titles t): every article's text
 * followed by "|", "SKIP n: why|", "ERROR n: why|". */
static char *transcript(const char *s, size_t len, annals_format f, const annals_titles *t)
{
    annals_reader *r = open_ok(put("t.in", s, len), f, t);
    abuf out = ABUF_INIT;
    if (!r) return abuf_take(&out);
    annals_raw raw;
    annals_read_status st;
    while ((st = annals_reader_next(r, &raw)) != ANNALS_READ_END) {
        if (st == ANNALS_READ_ARTICLE) {
            abuf_add(&out, raw.text, raw.len);
            abuf_addc(&out, '|');
        } else {
            abuf_printf(&out, "%s %u: %s|", st == ANNALS_READ_SKIP ? "SKIP" : "ERROR", raw.line,
                        raw.error);
        }
        if (st == ANNALS_READ_ERROR) break;
    }
    annals_reader_close(r);
    return abuf_take(&out);
}

#define TRANSCRIPT(s, f, t, want)                                                     \
    do {                                                                              \
        char *got_ = transcript(s, sizeof(s) - 1, f, t);                              \
        CHECK_STR(got_, want);                                                        \
        free(got_);                                                                   \
    } while (0)

/* ---- formats by name ---- */

static void format_names(void)
{
    CHECK_INT(annals_format_parse("jsonl"), ANNALS_FORMAT_JSONL);
    CHECK_INT(annals_format_parse("wiki"), ANNALS_FORMAT_WIKI);
    CHECK_INT(annals_format_parse("article"), ANNALS_FORMAT_ARTICLE);
    CHECK_INT(annals_format_parse("auto"), ANNALS_FORMAT_AUTO);
    CHECK_INT(annals_format_parse("xml"), -1);
    CHECK_INT(annals_format_parse(""), -1);
    CHECK_INT(annals_format_from_name("a/b/1666.txt"), ANNALS_FORMAT_ARTICLE);
    CHECK_INT(annals_format_from_name("1666.txt.gz"), ANNALS_FORMAT_ARTICLE);
    CHECK_INT(annals_format_from_name("1666.TXT.XZ"), ANNALS_FORMAT_ARTICLE);
    CHECK_INT(annals_format_from_name("dump.jsonl"), ANNALS_FORMAT_JSONL);
    CHECK_INT(annals_format_from_name("dump.jsonl.gz"), ANNALS_FORMAT_JSONL);
    CHECK_INT(annals_format_from_name("dump.jsonl.xz"), ANNALS_FORMAT_JSONL);
    CHECK_INT(annals_format_from_name("wiki_00"), ANNALS_FORMAT_AUTO);
    CHECK_INT(annals_format_from_name("wiki_00.gz"), ANNALS_FORMAT_AUTO);
    CHECK_INT(annals_format_from_name("x.txt.bz2"), ANNALS_FORMAT_AUTO);
    CHECK_INT(annals_format_from_name(".txt"), ANNALS_FORMAT_AUTO);
    CHECK_INT(annals_format_from_name("txt"), ANNALS_FORMAT_AUTO);
    CHECK_INT(annals_format_from_name("a.txt/b"), ANNALS_FORMAT_AUTO);
    CHECK_INT(annals_format_from_name("-"), ANNALS_FORMAT_AUTO);
}

/* ---- the article format, plain and compressed ---- */

static void article_format(const char *ref, size_t len)
{
    annals_reader *r = open_ok(put("1666.txt", ref, len), ANNALS_FORMAT_AUTO, NULL);
    if (!r) return;
    CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_ARTICLE);
    annals_raw raw;
    CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ARTICLE);
    CHECK(raw.len == len && memcmp(raw.text, ref, len) == 0);
    CHECK_INT(raw.line, 1);
    CHECK_INT(raw.lines_map, 1);
    CHECK_INT(annals_reader_offset(r), len);
    EXPECT_END(r);
    EXPECT_END(r);
    annals_reader_close(r);

    /* an empty file is one (empty) article: the parser says what is wrong */
    r = open_ok(put("empty", "", 0), ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_ARTICLE);
        EXPECT_ARTICLE(r, "", 1);
        EXPECT_END(r);
        annals_reader_close(r);
    }

    /* NUL bytes pass through */
    static const char nul[] = "1\nT\na\0b\n";
    r = open_ok(put("nul.txt", nul, sizeof nul - 1), ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        EXPECT_ARTICLE(r, "1\nT\na\0b\n", 1);
        annals_reader_close(r);
    }

    /* the article cap */
    r = open_ok(put("big.txt", ref, len), ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        r->text_max = 100;
        EXPECT_ERROR(r, 0, "file larger than 1 GiB");
        EXPECT_ERROR(r, 0, "file larger than 1 GiB");
        annals_reader_close(r);
    }
}

static void compressed(const char *ref, size_t len)
{
    size_t gl, xl;
    unsigned char *gz = gzip(ref, len, &gl);
    unsigned char *x = xz(ref, len, &xl);
    const char *names[] = {"1666.txt.gz", "1666.txt.xz", "noname-gz", "noname-xz"};
    for (int i = 0; i < 4; i++) {
        const char *path = i % 2 ? put(names[i], x, xl) : put(names[i], gz, gl);
        annals_reader *r = open_ok(path, ANNALS_FORMAT_AUTO, NULL);
        if (!r) continue;
        CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_ARTICLE);
        annals_raw raw;
        CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ARTICLE);
        CHECK(raw.len == len && memcmp(raw.text, ref, len) == 0);
        CHECK_INT(annals_reader_offset(r), i % 2 ? xl : gl);
        EXPECT_END(r);
        annals_reader_close(r);
    }

    /* concatenated gzip members, concatenated xz streams */
    abuf two = ABUF_INIT;
    abuf_add(&two, (const char *)gz, gl);
    abuf_add(&two, (const char *)gz, gl);
    abuf twox = ABUF_INIT;
    abuf_add(&twox, (const char *)x, xl);
    abuf_add(&twox, (const char *)x, xl);
    abuf_add(&twox, "\0\0\0\0", 4);   /* stream padding */
    for (int i = 0; i < 2; i++) {
        abuf *b = i ? &twox : &two;
        annals_reader *r = open_ok(put("two.txt", b->data, b->len), ANNALS_FORMAT_AUTO, NULL);
        if (!r) continue;
        annals_raw raw;
        CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ARTICLE);
        CHECK(raw.len == 2 * len && memcmp(raw.text, ref, len) == 0 &&
              memcmp(raw.text + len, ref, len) == 0);
        annals_reader_close(r);
    }
    abuf_free(&two);
    abuf_free(&twox);

    /* truncated and corrupt data: an error, never a crash */
    static const struct {
        int xz;
        size_t cut;     /* bytes dropped at the end */
        size_t flip;    /* a byte spoiled at this offset (0: none) */
        const char *why;
    } BAD[] = {
        {0, 9, 0, "truncated gzip data"},
        {0, 100, 0, "truncated gzip data"},
        {0, 0, 200, NULL},
        {0, 0, 0, NULL},  /* trailing garbage, below */
        {1, 9, 0, "truncated xz data"},
        {1, 300, 0, "truncated xz data"},
        {1, 0, 200, "corrupt xz data"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        abuf b = ABUF_INIT;
        abuf_add(&b, BAD[i].xz ? (const char *)x : (const char *)gz, BAD[i].xz ? xl : gl);
        b.len -= BAD[i].cut;
        if (BAD[i].flip) b.data[BAD[i].flip] ^= 0x55;
        if (!BAD[i].xz && !BAD[i].cut && !BAD[i].flip) abuf_add(&b, "garbage!", 8);
        annals_reader *r = open_ok(put("bad.txt", b.data, b.len), ANNALS_FORMAT_AUTO, NULL);
        abuf_free(&b);
        if (!r) continue;
        annals_raw raw;
        CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ERROR);
        CHECK_INT(raw.line, 0);
        CHECK(raw.error != NULL);
        if (BAD[i].why) CHECK_STR(raw.error, BAD[i].why);
        else CHECK(raw.error && strncmp(raw.error, "corrupt gzip data", 17) == 0);
        CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ERROR);  /* and it stays so */
        annals_reader_close(r);
    }

    /* JSON Lines cut short: the whole lines before the cut are read */
    static const char jl[] = "{\"id\": 1, \"title\": \"A\", \"text\": \"a\"}\n"
                             "{\"id\": 2, \"title\": \"B\", \"text\": \"b\"}\n";
    size_t jgl;
    unsigned char *jgz = gzip(jl, sizeof jl - 1, &jgl);
    annals_reader *r = open_ok(put("cut.jsonl.gz", jgz, jgl - 8), ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        EXPECT_ARTICLE(r, "1\nA\na", 1);
        EXPECT_ARTICLE(r, "2\nB\nb", 2);
        EXPECT_ERROR(r, 3, "truncated gzip data");
        annals_reader_close(r);
    }
    free(jgz);
    free(gz);
    free(x);
}

/* ---- detection, standard input, open errors ---- */

static void detection(void)
{
    static const struct {
        const char *s;
        annals_format f;
    } CASES[] = {
        {"<doc id=\"1\" title=\"A\">\nA\n</doc>\n", ANNALS_FORMAT_WIKI},
        {"\xEF\xBB\xBF \n\t\r\n<doc id=\"1\" title=\"A\">\n</doc>\n", ANNALS_FORMAT_WIKI},
        {"{\"id\": 1}\n", ANNALS_FORMAT_JSONL},
        {"\xEF\xBB\xBF\n\n  {\"id\": 1}\n", ANNALS_FORMAT_JSONL},
        {"12\nTitle\nBody\n", ANNALS_FORMAT_ARTICLE},
        {"\xEF\xBB\xBF" "12\nTitle\n", ANNALS_FORMAT_ARTICLE},
        {"<document>\n", ANNALS_FORMAT_ARTICLE},
        {"<doc", ANNALS_FORMAT_ARTICLE},
        {"   ", ANNALS_FORMAT_ARTICLE},
        {"", ANNALS_FORMAT_ARTICLE},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        annals_reader *r = open_ok(puts0("detect", CASES[i].s), ANNALS_FORMAT_AUTO, NULL);
        if (!r) continue;
        CHECK_INT(annals_reader_format(r), CASES[i].f);
        annals_reader_close(r);
    }

    /* the name wins over the content; an explicit format over both */
    annals_reader *r = open_ok(puts0("x.txt", "{\"id\": 1}\n"), ANNALS_FORMAT_AUTO, NULL);
    if (r) CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_ARTICLE);
    annals_reader_close(r);
    r = open_ok(puts0("x.jsonl", "1\nA\n"), ANNALS_FORMAT_AUTO, NULL);
    if (r) CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_JSONL);
    annals_reader_close(r);
    r = open_ok(puts0("x.txt", "1\nA\n"), ANNALS_FORMAT_WIKI, NULL);
    if (r) CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_WIKI);
    annals_reader_close(r);

    /* past 100,000 blank bytes, compressed: peeking loses nothing */
    abuf b = ABUF_INIT;
    for (int i = 0; i < 100000; i++) abuf_addc(&b, i % 50 ? ' ' : '\n');
    abuf_adds(&b, "{\"id\": 7, \"title\": \"T\", \"text\": \"x\"}");
    size_t gl;
    unsigned char *gz = gzip(b.data, b.len, &gl);
    r = open_ok(put("blank-lead", gz, gl), ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_JSONL);
        EXPECT_ARTICLE(r, "7\nT\nx", 2001);
        EXPECT_END(r);
        annals_reader_close(r);
    }
    free(gz);
    abuf_free(&b);
}

static void standard_input(void)
{
    static const char s[] = "{\"id\": 3, \"title\": \"In\", \"text\": \"put\"}\n";
    int saved = dup(0);
    int fd = open(puts0("stdin", s), O_RDONLY);
    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, 0);
    close(fd);
    annals_reader *r = open_ok("-", ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_JSONL);
        EXPECT_ARTICLE(r, "3\nIn\nput", 1);
        EXPECT_END(r);
        annals_reader_close(r);
    }
    CHECK(fcntl(0, F_GETFD) != -1);   /* still open */
    dup2(saved, 0);
    close(saved);
}

static void open_errors(void)
{
    annals_reader *r = (annals_reader *)1;
    char err[128] = "";
    char path[600];
    snprintf(path, sizeof path, "%s/no-such-file.txt", dir);
    CHECK_INT(annals_reader_open(path, ANNALS_FORMAT_AUTO, NULL, &r, err, sizeof err), -1);
    CHECK(r == NULL);
    CHECK_STR(err, "No such file or directory");
    r = NULL;
    CHECK_INT(annals_reader_open(dir, ANNALS_FORMAT_ARTICLE, NULL, &r, err, sizeof err), -1);
    CHECK(r == NULL);
    CHECK_STR(err, "Is a directory");
}

/* ---- JSON Lines ---- */

static void jsonl(void)
{
    TRANSCRIPT("{\"id\": 12, \"title\": \"Twelve\", \"text\": \"Body.\\nMore.\\n\"}\n"
               "\n"
               "   \r\n"
               "{\"title\": \"T\", \"text\": \"\", \"id\": \"4294967295\"}\r\n"
               "{\"id\": 0, \"title\": \"a\\tb\\nc\\r\", \"text\": \"x\", \"other\": [1]}",
               ANNALS_FORMAT_JSONL, NULL,
               "12\nTwelve\nBody.\nMore.\n|4294967295\nT\n|0\na b c\nx|");

    /* a BOM on line 1; ids with leading zeros are the same number */
    TRANSCRIPT("\xEF\xBB\xBF{\"id\": \"007\", \"title\": \" Bond \", \"text\": \"x\"}\n",
               ANNALS_FORMAT_JSONL, NULL, "7\nBond\nx|");

    /* malformed lines are skipped, naming their line */
    TRANSCRIPT("{\"id\": 1, \"title\": \"A\", \"text\": \"a\"}\n"
               "[1, 2]\n"
               "{\"title\": \"A\", \"text\": \"a\"}\n"
               "{\"id\": 4294967296, \"title\": \"A\", \"text\": \"a\"}\n"
               "{\"id\": -1, \"title\": \"A\", \"text\": \"a\"}\n"
               "{\"id\": 1.5, \"title\": \"A\", \"text\": \"a\"}\n"
               "{\"id\": \"12a\", \"title\": \"A\", \"text\": \"a\"}\n"
               "{\"id\": \"\", \"title\": \"A\", \"text\": \"a\"}\n"
               "{\"id\": null, \"title\": \"A\", \"text\": \"a\"}\n"
               "{\"id\": 1, \"text\": \"a\"}\n"
               "{\"id\": 1, \"title\": 5, \"text\": \"a\"}\n"
               "{\"id\": 1, \"title\": \" \\n \", \"text\": \"a\"}\n"
               "{\"id\": 1, \"title\": \"A\"}\n"
               "{\"id\": 1, \"title\": \"A\", \"text\": [\"a\"]}\n"
               "{\"id\": 2, \"title\": \"B\", \"text\": \"b\"}\n",
               ANNALS_FORMAT_JSONL, NULL,
               "1\nA\na|"
               "SKIP 2: not a JSON object|"
               "SKIP 3: missing \"id\"|"
               "SKIP 4: \"id\" is not a number from 0 to 4294967295|"
               "SKIP 5: \"id\" is not a number from 0 to 4294967295|"
               "SKIP 6: \"id\" is not a number from 0 to 4294967295|"
               "SKIP 7: \"id\" is not a number from 0 to 4294967295|"
               "SKIP 8: \"id\" is not a number from 0 to 4294967295|"
               "SKIP 9: \"id\" is not a number from 0 to 4294967295|"
               "SKIP 10: missing \"title\"|"
               "SKIP 11: \"title\" is not a string|"
               "SKIP 12: \"title\" is empty|"
               "SKIP 13: missing \"text\"|"
               "SKIP 14: \"text\" is not a string|"
               "2\nB\nb|");

    /* invalid JSON, with jansson's reason */
    const char *bad = "\n{\"id\": 1,\n{\"id\": 1, \"title\": \"A\", \"text\": \"a\"} x\n";
    char *t = transcript(bad, strlen(bad), ANNALS_FORMAT_JSONL, NULL);
    CHECK(strncmp(t, "SKIP 2: invalid JSON: ", 22) == 0);
    CHECK(strstr(t, "|SKIP 3: invalid JSON: ") != NULL);
    free(t);
    /* invalid UTF-8 in a string */
    bad = "{\"id\": 1, \"title\": \"\xC3\x28\", \"text\": \"a\"}\n";
    t = transcript(bad, strlen(bad), ANNALS_FORMAT_JSONL, NULL);
    CHECK(strncmp(t, "SKIP 1: invalid JSON: ", 22) == 0);
    free(t);

    /* \u0000 passes through (the article parser rejects it later) */
    annals_reader *r = open_ok(puts0("nul.jsonl", "{\"id\": 1, \"title\": \"A\", \"text\": \"a\\u0000b\"}"),
                               ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        EXPECT_ARTICLE(r, "1\nA\na\0b", 1);
        annals_reader_close(r);
    }

    /* an over-long line stops the reading (the cap lowered for the test) */
    r = open_ok(puts0("long.jsonl", "{\"id\": 1, \"title\": \"A\", \"text\": \"a\"}\n"
                                    "{\"id\": 2, \"title\": \"B\", \"text\": \"0123456789012345678901234567890123456789\"}\n"
                                    "{\"id\": 3, \"title\": \"C\", \"text\": \"c\"}\n"),
                ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        r->line_max = 60;
        EXPECT_ARTICLE(r, "1\nA\na", 1);
        EXPECT_ERROR(r, 2, "line longer than 256 MiB");
        EXPECT_ERROR(r, 2, "line longer than 256 MiB");
        annals_reader_close(r);
    }

    /* a long line (4 MiB), across many reads */
    abuf big = ABUF_INIT, want = ABUF_INIT;
    abuf_adds(&big, "{\"id\": 9, \"title\": \"Big\", \"text\": \"");
    abuf_adds(&want, "9\nBig\n");
    for (int i = 0; i < 400000; i++) {
        abuf_adds(&big, "word word\\n");
        abuf_adds(&want, "word word\n");
    }
    abuf_adds(&big, "\"}\n{\"id\": 10, \"title\": \"Small\", \"text\": \"s\"}\n");
    size_t gl;
    unsigned char *gz = gzip(big.data, big.len, &gl);
    r = open_ok(put("big.jsonl.gz", gz, gl), ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        expect_article(r, want.data, want.len, 1, __LINE__);
        EXPECT_ARTICLE(r, "10\nSmall\ns", 2);
        EXPECT_END(r);
        CHECK_INT(annals_reader_offset(r), gl);
        annals_reader_close(r);
    }
    free(gz);
    abuf_free(&big);
    abuf_free(&want);
}

/* A JSON line and a .txt of the same article give the same text. */
static void jsonl_same_as_txt(const char *ref, size_t len)
{
    const char *title = memchr(ref, '\n', len) + 1;
    const char *body = memchr(title, '\n', len - (size_t)(title - ref)) + 1;
    json_t *o = json_pack("{s:i, s:s%, s:s%}", "id", 1666, "title", title,
                          (size_t)(body - 1 - title), "text", body, len - (size_t)(body - ref));
    char *line = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    CHECK(line != NULL);
    if (!line) return;
    annals_reader *r = open_ok(puts0("same.jsonl", line), ANNALS_FORMAT_AUTO, NULL);
    free(line);
    if (!r) return;
    expect_article(r, ref, len, 1, __LINE__);
    annals_reader_close(r);
}

/* ---- WikiExtractor ---- */

static annals_titles *some_titles(void)
{
    annals_titles *t = annals_titles_new();
    CHECK(t != NULL);
    CHECK_INT(annals_titles_add(t, "Armenia", 7, 1567), 0);
    CHECK_INT(annals_titles_add(t, "Azerbaijan", 10, 1588), 0);
    CHECK_INT(annals_titles_add(t, "Nagorno-Karabakh War", 20, 42), 0);
    CHECK_INT(annals_titles_add(t, "AT&T", 4, 99), 0);
    CHECK_INT(annals_titles_add(t, "Stra\xC3\x9F" "e", 7, 5), 0);
    return t;
}

static void wiki_basics(void)
{
    /* the repeated title is dropped; headings; one-line paragraphs */
    TRANSCRIPT("<doc id=\"12\" url=\"https://en.wikipedia.org/wiki?curid=12\" title=\"Anarchism\">\n"
               "Anarchism\n"
               "\n"
               "Anarchism is a political philosophy and movement that is skeptical of all authority.\n"
               "It is old.\n"
               "\n"
               "History.\n"
               "Prehistoric societies existed.\n"
               "\n"
               "He left.\n"
               "\n"
               "\n"
               "Is it fun?\n"
               "Yes!\n"
               "Wow!\n"
               "\n"
               "This line is a short sentence but it has far too many words to be one.\n"
               "Next.\n"
               "End.\n"
               "</doc>\n",
               ANNALS_FORMAT_WIKI, NULL,
               "12\nAnarchism\n"
               "Anarchism is a political philosophy and movement that is skeptical of all authority.\n"
               "It is old.\n"
               "\n"
               "History\n"
               "Prehistoric societies existed.\n"
               "\n"
               "He left.\n"
               "\n"
               "Is it fun\n"
               "\n"
               "Yes\n"
               "Wow!\n"
               "\n"
               "This line is a short sentence but it has far too many words to be one.\n"
               "\n"
               "Next\n"
               "End.\n|");

    /* a heading right after the title; a title not repeated; docs glued on
     * one line; text after the tag; attributes in any order, single quotes */
    TRANSCRIPT("\xEF\xBB\xBF<doc title='B &amp; C' id='5' url=\"u\">\n"
               "Early life.\n"
               "Born.\n"
               "</doc><doc url=\"u\" id=\"6\" title=\"D\">First line.</doc>\n"
               "<doc id=\"7\" title=\"E\">E\n"
               "Last.</doc>   \n"
               "stray text between docs\n"
               "<doc id=\"8\" title=\"F\"></doc>\n",
               ANNALS_FORMAT_WIKI, NULL,
               "5\nB & C\n\nEarly life\nBorn.\n|6\nD\nFirst line.\n|7\nE\nLast.\n|8\nF\n|");

    /* the article parser reads the headings written */
    annals_reader *r = open_ok(puts0("w", "<doc id=\"3\" title=\"T\">\nT\n\nLead text, which is long enough by far not to be read as a heading at all.\n"
                                          "Short one.\n\nSee also.\nOther things.\n</doc>\n"),
                               ANNALS_FORMAT_AUTO, NULL);
    if (r) {
        CHECK_INT(annals_reader_format(r), ANNALS_FORMAT_WIKI);
        annals_raw raw;
        CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ARTICLE);
        CHECK_INT(raw.lines_map, 0);
        annals_article a;
        unsigned line;
        const char *why;
        CHECK_INT(annals_article_parse(raw.text, raw.len, &a, &line, &why), 0);
        CHECK_INT(a.id, 3);
        CHECK_INT(a.nsections, 2);
        if (a.nsections == 2) {
            CHECK_INT(a.sections[0].npara, 2);
            CHECK_STR(a.sections[1].heading, "See also");
        }
        annals_article_free(&a);
        annals_reader_close(r);
    }
}

static void wiki_markup(void)
{
    annals_titles *t = some_titles();
    static const char doc[] =
        "<doc id=\"1666\" title=\"Azerbaijan&#8211;OSCE relations\">\n"
        "The <a href=\"Armenia\">Armenia</a>n&#8211;<a href=\"azerbaijan\">Azerbaijan</a>i "
        "<a href=\"Nagorno-Karabakh%20War\">war</a> and <a href=\"Nagorno-Karabakh_War#Ceasefire\">"
        "cease<b>fire</b></a>.\n\n"
        "<a href=\"AT%26amp%3BT\">x</a> <a href=\"AT&amp;T\">AT&amp;T</a> "
        "<a href=\"Unknown\">unknown</a> <a href=\"Armenia\">[bracket]</a> "
        "<a href=\"Armenia\"></a>|<a href=\"STRASSE\">street</a> <a href=\"Armenia\">no close\n\n"
        "<b>Bold</b> <i>it</i><br/> <ref name=\"x\">note</ref> a &lt; b &gt; c &quot;q&quot; "
        "&#39;s &#x27;t &amp;amp; &bogus; & &#0; &#xD800; x < y <3 <!-- c -->.\n"
        "</doc>\n";
    TRANSCRIPT(doc, ANNALS_FORMAT_WIKI, t,
               "1666\nAzerbaijan\xE2\x80\x93OSCE relations\n"
               "The [Armenia](1567)n\xE2\x80\x93[Azerbaijan](1588)i [war](42) and [ceasefire](42).\n\n"
               "x [AT&T](99) unknown [bracket] |[street](5) no close\n\n"
               "Bold it note a < b > c \"q\" 's 't &amp; &bogus; & &#0; &#xD800; x < y <3 .\n|");
    /* without a title map, links are their text */
    TRANSCRIPT(doc, ANNALS_FORMAT_WIKI, NULL,
               "1666\nAzerbaijan\xE2\x80\x93OSCE relations\n"
               "The Armenian\xE2\x80\x93" "Azerbaijani war and ceasefire.\n\n"
               "x AT&T unknown [bracket] |street no close\n\n"
               "Bold it note a < b > c \"q\" 's 't &amp; &bogus; & &#0; &#xD800; x < y <3 .\n|");
    /* a heading made of a link */
    TRANSCRIPT("<doc id=\"1\" title=\"X\">\n<a href=\"Armenia\">Armenia</a> and others.\nText.\n</doc>\n",
               ANNALS_FORMAT_WIKI, t, "1\nX\n\n[Armenia](1567) and others\nText.\n|");
    /* NUL bytes pass through; a control character entity is a space */
    static const char nul[] = "<doc id=\"1\" title=\"X\">\na\0b&#10;c\n</doc>\n";
    char *got = transcript(nul, sizeof nul - 1, ANNALS_FORMAT_WIKI, NULL);
    CHECK(got && memcmp(got, "1\nX\na", 5) == 0 && got[5] == '\0' &&
          memcmp(got + 6, "b c\n|", 6) == 0);
    free(got);
    annals_titles_free(t);
}

static void wiki_defects(void)
{
    TRANSCRIPT("<doc url=\"u\" title=\"A\">\nbody\n</doc>\n"
               "<doc id=\"4294967296\" title=\"A\">\nbody\n</doc>\n"
               "<doc id=\"1x\" title=\"A\">body</doc>\n"
               "<doc id=\"1\">\nbody\n</doc>\n"
               "<doc id=\"2\" title=\"  \">\nbody\n</doc>\n"
               "<doc id=\"3\" title=\"ok\">\nbody\n</doc>\n"
               "<doc id=\"4\" title=\"open\n"
               "body\n</doc>\n"
               "<doc id=\"5\" title=\"unbalanced>\nbody\n</doc>\n"
               "<doc\n</doc>\n"
               "<doc id=\"6\" title=\"G\">\nbody\n",
               ANNALS_FORMAT_WIKI, NULL,
               "SKIP 1: <doc> has no id|"
               "SKIP 4: <doc> id is not a number from 0 to 4294967295|"
               "SKIP 7: <doc> id is not a number from 0 to 4294967295|"
               "SKIP 8: <doc> has no title|"
               "SKIP 11: <doc> has no title|"
               "3\nok\nbody\n|"
               "SKIP 17: malformed <doc> tag|"
               "5\nunbalanced\nbody\n|"
               "SKIP 23: malformed <doc> tag|"
               "ERROR 25: unterminated <doc> (started at line 25)|");

    /* a <doc> inside a doc: the first is skipped, the second read */
    TRANSCRIPT("<doc id=\"1\" title=\"A\">\na\n<doc id=\"2\" title=\"B\">\nb\n</doc>\n",
               ANNALS_FORMAT_WIKI, NULL,
               "SKIP 1: <doc> not closed before the next <doc>|2\nB\nb\n|");

    /* hostile lines: many '<' and '<a' without '>' or "</a>" */
    abuf b = ABUF_INIT;
    abuf_adds(&b, "<doc id=\"1\" title=\"A\">\n");
    for (int i = 0; i < 200000; i++) abuf_adds(&b, "<a <x &#1 ");
    abuf_adds(&b, "\n");
    for (int i = 0; i < 200000; i++) abuf_adds(&b, "<a href=x>y");
    abuf_adds(&b, "\n</doc>\n");
    annals_titles *t = some_titles();
    annals_reader *r = open_ok(put("hostile", b.data, b.len), ANNALS_FORMAT_AUTO, t);
    if (r) {
        annals_raw raw;
        CHECK_INT(annals_reader_next(r, &raw), ANNALS_READ_ARTICLE);
        CHECK_INT(raw.len, 4 + 200000 * 10 + 1 + 200000 + 1);
        EXPECT_END(r);
        annals_reader_close(r);
    }
    annals_titles_free(t);
    abuf_free(&b);

    /* the doc cap */
    r = open_ok(puts0("capped", "<doc id=\"1\" title=\"A\">\n0123456789\n0123456789\n</doc>\n"),
                ANNALS_FORMAT_WIKI, NULL);
    if (r) {
        r->text_max = 16;
        EXPECT_ERROR(r, 1, "<doc> larger than 1 GiB");
        annals_reader_close(r);
    }
}

/* ---- the title map ---- */

static void titles(void)
{
    annals_titles *t = annals_titles_new();
    CHECK(t != NULL);
    if (!t) return;
    uint32_t id = 0;
    CHECK_INT(annals_titles_find(t, "x", 1, &id), 0);
    CHECK_INT(annals_titles_add(t, "Nagorno-Karabakh War", 20, 1), 0);
    CHECK_INT(annals_titles_add(t, "nagorno-karabakh_war", 20, 2), 0);  /* the first id stays */
    CHECK_INT(annals_titles_add(t, "\xC3\x89" "cole", 6, 3), 0);          /* École */
    CHECK_INT(annals_titles_add(t, "Stra\xC3\x9F" "e", 7, 4), 0);         /* Straße */
    CHECK_INT(annals_titles_add(t, " _ \t", 4, 5), 0);                    /* empty: not kept */
    CHECK_INT(annals_titles_add(t, "\xFF\xFE", 2, 6), 0);                 /* not UTF-8: kept */
    CHECK_INT(annals_titles_count(t), 4);
    static const struct {
        const char *s;
        uint32_t id;
    } FIND[] = {
        {"Nagorno-Karabakh War", 1}, {"NAGORNO-KARABAKH WAR", 1}, {"  nagorno-Karabakh   War ", 1},
        {"Nagorno-Karabakh__War", 1}, {"_Nagorno-Karabakh\tWar_", 1}, {"\xC3\xA9" "cole", 3},
        {"\xC3\x89" "COLE", 3}, {"e\xCC\x81" "cole", 3}, {"STRASSE", 4}, {"strasse", 4},
        {"\xFF\xFE", 6}, {"Nagorno Karabakh War", 0}, {"", 0}, {" ", 0}, {"\xFF", 0},
    };
    for (size_t i = 0; i < sizeof FIND / sizeof *FIND; i++) {
        id = 0;
        int found = annals_titles_find(t, FIND[i].s, strlen(FIND[i].s), &id);
        CHECK_INT(found, FIND[i].id != 0);
        CHECK_INT(id, FIND[i].id);
        if (found != (FIND[i].id != 0)) fprintf(stderr, "  title \"%s\"\n", FIND[i].s);
    }
    /* many titles, through several growths; a long title */
    char name[64];
    for (uint32_t i = 0; i < 20000; i++) {
        snprintf(name, sizeof name, "Title %u", i);
        CHECK_INT(annals_titles_add(t, name, strlen(name), 100 + i) == 0, 1);
    }
    CHECK_INT(annals_titles_count(t), 20004);
    int ok = 1;
    for (uint32_t i = 0; i < 20000; i++) {
        snprintf(name, sizeof name, "title_%u", i);
        ok &= annals_titles_find(t, name, strlen(name), &id) == 1 && id == 100 + i;
    }
    CHECK(ok);
    char long_title[2000];
    memset(long_title, 'a', sizeof long_title);
    CHECK_INT(annals_titles_add(t, long_title, sizeof long_title, 7), 0);
    memset(long_title, 'A', sizeof long_title);
    CHECK_INT(annals_titles_find(t, long_title, sizeof long_title, &id), 1);
    CHECK_INT(id, 7);
    CHECK_INT(annals_titles_find(NULL, "x", 1, &id), 0);
    annals_titles_free(t);
    annals_titles_free(NULL);
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    const char *top = getenv("top_srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/1666-azerbaijan-osce-relations.txt", top ? top : ".");
    size_t len = 0;
    char *ref = slurp(path, &len);
    CHECK(ref != NULL && len > 0);
    format_names();
    if (ref) {
        article_format(ref, len);
        compressed(ref, len);
        jsonl_same_as_txt(ref, len);
    }
    detection();
    standard_input();
    open_errors();
    jsonl();
    wiki_basics();
    wiki_markup();
    wiki_defects();
    titles();
    free(ref);
    CHECK_INT(remove_tree(dir), 0);
    CHECK_DONE();
}
