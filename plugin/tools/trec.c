/* trec.c - annals-search --trec: the queries searched by several threads
 * at once, each with its own database handle (a handle is not
 * thread-safe), and the run written in the queries' order as each is
 * done. */
#include "tools/trec.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/render.h"
#include "tools/search-args.h"

typedef struct {
    char *line;                 /* "qid<TAB>query" (owned) */
    unsigned lineno;
    char *run;                  /* its lines of the run (owned) */
    size_t runlen;
    char *error;                /* its line on stderr (owned), or NULL */
    int status;                 /* 0 done, 1 the query failed, 2 the database, 3 a remote shard */
    int done;
} query;

typedef struct {
    query *q;
    size_t n;
    size_t next;                /* the next query to take */
    int stop;                   /* a query failed the whole run: take no more */
    pthread_mutex_t lock;
    pthread_cond_t finished;    /* a query is done */
    const annals_search_opts *o;
    const char *tag;
} batch;

typedef struct {
    batch *b;
    annals_db *db;
} job;

/* Reads the lines of stdin to run; -1 when out of memory. */
static int read_queries(batch *b)
{
    char *line = NULL;
    size_t cap = 0, qcap = 0;
    ssize_t len;
    unsigned lineno = 0;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (line[strspn(line, " \t")] == '\0' || line[0] == '#') continue;
        if (b->n == qcap) {
            size_t c = qcap ? qcap * 2 : 64;
            query *v = realloc(b->q, c * sizeof *v);
            if (!v) break;
            b->q = v;
            qcap = c;
        }
        char *copy = strdup(line);
        if (!copy) break;
        b->q[b->n++] = (query){copy, lineno, NULL, 0, NULL, 0, 0};
    }
    free(line);
    return len > 0 ? -1 : 0; /* (stopped before the end: out of memory) */
}

/* Searches one query with db: its run's lines, or its error line. */
static void run_query(query *q, annals_db *db, annals_search_opts *o, const char *tag)
{
    char *tab = strchr(q->line, '\t');
    FILE *err = NULL, *out = NULL;
    size_t errlen = 0;
    if (!(err = open_memstream(&q->error, &errlen))) {
        q->status = 2;
        return;
    }
    if (!tab) {
        fprintf(err, "annals-search: stdin:%u: expected qid<TAB>query\n", q->lineno);
        q->status = 1;
    } else {
        *tab = '\0';
        o->query = tab + 1;
        annals_results *r;
        annals_status st = annals_search(db, o, &r);
        if (st == ANNALS_ERR_UNAVAILABLE) {
            fprintf(err, "annals-search: %s\n", annals_db_error(db));
            q->status = 3;
        } else if (st != ANNALS_OK) {
            fprintf(err, "annals-search: query %s: %s\n", q->line, annals_db_error(db));
            q->status = st == ANNALS_ERR_QUERY ? 1 : 2;
        } else if ((out = open_memstream(&q->run, &q->runlen))) {
            render_trec(out, q->line, tag, r);
            fclose(out);
            annals_results_free(r);
        } else {
            fprintf(err, "annals-search: query %s: out of memory\n", q->line);
            q->status = 2;
            annals_results_free(r);
        }
    }
    fclose(err);
    if (!errlen) {
        free(q->error);
        q->error = NULL;
    }
}

static void *work(void *arg)
{
    job *j = arg;
    batch *b = j->b;
    annals_search_opts o = *b->o;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->stop ? b->n : b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->n) break;
        run_query(&b->q[i], j->db, &o, b->tag);
        pthread_mutex_lock(&b->lock);
        b->q[i].done = 1;
        if (b->q[i].status >= 2) b->stop = 1;
        pthread_cond_broadcast(&b->finished);
        pthread_mutex_unlock(&b->lock);
    }
    return NULL;
}

/* Writes the queries' runs and errors in order as they are done, up to
 * one that fails the whole run; returns the exit status. */
static int write_in_order(batch *b)
{
    int status = 0;
    for (size_t i = 0; i < b->n && status < 2; i++) {
        pthread_mutex_lock(&b->lock);
        while (!b->q[i].done) pthread_cond_wait(&b->finished, &b->lock);
        pthread_mutex_unlock(&b->lock);
        query *q = &b->q[i];
        if (q->run) fwrite(q->run, 1, q->runlen, stdout);
        if (q->error) fputs(q->error, stderr);
        if (q->status > status) status = q->status;
        free(q->run);
        free(q->error);
        q->run = q->error = NULL;
    }
    pthread_mutex_lock(&b->lock);
    b->stop = 1;
    pthread_mutex_unlock(&b->lock);
    return status;
}

int trec_run(const trec_dbs *dbs, const annals_search_opts *o, const char *tag, unsigned jobs)
{
    /* Free text, one hit per article, nothing but the article and score. */
    annals_search_opts run = *o;
    run.plain = 1;
    run.per_article = 1;
    search_no_facets(&run);
    run.passages = 0;
    run.ids_only = 1;
    batch b = {NULL, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, &run, tag};
    job *j = calloc(jobs, sizeof *j);
    pthread_t *t = calloc(jobs, sizeof *t);
    int status = 0;
    if (!j || !t || read_queries(&b) < 0) {
        fputs("annals-search: out of memory\n", stderr);
        status = 2;
    }
    if (jobs > b.n) jobs = b.n ? (unsigned)b.n : 1;
    /* Each job its own handle; the first has the one the caller opened. */
    unsigned started = 0;
    for (; status == 0 && started < jobs; started++) {
        j[started] = (job){&b, dbs->db};
        char *msg = NULL;
        annals_status st = started ? annals_db_open_opts(dbs->paths, dbs->npaths, dbs->opts, &j[started].db, &msg)
                                   : ANNALS_OK;
        if (st == ANNALS_OK && pthread_create(&t[started], NULL, work, &j[started]) != 0) st = ANNALS_ERR_NOMEM;
        if (st != ANNALS_OK) {
            fprintf(stderr, "annals-search: %s\n", msg ? msg : "cannot start a search thread");
            free(msg);
            if (started) annals_db_close(j[started].db);
            status = st == ANNALS_ERR_UNAVAILABLE ? 3 : 2;
            break;
        }
    }
    if (status == 0) {
        status = write_in_order(&b);
    } else {
        pthread_mutex_lock(&b.lock);
        b.stop = 1;
        pthread_mutex_unlock(&b.lock);
    }
    for (unsigned k = 0; k < started; k++) {
        pthread_join(t[k], NULL);
        if (k) annals_db_close(j[k].db);
    }
    for (size_t i = 0; i < b.n; i++) {
        free(b.q[i].line);
        free(b.q[i].run);
        free(b.q[i].error);
    }
    free(b.q);
    free(j);
    free(t);
    return status;
}
