/* search-args.h - the search options annals-search and annals-serve share:
 * the same names, values, defaults and messages, set into an
 * annals_search_opts; and the line either gives when a search fails. */
#ifndef ANNALS_SEARCH_ARGS_H
#define ANNALS_SEARCH_ARGS_H

#include "annals.h"

typedef enum {
    SEARCH_LIMIT,       /* 1 to 1000000 */
    SEARCH_OFFSET,      /* 0 to 1000000 */
    SEARCH_SORT,        /* relevance or date */
    SEARCH_PASSAGES,    /* 1 to 100 */
    SEARCH_FACET,       /* year, decade, century or entity (one) */
    SEARCH_YEAR,        /* a year or range of years to narrow to */
    SEARCH_ENTITY,      /* an entity (id or name) to narrow to */
    SEARCH_NARGS
} search_arg;

/* Each option's name: "limit", "offset", ... (--limit, limit=). */
extern const char *const SEARCH_ARG_NAMES[SEARCH_NARGS];

/* Sets arg to value in o.  For year and entity, o points into value (which
 * must outlive it), and an empty value narrows nothing; their values are
 * checked by annals_search (ANNALS_ERR_QUERY).  Returns NULL, or what was
 * expected instead of value ("a number from 1 to 1000000"). */
const char *search_arg_set(annals_search_opts *o, search_arg arg, const char *value);

/* Turns every facet off (--no-facets). */
void search_no_facets(annals_search_opts *o);

/* What comes before annals_db_error() in the message of a failed search:
 * "query error: " for ANNALS_ERR_QUERY, else "". */
const char *search_error_prefix(annals_status st);

#endif
