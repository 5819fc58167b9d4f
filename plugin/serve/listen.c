/* listen.c - the socket annals-serve listens on. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/listen.h"

/* Connections waiting to be accepted. */
#define BACKLOG 128

int serve_listen(const char *spec, char *msg, size_t cap)
{
    char host[64];
    const char *h = spec, *port;
    size_t hl;
    if (spec[0] == '[') { /* [IPv6]:PORT */
        const char *end = strchr(spec, ']');
        h = spec + 1;
        hl = end ? (size_t)(end - h) : 0;
        port = end && end[1] == ':' ? end + 2 : NULL;
    } else {
        const char *colon = strrchr(spec, ':');
        hl = colon ? (size_t)(colon - spec) : 0;
        port = colon && !memchr(spec, ':', hl) ? colon + 1 : NULL;
    }
    if (!port || hl == 0 || hl >= sizeof host || !*port || strlen(port) > 5 ||
        strspn(port, "0123456789") != strlen(port) || atoi(port) > 65535) {
        snprintf(msg, cap, "--listen %s: expected ADDRESS:PORT (127.0.0.1:8080, [::1]:8080)", spec);
        return -1;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &ai);
    if (rc != 0) {
        snprintf(msg, cap, "--listen %s: %s", spec, gai_strerror(rc));
        return -1;
    }
    int one = 1;
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, BACKLOG) != 0) {
        snprintf(msg, cap, "--listen %s: %s", spec, strerror(errno));
        if (fd >= 0) close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    return fd;
}

void serve_url(int fd, char *buf, size_t cap)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET6) {
            const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
            port = ntohs(a->sin6_port);
        } else {
            const struct sockaddr_in *a = (const struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
            port = ntohs(a->sin_port);
        }
    }
    snprintf(buf, cap, ss.ss_family == AF_INET6 ? "http://[%s]:%u/" : "http://%s:%u/", host, port);
}
