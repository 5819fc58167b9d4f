/* dbpool.c - a database handle for each thread that searches. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "serve/dbpool.h"

/* What the stub file was when a handle was opened: rewritten (an atomic
 * rename) is another inode, or another size or time. */
typedef struct {
    int exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} stamp;

typedef struct {
    annals_db *db;
    stamp *stubs;           /* each database's stub when db was opened */
} slot;

struct db_pool {
    const char *const *paths;
    size_t npaths;
    const annals_db_opts *opts;
    char **stubs;           /* DIR/XAPIANDB for a stub directory, else the path */
    stamp *stamps;          /* npaths for each slot */
    unsigned generation;    /* tells this pool's slots from an earlier pool's */
    atomic_uint taken;      /* slots handed to threads so far */
    unsigned n;
    slot slots[];
};

static atomic_uint generations;
/* The calling thread's slot: its index + 1 in the pool of that generation. */
static _Thread_local unsigned my_generation, my_slot;

static stamp stamp_of(const char *path)
{
    struct stat st;
    stamp s = {0};
    if (stat(path, &st) == 0)
        s = (stamp){1, st.st_dev, st.st_ino, st.st_size, st.st_mtim};
    return s;
}

static int same(const stamp *a, const stamp *b)
{
    return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
           a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
           a->mtime.tv_nsec == b->mtime.tv_nsec;
}

db_pool *db_pool_new(const char *const *paths, size_t npaths, const annals_db_opts *opts, unsigned n)
{
    db_pool *p = calloc(1, sizeof *p + n * sizeof *p->slots);
    if (!p) return NULL;
    p->paths = paths;
    p->npaths = npaths;
    p->opts = opts;
    p->n = n;
    p->stubs = calloc(npaths, sizeof *p->stubs);
    p->stamps = calloc(npaths * n + 1, sizeof *p->stamps);
    for (size_t k = 0; p->stubs && p->stamps && k < npaths; k++) {
        struct stat st;
        int dir = stat(paths[k], &st) == 0 && S_ISDIR(st.st_mode);
        size_t cap = strlen(paths[k]) + sizeof "/XAPIANDB";
        if (!(p->stubs[k] = malloc(cap))) break;
        snprintf(p->stubs[k], cap, dir ? "%s/XAPIANDB" : "%s", paths[k]);
    }
    if (!p->stubs || !p->stamps || (npaths && !p->stubs[npaths - 1])) {
        db_pool_free(p);
        return NULL;
    }
    for (unsigned i = 0; i < n; i++) p->slots[i].stubs = p->stamps + i * npaths;
    p->generation = atomic_fetch_add(&generations, 1) + 1;
    return p;
}

static slot *my(db_pool *p)
{
    if (my_generation != p->generation) {
        unsigned i = atomic_fetch_add(&p->taken, 1);
        if (i >= p->n) return NULL;
        my_generation = p->generation;
        my_slot = i + 1;
    }
    return &p->slots[my_slot - 1];
}

annals_status db_pool_get(db_pool *p, annals_db **out, char *msg, size_t cap)
{
    *out = NULL;
    slot *s = my(p);
    if (!s) {
        snprintf(msg, cap, "more threads than database handles (%u)", p->n);
        return ANNALS_ERR_ARGUMENT;
    }
    /* Stamped before they are opened: a stub rewritten meanwhile is seen
     * next time. */
    int rewritten = 0;
    for (size_t k = 0; k < p->npaths; k++) {
        stamp now = stamp_of(p->stubs[k]);
        rewritten |= !same(&now, &s->stubs[k]);
        s->stubs[k] = now;
    }
    if (s->db && (rewritten || annals_db_reopen(s->db) != ANNALS_OK)) db_pool_drop(p);
    if (!s->db) {
        char *why = NULL;
        annals_status st = annals_db_open_opts(p->paths, p->npaths, p->opts, &s->db, &why);
        if (st != ANNALS_OK) {
            snprintf(msg, cap, "%s", why ? why : "out of memory");
            free(why);
            return st;
        }
    }
    *out = s->db;
    return ANNALS_OK;
}

void db_pool_drop(db_pool *p)
{
    slot *s = my(p);
    if (!s) return;
    annals_db_close(s->db);
    s->db = NULL;
}

void db_pool_free(db_pool *p)
{
    if (!p) return;
    for (unsigned i = 0; i < p->n; i++) annals_db_close(p->slots[i].db);
    for (size_t k = 0; p->stubs && k < p->npaths; k++) free(p->stubs[k]);
    free(p->stubs);
    free(p->stamps);
    free(p);
}
