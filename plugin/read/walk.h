/* walk.h - the inputs a path stands for: the path itself when it is a file
 * (or "-", standard input), else the archive files of its directory tree,
 * in byte order of their names (so a run is repeatable), one directory in
 * memory at a time. */
#ifndef ANNALS_WALK_H
#define ANNALS_WALK_H

#include <sys/stat.h>

/* Called for each input; sb is NULL for "-".  When why is not NULL, path
 * could not be read (why says so) and sb is NULL.  Returns 0 to go on,
 * non-zero to stop the walk (annals_walk then returns it). */
typedef int (*annals_walk_fn)(void *ctx, const char *path, const struct stat *sb, const char *why);

/* all_files: every regular file whose name does not start with '.' (for an
 * explicit --format); else only archive files by name: *.txt, *.jsonl (each
 * possibly .gz or .xz) and WikiExtractor's wiki_NN.  Symbolic links are
 * followed to files, never to directories. */
int annals_walk(const char *path, int all_files, annals_walk_fn fn, void *ctx);

#endif
