/* pipeline.c - for each group of shards, an analysis thread and a writer
 * thread, joined by bounded queues. */
#include "index/pipeline.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A queue from the reader holds at most this many bytes of article text
 * (or QUEUE_JOBS jobs): enough to smooth out one shard's slow article while
 * the others go on, small against the 1 GiB memory bound.  A queue of
 * prepared articles is shorter: their documents take several times the
 * text's size. */
#define QUEUE_BYTES (16u << 20)
#define QUEUE_JOBS 4096
#define READY_BYTES (4u << 20)
#define READY_JOBS 256

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
    annals_prepared prep;   /* JOB_ARTICLE, once analysed */
    struct job *next;
} job;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t nonempty, nonfull;
    job *head, *tail;
    size_t bytes, njobs, max_bytes, max_jobs;
    int closed;             /* no more jobs will come */
} queue;

typedef struct {
    annals_pipeline *p;
    unsigned index;
    queue raw, ready;       /* reader -> analysis -> writer */
    pthread_t analyzer, writer;
    int started;            /* how many of the two threads run */
} group;

struct annals_pipeline {
    annals_shard *shards;
    unsigned nshards, ngroups;
    group *g;
    xap_db **snapshots;     /* each shard as the run began, for the analysis */
    annals_preparer *prep;  /* one per shard, used by its group's analysis thread */
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

static void queue_init(queue *q, size_t max_bytes, size_t max_jobs)
{
    memset(q, 0, sizeof *q);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->nonempty, NULL);
    pthread_cond_init(&q->nonfull, NULL);
    q->max_bytes = max_bytes;
    q->max_jobs = max_jobs;
}

static void queue_destroy(queue *q)
{
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->nonempty);
    pthread_cond_destroy(&q->nonfull);
}

static void queue_push(queue *q, job *j)
{
    pthread_mutex_lock(&q->mu);
    while (q->head && (q->bytes + j->len > q->max_bytes || q->njobs >= q->max_jobs))
        pthread_cond_wait(&q->nonfull, &q->mu);
    j->next = NULL;
    if (q->tail) q->tail->next = j;
    else q->head = j;
    q->tail = j;
    q->bytes += j->len;
    q->njobs++;
    pthread_cond_signal(&q->nonempty);
    pthread_mutex_unlock(&q->mu);
}

/* The next job, or NULL once the queue is closed and empty. */
static job *queue_pop(queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (!q->head && !q->closed) pthread_cond_wait(&q->nonempty, &q->mu);
    job *j = q->head;
    if (j) {
        q->head = j->next;
        if (!q->head) q->tail = NULL;
        q->bytes -= j->len;
        q->njobs--;
        pthread_cond_signal(&q->nonfull);
    }
    pthread_mutex_unlock(&q->mu);
    return j;
}

static void queue_close(queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_signal(&q->nonempty);
    pthread_mutex_unlock(&q->mu);
}

static void job_free(job *j)
{
    annals_prepared_free(&j->prep);
    free(j->name);
    free(j->text);
    free(j);
}

static void *analyzer_main(void *arg)
{
    group *g = arg;
    annals_pipeline *p = g->p;
    for (job *j; (j = queue_pop(&g->raw));) {
        if (j->kind == JOB_ARTICLE && !atomic_load(&p->failed)) {
            annals_preparer *pr = &p->prep[j->shard];
            annals_status st = annals_prepare(pr, j->name, j->text, j->len, j->line, j->lines_map,
                                              p->diag, &j->prep);
            if (st != ANNALS_OK) fail(p, st, pr->error);
            free(j->text); /* the documents are what the writer needs */
            j->text = NULL;
        }
        queue_push(&g->ready, j);
    }
    queue_close(&g->ready);
    return NULL;
}

static void write_job(annals_pipeline *p, job *j)
{
    annals_shard *s = &p->shards[j->shard];
    annals_status st = j->kind == JOB_ARTICLE ? annals_shard_write(s, j->name, &j->prep)
                                              : annals_shard_file_done(s, j->name, j->text, j->lines_map);
    if (st == ANNALS_ERR_INPUT) atomic_fetch_add(p->skipped, 1);
    else if (st != ANNALS_OK) fail(p, st, s->error);
}

/* The end of a run, in the writer of each shard: prune, commit. */
static void finish_shards(group *g)
{
    annals_pipeline *p = g->p;
    for (unsigned i = g->index; i < p->nshards && !atomic_load(&p->failed); i += p->ngroups) {
        annals_shard *s = &p->shards[i];
        annals_status st = p->prune ? annals_shard_prune(s) : ANNALS_OK;
        if (st == ANNALS_OK) st = annals_shard_commit(s);
        if (st != ANNALS_OK) fail(p, st, s->error);
    }
}

static void *writer_main(void *arg)
{
    group *g = arg;
    for (job *j; (j = queue_pop(&g->ready));) {
        /* After a failure the queue is drained without writing. */
        if (!atomic_load(&g->p->failed)) write_job(g->p, j);
        atomic_fetch_add(g->p->bytes_done, j->input_bytes);
        job_free(j);
    }
    finish_shards(g);
    return NULL;
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

/* The snapshots and the analysis state of every shard. */
static annals_status open_analysis(annals_pipeline *p)
{
    p->snapshots = calloc(p->nshards, sizeof *p->snapshots);
    p->prep = calloc(p->nshards, sizeof *p->prep);
    if (!p->snapshots || !p->prep) return ANNALS_ERR_NOMEM;
    for (unsigned i = 0; i < p->nshards; i++) {
        xap_err err;
        if (xap_db_open(p->shards[i].path, &p->snapshots[i], &err) != XAP_OK) {
            fail(p, ANNALS_ERR_DATABASE, err.message);
            return ANNALS_ERR_DATABASE;
        }
        if (annals_preparer_init(&p->prep[i], p->snapshots[i]) < 0) return ANNALS_ERR_NOMEM;
    }
    return ANNALS_OK;
}

static void close_analysis(annals_pipeline *p)
{
    for (unsigned i = 0; p->prep && i < p->nshards; i++) annals_preparer_free(&p->prep[i]);
    for (unsigned i = 0; p->snapshots && i < p->nshards; i++) xap_db_close(p->snapshots[i]);
    free(p->prep);
    free(p->snapshots);
}

annals_pipeline *annals_pipeline_start(annals_shard *shards, unsigned nshards, unsigned threads,
                                       int prune, const annals_diag_sink *diag,
                                       _Atomic uint64_t *skipped, _Atomic uint64_t *bytes_done)
{
    annals_pipeline *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->shards = shards;
    p->nshards = nshards;
    p->ngroups = threads < 1 ? 1 : threads > nshards ? nshards : threads;
    p->diag = diag;
    p->prune = prune;
    p->skipped = skipped;
    p->bytes_done = bytes_done;
    pthread_mutex_init(&p->err_mu, NULL);
    p->g = calloc(p->ngroups, sizeof *p->g);
    int ok = p->g && open_analysis(p) == ANNALS_OK;
    for (unsigned i = 0; p->g && i < p->ngroups; i++) {
        group *g = &p->g[i];
        g->p = p;
        g->index = i;
        queue_init(&g->raw, QUEUE_BYTES, QUEUE_JOBS);
        queue_init(&g->ready, READY_BYTES, READY_JOBS);
    }
    for (unsigned i = 0; ok && i < p->ngroups; i++) {
        group *g = &p->g[i];
        if (pthread_create(&g->writer, NULL, writer_main, g) != 0) ok = 0;
        else if (++g->started, pthread_create(&g->analyzer, NULL, analyzer_main, g) != 0) ok = 0;
        else g->started++;
    }
    if (!ok) {
        char msg[32];
        p->prune = 0;
        annals_pipeline_finish(p, msg, sizeof msg);
        return NULL;
    }
    return p;
}

static group *group_of(annals_pipeline *p, unsigned shard)
{
    return &p->g[shard % p->ngroups];
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
    queue_push(&group_of(p, shard)->raw, j);
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
        queue_push(&group_of(p, s)->raw, j);
    }
    return ANNALS_OK;
}

annals_status annals_pipeline_finish(annals_pipeline *p, char *msg, size_t cap)
{
    annals_status st = ANNALS_OK;
    for (unsigned i = 0; p->g && i < p->ngroups; i++) {
        group *g = &p->g[i];
        queue_close(&g->raw);
        /* A writer whose analysis thread never started ends on its own. */
        if (g->started < 2) queue_close(&g->ready);
    }
    for (unsigned i = 0; p->g && i < p->ngroups; i++) {
        group *g = &p->g[i];
        if (g->started == 2) pthread_join(g->analyzer, NULL);
        if (g->started >= 1) pthread_join(g->writer, NULL);
        queue_destroy(&g->raw);
        queue_destroy(&g->ready);
    }
    if (p->status != ANNALS_OK) {
        st = p->status;
        snprintf(msg, cap, "%s", p->error);
    }
    close_analysis(p);
    pthread_mutex_destroy(&p->err_mu);
    free(p->g);
    free(p);
    return st;
}
