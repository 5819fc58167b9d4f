/* trec.h - annals-search --trec: a batch of "qid<TAB>query" lines on stdin
 * as a TREC run on stdout. */
#ifndef ANNALS_TOOLS_TREC_H
#define ANNALS_TOOLS_TREC_H

#include "annals.h"

/* Where the run's searches open their database handles: db for the first,
 * and one more each (paths, npaths, opts) for the other jobs - 1. */
typedef struct {
    annals_db *db;
    const char *const *paths;
    size_t npaths;
    const annals_db_opts *opts;
} trec_dbs;

/* Runs each line of stdin, skipping blank lines and comments (#), jobs at
 * once, and writes the run in the lines' order (tag in its last column);
 * a query that fails is named on stderr and the run goes on.  Returns the
 * exit status: 0, 1 (some queries failed), 2 (the database failed) or 3 (a
 * remote shard failed), the run stopping at the query that failed so. */
int trec_run(const trec_dbs *dbs, const annals_search_opts *o, const char *tag, unsigned jobs);

#endif
