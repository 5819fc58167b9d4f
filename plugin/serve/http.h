/* http.h - annals-serve's HTTP side, on libmicrohttpd: GET (and HEAD) of
 * "/" (the page) and "/api/search" (serve/api.h); 404 for any other path,
 * 405 for any other method; size limits on what a client sends. */
#ifndef ANNALS_SERVE_HTTP_H
#define ANNALS_SERVE_HTTP_H

#include "serve/dbpool.h"

/* Memory for a connection's request line and headers (libmicrohttpd
 * answers 414 or 431 to a request that does not fit), and how long an idle
 * connection is kept. */
#define SERVE_CONNECTION_MEMORY (64 * 1024)
#define SERVE_IDLE_SECONDS 30
#define SERVE_MAX_CONNECTIONS 256

struct MHD_Daemon;

/* Serves on the listening socket fd (which it takes) with threads worker
 * threads, each searching with its own handle from pool.  NULL when
 * libmicrohttpd cannot start. */
struct MHD_Daemon *serve_http_start(int fd, unsigned threads, db_pool *pool);

/* Stops: closes the socket and the connections, and waits for the
 * threads. */
void serve_http_stop(struct MHD_Daemon *d);

#endif
