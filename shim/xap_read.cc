/* xap_read.cc - readable databases (local, stub or remote) and the stemmer. */
#include "xap_internal.h"

#include <cstdlib>
#include <cstring>
#include <new>

xap_status xap_db_open(const char *path, xap_db **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, *out = new xap_db(Xapian::Database(path)));
}

xap_status xap_db_add(xap_db *db, const xap_db *other, xap_err *err)
{
    XAP_GUARD(err, {
        db->db.add_database(other->db);
        db->parts.insert(db->parts.end(), other->parts.begin(), other->parts.end());
        db->memo.forget();
        db->shards.insert(db->shards.end(), other->shards.begin(), other->shards.end());
        db->missing.insert(db->missing.end(), other->missing.begin(), other->missing.end());
    });
}

void xap_db_close(xap_db *db)
{
    delete db;
}

/* The statistics getters below cannot fail on a local database; on a remote
 * one a network failure reads as an empty database and the next call that
 * reports errors says what went wrong. */
uint32_t xap_db_doccount(const xap_db *db)
{
    try {
        return db->db.get_doccount();
    } catch (...) {
        return 0;
    }
}

uint32_t xap_db_termfreq(const xap_db *db, const char *term, size_t len)
{
    try {
        uint32_t n;
        if (db->snapshot && db->memo.freqs.get(term, len, &n)) return n;
        n = db->db.get_termfreq(std::string(term, len));
        if (db->snapshot) db->memo.freqs.put(term, len, n);
        return n;
    } catch (...) {
        return 0;
    }
}

void xap_db_termfreq_prefetch(const xap_db *db, const char *term, size_t len)
{
    if (db->snapshot) db->memo.freqs.prefetch(term, len);
}

xap_status xap_db_count_term(xap_db *db, const char *term, uint32_t *out, xap_err *err)
{
    *out = 0;
    XAP_GUARD(err, *out = db->db.get_termfreq(term));
}

xap_status xap_db_reopen(xap_db *db, xap_err *err)
{
    XAP_GUARD(err, if (db->db.reopen()) db->memo.forget());
}

double xap_db_avlength(const xap_db *db)
{
    try {
        return db->db.get_avlength();
    } catch (...) {
        return 0.0;
    }
}

xap_status xap_db_get_metadata(xap_db *db, const char *key, char **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, {
        *out = xap_strdup(db->db.get_metadata(key));
        if (!*out) throw std::bad_alloc();
    });
}

/* How many shards db's documents are read from one by one, by their own
 * docids (own_docid): its lists wrap, or step, every shard's at each step.
 * 0 when they are not: one shard, a remote one, or a database added whole
 * that holds several. */
static size_t own_shards(const xap_db *db)
{
    size_t shards = db->parts.size();
    return shards > 1 && xap_local_parts(db) ? shards : 0;
}

/* Docid did of the whole, in its own shard (of shards, interleaved as
 * Xapian does): that shard's docid, and the shard in *shard. */
static xap_docid own_docid(xap_docid did, size_t shards, size_t *shard)
{
    *shard = (did - 1) % shards;
    return xap_docid((did - 1) / shards + 1);
}

/* Document did's term list, from its own shard where there is one. */
static Xapian::TermIterator terms_of(const xap_db *db, xap_docid did)
{
    size_t shards = own_shards(db), s;
    if (!shards) return db->db.termlist_begin(did);
    xap_docid local = own_docid(did, shards, &s);
    return db->parts[s].termlist_begin(local);
}

xap_status xap_db_wdfs(xap_db *db, xap_docid did, const char *const *terms, const size_t *lens,
                       size_t n, uint32_t *wdf, xap_err *err)
{
    for (size_t i = 0; i < n; i++) wdf[i] = 0;
    XAP_GUARD(err, {
        Xapian::TermIterator it = terms_of(db, did), end;
        for (size_t i = 0; i < n && it != end; i++) {
            std::string t(terms[i], lens[i]);
            it.skip_to(t);
            if (it != end && *it == t) wdf[i] = it.get_wdf();
        }
    });
}

xap_status xap_db_positions(xap_db *db, xap_docid did, const char *term, size_t len,
                            uint32_t **buf, size_t *cap, size_t *n, xap_err *err)
{
    *n = 0;
    XAP_GUARD(err, {
        Xapian::PositionIterator it = db->db.positionlist_begin(did, std::string(term, len));
        Xapian::PositionIterator end = db->db.positionlist_end(did, std::string(term, len));
        for (; it != end; ++it) {
            if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 64;
                void *p = std::realloc(*buf, ncap * sizeof **buf);
                if (!p) throw std::bad_alloc();
                *buf = static_cast<uint32_t *>(p);
                *cap = ncap;
            }
            (*buf)[(*n)++] = *it;
        }
    });
}

xap_status xap_db_postings(xap_db *db, const char *term, size_t len, xap_docid *out,
                           size_t n, size_t *got, xap_err *err)
{
    *got = 0;
    XAP_GUARD(err, {
        std::string t(term, len);
        for (Xapian::PostingIterator it = db->db.postlist_begin(t);
             it != db->db.postlist_end(t) && *got < n; ++it)
            out[(*got)++] = *it;
    });
}

/* wdf[i] = t's wdf in dids[i] (ascending; those that t does not index left
 * as they are), along t's posting list in db. */
static void wdfs_along(const Xapian::Database &db, const std::string &t, const xap_docid *dids,
                       size_t n, uint32_t *wdf)
{
    Xapian::PostingIterator it = db.postlist_begin(t), end = db.postlist_end(t);
    for (size_t i = 0; i < n && it != end; i++) {
        it.skip_to(dids[i]);
        if (it != end && *it == dids[i]) wdf[i] = it.get_wdf();
    }
}

xap_status xap_db_terms_wdfs(xap_db *db, const char *const *terms, const size_t *lens, size_t nterms,
                             const xap_docid *dids, size_t n, uint32_t *wdf, xap_err *err)
{
    for (size_t i = 0; i < nterms * n; i++) wdf[i] = 0;
    XAP_GUARD(err, {
        size_t shards = own_shards(db);
        if (!shards) {
            for (size_t k = 0; k < nterms; k++)
                wdfs_along(db->db, std::string(terms[k], lens[k]), dids, n, wdf + k * n);
            return XAP_OK;
        }
        /* Each shard's own posting lists for its documents. */
        std::vector<xap_docid> local;
        std::vector<size_t> at;
        std::vector<uint32_t> got;
        local.reserve(n);
        at.reserve(n);
        for (size_t s = 0; s < shards; s++) {
            local.clear();
            at.clear();
            for (size_t i = 0; i < n; i++) {
                size_t of;
                xap_docid d = own_docid(dids[i], shards, &of);
                if (of == s) {
                    local.push_back(d);
                    at.push_back(i);
                }
            }
            if (local.empty()) continue;
            for (size_t k = 0; k < nterms; k++) {
                got.assign(local.size(), 0);
                wdfs_along(db->parts[s], std::string(terms[k], lens[k]), local.data(), local.size(), got.data());
                for (size_t j = 0; j < at.size(); j++) wdf[k * n + at[j]] = got[j];
            }
        }
    });
}

xap_status xap_db_terms_under(xap_db *db, xap_docid did, const char *prefix, xap_term_fn fn,
                              void *ctx, xap_err *err)
{
    XAP_GUARD(err, each_term_under(terms_of(db, did), prefix, fn, ctx));
}

xap_status xap_db_terms_prefixed(xap_db *db, const char *prefix, size_t len, xap_term_fn fn,
                                 void *ctx, xap_err *err)
{
    XAP_GUARD(err, {
        std::string p(prefix, len);
        for (Xapian::TermIterator it = db->db.allterms_begin(p), end = db->db.allterms_end(p);
             it != end; ++it) {
            const std::string &t = *it;
            if (fn(ctx, t.data(), t.size(), it.get_termfreq())) break;
        }
    });
}

/* The number in a value ("" and junk: 0), as the memo keeps it (+ 1). */
static uint32_t number_of(const std::string &v)
{
    unsigned long x = std::strtoul(v.c_str(), nullptr, 10);
    return x >= UINT32_MAX ? UINT32_MAX : (uint32_t)x + 1;
}

/* The memo's page of slot's numbers that holds did, zeroed when new;
 * nullptr when did is past the pages the memo may hold. */
static uint32_t *numbers_page(xap_memo &m, unsigned slot, Xapian::docid did)
{
    auto &pages = m.numbers[slot];
    size_t p = did / xap_memo::PAGE;
    if (p >= pages.size()) {
        if (p >= xap_memo::MAX_PAGES * 16) return nullptr;
        pages.resize(p + 1);
    }
    if (!pages[p]) {
        if (m.pages >= xap_memo::MAX_PAGES) {
            m.forget();
            return numbers_page(m, slot, did);
        }
        pages[p].reset(new uint32_t[xap_memo::PAGE]());
        m.pages++;
    }
    return pages[p].get();
}

/* Calls got(i, value) for each dids[i], i in at, those docids ascending:
 * along the slot's value stream, or one document at a time where a backend
 * has no streams (remote shards). */
template <typename Got>
static void values_along(xap_db *db, unsigned slot, const xap_docid *dids,
                         const std::vector<size_t> &at, Got got)
{
    if (at.empty()) return; /* (opening the stream reads each shard's first chunk) */
    Xapian::ValueIterator it, end = db->db.valuestream_end(slot);
    bool streamed = true;
    try {
        it = db->db.valuestream_begin(slot);
    } catch (const Xapian::UnimplementedError &) {
        streamed = false;
    }
    for (size_t i : at) {
        std::string v;
        if (!streamed) {
            v = db->db.get_document(dids[i], Xapian::DOC_ASSUME_VALID).get_value(slot);
        } else if (it != end) {
            it.skip_to(dids[i]);
            if (it != end && it.get_docid() == dids[i]) v = *it;
        }
        got(i, v);
    }
}

xap_status xap_db_values_into(xap_db *db, unsigned slot, const xap_docid *dids, size_t n, char *out,
                              size_t cap, xap_err *err)
{
    XAP_GUARD(err, {
        auto &memo = db->memo.slot_values;
        std::vector<size_t> unread;
        for (size_t i = 0; i < n; i++) {
            auto it = db->snapshot ? memo.find((uint64_t)slot << 32 | dids[i]) : memo.end();
            if (it != memo.end()) xap_copy_key(it->second, out + i * cap, cap);
            else unread.push_back(i);
        }
        values_along(db, slot, dids, unread, [&](size_t i, const std::string &v) {
            xap_copy_key(v, out + i * cap, cap);
            if (!db->snapshot) return;
            if (memo.size() >= xap_memo::MAX_SLOT_VALUES) memo.clear();
            memo.emplace((uint64_t)slot << 32 | dids[i], v);
        });
    });
}

/* out[i] = a number of document dids[i], from the memo's pages under key
 * (a slot, or LENGTHS) where they hold it, from read(the rest's indexes,
 * out) otherwise, which stores each + 1; those are remembered. */
template <typename Read>
static void remembered(xap_db *db, unsigned key, const xap_docid *dids, size_t n, uint32_t *out,
                       Read read)
{
    std::vector<size_t> unread;
    for (size_t i = 0; i < n; i++) {
        uint32_t *page = db->snapshot ? numbers_page(db->memo, key, dids[i]) : nullptr;
        out[i] = page ? page[dids[i] % xap_memo::PAGE] : 0;
        if (!out[i]) unread.push_back(i);
    }
    read(unread, out);
    for (size_t i : unread) {
        uint32_t *page = db->snapshot ? numbers_page(db->memo, key, dids[i]) : nullptr;
        if (page) page[dids[i] % xap_memo::PAGE] = out[i];
    }
    for (size_t i = 0; i < n; i++) out[i]--;
}

xap_status xap_db_slot_numbers(xap_db *db, unsigned slot, const xap_docid *dids, size_t n,
                               uint32_t *out, xap_err *err)
{
    XAP_GUARD(err, remembered(db, slot, dids, n, out, [&](const std::vector<size_t> &at, uint32_t *o) {
        values_along(db, slot, dids, at, [&](size_t i, const std::string &v) { o[i] = number_of(v); });
    }));
}

bool xap_has_remote(const xap_db *db)
{
    for (const xap_shard &s : db->shards)
        if (s.kind != xap_shard::LOCAL) return true;
    return false;
}

bool xap_local_parts(const xap_db *db)
{
    return !xap_has_remote(db) && db->parts.size() == db->db.size();
}

/* Reads the lengths of dids[at[k]] into len[at[k]] (+ 1): in one pass
 * along the document-length list ("" names it) when they ascend and no
 * shard is remote, which costs less than a look-up for each. */
static void read_lengths(xap_db *db, const xap_docid *dids, const std::vector<size_t> &at,
                         uint32_t *len)
{
    if (at.empty()) return; /* (opening the list reads each shard's first chunk) */
    bool along = !xap_has_remote(db); /* (a remote posting list comes whole) */
    for (size_t k = 1; along && k < at.size(); k++) along = dids[at[k - 1]] < dids[at[k]];
    Xapian::PostingIterator it, end;
    if (along) it = db->db.postlist_begin("");
    for (size_t i : at) {
        if (it != end) it.skip_to(dids[i]);
        Xapian::termcount l = it != end && *it == dids[i] ? it.get_doclength() : db->db.get_doclength(dids[i]);
        len[i] = l >= UINT32_MAX ? UINT32_MAX : (uint32_t)l + 1;
    }
}

xap_status xap_db_doclengths(xap_db *db, const xap_docid *dids, size_t n, uint32_t *len,
                             xap_err *err)
{
    XAP_GUARD(err, remembered(db, xap_memo::LENGTHS, dids, n, len, [&](const std::vector<size_t> &at, uint32_t *o) {
        read_lengths(db, dids, at, o);
    }));
}

static xap_status copy_out(const std::string &s, char **out, size_t *len)
{
    *out = xap_strdup(s);
    if (!*out) throw std::bad_alloc();
    *len = s.size();
    return XAP_OK;
}

xap_status xap_db_data(xap_db *db, xap_docid did, char **out, size_t *len, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, copy_out(db->db.get_document(did).get_data(), out, len));
}

xap_status xap_db_value_by_term(xap_db *db, const char *term, unsigned slot, char **out,
                                size_t *len, xap_err *err)
{
    *out = nullptr;
    *len = 0;
    XAP_GUARD(err, {
        std::string key = std::string(term) + '\0' + std::to_string(slot);
        auto &values = db->memo.values;
        auto it = db->snapshot ? values.find(key) : values.end();
        std::pair<bool, std::string> v(false, ""); /* (whether a document has the term) */
        if (it != values.end()) {
            v = it->second;
        } else {
            Xapian::PostingIterator p = db->db.postlist_begin(term);
            if (p != db->db.postlist_end(term)) v = {true, db->db.get_document(*p).get_value(slot)};
            if (db->snapshot) {
                if (values.size() >= xap_memo::MAX_VALUES) values.clear();
                values.emplace(std::move(key), v);
            }
        }
        if (v.first) copy_out(v.second, out, len);
    });
}

xap_status xap_db_value(xap_db *db, xap_docid did, unsigned slot, char **out, size_t *len,
                        xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, copy_out(db->db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(slot), out, len));
}

xap_status xap_db_values(xap_db *db, xap_docid did, const unsigned *slots, size_t n, char **out,
                         size_t *lens, xap_err *err)
{
    for (size_t i = 0; i < n; i++) out[i] = nullptr;
    try {
        /* One lazy document for all the slots. */
        Xapian::Document doc = db->db.get_document(did, Xapian::DOC_ASSUME_VALID);
        for (size_t i = 0; i < n; i++) copy_out(doc.get_value(slots[i]), &out[i], &lens[i]);
    } catch (...) {
        for (size_t i = 0; i < n; i++) {
            std::free(out[i]);
            out[i] = nullptr;
        }
        return xap_handle_exception(err);
    }
    return XAP_OK;
}

xap_status xap_stemmer_new(const char *language, xap_stemmer **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, *out = new xap_stemmer{Xapian::Stem(language)});
}

void xap_stemmer_free(xap_stemmer *st)
{
    delete st;
}

size_t xap_stem(xap_stemmer *st, const char *word, size_t len, char *out, size_t cap)
{
    try {
        std::string s = st->stem(std::string(word, len));
        if (s.size() < cap) {
            std::memcpy(out, s.data(), s.size());
            out[s.size()] = '\0';
        }
        return s.size();
    } catch (...) {
        /* Snowball stemmers do not throw on any byte string; should one ever
         * (out of memory), the word stands as its own stem. */
        if (len < cap) {
            std::memcpy(out, word, len);
            out[len] = '\0';
        }
        return len;
    }
}
