/* layout.c - the database directory: its shards, its stub, its lock. */
#include "index/layout.h"

#include <dirent.h>
#include <ftw.h>
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

/* Appends shard name (and its path) to the layout. */
static int add_shard(annals_layout *l, size_t *cap, const char *name)
{
    size_t c = *cap;
    char **names = annals_grow(l->names, &c, l->nshards, sizeof *names);
    if (!names) return -1;
    l->names = names;
    char **paths = annals_grow(l->shard_paths, cap, l->nshards, sizeof *paths);
    if (!paths) return -1;
    l->shard_paths = paths;
    names[l->nshards] = strdup(name);
    paths[l->nshards] = join(l->dir, name);
    if (!names[l->nshards] || !paths[l->nshards]) {
        free(names[l->nshards]);
        free(paths[l->nshards]);
        return -1;
    }
    l->nshards++;
    return 0;
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
        if (add_shard(l, &cap_paths, line + 6) < 0) {
            st = fail(msg, cap, ANNALS_ERR_NOMEM, l->dir, "out of memory");
            break;
        }
    }
    fclose(f);
    if (st == ANNALS_OK && l->nshards > ANNALS_MAX_SHARDS)
        st = fail(msg, cap, ANNALS_ERR_NOT_ANNALS, l->dir, "its XAPIANDB names too many shards");
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

static int remove_tree(const char *path);
static annals_status write_stub(annals_layout *l, char *msg, size_t cap);

/* Removes shard directories the stub does not name: left by a run that
 * died while swapping a shard, or before writing the stub. */
static void remove_unnamed(annals_layout *l)
{
    DIR *d = opendir(l->dir);
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, SHARD_PREFIX, strlen(SHARD_PREFIX)) != 0) continue;
        unsigned i = 0;
        while (i < l->nshards && strcmp(l->names[i], e->d_name) != 0) i++;
        char *path = i == l->nshards ? join(l->dir, e->d_name) : NULL;
        if (path) remove_tree(path);
        free(path);
    }
    closedir(d);
}

annals_status annals_layout_open(const char *dir, unsigned shards, unsigned fallback,
                                 annals_layout *out, char *msg, size_t cap)
{
    memset(out, 0, sizeof *out);
    out->lock_fd = -1;
    if (shards > ANNALS_MAX_SHARDS || fallback > ANNALS_MAX_SHARDS)
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
    else if (access(stub, F_OK) == 0 && (st = read_stub(out, stub, msg, cap)) == ANNALS_OK &&
             out->nshards) {
        remove_unnamed(out);
        if (shards && shards != out->nshards) {
            snprintf(msg, cap, "%s has %u shard%s; --shards %u cannot change that (index into a new directory)",
                     dir, out->nshards, out->nshards == 1 ? "" : "s", shards);
            st = ANNALS_ERR_ARGUMENT;
        }
    } else if (st != ANNALS_OK) {
        ;
    } else if (!out->nshards && access(stub, F_OK) != 0 && !only_ours(dir)) {
        st = fail(msg, cap, ANNALS_ERR_NOT_ANNALS, dir, "not an annals database (a directory that is not empty)");
    } else {
        /* A new database: first a stub naming no shard (an empty database
         * opens, whenever the run is killed), then the shards, then the stub
         * naming them.  Shards of a run that died before that are empty. */
        remove_unnamed(out);
        st = write_stub(out, msg, cap);
        out->is_new = 1;
        size_t cap_paths = 0;
        unsigned n = shards ? shards : fallback ? fallback : 1;
        for (unsigned i = 0; st == ANNALS_OK && i < n; i++) {
            char name[32];
            snprintf(name, sizeof name, SHARD_PREFIX "%u", i);
            if (add_shard(out, &cap_paths, name) < 0) st = fail(msg, cap, ANNALS_ERR_NOMEM, dir, "out of memory");
        }
    }
    free(stub);
    free(glass);
    if (st != ANNALS_OK) annals_layout_close(out);
    return st;
}

static annals_status write_stub(annals_layout *l, char *msg, size_t cap)
{
    char *tmp = join(l->dir, STUB ".tmp"), *stub = join(l->dir, STUB);
    annals_status st = ANNALS_OK;
    FILE *f = tmp && stub ? fopen(tmp, "w") : NULL;
    if (!tmp || !stub) st = fail(msg, cap, ANNALS_ERR_NOMEM, l->dir, "out of memory");
    else if (!f) st = fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
    else {
        fputs("# annals: the shards of this database (an article's shard is a hash of its id)\n", f);
        for (unsigned i = 0; i < l->nshards; i++) fprintf(f, "glass %s\n", l->names[i]);
        int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, stub) != 0) st = fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
        else l->is_new = 0;
    }
    free(tmp);
    free(stub);
    return st;
}

annals_status annals_layout_publish(annals_layout *l, char *msg, size_t cap)
{
    return l->is_new ? write_stub(l, msg, cap) : ANNALS_OK;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

annals_status annals_layout_next_path(annals_layout *l, unsigned i, char **out, char *msg,
                                      size_t cap)
{
    /* shard-K, then shard-K.1, shard-K.2, ... */
    const char *dot = strchr(l->names[i], '.');
    unsigned gen = dot ? (unsigned)strtoul(dot + 1, NULL, 10) : 0;
    char name[48];
    snprintf(name, sizeof name, SHARD_PREFIX "%u.%u", i, gen + 1);
    if (!(*out = join(l->dir, name))) return fail(msg, cap, ANNALS_ERR_NOMEM, l->dir, "out of memory");
    /* Left by a run that died before the swap: never named by the stub. */
    if (access(*out, F_OK) == 0 && remove_tree(*out) != 0) {
        free(*out);
        *out = NULL;
        return fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
    }
    return ANNALS_OK;
}

annals_status annals_layout_move_shard(annals_layout *l, unsigned i, char *path, char *msg,
                                       size_t cap)
{
    char *name = strdup(strrchr(path, '/') + 1);
    if (!name) {
        free(path);
        return fail(msg, cap, ANNALS_ERR_NOMEM, l->dir, "out of memory");
    }
    char *old_name = l->names[i], *old_path = l->shard_paths[i];
    l->names[i] = name;
    l->shard_paths[i] = path;
    annals_status st = write_stub(l, msg, cap);
    if (st != ANNALS_OK) { /* the stub still names the old shard */
        l->names[i] = old_name;
        l->shard_paths[i] = old_path;
        free(name);
        free(path);
        return st;
    }
    /* Searches that have the old shard open keep reading it (its files
     * stay until they close them). */
    remove_tree(old_path);
    free(old_name);
    free(old_path);
    return ANNALS_OK;
}

/* fsync of path (a file or a directory): 0, or -1 with errno. */
static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static annals_status sync_dir(const char *dir, char *msg, size_t cap)
{
    DIR *d = opendir(dir);
    if (!d) return fail(msg, cap, ANNALS_ERR_DATABASE, dir, strerror(errno));
    annals_status st = ANNALS_OK;
    abuf path = ABUF_INIT;
    for (struct dirent *e; st == ANNALS_OK && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        abuf_clear(&path);
        struct stat sb;
        if (abuf_printf(&path, "%s/%s", dir, e->d_name) < 0) st = fail(msg, cap, ANNALS_ERR_NOMEM, dir, "out of memory");
        else if (stat(path.data, &sb) == 0 && S_ISREG(sb.st_mode) && sync_path(path.data) != 0)
            st = fail(msg, cap, ANNALS_ERR_DATABASE, path.data, strerror(errno));
    }
    closedir(d);
    abuf_free(&path);
    if (st == ANNALS_OK && sync_path(dir) != 0) st = fail(msg, cap, ANNALS_ERR_DATABASE, dir, strerror(errno));
    return st;
}

annals_status annals_layout_sync(annals_layout *l, char *msg, size_t cap)
{
    annals_status st = ANNALS_OK;
    for (unsigned i = 0; st == ANNALS_OK && i < l->nshards; i++) st = sync_dir(l->shard_paths[i], msg, cap);
    if (st == ANNALS_OK && l->dir && sync_path(l->dir) != 0)
        st = fail(msg, cap, ANNALS_ERR_DATABASE, l->dir, strerror(errno));
    return st;
}

void annals_layout_close(annals_layout *l)
{
    if (l->lock_fd >= 0) close(l->lock_fd); /* releases the lock */
    for (unsigned i = 0; i < l->nshards; i++) {
        free(l->names[i]);
        free(l->shard_paths[i]);
    }
    free(l->names);
    free(l->shard_paths);
    free(l->dir);
    memset(l, 0, sizeof *l);
    l->lock_fd = -1;
}
