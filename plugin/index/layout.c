/* layout.c - the database directory: its shards, its stub, its lock. */
#include "index/layout.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

#define STUB "XAPIANDB"
#define LOCK "annals.lock"
#define SHARD_PREFIX "shard-"

unsigned annals_shard_of(uint32_t article, unsigned nshards)
{
    /* A 32-bit integer mix (splitmix-style finalizer): consecutive ids
     * spread evenly. */
    uint32_t x = article;
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return nshards > 1 ? x % nshards : 0;
}

static annals_status fail(char *msg, size_t cap, annals_status st, const char *dir,
                          const char *why)
{
    snprintf(msg, cap, "%s: %s", dir, why);
    return st;
}

static char *join(const char *dir, const char *name)
{
    abuf b = ABUF_INIT;
    if (abuf_printf(&b, "%s/%s", dir, name) < 0) return NULL;
    return abuf_take(&b);
}

/* Takes the lock on dir/annals.lock, or says who holds it. */
static annals_status lock(annals_layout *l, char *msg, size_t cap)
{
    char *path = join(l->dir, LOCK);
    if (!path) return fail(msg, cap, ANNALS_ERR_NOMEM, l->dir, "out of memory");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(path);
    if (fd < 0) return fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(fd, F_OFD_SETLK, &fl) != 0) {
        int e = errno;
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        close(fd);
        if (e != EAGAIN && e != EACCES) return fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(e));
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        snprintf(msg, cap, "%s is being written by another annals-index (pid %s)", l->dir,
                 pid[0] ? pid : "unknown");
        return ANNALS_ERR_LOCKED;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        int e = errno;
        close(fd);
        return fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(e));
    }
    l->lock_fd = fd;
    return ANNALS_OK;
}

/* Reads the shard paths named by an existing stub (glass lines only: the
 * indexer writes local shards). */
static annals_status read_stub(annals_layout *l, const char *stub, char *msg, size_t cap)
{
    FILE *f = fopen(stub, "r");
    if (!f) return fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
    char line[4096];
    annals_status st = ANNALS_OK;
    size_t cap_paths = 0;
    while (st == ANNALS_OK && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#') continue;
        if (strncmp(line, "glass ", 6) != 0 || strchr(line + 6, '/')) {
            st = fail(msg, cap, ANNALS_ERR_NOT_ANNALS, l->dir,
                      "its XAPIANDB names shards annals-index did not write");
            break;
        }
        char **v = annals_grow(l->shard_paths, &cap_paths, l->nshards, sizeof *v);
        if (!v || !(v[l->nshards] = join(l->dir, line + 6))) {
            if (v) l->shard_paths = v;
            st = fail(msg, cap, ANNALS_ERR_NOMEM, l->dir, "out of memory");
            break;
        }
        l->shard_paths = v;
        l->nshards++;
    }
    fclose(f);
    if (st == ANNALS_OK && (l->nshards == 0 || l->nshards > ANNALS_MAX_SHARDS))
        st = fail(msg, cap, ANNALS_ERR_NOT_ANNALS, l->dir, "its XAPIANDB names no shards");
    return st;
}

/* A directory that is neither a database nor empty is refused: the
 * indexer never writes into a directory it did not make (a typo in --db
 * must not fill someone's home directory with shards). */
static int only_ours(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int ok = 1;
    for (struct dirent *e; ok && (e = readdir(d));)
        ok = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
             strcmp(e->d_name, LOCK) == 0 || strncmp(e->d_name, SHARD_PREFIX, 6) == 0 ||
             strcmp(e->d_name, STUB ".tmp") == 0;
    closedir(d);
    return ok;
}

annals_status annals_layout_open(const char *dir, unsigned shards, annals_layout *out, char *msg,
                                 size_t cap)
{
    memset(out, 0, sizeof *out);
    out->lock_fd = -1;
    if (shards > ANNALS_MAX_SHARDS)
        return fail(msg, cap, ANNALS_ERR_ARGUMENT, dir, "at most 256 shards");
    if (!(out->dir = strdup(dir))) return fail(msg, cap, ANNALS_ERR_NOMEM, dir, "out of memory");
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        annals_status st = fail(msg, cap, ANNALS_ERR_DATABASE, dir, strerror(errno));
        annals_layout_close(out);
        return st;
    }
    struct stat sb;
    annals_status st = ANNALS_OK;
    char *stub = join(dir, STUB), *glass = join(dir, "iamglass");
    if (!stub || !glass) st = fail(msg, cap, ANNALS_ERR_NOMEM, dir, "out of memory");
    else if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        st = fail(msg, cap, ANNALS_ERR_DATABASE, dir, "not a directory");
    else if (access(glass, F_OK) == 0)
        st = fail(msg, cap, ANNALS_ERR_NOT_ANNALS, dir, "not an annals database"); /* a lone Glass database */
    else if ((st = lock(out, msg, cap)) != ANNALS_OK)
        ;
    else if (access(stub, F_OK) == 0) {
        st = read_stub(out, stub, msg, cap);
        if (st == ANNALS_OK && shards && shards != out->nshards) {
            snprintf(msg, cap, "%s has %u shard%s; --shards %u cannot change that (index into a new directory)",
                     dir, out->nshards, out->nshards == 1 ? "" : "s", shards);
            st = ANNALS_ERR_ARGUMENT;
        }
    } else if (!only_ours(dir)) {
        st = fail(msg, cap, ANNALS_ERR_NOT_ANNALS, dir, "not an annals database (a directory that is not empty)");
    } else {
        out->is_new = 1;
        out->nshards = shards ? shards : 1;
        out->shard_paths = calloc(out->nshards, sizeof *out->shard_paths);
        for (unsigned i = 0; st == ANNALS_OK && i < out->nshards; i++) {
            char name[32];
            snprintf(name, sizeof name, SHARD_PREFIX "%u", i);
            if (!out->shard_paths || !(out->shard_paths[i] = join(dir, name)))
                st = fail(msg, cap, ANNALS_ERR_NOMEM, dir, "out of memory");
        }
    }
    free(stub);
    free(glass);
    if (st != ANNALS_OK) annals_layout_close(out);
    return st;
}

annals_status annals_layout_publish(annals_layout *l, char *msg, size_t cap)
{
    if (!l->is_new) return ANNALS_OK;
    char *tmp = join(l->dir, STUB ".tmp"), *stub = join(l->dir, STUB);
    annals_status st = ANNALS_OK;
    FILE *f = tmp && stub ? fopen(tmp, "w") : NULL;
    if (!tmp || !stub) st = fail(msg, cap, ANNALS_ERR_NOMEM, l->dir, "out of memory");
    else if (!f) st = fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
    else {
        fputs("# annals: the shards of this database (an article's shard is a hash of its id)\n", f);
        for (unsigned i = 0; i < l->nshards; i++) fprintf(f, "glass " SHARD_PREFIX "%u\n", i);
        int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, stub) != 0) st = fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
        else l->is_new = 0;
    }
    free(tmp);
    free(stub);
    return st;
}

void annals_layout_close(annals_layout *l)
{
    if (l->lock_fd >= 0) close(l->lock_fd); /* releases the lock */
    for (unsigned i = 0; l->shard_paths && i < l->nshards; i++) free(l->shard_paths[i]);
    free(l->shard_paths);
    free(l->dir);
    memset(l, 0, sizeof *l);
    l->lock_fd = -1;
}
