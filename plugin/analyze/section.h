/* section.h - a section's display form: tags resolved, paragraphs joined,
 * mentions and dates found.  What the indexer tokenizes and stores. */
#ifndef ANNALS_SECTION_H
#define ANNALS_SECTION_H

#include "parse/article.h"
#include "util/buf.h"
#include "analyze/dates.h"
#include "analyze/entity.h"

typedef struct {
    abuf heading;           /* display heading (the lead: the title) */
    abuf text;              /* paragraphs joined by a blank line */
    size_t *para_start;     /* each paragraph's first byte in text */
    size_t npara;
    annals_mentions mentions;  /* offsets into text */
    annals_dates dates;
} annals_section_text;

/* Reports a tag kept as ordinary text, with its source line. */
typedef void (*annals_line_warn_fn)(void *ctx, unsigned line, const char *why);

/* Builds the display form of s.  Returns 0, or -1 when out of memory (out
 * is then freed). */
int annals_section_build(const annals_section *s, annals_section_text *out,
                         annals_line_warn_fn warn, void *ctx);
void annals_section_text_free(annals_section_text *t);

/* Resolves the tags of a short raw string (a title or heading) into out. */
int annals_display_line(const char *raw, abuf *out);

#endif
