/* api.h - GET /api/search: the search its parameters ask for, answered
 * with what annals-search --json prints for the same query and options
 * (the same options parser, library call and renderer), or an error. */
#ifndef ANNALS_SERVE_API_H
#define ANNALS_SERVE_API_H

#include <stddef.h>

#include "serve/dbpool.h"
#include "serve/params.h"

typedef struct {
    unsigned status;    /* 200; 400 bad parameters or query; 500 the database
                         * failed, or out of memory */
    char *body;         /* malloc'd JSON (a newline at its end), the caller's;
                         * NULL only when out of memory */
    size_t len;
    double ms;          /* how long the search took (200 only) */
} api_reply;

/* Answers p (serve_params_finish done) from the calling thread's handle;
 * a database error is tried once more on a handle opened anew. */
void api_search(db_pool *pool, const serve_params *p, api_reply *out);

/* The body {"error": "PREFIX MSG"} (both UTF-8) with status. */
void api_error(unsigned status, const char *prefix, const char *msg, api_reply *out);

#endif
