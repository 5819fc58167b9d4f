/* progress.c - the progress line and the summary. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tools/progress.h"

/* Redraws per second. */
#define HZ 4

struct progress {
    const annals_indexer *ix;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    int stop;
    int drawn;
    double start;
};

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clock_text(double s, char *buf, size_t cap)
{
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(buf, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else snprintf(buf, cap, "%ld:%02ld", t / 60, t % 60);
}

static void draw(progress *p)
{
    annals_index_stats s;
    annals_indexer_stats(p->ix, &s);
    double el = progress_now() - p->start;
    double mb = (double)s.bytes_done / 1e6;
    char elapsed[32], eta[32] = "";
    clock_text(el, elapsed, sizeof elapsed);
    if (s.bytes_total && s.bytes_done && s.bytes_done < s.bytes_total && el > 1) {
        char t[24];
        clock_text(el * (double)(s.bytes_total - s.bytes_done) / (double)s.bytes_done, t, sizeof t);
        snprintf(eta, sizeof eta, ", ETA %s", t);
    }
    char pct[16] = "";
    if (s.bytes_total) snprintf(pct, sizeof pct, " %3.0f%%", 100.0 * (double)s.bytes_done / (double)s.bytes_total);
    fprintf(stderr, "\r\033[K%s %llu articles (%llu unchanged), %llu sections, %.1f MB/s, %s%s, %llu skipped",
            pct, (unsigned long long)s.articles, (unsigned long long)s.articles_unchanged,
            (unsigned long long)s.sections, el > 0 ? mb / el : 0.0, elapsed, eta,
            (unsigned long long)(s.files_skipped + s.articles_skipped));
    fflush(stderr);
    p->drawn = 1;
}

static void *run(void *arg)
{
    progress *p = arg;
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 1000000000L / HZ;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->cond, &p->mu, &ts);
        if (!p->stop) draw(p);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

progress *progress_start(const annals_indexer *ix)
{
    progress *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->ix = ix;
    p->start = progress_now();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cond, NULL);
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cond);
        free(p);
        return NULL;
    }
    return p;
}

void progress_clear(progress *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    if (p->drawn) fputs("\r\033[K", stderr);
    p->drawn = 0;
    pthread_mutex_unlock(&p->mu);
}

void progress_stop(progress *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    if (p->drawn) fputs("\r\033[K", stderr);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cond);
    free(p);
}

static const char *plural(unsigned long long n)
{
    return n == 1 ? "" : "s";
}

void progress_summary(FILE *out, const annals_index_stats *s, double seconds, const char *db)
{
    unsigned long long a = s->articles, u = s->articles_unchanged, sec = s->sections;
    unsigned long long fu = s->files_unchanged, sk = s->files_skipped + s->articles_skipped;
    fprintf(out, "annals-index: %llu article%s, %llu section%s indexed into %s", a, plural(a), sec,
            plural(sec), db);
    if (u || fu) fprintf(out, "; unchanged: %llu article%s, %llu file%s not read", u, plural(u), fu, plural(fu));
    if (s->sections_pruned)
        fprintf(out, "; pruned: %llu section%s", (unsigned long long)s->sections_pruned, plural(s->sections_pruned));
    if (sk) fprintf(out, "; skipped: %llu", sk);
    fprintf(out, "; %.1f MB in %.1f s\n", (double)s->bytes_done / 1e6, seconds);
}
