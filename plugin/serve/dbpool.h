/* dbpool.h - a database handle for each thread that searches (Xapian's
 * handles are not thread-safe), opened on the thread's first search and
 * brought to the database's latest commit before each, so that what
 * annals-index commits while the server runs is found by the next search. */
#ifndef ANNALS_SERVE_DBPOOL_H
#define ANNALS_SERVE_DBPOOL_H

#include <stddef.h>

#include "annals.h"

typedef struct db_pool db_pool;

/* A pool of at most n handles, each on the npaths databases at paths
 * searched as one, opened with opts (the pool keeps the pointers); NULL
 * when out of memory.  Nothing is opened yet. */
db_pool *db_pool_new(const char *const *paths, size_t npaths, const annals_db_opts *opts, unsigned n);

/* The calling thread's handle, at the latest commit: reopened
 * (annals_db_reopen), or opened anew when the database's stub file has been
 * rewritten since (annals-index writing a new database's first shards or
 * swapping a compacted shard in) or the handle was dropped.  Else the
 * status, with a message in msg: it cannot be opened (ANNALS_ERR_UNAVAILABLE:
 * a remote shard is down), or more than n threads ask. */
annals_status db_pool_get(db_pool *p, annals_db **out, char *msg, size_t cap);

/* Closes the calling thread's handle (after a database error, or results
 * that lack a remote shard): its next db_pool_get opens it anew. */
void db_pool_drop(db_pool *p);

/* Closes every handle; the threads that used them must have ended. */
void db_pool_free(db_pool *p);

#endif
