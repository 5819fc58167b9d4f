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
    stamp stub;
} slot;

struct db_pool {
    const char *path;
    char *stub;             /* DIR/XAPIANDB for a stub directory, else path */
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

db_pool *db_pool_new(const char *path, unsigned n)
{
    db_pool *p = calloc(1, sizeof *p + n * sizeof *p->slots);
    if (!p) return NULL;
    struct stat st;
    size_t len = strlen(path);
    int dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (!(p->stub = malloc(len + sizeof "/XAPIANDB"))) {
        free(p);
        return NULL;
    }
    snprintf(p->stub, len + sizeof "/XAPIANDB", dir ? "%s/XAPIANDB" : "%s", path);
    p->path = path;
    p->n = n;
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
    /* Stamped before it is opened: a stub rewritten meanwhile is seen next time. */
    stamp now = stamp_of(p->stub);
    if (s->db && (!same(&now, &s->stub) || annals_db_reopen(s->db) != ANNALS_OK)) db_pool_drop(p);
    if (!s->db) {
        char *why = NULL;
        annals_status st = annals_db_open(p->path, &s->db, &why);
        if (st != ANNALS_OK) {
            snprintf(msg, cap, "%s", why ? why : "out of memory");
            free(why);
            return st;
        }
        s->stub = now;
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
    free(p->stub);
    free(p);
}
