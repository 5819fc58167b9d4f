/* shard.h - the writer of one shard: prepared articles (prepare.h) in,
 * section documents out, in batches that Xapian commits atomically, so
 * that a crash at any moment leaves whole articles only.  A shard is
 * written by one thread at a time.
 *
 * Each input file, once all of its articles for this shard are written,
 * gets a record in the shard's metadata (size and modification time) in
 * the same batch: a file whose record is in every shard is not even read
 * again. */
#ifndef ANNALS_SHARD_H
#define ANNALS_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "annals.h"
#include "shim/xap.h"
#include "index/prepare.h"
#include "util/buf.h"
#include "util/idset.h"

/* Metadata keys of file records: this prefix, then annals_path_key(path). */
#define ANNALS_META_SOURCE "annals.src:"

typedef struct {
    xap_wdb *wdb;
    const char *path;
    int in_batch;
    unsigned batch_sections;
    size_t batch_bytes;
    /* Counts since the shard was opened (read by other threads for
     * progress). */
    _Atomic unsigned articles, unchanged, sections, warnings, pruned;
    /* The articles of this run (what pruning keeps), and the sections this
     * run wrote or kept from the file being read. */
    annals_idset seen;
    unsigned file_sections;
    char **stale;               /* keys of files read that no longer hold all of
                                 * their articles here */
    size_t nstale, stale_cap;
    abuf scratch;
    char error[600];
} annals_shard;

/* Opens the shard at path (making it when absent, with the schema mark).
 * On failure the message is in s->error. */
annals_status annals_shard_open(annals_shard *s, const char *path);

/* Closes the shard's database (committing when asked), and opens one at
 * path (the same, or a compacted copy): what the shard counts goes on. */
annals_status annals_shard_detach(annals_shard *s, int commit);
annals_status annals_shard_attach(annals_shard *s, const char *path);

/* Writes a prepared article from source path name.  ANNALS_ERR_INPUT: it
 * was malformed (and skipped). */
annals_status annals_shard_write(annals_shard *s, const char *name, const annals_prepared *a);

/* The record of an input file whose articles for this shard are all
 * added: record is "SIZE MTIME" (its stat), NULL for a file that is not
 * recorded (standard input).  kept: the file was not read again, or not to
 * its end: its record is left as it was.  When the shard holds articles
 * from the file that this run did not find in it, the record is marked
 * (a run with --prune reads such a file again). */
annals_status annals_shard_file_done(annals_shard *s, const char *path, const char *record,
                                     int kept);

/* Deletes the articles whose source has gone: those of the files read in
 * this run that were found nowhere in it, and those of files of earlier
 * runs that no longer exist. */
annals_status annals_shard_prune(annals_shard *s);

/* The metadata key of path's file record into key (0, -1 when out of
 * memory), and whether a record value says "SIZE MTIME" is its state;
 * strict: and that it holds no articles the file no longer has. */
int annals_source_key(const char *path, abuf *key);
int annals_source_matches(const char *value, const char *record, int strict);

/* Commits the open batch. */
annals_status annals_shard_commit(annals_shard *s);

/* Commits and closes (after a failure: closes without committing the open
 * batch). */
annals_status annals_shard_close(annals_shard *s, int commit);

#endif
