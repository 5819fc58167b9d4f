/* api.c - GET /api/search: a search, answered as annals-search --json. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve/api.h"
#include "tools/render.h"
#include "tools/search-args.h"

void api_error(unsigned status, const char *prefix, const char *msg, api_reply *out)
{
    json_t *doc = json_pack("{s:s+}", "error", prefix, msg);
    out->status = status;
    out->len = 0;
    out->ms = 0;
    out->body = doc ? json_line(doc, 0, &out->len) : NULL;
    json_decref(doc);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The results as annals-search --json writes them. */
static int render(const annals_results *r, const char *query, api_reply *out)
{
    if (!(out->body = render_json_text(query, r, &out->len))) return -1;
    out->status = 200;
    return 0;
}

/* A remote shard down is the server's trouble, not the client's (503). */
static unsigned status_of(annals_status st)
{
    return st == ANNALS_ERR_QUERY ? 400 : st == ANNALS_ERR_UNAVAILABLE ? 503 : 500;
}

void api_search(db_pool *pool, const serve_params *p, api_reply *out)
{
    char msg[700];
    annals_status st = ANNALS_ERR_DATABASE;
    annals_db *db = NULL;
    annals_results *r = NULL;
    double start = now_ms();
    for (int tries = 0; tries < 2 && st == ANNALS_ERR_DATABASE; tries++) {
        if (tries) db_pool_drop(pool);
        if ((st = db_pool_get(pool, &db, msg, sizeof msg)) != ANNALS_OK) break;
        st = annals_search(db, &p->opts, &r);
    }
    if (!db) {
        api_error(status_of(st), "", msg, out);
    } else if (st != ANNALS_OK) {
        api_error(status_of(st), search_error_prefix(st), annals_db_error(db), out);
        /* The next search opens the shards again: one may be back. */
        if (st == ANNALS_ERR_UNAVAILABLE) db_pool_drop(pool);
    } else {
        double ms = now_ms() - start;
        if (render(r, p->opts.query, out) < 0) api_error(500, "", "out of memory", out);
        else out->ms = ms;
        /* Results without a shard (--allow-partial): the next search opens
         * the shards again, and finds the one that is back. */
        if (annals_results_missing(r, 0)) db_pool_drop(pool);
        annals_results_free(r);
    }
}
