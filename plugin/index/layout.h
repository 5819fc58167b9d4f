/* layout.h - an annals database on disk, as the indexer sees it.
 *
 * DIR is a Xapian stub directory: DIR/XAPIANDB names its shards by relative
 * path ("glass shard-0", ...), so annals-search, quest, xapian-delve and
 * Python's xapian open DIR as one database.  An article lives in the shard
 * its id hashes to (annals_shard_of), so the shard count is fixed when the
 * database is made.  One indexer writes DIR at a time: it holds an open
 * file description lock on DIR/annals.lock (released by the kernel when the
 * process dies, even by SIGKILL) that records its pid for the message a
 * second writer gets. */
#ifndef ANNALS_LAYOUT_H
#define ANNALS_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "annals.h"

/* The most shards a database may have. */
#define ANNALS_MAX_SHARDS 256

typedef struct {
    char **names;           /* nshards directory names, as in the stub */
    char **shard_paths;     /* nshards full paths */
    unsigned nshards;
    int is_new;             /* 1: no stub yet (annals_layout_publish writes it) */
    char *dir;
    int lock_fd;
} annals_layout;

/* Opens (making when absent) the database directory dir and takes the
 * writer lock.  shards: the count asked for (0: none), which an existing
 * database must have; a new one gets it, else fallback.  On failure
 * returns the status with "dir: why" in msg. */
annals_status annals_layout_open(const char *dir, unsigned shards, unsigned fallback,
                                 annals_layout *out, char *msg, size_t cap);

/* Writes DIR/XAPIANDB (atomically) once the shards exist. */
annals_status annals_layout_publish(annals_layout *l, char *msg, size_t cap);

/* A new shard directory is written beside the old and then swapped in by
 * rewriting the stub (an atomic rename), so that a crash at any moment
 * leaves the stub naming complete shards.  annals_layout_next_path gives
 * (in *out, malloc'd) a free path for shard i's next version;
 * annals_layout_move_shard makes path (taken) shard i's and deletes the old
 * directory. */
annals_status annals_layout_next_path(annals_layout *l, unsigned i, char **out, char *msg,
                                      size_t cap);
annals_status annals_layout_move_shard(annals_layout *l, unsigned i, char *path, char *msg,
                                       size_t cap);

/* Makes the shards' files and the directory durable (fsync): shards are
 * written without waiting for the disk at each commit (a process that
 * dies loses nothing committed; only the machine going down between two
 * syncs could), then synced once at the end of a run. */
annals_status annals_layout_sync(annals_layout *l, char *msg, size_t cap);

/* Releases the lock and frees l. */
void annals_layout_close(annals_layout *l);

/* The shard of an article: a stable hash of its id. */
unsigned annals_shard_of(uint32_t article, unsigned nshards);

#endif
