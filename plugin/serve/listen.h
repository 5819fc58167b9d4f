/* listen.h - the socket annals-serve listens on (--listen ADDRESS:PORT). */
#ifndef ANNALS_SERVE_LISTEN_H
#define ANNALS_SERVE_LISTEN_H

#include <stddef.h>

/* A listening TCP socket (non-blocking) on spec: a numeric IPv4 address
 * and port ("127.0.0.1:8080") or an IPv6 one in brackets ("[::1]:8080");
 * port 0 takes a free one.  Returns the descriptor, or -1 with one line
 * ("--listen SPEC: ...") in msg. */
int serve_listen(const char *spec, char *msg, size_t cap);

/* The URL the socket answers at ("http://127.0.0.1:8080/") into buf. */
void serve_url(int fd, char *buf, size_t cap);

#endif
