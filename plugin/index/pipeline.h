/* pipeline.h - indexing in parallel.  Xapian allows one writer per
 * database, so each shard is written by exactly one writer thread (thread
 * w writes the shards s with s % threads == w).  The reading thread hands
 * every article to the group of its shard: an analysis thread turns it
 * into documents (prepare.h), and the group's writer thread adds them to
 * Xapian, so analysis and writing overlap.  The queues between them are
 * bounded, which keeps memory flat whatever the archive's size.  Within a
 * shard, articles are written in the order they were read, so a run gives
 * the same documents whatever the number of threads. */
#ifndef ANNALS_PIPELINE_H
#define ANNALS_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "index/shard.h"

typedef struct annals_pipeline annals_pipeline;

/* Starts threads writer threads (1 to nshards) over the open shards (which
 * the pipeline borrows until annals_pipeline_finish); prune: as
 * annals-index --prune.  diag must be safe to
 * call from several threads (the indexer serializes it).  NULL when out of
 * memory or no thread could be started.  Each article skipped as malformed
 * adds 1 to *skipped; each job done adds the input bytes it was handed
 * with to *bytes_done (progress counts what is written, not what is
 * queued). */
annals_pipeline *annals_pipeline_start(annals_shard *shards, unsigned nshards, unsigned threads,
                                       int prune, const annals_diag_sink *diag,
                                       _Atomic uint64_t *skipped, _Atomic uint64_t *bytes_done);

/* Hands an article to the thread of shard (its text is copied).  Returns
 * ANNALS_OK, or the failure that stopped a writer (the run must stop; the
 * message is annals_pipeline_error's). */
annals_status annals_pipeline_article(annals_pipeline *p, unsigned shard, const char *name,
                                      const char *text, size_t len, unsigned line, int lines_map,
                                      uint64_t input_bytes);

/* Tells every shard's thread that the file path is done (see
 * annals_shard_file_done). */
annals_status annals_pipeline_file_done(annals_pipeline *p, const char *path, const char *record,
                                        int kept, uint64_t input_bytes);

/* Waits for the queues to drain, prunes each shard when asked to (in its
 * own thread), commits, stops the threads and frees p.  Returns the first
 * failure, its message in msg. */
annals_status annals_pipeline_finish(annals_pipeline *p, char *msg, size_t cap);

#endif
