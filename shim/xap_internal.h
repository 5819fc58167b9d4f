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
struct xap_db { Xapian::Database db; };
struct xap_doc { Xapian::Document doc; };
struct xap_stemmer { Xapian::Stem stem; };
struct xap_query { Xapian::Query q; };
struct xap_spy { Xapian::ValueCountMatchSpy spy; explicit xap_spy(unsigned s) : spy(s) {} };
struct xap_enquire {
    Xapian::Enquire enq;
    Xapian::Database db;        /* what enq searches (Enquire does not tell) */
    explicit xap_enquire(const Xapian::Database &d) : enq(d), db(d) {}
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

/* Copies s into a malloc'd NUL-terminated buffer (NULL when out of memory). */
char *xap_strdup(const std::string &s);

#endif
