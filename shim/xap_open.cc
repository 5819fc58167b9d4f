/* xap_open.cc - databases opened shard by shard: stub files are read here,
 * as Xapian 1.4 reads them, so that each remote shard is opened with the
 * caller's timeouts (a stub's "remote HOST:PORT" line cannot carry any), a
 * shard that cannot be reached is named and left out, and the shards can
 * be opened again after one fails during a search. */
#include "xap_internal.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

/* Stubs naming stubs ("auto OTHER.stub"), at most this deep (a stub that
 * names itself would go on for ever). */
static const int MAX_NESTING = 16;

/* "FILE:LINE: what" */
static std::string describe(const char *what, const std::string &file, unsigned line)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, ":%u: ", line);
    return file + buf + what;
}

/* A path of a stub's line, relative to the stub's own directory. */
static std::string resolve(const std::string &path, const std::string &stub)
{
    std::string::size_type slash = stub.rfind('/');
    if (path[0] == '/' || slash == std::string::npos) return path;
    return stub.substr(0, slash + 1) + path;
}

/* "10 s", "0.5 s" */
static std::string seconds(unsigned ms)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", ms / 1000.0);
    return buf;
}

static Xapian::Database open_shard(const xap_shard &s, unsigned timeout_ms)
{
    switch (s.kind) {
    case xap_shard::TCP: return Xapian::Remote::open(s.where, s.port, timeout_ms, timeout_ms);
    case xap_shard::PROGRAM: return Xapian::Remote::open(s.where, s.args, timeout_ms);
    case xap_shard::LOCAL: break;
    }
    return Xapian::Database(s.where, s.backend);
}

/* Opens s into out; a remote shard that cannot be reached is listed as
 * missing instead (false).  Other errors are thrown (a server's failure to
 * open its database, with the shard's name). */
static bool open_or_miss(xap_db &db, const xap_shard &s, Xapian::Database &out)
{
    try {
        out = open_shard(s, db.timeout_ms);
        return true;
    } catch (const Xapian::NetworkTimeoutError &) {
        db.missing.push_back({s.name, "timed out after " + seconds(db.timeout_ms)});
    } catch (const Xapian::NetworkError &e) {
        db.missing.push_back({s.name, xap_network_reason(e)});
    } catch (const Xapian::DatabaseOpeningError &e) {
        if (s.kind == xap_shard::LOCAL) throw;
        throw Xapian::DatabaseOpeningError(s.name + ": " + e.get_msg());
    }
    return false;
}

static void add_shard(xap_db &db, const xap_shard &s)
{
    Xapian::Database one;
    if (!open_or_miss(db, s, one)) return;
    db.add(one);
    db.shards.push_back(s);
}

/* The port of "HOST:PORT", or 0 when it is not a number from 1 to 65535. */
static unsigned parse_port(const std::string &s)
{
    unsigned long port = 0;
    for (char c : s) {
        if (c < '0' || c > '9' || (port = port * 10 + unsigned(c - '0')) > 65535) return 0;
    }
    return unsigned(port);
}

/* A stub's "remote" line: "HOST:PORT" or ":PROGRAM ARGS". */
static xap_shard remote_shard(const std::string &arg, const std::string &file, unsigned line)
{
    xap_shard s{xap_shard::TCP, 0, "", "", 0, "remote " + arg};
    std::string::size_type colon = arg.find(':');
    if (colon == 0) {
        std::string::size_type space = arg.find(' ');
        s.kind = xap_shard::PROGRAM;
        s.where = arg.substr(1, space == std::string::npos ? std::string::npos : space - 1);
        if (space != std::string::npos) s.args = arg.substr(space + 1);
        if (s.where.empty()) throw Xapian::DatabaseOpeningError(describe("remote: no program after ':'", file, line));
        return s;
    }
    if (colon == std::string::npos || colon == arg.size() - 1)
        throw Xapian::DatabaseOpeningError(describe("remote: expected HOST:PORT or :PROGRAM ARGS", file, line));
    s.where = arg.substr(0, colon);
    if (!(s.port = parse_port(arg.substr(colon + 1))))
        throw Xapian::DatabaseOpeningError(describe("remote: the port is not a number from 1 to 65535", file, line));
    return s;
}

static void open_path(xap_db &db, const std::string &path, int depth);

/* Reads a stub file: lines "TYPE ARG", blank lines and # comments, as
 * Xapian does; a line it would not take is an error naming the line (not
 * quoting it: the file might be one that should not be shown). */
static void open_stub(xap_db &db, const std::string &file, int depth)
{
    std::ifstream in(file.c_str());
    if (!in) throw Xapian::DatabaseOpeningError("Couldn't open stub database file: " + file, errno);
    std::string text;
    for (unsigned line = 1; std::getline(in, text); line++) {
        if (text.empty() || text[0] == '#') continue;
        std::string::size_type space = text.find(' ');
        std::string type = text.substr(0, space);
        std::string arg = space == std::string::npos ? "" : text.substr(space + 1);
        if (type == "remote") {
            add_shard(db, remote_shard(arg, file, line));
        } else if (type != "auto" && type != "glass") {
            throw Xapian::DatabaseOpeningError(
                describe("unknown database type (expected auto, glass or remote)", file, line));
        } else if (arg.empty()) {
            throw Xapian::DatabaseOpeningError(describe("no path after the database type", file, line));
        } else if (type == "glass") {
            std::string path = resolve(arg, file);
            add_shard(db, xap_shard{xap_shard::LOCAL, Xapian::DB_BACKEND_GLASS, path, "", 0, path});
        } else if (depth == MAX_NESTING) {
            throw Xapian::DatabaseOpeningError(describe("stubs nested too deep", file, line));
        } else {
            open_path(db, resolve(arg, file), depth + 1);
        }
    }
    if (in.bad()) throw Xapian::DatabaseOpeningError("Couldn't read stub database file: " + file, errno);
}

static bool exists(const std::string &path)
{
    struct stat sb;
    return stat(path.c_str(), &sb) == 0;
}

/* Whether the regular file at path starts as a single-file Glass database. */
static bool single_file_glass(const std::string &path)
{
    static const char magic[] = "\x0f\x0dXapian Glass";
    char buf[sizeof magic - 1];
    std::ifstream in(path.c_str(), std::ios::binary);
    return in.read(buf, sizeof buf) && std::memcmp(buf, magic, sizeof buf) == 0;
}

/* A stub file or directory is read here; anything else is one local
 * database, opened (and diagnosed) by Xapian. */
static void open_path(xap_db &db, const std::string &path, int depth)
{
    struct stat sb;
    bool stat_ok = stat(path.c_str(), &sb) == 0;
    if (stat_ok && S_ISREG(sb.st_mode) && !single_file_glass(path)) {
        open_stub(db, path, depth);
    } else if (stat_ok && S_ISDIR(sb.st_mode) && !exists(path + "/iamglass") &&
               !exists(path + "/iamchert") && exists(path + "/XAPIANDB")) {
        open_stub(db, path + "/XAPIANDB", depth);
    } else {
        add_shard(db, xap_shard{xap_shard::LOCAL, 0, path, "", 0, path});
    }
}

xap_status xap_db_open_shards(const char *path, unsigned timeout_ms, xap_db **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, {
        std::unique_ptr<xap_db> db(new xap_db(Xapian::Database(), timeout_ms));
        open_path(*db, path, 0);
        *out = db.release();
    });
}

const char *xap_db_missing(const xap_db *db, size_t i, const char **why)
{
    if (i >= db->missing.size()) return nullptr;
    if (why) *why = db->missing[i].why.c_str();
    return db->missing[i].name.c_str();
}

/* Xapian's name for a remote shard in its errors (Error::get_context()). */
static std::string context_of(const xap_shard &s)
{
    if (s.kind == xap_shard::TCP) return "remote:tcp(" + s.where + ":" + std::to_string(s.port) + ")";
    if (s.kind == xap_shard::PROGRAM) return "remote:prog(" + s.where + " " + s.args + ")";
    return "";
}

xap_status xap_db_recover(xap_db *db, const xap_err *failure, size_t *dropped, xap_err *err)
{
    *dropped = 0;
    XAP_GUARD(err, {
        xap_db fresh(Xapian::Database(), db->timeout_ms);
        fresh.missing = db->missing;
        for (const xap_shard &s : db->shards) {
            bool failed = s.kind != xap_shard::LOCAL && failure->where == context_of(s);
            if (failed && failure->status == XAP_ERR_TIMEOUT) {
                /* Trying again would wait as long again. */
                fresh.missing.push_back({s.name, "timed out after " + seconds(db->timeout_ms)});
                continue;
            }
            Xapian::Database one;
            if (!open_or_miss(fresh, s, one)) continue;
            if (failed) {
                /* It answers again, but failed the search: left out too. */
                fresh.missing.push_back({s.name, failure->message});
                continue;
            }
            fresh.add(one);
            fresh.shards.push_back(s);
        }
        *dropped = fresh.missing.size() - db->missing.size();
        if (*dropped) *db = std::move(fresh);
    });
}
