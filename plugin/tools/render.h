/* render.h - how annals-search shows results: text for people (with
 * highlights, a year histogram, a timeline), JSON for scripts, TREC runs. */
#ifndef ANNALS_RENDER_H
#define ANNALS_RENDER_H

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
void render_trec(FILE *out, const char *qid, const char *tag, const annals_results *r);

#endif
