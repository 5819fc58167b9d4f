/* reader.h - the first stage: an input (a file or standard input, plain,
 * gzip or xz) in one of the archive formats, read as a stream of articles
 * in FORMAT.md's article format, whatever form they came in.  Every reader
 * feeds the same article parser (parse/article.h). */
#ifndef ANNALS_READER_H
#define ANNALS_READER_H

#include <stddef.h>
#include <stdint.h>

#include "read/titles.h"

typedef enum {
    ANNALS_FORMAT_AUTO = 0,     /* detect per input (annals_reader_open) */
    ANNALS_FORMAT_ARTICLE,      /* one article per file (FORMAT.md) */
    ANNALS_FORMAT_JSONL,        /* {"id": 12, "title": "...", "text": "..."} per line */
    ANNALS_FORMAT_WIKI          /* WikiExtractor: <doc id=".." title="..."> ... </doc> */
} annals_format;

/* The format named s ("auto", "article", "jsonl", "wiki"), or -1. */
int annals_format_parse(const char *s);

/* The format a path's name says (*.txt[.gz|.xz], *.jsonl[.gz|.xz]), else
 * ANNALS_FORMAT_AUTO: the content decides (annals_reader_open). */
annals_format annals_format_from_name(const char *path);

typedef struct annals_reader annals_reader;

typedef enum {
    ANNALS_READ_ARTICLE = 1,    /* *out holds the next article */
    ANNALS_READ_END = 0,        /* the input is done */
    ANNALS_READ_SKIP = 2,       /* one record was malformed and is skipped (an
                                 * invalid JSON line, a <doc> without an id):
                                 * out->line and out->error say where and why;
                                 * reading goes on */
    ANNALS_READ_ERROR = -1      /* the input cannot be read further (I/O error,
                                 * corrupt compressed data, a record too long):
                                 * out->line (0: none) and out->error say why;
                                 * articles returned before it were whole */
} annals_read_status;

typedef struct {
    /* The article in the article format: line 1 its id, line 2 its title,
     * then the body.  Owned by the reader, valid until the next call. */
    const char *text;
    size_t len;
    /* The input line where the record starts (1 for a one-article file),
     * and whether the text's lines are the input's lines from there on (1
     * for the article format, 0 for JSON Lines and WikiExtractor), so that
     * a diagnostic can name the input line. */
    unsigned line;
    int lines_map;
    const char *error;          /* ANNALS_READ_SKIP / _ERROR: what is wrong */
} annals_raw;

/* Opens path ("-": standard input, never closed) for reading articles.
 * Compression is detected by magic bytes (gzip, xz) and read through zlib
 * and liblzma, never decompressed to disk.  format AUTO: by the name
 * (annals_format_from_name), else by the content (a first non-blank line
 * starting "<doc " is WikiExtractor, one starting "{" is JSON Lines, else the
 * article format).  titles (may be NULL) resolves WikiExtractor links by
 * title; it is borrowed and must outlive the reader.  On failure returns
 * -1 with a message (without the path) in err; -2 when out of memory. */
int annals_reader_open(const char *path, annals_format format, const annals_titles *titles,
                       annals_reader **out, char *err, size_t errcap);

/* The format being read (after detection). */
annals_format annals_reader_format(const annals_reader *r);

/* The next article; see annals_read_status. */
annals_read_status annals_reader_next(annals_reader *r, annals_raw *out);

/* Bytes consumed from the input so far (compressed bytes for compressed
 * input): for progress. */
uint64_t annals_reader_offset(const annals_reader *r);

void annals_reader_close(annals_reader *r);

#endif
