/* xap_internal.h - what the shim's C++ files share: the handle structs and
 * the one place that turns exceptions into xap_status. */
#ifndef ANNALS_XAP_INTERNAL_H
#define ANNALS_XAP_INTERNAL_H

#include "xap.h"
#include "xap_freqs.h"

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
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
/* What a handle on one revision remembers of it between searches (a batch
 * run or a server asks for the same terms and documents again and again):
 * term frequencies, document lengths, numbers and values read from value
 * slots, the values found by term, and the facet pass's values by shard.
 * Bounded: forgotten
 * whole when full, and whenever the handle moves to another revision. */
struct xap_memo {
    /* At most about 65 MB a handle: 4 of frequencies, 16 of numbers, 3 of
     * values by term, 10 of values by document, 32 of facet values. */
    static const size_t PAGE = 4096;            /* docids a page of numbers covers */
    static const size_t MAX_PAGES = 1024;
    static const unsigned LENGTHS = ~0u;        /* the key of document lengths */
    static const size_t MAX_VALUES = 1 << 14;
    static const size_t MAX_SLOT_VALUES = 1 << 17;
    /* Docids a page of facet values covers: a few of Glass's value chunks
     * (about 2 kB each), so that a narrow match on a cold memo reads not
     * much more than Xapian itself would. */
    static const size_t VALUE_PAGE = 512;
    static const size_t MAX_VALUE_BYTES = 32 << 20;
    /* One shard's values in a slot for VALUE_PAGE docids from a multiple
     * of it: document first + i's is blob[i ? end[i - 1] : 0, end[i]). */
    struct value_page {
        uint32_t end[VALUE_PAGE];
        std::string blob;
    };
    xap_freqs freqs;
    /* By term and slot: the value of the first document that has the term
     * (first: whether one has it). */
    std::unordered_map<std::string, std::pair<bool, std::string>> values;
    /* By slot << 32 | docid: the value (the tie-break keys of matches). */
    std::unordered_map<uint64_t, std::string> slot_values;
    /* By slot (or LENGTHS), by page of docids: number + 1, 0 when not read
     * yet. */
    std::unordered_map<unsigned, std::vector<std::unique_ptr<uint32_t[]>>> numbers;
    size_t pages = 0;
    /* By shard << 32 | slot, by page of the shard's own docids: the values
     * the facet pass's spies count (xap_slot_reader); value_bytes is what
     * they take. */
    std::unordered_map<uint64_t, std::vector<std::unique_ptr<value_page>>> value_pages;
    size_t value_bytes = 0;
    unsigned long forgotten = 0;    /* times forgotten (a reader's page is gone) */
    void forget()
    {
        freqs.clear();
        values.clear();
        slot_values.clear();
        numbers.clear();
        pages = 0;
        value_pages.clear();
        value_bytes = 0;
        forgotten++;
    }
};

/* shards and missing are empty unless opened by xap_db_open_shards.  A
 * handle opened read-only sees one revision until reopened (snapshot), and
 * remembers what it read; a writer's reader sees each change at once, and
 * does not. */
struct xap_db {
    Xapian::Database db;
    /* db's Xapian shards one by one (sharing db's internals: reopening db
     * reopens them), for the facet pass to match one at a time.  A
     * database added whole that holds several is not split: parts then
     * has fewer than db.size(), and is not used. */
    std::vector<Xapian::Database> parts;
    std::vector<xap_shard> shards;  /* db's shards, in order */
    std::vector<xap_missing> missing;
    unsigned timeout_ms;        /* for remote shards */
    bool snapshot;
    mutable xap_memo memo;      /* only when snapshot */
    explicit xap_db(const Xapian::Database &d, unsigned timeout = 0, bool snap = true)
        : timeout_ms(timeout), snapshot(snap)
    {
        add(d);
    }
    /* Adds one's shards to db's. */
    void add(const Xapian::Database &one)
    {
        db.add_database(one);
        if (one.size() == 1) parts.push_back(one);
    }
};
struct xap_doc { Xapian::Document doc; };
/* Calls fn for each term of a term list that starts with prefix, in byte
 * order, until fn returns non-zero: a document's as read (xap_read.cc) or
 * as built (xap_write.cc). */
inline void each_term_under(Xapian::TermIterator it, const std::string &prefix, xap_term_fn fn, void *ctx)
{
    for (it.skip_to(prefix); it != Xapian::TermIterator(); ++it) {
        const std::string &t = *it;
        if (t.compare(0, prefix.size(), prefix) != 0 || fn(ctx, t.data(), t.size(), it.get_wdf())) break;
    }
}
struct xap_stemmer { Xapian::Stem stem; };
struct xap_query { Xapian::Query q; };
/* A slot's values of the documents that a match on one shard alone hands
 * the facet pass's spies, read from the handle's memo (a snapshot's), a
 * page of docids at a time along the shard's value stream: each search
 * would otherwise open the value lists afresh and read their blocks again
 * for every match.  The memo is keyed by the shard's own docids: a match
 * over several shards hands a spy documents whose get_docid() is local to
 * the shard being matched (Xapian 1.4's ValueStreamDocument), not the
 * combined docid, so the facet pass matches the shards one by one. */
class xap_slot_reader {
  public:
    xap_slot_reader(const xap_db &db, size_t shard, Xapian::valueno slot);
    /* doc's value: len bytes at the pointer returned, valid until the next
     * call. */
    const char *get(const Xapian::Document &doc, size_t &len);
  private:
    const xap_memo::value_page *load(size_t p);
    const Xapian::Database &part;
    xap_memo &memo;
    uint64_t key;
    Xapian::valueno slot;
    Xapian::ValueIterator it;   /* along the slot: passed no docid from at on */
    Xapian::docid at = 0;
    bool opened = false, streamed = true;
    const xap_memo::value_page *page = nullptr; /* the last used: number pageno */
    size_t pageno = 0;
    unsigned long forgotten = 0; /* memo.forgotten when page was taken */
    std::string own;            /* a value read from doc itself */
};
/* What a spy reads: its reader's value when it has one, else the
 * document's own. */
inline const char *xap_spy_value(xap_slot_reader *reader, const Xapian::Document &doc,
                                 Xapian::valueno slot, std::string &own, size_t &len)
{
    if (reader) return reader->get(doc, len);
    own = doc.get_value(slot);
    len = own.size();
    return own.data();
}
/* Counts the documents holding each distinct value of a slot, as Xapian's
 * ValueCountMatchSpy does, in a hash table rather than an ordered map: the
 * facet pass calls it for every matching section. */
class xap_count_spy : public Xapian::MatchSpy {
  public:
    explicit xap_count_spy(Xapian::valueno s) : slot(s) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        ++total;
        size_t len;
        const char *v = xap_spy_value(reader, doc, slot, key, len);
        if (!len) return;
        if (v != key.data()) key.assign(v, len);
        ++counts[key];
    }
    std::string name() const override { return "annals.CountSpy"; }
    Xapian::valueno slot;
    Xapian::doccount total = 0;
    std::unordered_map<std::string, Xapian::doccount> counts;
    xap_slot_reader *reader = nullptr; /* set during the facet pass */
  private:
    std::string key;
};
/* Hands a slot's value in each document matched to a C function, as the
 * match runs: a facet that splits the values counts them straight away. */
class xap_each_spy : public Xapian::MatchSpy {
  public:
    xap_each_spy(Xapian::valueno s, xap_value_count_fn f, void *c) : slot(s), fn(f), ctx(c) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        ++total;
        size_t len;
        const char *v = xap_spy_value(reader, doc, slot, own, len);
        if (len) fn(ctx, v, len, 1);
    }
    std::string name() const override { return "annals.EachSpy"; }
    Xapian::valueno slot;
    xap_value_count_fn fn;
    void *ctx;
    Xapian::doccount total = 0;
    xap_slot_reader *reader = nullptr; /* set during the facet pass */
  private:
    std::string own;
};
/* A remote server knows only Xapian's own spies: a database with a remote
 * shard gets the stock one (kind STOCK), the others the faster ones. */
struct xap_spy {
    enum Kind { STOCK, COUNT, EACH } kind;
    Xapian::ValueCountMatchSpy spy;
    xap_count_spy count;
    xap_each_spy each;
    xap_spy(Kind k, unsigned s, xap_value_count_fn fn, void *ctx)
        : kind(k), spy(s), count(s), each(s, fn, ctx) {}
    Xapian::MatchSpy &active()
    {
        return kind == STOCK ? static_cast<Xapian::MatchSpy &>(spy)
             : kind == COUNT ? static_cast<Xapian::MatchSpy &>(count) : each;
    }
};
struct xap_enquire {
    Xapian::Enquire enq;
    explicit xap_enquire(const Xapian::Database &db) : enq(db) {}
};
struct xap_mset { Xapian::MSet mset; };

/* Whether one of db's shards is remote. */
bool xap_has_remote(const xap_db *db);
/* Whether each of db's shards is local and in db->parts: then they can be
 * read one by one, by their own docids. */
bool xap_local_parts(const xap_db *db);

/* Maps the exception being handled (call only inside a catch block) to a
 * status, filling err when it is not NULL. */
xap_status xap_handle_exception(xap_err *err);

/* Copies key into out (cap bytes), truncated, NUL-terminated; returns its
 * whole length. */
size_t xap_copy_key(const std::string &key, char *out, size_t cap);

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
