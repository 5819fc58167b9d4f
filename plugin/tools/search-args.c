/* search-args.c - the search options annals-search and annals-serve share. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tools/search-args.h"

const char *const SEARCH_ARG_NAMES[SEARCH_NARGS] = {"limit", "offset", "sort", "passages",
                                                    "facet", "year", "entity"};

/* A decimal number from lo to hi into *out; -1 when s is not one. */
static int number(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || errno || v < lo || v > hi) return -1;
    *out = (unsigned)v;
    return 0;
}

const char *search_arg_set(annals_search_opts *o, search_arg arg, const char *value)
{
    switch (arg) {
    case SEARCH_LIMIT:
        return number(value, 1, 1000000, &o->limit) < 0 ? "a number from 1 to 1000000" : NULL;
    case SEARCH_OFFSET:
        return number(value, 0, 1000000, &o->offset) < 0 ? "a number from 0 to 1000000" : NULL;
    case SEARCH_PASSAGES:
        return number(value, 1, 100, &o->passages) < 0 ? "a number from 1 to 100" : NULL;
    case SEARCH_SORT:
        if (strcmp(value, "relevance") == 0) o->sort = ANNALS_SORT_RELEVANCE;
        else if (strcmp(value, "date") == 0) o->sort = ANNALS_SORT_DATE;
        else return "relevance or date";
        return NULL;
    case SEARCH_FACET:
        if (strcmp(value, "year") == 0) o->facet_years = 1;
        else if (strcmp(value, "decade") == 0) o->facet_decades = 1;
        else if (strcmp(value, "century") == 0) o->facet_centuries = 1;
        else if (strcmp(value, "entity") == 0) o->facet_entities = 10;
        else return "year, decade, century or entity";
        return NULL;
    case SEARCH_YEAR:
        o->years = *value ? value : NULL;
        return NULL;
    case SEARCH_ENTITY:
        o->entity = *value ? value : NULL;
        return NULL;
    case SEARCH_NARGS:
        break;
    }
    return "a known option";
}

void search_no_facets(annals_search_opts *o)
{
    o->facet_years = o->facet_decades = o->facet_centuries = 0;
    o->facet_entities = 0;
}

const char *search_error_prefix(annals_status st)
{
    return st == ANNALS_ERR_QUERY ? "query error: " : "";
}
