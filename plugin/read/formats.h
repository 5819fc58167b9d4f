/* formats.h - the reader's insides, shared by reader.c and the record
 * splitters of each archive format (jsonl.c, wiki.c). */
#ifndef ANNALS_FORMATS_H
#define ANNALS_FORMATS_H

#include <stddef.h>
#include <stdint.h>

#include "read/decompress.h"
#include "read/reader.h"
#include "util/buf.h"
#include "util/id.h"

/* The longest input line (JSON Lines, WikiExtractor) and the largest
 * article (a whole file, a <doc>) read. */
#define ANNALS_LINE_MAX ((size_t)256 << 20)
#define ANNALS_TEXT_MAX ((size_t)1 << 30)

/* WikiExtractor: where the splitter is between two calls. */
typedef struct {
    abuf rest;          /* what followed "</doc>" or a header's '>' on its line */
    unsigned rest_line;
    int has_rest;
    int in_doc;         /* inside a <doc> being returned */
    int skipping;       /* inside a <doc> being skipped, up to its </doc> */
    unsigned doc_line;  /* the <doc> line */
    size_t title_off, title_len;  /* the title in the reader's text */
    abuf held;          /* the last body line, until the next tells whether
                         * it is a heading */
    int has_held;
    int seen_line;      /* a non-blank body line was seen */
    int started;        /* body text was written */
    int blank;          /* a blank line is due before the next body line */
    abuf tmp, link, href;  /* scratch */
} annals_wiki_state;

struct annals_reader {
    annals_src *src;
    annals_format format;
    const annals_titles *titles;
    size_t line_max, text_max;  /* ANNALS_LINE_MAX, ANNALS_TEXT_MAX */
    unsigned lineno;            /* input lines read */
    abuf line;                  /* the current input line */
    abuf text;                  /* the article returned */
    int done;                   /* END or ERROR returned: say it again */
    annals_read_status final;
    unsigned final_line;
    const char *final_error;
    char err[192];
    annals_wiki_state wiki;
};

/* Reads the next input line into r->line, without its line end ('\n' or
 * "\r\n") and, on line 1, a UTF-8 BOM.  Returns 1, 0 at the end of the input,
 * or -1 once *out is filled for ANNALS_READ_ERROR (annals_reader_fail). */
int annals_reader_line(annals_reader *r, annals_raw *out);

/* Fills *out for ANNALS_READ_ERROR at line (0: none) with a message, and
 * makes every later call return the same. */
annals_read_status annals_reader_fail(annals_reader *r, annals_raw *out, unsigned line,
                                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Fills *out for ANNALS_READ_SKIP of the record at line. */
annals_read_status annals_reader_skip(annals_reader *r, annals_raw *out, unsigned line,
                                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Fills *out with r->text, the article of the record at line (lines_map 0). */
annals_read_status annals_reader_article(annals_reader *r, annals_raw *out, unsigned line);


/* Starts r->text with "<id>\n<title>\n", the title's line ends and tabs
 * made spaces and its ends trimmed.  Returns 0, -1 when the title is then
 * empty, -2 when out of memory. */
int annals_start_text(annals_reader *r, uint32_t id, const char *title, size_t n);

annals_read_status annals_jsonl_next(annals_reader *r, annals_raw *out);
annals_read_status annals_wiki_next(annals_reader *r, annals_raw *out);
void annals_wiki_free(annals_wiki_state *w);

#endif
