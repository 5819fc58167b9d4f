/* decompress.h - a streaming byte source over a file descriptor that reads
 * plain, gzip (concatenated members too) or xz data alike, told apart by
 * their magic bytes, with a peek buffer, a line reader and a read-to-end.
 * Nothing is decompressed to disk. */
#ifndef ANNALS_DECOMPRESS_H
#define ANNALS_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct annals_src annals_src;

typedef enum { ANNALS_SRC_PLAIN, ANNALS_SRC_GZIP, ANNALS_SRC_XZ } annals_src_kind;

/* The results of the reading functions.  After FAIL (an I/O error or corrupt
 * or truncated compressed data; annals_src_error says which) every further
 * read fails the same way. */
enum {
    ANNALS_SRC_OK = 1,
    ANNALS_SRC_EOF = 0,
    ANNALS_SRC_FAIL = -1,
    ANNALS_SRC_NOMEM = -2,
    ANNALS_SRC_TOOLONG = -3     /* more than the max bytes asked for */
};

/* Opens a source over fd, reading its first bytes to tell the compression.
 * fd is closed by annals_src_close (or on failure) when close_fd.  Returns
 * 0; -1 with a message in err (an I/O error); -2 when out of memory. */
int annals_src_open(int fd, int close_fd, annals_src **out, char *err, size_t errcap);

/* Up to the next n decoded bytes, without consuming them: returns how many
 * are at *p (valid until the next call).  Fewer than n at the end of the
 * data, or when reading failed: the next read then reports the failure. */
size_t annals_src_peek(annals_src *s, size_t n, const unsigned char **p);

/* The next line into line (cleared first), without its '\n'; a last line
 * without '\n' counts, NUL bytes are kept.  TOOLONG when the line holds more
 * than max bytes (reading should then stop). */
int annals_src_getline(annals_src *s, abuf *line, size_t max);

/* Appends everything left to out; TOOLONG when that is more than max bytes. */
int annals_src_read_all(annals_src *s, abuf *out, size_t max);

/* Bytes read from fd so far (compressed bytes for compressed data). */
uint64_t annals_src_consumed(const annals_src *s);

/* Why the last read failed ("" if none). */
const char *annals_src_error(const annals_src *s);

void annals_src_close(annals_src *s);

#endif
