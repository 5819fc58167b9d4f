/* params.h - the parameters of GET /api/search into the options of a
 * search: the names and values annals-search's options have (q is its
 * QUERY, facets a comma list of its --facet values; README, Searching in
 * the browser), within the limits a server sets, each given at most once.
 * Free of HTTP: the server hands them over one by one, decoded. */
#ifndef ANNALS_SERVE_PARAMS_H
#define ANNALS_SERVE_PARAMS_H

#include <stddef.h>

#include "annals.h"

#define SERVE_MAX_QUERY 8192        /* bytes of q */
#define SERVE_MAX_VALUE 256         /* bytes of any other parameter, and of a name */
#define SERVE_MAX_LIMIT 100
#define SERVE_MAX_OFFSET 10000
#define SERVE_MAX_PASSAGES 10

typedef struct {
    annals_search_opts opts;    /* opts.query is q; it and opts.years and
                                 * opts.entity point into the values given */
    unsigned seen;              /* a bit for each parameter given */
    char error[800];            /* why the parameters were refused (room
                                 * for a name and value of the longest) */
} serve_params;

/* The defaults of annals-search (10 hits, relevance, 1 passage, the year
 * facet) and no query. */
void serve_params_init(serve_params *p);

/* Takes the parameter name=value (value len bytes, NUL-terminated; NULL when
 * the parameter had no '=', taken as empty; name key_len bytes).  Returns
 * 0, or -1 with one line in p->error, UTF-8 whatever was given: an unknown
 * name, one given twice, a value too long, holding a NUL byte, not UTF-8
 * (q aside: annals_search says so) or not what the option takes.  value
 * must outlive p's use. */
int serve_params_add(serve_params *p, const char *name, size_t name_len, const char *value,
                     size_t len);

/* After the last parameter: -1 with p->error when q was not given. */
int serve_params_finish(serve_params *p);

#endif
