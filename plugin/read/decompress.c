/* decompress.c - plain, gzip and xz input as one stream of decoded bytes. */
#include "read/decompress.h"

#include <errno.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK ((size_t)64 << 10)
/* liblzma's memory limit: xz -9 needs 65 MiB; a hostile header asking for
 * a 1.5 GiB dictionary is refused rather than allocated. */
#define XZ_MEMLIMIT ((uint64_t)512 << 20)

struct annals_src {
    int fd, close_fd;
    annals_src_kind kind;
    unsigned char in[CHUNK];    /* raw bytes read from fd (compressed kinds) */
    size_t in_pos, in_len;
    int in_eof;
    unsigned char *out;         /* decoded bytes; [pos, len) not yet consumed */
    size_t pos, len, cap;
    int eof;                    /* no more decoded bytes */
    int status;                 /* sticky FAIL or NOMEM, else 0 */
    uint64_t consumed;
    z_stream z;
    int ended;                  /* gzip: a member ended (another may follow);
                                 * xz: the data ended */
    lzma_stream x;
    char err[96];
};

/* Records why reading failed: what, and detail after a colon if any. */
static int fail(annals_src *s, const char *what, const char *detail)
{
    snprintf(s->err, sizeof s->err, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    s->status = ANNALS_SRC_FAIL;
    return ANNALS_SRC_FAIL;
}

static int nomem(annals_src *s)
{
    snprintf(s->err, sizeof s->err, "out of memory");
    s->status = ANNALS_SRC_NOMEM;
    return ANNALS_SRC_NOMEM;
}

/* Reads raw bytes into in[] once all of it is used. */
static int read_raw(annals_src *s)
{
    if (s->in_pos < s->in_len || s->in_eof) return 0;
    ssize_t n;
    do n = read(s->fd, s->in, CHUNK);
    while (n < 0 && errno == EINTR);
    if (n < 0) return fail(s, strerror(errno), NULL);
    s->in_pos = 0;
    s->in_len = (size_t)n;
    s->in_eof = n == 0;
    s->consumed += (uint64_t)n;
    return 0;
}

/* Leaves at least CHUNK free bytes at out + len. */
static int make_room(annals_src *s)
{
    if (s->cap - s->len >= CHUNK) return 0;
    if (s->pos > 0) {
        memmove(s->out, s->out + s->pos, s->len - s->pos);
        s->len -= s->pos;
        s->pos = 0;
        if (s->cap - s->len >= CHUNK) return 0;
    }
    size_t cap = s->cap ? s->cap * 2 : 2 * CHUNK;
    if (cap < s->len + CHUNK) cap = s->len + CHUNK;
    unsigned char *p = realloc(s->out, cap);
    if (!p) return nomem(s);
    s->out = p;
    s->cap = cap;
    return 0;
}

static int fill_plain(annals_src *s)
{
    if (s->in_pos < s->in_len) {  /* the bytes read to tell the kind */
        size_t n = s->in_len - s->in_pos;
        memcpy(s->out + s->len, s->in + s->in_pos, n);
        s->len += n;
        s->in_pos = s->in_len;
        return ANNALS_SRC_OK;
    }
    ssize_t n;
    do n = read(s->fd, s->out + s->len, s->cap - s->len);
    while (n < 0 && errno == EINTR);
    if (n < 0) return fail(s, strerror(errno), NULL);
    if (n == 0) return ANNALS_SRC_EOF;
    s->len += (size_t)n;
    s->consumed += (uint64_t)n;
    return ANNALS_SRC_OK;
}

static int fill_gzip(annals_src *s)
{
    for (;;) {
        if (read_raw(s) < 0) return ANNALS_SRC_FAIL;
        if (s->in_pos == s->in_len) {
            if (s->ended) return ANNALS_SRC_EOF;
            return fail(s, "truncated gzip data", NULL);
        }
        if (s->ended) {   /* another gzip member follows */
            if (inflateReset(&s->z) != Z_OK) return fail(s, "corrupt gzip data", NULL);
            s->ended = 0;
        }
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        s->z.next_out = s->out + s->len;
        s->z.avail_out = (uInt)(s->cap - s->len);
        int rc = inflate(&s->z, Z_NO_FLUSH);
        size_t made = (size_t)(s->z.next_out - (s->out + s->len));
        s->in_pos = s->in_len - s->z.avail_in;
        s->len += made;
        if (rc == Z_STREAM_END) s->ended = 1;
        else if (rc == Z_MEM_ERROR) return nomem(s);
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            return fail(s, "corrupt gzip data", s->z.msg);
        if (made) return ANNALS_SRC_OK;
    }
}

static int fill_xz(annals_src *s)
{
    if (s->ended) return ANNALS_SRC_EOF;
    for (;;) {
        if (read_raw(s) < 0) return ANNALS_SRC_FAIL;
        s->x.next_in = s->in + s->in_pos;
        s->x.avail_in = s->in_len - s->in_pos;
        s->x.next_out = s->out + s->len;
        s->x.avail_out = s->cap - s->len;
        lzma_ret rc = lzma_code(&s->x, s->in_eof ? LZMA_FINISH : LZMA_RUN);
        size_t made = (size_t)(s->x.next_out - (s->out + s->len));
        s->in_pos = s->in_len - s->x.avail_in;
        s->len += made;
        if (rc == LZMA_STREAM_END) {
            s->ended = 1;
            return made ? ANNALS_SRC_OK : ANNALS_SRC_EOF;
        }
        if (rc == LZMA_MEM_ERROR) return nomem(s);
        if (rc == LZMA_MEMLIMIT_ERROR) return fail(s, "xz data needs too much memory", NULL);
        if (rc == LZMA_BUF_ERROR) return fail(s, "truncated xz data", NULL);
        if (rc != LZMA_OK) return fail(s, "corrupt xz data", NULL);
        if (made) return ANNALS_SRC_OK;
    }
}

/* Decodes some more bytes onto out: OK, EOF, or an error. */
static int fill(annals_src *s)
{
    if (s->status) return s->status;
    if (s->eof) return ANNALS_SRC_EOF;
    if (make_room(s) < 0) return s->status;
    int rc = s->kind == ANNALS_SRC_GZIP ? fill_gzip(s)
             : s->kind == ANNALS_SRC_XZ ? fill_xz(s)
                                        : fill_plain(s);
    if (rc == ANNALS_SRC_EOF) s->eof = 1;
    return rc;
}

static int start_decoder(annals_src *s)
{
    static const unsigned char xz_magic[6] = {0xFD, '7', 'z', 'X', 'Z', 0x00};
    if (s->in_len >= 2 && s->in[0] == 0x1F && s->in[1] == 0x8B) {
        /* 15 + 32: a window of 2^15, gzip or zlib header detected */
        int rc = inflateInit2(&s->z, 15 + 32);
        if (rc != Z_OK) return rc == Z_MEM_ERROR ? -2 : -1;
        s->kind = ANNALS_SRC_GZIP;
    } else if (s->in_len >= 6 && memcmp(s->in, xz_magic, 6) == 0) {
        lzma_ret rc = lzma_stream_decoder(&s->x, XZ_MEMLIMIT, LZMA_CONCATENATED);
        if (rc != LZMA_OK) return rc == LZMA_MEM_ERROR ? -2 : -1;
        s->kind = ANNALS_SRC_XZ;
    }
    return 0;
}

int annals_src_open(int fd, int close_fd, annals_src **out, char *err, size_t errcap)
{
    *out = NULL;
    annals_src *s = calloc(1, sizeof *s);
    if (!s) {
        if (close_fd) close(fd);
        return -2;
    }
    s->fd = fd;
    s->close_fd = close_fd;
    s->kind = ANNALS_SRC_PLAIN;
    s->x = (lzma_stream)LZMA_STREAM_INIT;
    /* The first 6 bytes tell the kind: read until there are as many. */
    while (s->in_len < 6 && !s->in_eof) {
        ssize_t n = read(fd, s->in + s->in_len, CHUNK - s->in_len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            snprintf(err, errcap, "%s", strerror(errno));
            annals_src_close(s);
            return -1;
        }
        s->in_len += (size_t)n;
        s->consumed += (uint64_t)n;
        s->in_eof = n == 0;
    }
    int rc = start_decoder(s);
    if (rc < 0) {
        snprintf(err, errcap, rc == -2 ? "out of memory" : "cannot start decompression");
        annals_src_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

size_t annals_src_peek(annals_src *s, size_t n, const unsigned char **p)
{
    while (s->len - s->pos < n && fill(s) == ANNALS_SRC_OK) continue;
    size_t have = s->len - s->pos;
    *p = s->out ? s->out + s->pos : (const unsigned char *)"";
    return have < n ? have : n;
}

int annals_src_getline(annals_src *s, abuf *line, size_t max)
{
    abuf_clear(line);
    int any = 0;
    for (;;) {
        if (s->pos < s->len) {
            any = 1;
            const unsigned char *start = s->out + s->pos;
            const unsigned char *nl = memchr(start, '\n', s->len - s->pos);
            size_t n = nl ? (size_t)(nl - start) : s->len - s->pos;
            if (n > max - line->len) return ANNALS_SRC_TOOLONG;
            if (abuf_add(line, (const char *)start, n) < 0) return nomem(s);
            s->pos += n + (nl != NULL);
            if (nl) return ANNALS_SRC_OK;
        }
        int rc = fill(s);
        if (rc == ANNALS_SRC_EOF) return any ? ANNALS_SRC_OK : ANNALS_SRC_EOF;
        if (rc < 0) return rc;
    }
}

int annals_src_read_all(annals_src *s, abuf *out, size_t max)
{
    size_t start = out->len;
    for (;;) {
        size_t n = s->len - s->pos;
        if (n > max - (out->len - start)) return ANNALS_SRC_TOOLONG;
        if (n && abuf_add(out, (const char *)s->out + s->pos, n) < 0) return nomem(s);
        s->pos = s->len;
        int rc = fill(s);
        if (rc == ANNALS_SRC_EOF) return ANNALS_SRC_OK;
        if (rc < 0) return rc;
    }
}

uint64_t annals_src_consumed(const annals_src *s)
{
    return s->consumed;
}

const char *annals_src_error(const annals_src *s)
{
    return s->err;
}

void annals_src_close(annals_src *s)
{
    if (!s) return;
    if (s->kind == ANNALS_SRC_GZIP) inflateEnd(&s->z);
    lzma_end(&s->x);
    if (s->close_fd) close(s->fd);
    free(s->out);
    free(s);
}
