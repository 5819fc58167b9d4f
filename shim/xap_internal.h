/* xap_internal.h - what the shim's C++ files share: the handle structs and
 * the one place that turns exceptions into xap_status. */
#ifndef ANNALS_XAP_INTERNAL_H
#define ANNALS_XAP_INTERNAL_H

#include "xap.h"

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

struct xap_wdb { Xapian::WritableDatabase db; };
/* A shard as a stub names it, to open it again (xap_open.cc). */
struct xap_shard {
    enum Kind { LOCAL, TCP, PROGRAM } kind;
    int backend;                /* LOCAL: 0 (auto) or a DB_BACKEND_* flag */
    std::string where;          /* LOCAL: the path; TCP: the host; PROGRAM: the program */
    std::string args;           /* PROGRAM: its arguments */
    unsigned port;              /* TCP */
    std::string name;           /* "remote HOST:PORT", "remote :PROGRAM ARGS", or the path */
};
/* A remote shard left out: its name, and what went wrong. */
struct xap_missing { std::string name, why; };
/* shards and missing are empty unless opened by xap_db_open_shards. */
struct xap_db {
    Xapian::Database db;
    std::vector<xap_shard> shards;  /* db's shards, in order */
    std::vector<xap_missing> missing;
    unsigned timeout_ms;        /* for remote shards */
    explicit xap_db(const Xapian::Database &d, unsigned timeout = 0) : db(d), timeout_ms(timeout) {}
};
struct xap_doc { Xapian::Document doc; };
struct xap_stemmer { Xapian::Stem stem; };
struct xap_query { Xapian::Query q; };
struct xap_spy { Xapian::ValueCountMatchSpy spy; explicit xap_spy(unsigned s) : spy(s) {} };
struct xap_enquire {
    Xapian::Enquire enq;
    explicit xap_enquire(const Xapian::Database &db) : enq(db) {}
};
struct xap_mset { Xapian::MSet mset; };

/* Maps the exception being handled (call only inside a catch block) to a
 * status, filling err when it is not NULL. */
xap_status xap_handle_exception(xap_err *err);

/* Fills err with a status and message of the shim's own. */
xap_status xap_fail(xap_err *err, xap_status status, const std::string &msg);

/* Runs the body (the rest of the arguments: it may hold commas), turning
 * any exception into a status. */
#define XAP_GUARD(err, ...)                           \
    do {                                              \
        try {                                         \
            __VA_ARGS__;                              \
        } catch (...) {                               \
            return xap_handle_exception(err);         \
        }                                             \
        return XAP_OK;                                \
    } while (0)

/* What went wrong on the network, in words for a line ("connection
 * refused"). */
std::string xap_network_reason(const Xapian::NetworkError &e);

/* Copies s into a malloc'd NUL-terminated buffer (NULL when out of memory). */
char *xap_strdup(const std::string &s);

#endif
