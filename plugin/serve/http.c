/* http.c - annals-serve's HTTP side, on libmicrohttpd. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/api.h"
#include "serve/http.h"
#include "serve/page.h"
#include "serve/params.h"

/* Everything the page uses is in it: its scripts and styles are inline,
 * it fetches /api/search only, and nothing may frame it. */
static const char PAGE_POLICY[] =
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";
/* JSON is data: opened by itself in a browser, it may run nothing. */
static const char JSON_POLICY[] = "default-src 'none'; frame-ancestors 'none'";
static const char NO_MEMORY[] = "{\"error\": \"out of memory\"}\n";

/* Queues body (len bytes; freed by libmicrohttpd when mode says so) with
 * status, its type and policy, and one more header when name is not NULL. */
static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, const char *type,
                               const char *policy, void *body, size_t len,
                               enum MHD_ResponseMemoryMode mode, const char *name,
                               const char *value)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
    if (!r) {
        if (mode == MHD_RESPMEM_MUST_FREE) free(body);
        return MHD_NO; /* libmicrohttpd closes the connection */
    }
    enum MHD_Result ok = MHD_YES;
    if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) != MHD_YES ||
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, policy) != MHD_YES ||
        MHD_add_response_header(r, MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS, "nosniff") != MHD_YES ||
        MHD_add_response_header(r, "Referrer-Policy", "no-referrer") != MHD_YES ||
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") != MHD_YES ||
        (name && MHD_add_response_header(r, name, value) != MHD_YES))
        ok = MHD_NO;
    if (ok == MHD_YES) ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result respond_json(struct MHD_Connection *c, api_reply *a, const char *name,
                                    const char *value)
{
    if (!a->body)
        return respond(c, 500, "application/json", JSON_POLICY, (void *)NO_MEMORY, sizeof NO_MEMORY - 1,
                       MHD_RESPMEM_PERSISTENT, NULL, NULL);
    return respond(c, a->status, "application/json", JSON_POLICY, a->body, a->len,
                   MHD_RESPMEM_MUST_FREE, name, value);
}

static enum MHD_Result refuse(struct MHD_Connection *c, unsigned status, const char *msg,
                              const char *name, const char *value)
{
    api_reply a;
    api_error(status, "", msg, &a);
    return respond_json(c, &a, name, value);
}

/* Takes one decoded parameter of the query string; stops at a bad one. */
static enum MHD_Result take_param(void *ctx, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                  const char *value, size_t value_size)
{
    (void)kind;
    return serve_params_add(ctx, key, key_size, value, value_size) == 0 ? MHD_YES : MHD_NO;
}

static enum MHD_Result search(struct MHD_Connection *c, db_pool *pool)
{
    serve_params p;
    serve_params_init(&p);
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, take_param, &p);
    if (p.error[0] || serve_params_finish(&p) < 0) return refuse(c, 400, p.error, NULL, NULL);
    api_reply a;
    api_search(pool, &p, &a);
    if (a.status != 200) return respond_json(c, &a, NULL, NULL);
    char ms[32];
    snprintf(ms, sizeof ms, "%.3f", a.ms);
    return respond_json(c, &a, "X-Search-Time", ms);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size,
                              void **state)
{
    static int headers_read;
    (void)version;
    (void)upload;
    /* Refused at once (libmicrohttpd then reads no more of the request,
     * and closes the connection). */
    int page = strcmp(url, "/") == 0, api = strcmp(url, "/api/search") == 0;
    if (!page && !api) return refuse(c, 404, "not found: the paths are / and /api/search", NULL, NULL);
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return refuse(c, 405, "method not allowed: GET or HEAD", MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    /* Answered once the whole request is read (a body is ignored), so that
     * the connection can be kept for the next. */
    if (!*state) {
        *state = &headers_read;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (api) return search(c, cls);
    return respond(c, 200, "text/html; charset=utf-8", PAGE_POLICY, (void *)serve_page, serve_page_size,
                   MHD_RESPMEM_PERSISTENT, NULL, NULL);
}

struct MHD_Daemon *serve_http_start(int fd, unsigned threads, db_pool *pool)
{
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL, handle, pool,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONNECTION_MEMORY,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_SECONDS, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SERVE_MAX_CONNECTIONS, MHD_OPTION_END);
}

void serve_http_stop(struct MHD_Daemon *d)
{
    MHD_stop_daemon(d);
}
