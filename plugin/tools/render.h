/* render.h - how annals-search shows results: text for people (with
 * highlights, a year histogram, a timeline), JSON for scripts, TREC runs. */
#ifndef ANNALS_RENDER_H
#define ANNALS_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "annals.h"

typedef struct {
    int color;          /* bold highlights (a terminal), else [markers] */
    int timeline;       /* group the hits by year */
    unsigned width;     /* wrap passages to this many columns (0: never) */
} render_opts;

void render_text(FILE *out, const annals_results *r, const render_opts *o);
/* Returns 0, or -1 when out of memory. */
int render_json(FILE *out, const char *query, const annals_results *r);
/* What render_json writes, as a string (malloc'd, *len bytes); NULL when
 * out of memory. */
char *render_json_text(const char *query, const annals_results *r, size_t *len);
/* doc dumped with json_dumps's flags, then a newline (malloc'd, *len
 * bytes); NULL when out of memory. */
char *json_line(const json_t *doc, size_t flags, size_t *len);
void render_trec(FILE *out, const char *qid, const char *tag, const annals_results *r);

#endif
