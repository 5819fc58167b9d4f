/* progress.h - annals-index's progress line on stderr: articles, sections,
 * MB/s, elapsed time, ETA and skipped files, redrawn a few times a second
 * from the indexer's counters by a thread of its own; and the summary. */
#ifndef ANNALS_PROGRESS_H
#define ANNALS_PROGRESS_H

#include "annals.h"

typedef struct progress progress;

/* Starts redrawing (NULL when out of memory or no thread: no display). */
progress *progress_start(const annals_indexer *ix);
/* Clears the line before a diagnostic is printed (the caller serializes). */
void progress_clear(progress *p);
/* Stops and clears the line; NULL is allowed. */
void progress_stop(progress *p);

/* Seconds since the epoch of CLOCK_MONOTONIC. */
double progress_now(void);

/* The one-line summary of a run ("annals-index: 5907 articles ..."). */
void progress_summary(FILE *out, const annals_index_stats *s, double seconds, const char *db);

#endif
