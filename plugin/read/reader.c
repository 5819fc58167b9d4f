/* reader.c - opens an input, tells its format, and hands its records to the
 * splitter of that format; the article format itself is read here (the whole
 * input is one article). */
#include "read/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "read/formats.h"

/* Detection looks this far past leading white space at most. */
#define DETECT_MAX ((size_t)1 << 20)

int annals_format_parse(const char *s)
{
    static const char *const NAMES[] = {"auto", "article", "jsonl", "wiki"};
    for (size_t i = 0; s && i < sizeof NAMES / sizeof *NAMES; i++)
        if (strcmp(s, NAMES[i]) == 0) return (int)i;
    return -1;
}

/* Whether name[0..*n) ends in suffix (any case); if so, drops it from *n. */
static int drop_suffix(const char *name, size_t *n, const char *suffix)
{
    size_t k = strlen(suffix);
    if (*n <= k || strncasecmp(name + *n - k, suffix, k) != 0) return 0;
    *n -= k;
    return 1;
}

annals_format annals_format_from_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t n = strlen(name);
    if (!drop_suffix(name, &n, ".gz")) drop_suffix(name, &n, ".xz");
    if (drop_suffix(name, &n, ".txt")) return ANNALS_FORMAT_ARTICLE;
    if (drop_suffix(name, &n, ".jsonl")) return ANNALS_FORMAT_JSONL;
    return ANNALS_FORMAT_AUTO;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The format the content says: past a BOM and white space, "<doc " is
 * WikiExtractor, '{' JSON Lines, anything else the article format.  Only
 * peeks: no byte is consumed. */
static annals_format detect(annals_src *src)
{
    for (size_t n = 256;; n *= 2) {
        const unsigned char *p;
        size_t got = annals_src_peek(src, n, &p);
        size_t i = got >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        while (i < got && is_space(p[i])) i++;
        if (i + 5 > got && got == n && n < DETECT_MAX) continue;  /* more may tell */
        if (got - i >= 5 && memcmp(p + i, "<doc", 4) == 0 && (p[i + 4] == ' ' || p[i + 4] == '\t'))
            return ANNALS_FORMAT_WIKI;
        return i < got && p[i] == '{' ? ANNALS_FORMAT_JSONL : ANNALS_FORMAT_ARTICLE;
    }
}

int annals_reader_open(const char *path, annals_format format, const annals_titles *titles,
                       annals_reader **out, char *err, size_t errcap)
{
    *out = NULL;
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errcap, "%s", strerror(errno));
        return -1;
    }
    annals_reader *r = calloc(1, sizeof *r);
    if (!r) {
        if (!is_stdin) close(fd);
        snprintf(err, errcap, "out of memory");
        return -2;
    }
    int rc = annals_src_open(fd, !is_stdin, &r->src, err, errcap);
    if (rc < 0) {
        free(r);
        return rc;
    }
    if (format == ANNALS_FORMAT_AUTO) format = annals_format_from_name(path);
    if (format == ANNALS_FORMAT_AUTO) format = detect(r->src);
    r->format = format;
    r->titles = titles;
    r->line_max = ANNALS_LINE_MAX;
    r->text_max = ANNALS_TEXT_MAX;
    *out = r;
    return 0;
}

annals_format annals_reader_format(const annals_reader *r)
{
    return r->format;
}

static annals_read_status report(annals_reader *r, annals_raw *out, annals_read_status st,
                                 unsigned line, const char *fmt, va_list ap)
{
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    out->text = NULL;
    out->len = 0;
    out->line = line;
    out->lines_map = 0;
    out->error = r->err;
    return st;
}

annals_read_status annals_reader_fail(annals_reader *r, annals_raw *out, unsigned line,
                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, out, ANNALS_READ_ERROR, line, fmt, ap);
    va_end(ap);
    r->done = 1;
    r->final = ANNALS_READ_ERROR;
    r->final_line = line;
    r->final_error = r->err;
    return ANNALS_READ_ERROR;
}

annals_read_status annals_reader_skip(annals_reader *r, annals_raw *out, unsigned line,
                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, out, ANNALS_READ_SKIP, line, fmt, ap);
    va_end(ap);
    return ANNALS_READ_SKIP;
}

annals_read_status annals_reader_article(annals_reader *r, annals_raw *out, unsigned line)
{
    out->text = r->text.data ? r->text.data : "";
    out->len = r->text.len;
    out->line = line;
    out->lines_map = 0;
    out->error = NULL;
    return ANNALS_READ_ARTICLE;
}

/* The failure of a read from the source, as ANNALS_READ_ERROR. */
static annals_read_status src_failed(annals_reader *r, annals_raw *out, int rc, unsigned line,
                                     const char *toolong)
{
    if (rc == ANNALS_SRC_TOOLONG) return annals_reader_fail(r, out, line, "%s", toolong);
    if (rc == ANNALS_SRC_NOMEM) return annals_reader_fail(r, out, line, "out of memory");
    return annals_reader_fail(r, out, line, "%s", annals_src_error(r->src));
}

int annals_reader_line(annals_reader *r, annals_raw *out)
{
    int rc = annals_src_getline(r->src, &r->line, r->line_max);
    if (rc == ANNALS_SRC_EOF) return 0;
    if (rc != ANNALS_SRC_OK) {
        src_failed(r, out, rc, r->lineno + 1, "line longer than 256 MiB");
        return -1;
    }
    r->lineno++;
    abuf *l = &r->line;
    if (l->len && l->data[l->len - 1] == '\r') l->data[--l->len] = '\0';
    if (r->lineno == 1 && l->len >= 3 && memcmp(l->data, "\xEF\xBB\xBF", 3) == 0) {
        memmove(l->data, l->data + 3, l->len - 2);  /* with the NUL */
        l->len -= 3;
    }
    return 1;
}

int annals_start_text(annals_reader *r, uint32_t id, const char *title, size_t n)
{
    while (n && is_space((unsigned char)title[0])) { title++; n--; }
    while (n && is_space((unsigned char)title[n - 1])) n--;
    if (n == 0) return -1;
    abuf_clear(&r->text);
    if (abuf_printf(&r->text, "%u\n", (unsigned)id) < 0 || abuf_reserve(&r->text, n + 1) < 0)
        return -2;
    for (size_t i = 0; i < n; i++) {
        char c = title[i];
        r->text.data[r->text.len++] = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    }
    r->text.data[r->text.len++] = '\n';
    r->text.data[r->text.len] = '\0';
    return 0;
}

/* The article format: the whole input is one article. */
static annals_read_status article_next(annals_reader *r, annals_raw *out)
{
    abuf_clear(&r->text);
    int rc = annals_src_read_all(r->src, &r->text, r->text_max);
    if (rc != ANNALS_SRC_OK) return src_failed(r, out, rc, 0, "file larger than 1 GiB");
    annals_reader_article(r, out, 1);
    out->lines_map = 1;
    r->done = 1;   /* the next call says END */
    return ANNALS_READ_ARTICLE;
}

annals_read_status annals_reader_next(annals_reader *r, annals_raw *out)
{
    memset(out, 0, sizeof *out);
    if (r->done) {
        out->line = r->final_line;
        out->error = r->final_error;
        return r->final;
    }
    annals_read_status st = r->format == ANNALS_FORMAT_JSONL  ? annals_jsonl_next(r, out)
                            : r->format == ANNALS_FORMAT_WIKI ? annals_wiki_next(r, out)
                                                              : article_next(r, out);
    if (st == ANNALS_READ_END) r->done = 1;
    return st;
}

uint64_t annals_reader_offset(const annals_reader *r)
{
    return annals_src_consumed(r->src);
}

void annals_reader_close(annals_reader *r)
{
    if (!r) return;
    annals_src_close(r->src);
    abuf_free(&r->line);
    abuf_free(&r->text);
    annals_wiki_free(&r->wiki);
    free(r);
}
