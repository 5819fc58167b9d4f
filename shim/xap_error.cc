/* xap_error.cc - every Xapian::Error (and anything else thrown) becomes one
 * xap_status plus the message, in one rethrow dispatcher. */
#include "xap_internal.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <new>

const char *xap_status_string(xap_status status)
{
    switch (status) {
    case XAP_OK: return "success";
    case XAP_ERR_NOMEM: return "out of memory";
    case XAP_ERR_OPENING: return "cannot open database";
    case XAP_ERR_LOCKED: return "database is locked";
    case XAP_ERR_CORRUPT: return "database is corrupt";
    case XAP_ERR_VERSION: return "unsupported database version";
    case XAP_ERR_MODIFIED: return "database was modified; reopen it";
    case XAP_ERR_NETWORK: return "network error";
    case XAP_ERR_TIMEOUT: return "timed out";
    case XAP_ERR_QUERY: return "query error";
    case XAP_ERR_INVALID: return "invalid argument";
    case XAP_ERR_DATABASE: return "database error";
    case XAP_ERR_OTHER: break;
    }
    return "internal error";
}

xap_status xap_fail(xap_err *err, xap_status status, const std::string &msg)
{
    if (err) {
        err->status = status;
        std::size_t n = msg.size() < sizeof err->message - 1 ? msg.size()
                                                             : sizeof err->message - 1;
        std::memcpy(err->message, msg.data(), n);
        err->message[n] = '\0';
        err->where[0] = '\0';
    }
    return status;
}

xap_status xap_err_nomem(xap_err *err)
{
    return xap_fail(err, XAP_ERR_NOMEM, "out of memory");
}

/* Fills err with a status and message, and the shard it concerns. */
static xap_status fail_in(xap_err *err, xap_status status, const std::string &msg,
                          const std::string &where)
{
    xap_fail(err, status, msg);
    if (err) {
        std::size_t n = where.copy(err->where, sizeof err->where - 1);
        err->where[n] = '\0';
    }
    return status;
}

static xap_status fail_xapian(xap_err *err, xap_status status, const Xapian::Error &e)
{
    return fail_in(err, status, e.get_msg().empty() ? e.get_type() : e.get_msg(), e.get_context());
}

std::string xap_network_reason(const Xapian::NetworkError &e)
{
    /* The system's words for it ("Connection refused"), else Xapian's;
     * lower case, as part of a line. */
    const char *sys = e.get_error_string();
    std::string why = sys && *sys ? sys : e.get_msg();
    if (why.size() > 1 && std::isupper(static_cast<unsigned char>(why[0])) &&
        std::islower(static_cast<unsigned char>(why[1])))
        why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
    return why;
}

xap_status xap_handle_exception(xap_err *err)
{
    /* Xapian::Error has no virtual functions, so its class is found by
     * catching, most specific first (these classes derive from one another). */
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return fail_xapian(err, XAP_ERR_LOCKED, e);
    } catch (const Xapian::DatabaseVersionError &e) {
        return fail_xapian(err, XAP_ERR_VERSION, e);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return fail_xapian(err, XAP_ERR_OPENING, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return fail_xapian(err, XAP_ERR_CORRUPT, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return fail_xapian(err, XAP_ERR_MODIFIED, e);
    } catch (const Xapian::DatabaseError &e) {
        return fail_xapian(err, XAP_ERR_DATABASE, e);
    } catch (const Xapian::NetworkTimeoutError &e) {
        return fail_in(err, XAP_ERR_TIMEOUT, "timed out", e.get_context());
    } catch (const Xapian::NetworkError &e) {
        return fail_in(err, XAP_ERR_NETWORK, xap_network_reason(e), e.get_context());
    } catch (const Xapian::QueryParserError &e) {
        return fail_xapian(err, XAP_ERR_QUERY, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return fail_xapian(err, XAP_ERR_INVALID, e);
    } catch (const Xapian::InvalidOperationError &e) {
        return fail_xapian(err, XAP_ERR_INVALID, e);
    } catch (const Xapian::Error &e) {
        return fail_xapian(err, XAP_ERR_OTHER, e);
    } catch (const std::bad_alloc &) {
        return xap_err_nomem(err);
    } catch (const std::exception &e) {
        return xap_fail(err, XAP_ERR_OTHER, e.what());
    } catch (...) {
        return xap_fail(err, XAP_ERR_OTHER, "unknown C++ exception");
    }
}

char *xap_strdup(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}
