/* article.h - the article format (FORMAT.md): id, title, sections made of
 * paragraphs, with lists kept in the paragraph that introduces them. */
#ifndef ANNALS_ARTICLE_H
#define ANNALS_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *raw;          /* the paragraph's text, entity tags still in it; wrapped
                         * lines joined by a space, list items by a newline */
    size_t len;
    unsigned line;      /* the source line of its first line */
    size_t *line_off;   /* raw offset where each further source line starts */
    unsigned *line_no;  /* and that line's number */
    size_t nlines;
    size_t rawcap, offcap, nocap;  /* allocated sizes (the parser's own) */
} annals_para;

typedef struct {
    char *heading;      /* raw heading text (tags still in it); lead: the title */
    unsigned line;      /* the heading's source line (the lead: 2) */
    int is_lead;
    annals_para *paras;
    size_t npara;
} annals_section;

typedef struct {
    uint32_t id;
    char *title;        /* raw, tags still in it */
    annals_section *sections;  /* non-empty sections only */
    size_t nsections;
} annals_article;

/* The most words a heading (or a list item) may have. */
#define ANNALS_HEADING_MAX_WORDS 12

/* Parses an article.  On a fatal defect returns -1 with *line (0 when it
 * concerns the whole file) and *why set; -2 when out of memory.  data may
 * hold a UTF-8 BOM and CRLF line ends. */
int annals_article_parse(const char *data, size_t len, annals_article *out, unsigned *line,
                         const char **why);
void annals_article_free(annals_article *a);

/* The id on an article's first line, without parsing the rest: 0, or -1
 * when it has none (annals_article_parse then says why). */
int annals_article_id(const char *data, size_t len, uint32_t *id);

/* How many words line has once entity tags are read as their text. */
size_t annals_display_words(const char *s, size_t n);

#endif
