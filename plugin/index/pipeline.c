/* pipeline.c - writer threads, one queue each. */
#include "index/pipeline.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A writer's queue holds at most this many bytes of article text (or
 * QUEUE_JOBS jobs): enough to smooth out one shard's slow article while the
 * others go on, small against the 1 GiB memory bound. */
#define QUEUE_BYTES (16u << 20)
#define QUEUE_JOBS 4096

typedef enum { JOB_ARTICLE, JOB_FILE_DONE } job_kind;

typedef struct job {
    job_kind kind;
    unsigned shard;
    char *name;             /* the source path */
    char *text;             /* JOB_ARTICLE: the article; JOB_FILE_DONE: the record (may be NULL) */
    size_t len;
    unsigned line;
    int lines_map;          /* JOB_FILE_DONE: kept */
    uint64_t input_bytes;   /* for progress */
    struct job *next;
} job;

typedef struct {
    annals_pipeline *p;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t nonempty, nonfull;
    job *head, *tail;
    size_t bytes, njobs;
    int finishing;          /* no more jobs will come */
    unsigned index;
} writer;

struct annals_pipeline {
    annals_shard *shards;
    unsigned nshards, nwriters;
    writer *w;
    const annals_diag_sink *diag;
    int prune;
    _Atomic uint64_t *skipped, *bytes_done;
    atomic_int failed;
    pthread_mutex_t err_mu;
    annals_status status;
    char error[600];
};

static void fail(annals_pipeline *p, annals_status st, const char *msg)
{
    pthread_mutex_lock(&p->err_mu);
    if (p->status == ANNALS_OK) {
        p->status = st;
        snprintf(p->error, sizeof p->error, "%s", msg);
    }
    pthread_mutex_unlock(&p->err_mu);
    atomic_store(&p->failed, 1);
}

static void job_free(job *j)
{
    free(j->name);
    free(j->text);
    free(j);
}

static void run_job(annals_pipeline *p, job *j)
{
    annals_shard *s = &p->shards[j->shard];
    annals_status st = ANNALS_OK;
    switch (j->kind) {
    case JOB_ARTICLE:
        st = annals_shard_add(s, j->name, j->text, j->len, j->line, j->lines_map, p->diag);
        if (st == ANNALS_ERR_INPUT) {
            atomic_fetch_add(p->skipped, 1);
            st = ANNALS_OK;
        }
        break;
    case JOB_FILE_DONE:
        st = annals_shard_file_done(s, j->name, j->text, j->lines_map);
        break;
    }
    if (st != ANNALS_OK) fail(p, st, s->error);
}

/* The end of a run, in the writer of each shard: prune, commit. */
static void finish_shards(writer *w)
{
    annals_pipeline *p = w->p;
    for (unsigned i = w->index; i < p->nshards && !atomic_load(&p->failed); i += p->nwriters) {
        annals_shard *s = &p->shards[i];
        annals_status st = p->prune ? annals_shard_prune(s) : ANNALS_OK;
        if (st == ANNALS_OK) st = annals_shard_commit(s);
        if (st != ANNALS_OK) fail(p, st, s->error);
    }
}

static void *writer_main(void *arg)
{
    writer *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (!w->head && !w->finishing) pthread_cond_wait(&w->nonempty, &w->mu);
        job *j = w->head;
        if (j) {
            w->head = j->next;
            if (!w->head) w->tail = NULL;
            w->bytes -= j->len;
            w->njobs--;
            pthread_cond_signal(&w->nonfull);
        }
        pthread_mutex_unlock(&w->mu);
        if (!j) break;
        /* After a failure the queue is drained without writing. */
        if (!atomic_load(&w->p->failed)) run_job(w->p, j);
        atomic_fetch_add(w->p->bytes_done, j->input_bytes);
        job_free(j);
    }
    finish_shards(w);
    return NULL;
}

static void push(writer *w, job *j)
{
    pthread_mutex_lock(&w->mu);
    while (w->head && (w->bytes + j->len > QUEUE_BYTES || w->njobs >= QUEUE_JOBS))
        pthread_cond_wait(&w->nonfull, &w->mu);
    j->next = NULL;
    if (w->tail) w->tail->next = j;
    else w->head = j;
    w->tail = j;
    w->bytes += j->len;
    w->njobs++;
    pthread_cond_signal(&w->nonempty);
    pthread_mutex_unlock(&w->mu);
}

static job *new_job(job_kind kind, unsigned shard, const char *name, const char *text, size_t len)
{
    job *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->kind = kind;
    j->shard = shard;
    j->len = text ? len : 0;
    if ((name && !(j->name = strdup(name))) || (text && !(j->text = malloc(len + 1)))) {
        job_free(j);
        return NULL;
    }
    if (text) {
        memcpy(j->text, text, len);
        j->text[len] = '\0';
    }
    return j;
}

annals_pipeline *annals_pipeline_start(annals_shard *shards, unsigned nshards, unsigned threads,
                                       int prune, const annals_diag_sink *diag,
                                       _Atomic uint64_t *skipped, _Atomic uint64_t *bytes_done)
{
    annals_pipeline *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->shards = shards;
    p->nshards = nshards;
    p->nwriters = threads < 1 ? 1 : threads > nshards ? nshards : threads;
    p->diag = diag;
    p->prune = prune;
    p->skipped = skipped;
    p->bytes_done = bytes_done;
    pthread_mutex_init(&p->err_mu, NULL);
    p->w = calloc(p->nwriters, sizeof *p->w);
    if (!p->w) {
        free(p);
        return NULL;
    }
    for (unsigned i = 0; i < p->nwriters; i++) {
        writer *w = &p->w[i];
        w->p = p;
        w->index = i;
        pthread_mutex_init(&w->mu, NULL);
        pthread_cond_init(&w->nonempty, NULL);
        pthread_cond_init(&w->nonfull, NULL);
    }
    for (unsigned i = 0; i < p->nwriters; i++) {
        writer *w = &p->w[i];
        w->started = pthread_create(&w->thread, NULL, writer_main, w) == 0;
        if (!w->started) {
            char msg[32];
            p->prune = 0;
            annals_pipeline_finish(p, msg, sizeof msg);
            return NULL;
        }
    }
    return p;
}

static writer *writer_of(annals_pipeline *p, unsigned shard)
{
    return &p->w[shard % p->nwriters];
}

annals_status annals_pipeline_article(annals_pipeline *p, unsigned shard, const char *name,
                                      const char *text, size_t len, unsigned line, int lines_map,
                                      uint64_t input_bytes)
{
    if (atomic_load(&p->failed)) return p->status;
    job *j = new_job(JOB_ARTICLE, shard, name, text, len);
    if (!j) return ANNALS_ERR_NOMEM;
    j->line = line;
    j->lines_map = lines_map;
    j->input_bytes = input_bytes;
    push(writer_of(p, shard), j);
    return ANNALS_OK;
}

annals_status annals_pipeline_file_done(annals_pipeline *p, const char *path, const char *record,
                                        int kept, uint64_t input_bytes)
{
    for (unsigned s = 0; s < p->nshards; s++) {
        if (atomic_load(&p->failed)) return p->status;
        job *j = new_job(JOB_FILE_DONE, s, path, record, record ? strlen(record) : 0);
        if (!j) return ANNALS_ERR_NOMEM;
        j->lines_map = kept;
        j->input_bytes = s == 0 ? input_bytes : 0;
        push(writer_of(p, s), j);
    }
    return ANNALS_OK;
}

annals_status annals_pipeline_finish(annals_pipeline *p, char *msg, size_t cap)
{
    annals_status st = ANNALS_OK;
    for (unsigned i = 0; i < p->nwriters; i++) {
        writer *w = &p->w[i];
        pthread_mutex_lock(&w->mu);
        w->finishing = 1;
        pthread_cond_signal(&w->nonempty);
        pthread_mutex_unlock(&w->mu);
    }
    for (unsigned i = 0; i < p->nwriters; i++) {
        writer *w = &p->w[i];
        if (w->started) pthread_join(w->thread, NULL);
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->nonempty);
        pthread_cond_destroy(&w->nonfull);
    }
    if (p->status != ANNALS_OK) {
        st = p->status;
        snprintf(msg, cap, "%s", p->error);
    }
    pthread_mutex_destroy(&p->err_mu);
    free(p->w);
    free(p);
    return st;
}
