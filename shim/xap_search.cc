/* xap_search.cc - queries, match spies, enquire and result sets. */
#include "xap_internal.h"

#include <cstdlib>
#include <cstring>
#include <new>

xap_query *xap_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos)
{
    try {
        return new xap_query{Xapian::Query(std::string(term, len), wqf, pos)};
    } catch (...) {
        return nullptr;
    }
}

xap_query *xap_query_copy(const xap_query *q)
{
    try {
        return new xap_query{q->q};
    } catch (...) {
        return nullptr;
    }
}

xap_query *xap_query_match_all(void)
{
    try {
        return new xap_query{Xapian::Query::MatchAll};
    } catch (...) {
        return nullptr;
    }
}

xap_query *xap_query_match_nothing(void)
{
    try {
        return new xap_query{Xapian::Query::MatchNothing};
    } catch (...) {
        return nullptr;
    }
}

static Xapian::Query::op to_op(xap_op op)
{
    switch (op) {
    case XAP_OP_AND: return Xapian::Query::OP_AND;
    case XAP_OP_OR: return Xapian::Query::OP_OR;
    case XAP_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case XAP_OP_XOR: return Xapian::Query::OP_XOR;
    case XAP_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case XAP_OP_FILTER: return Xapian::Query::OP_FILTER;
    case XAP_OP_NEAR: return Xapian::Query::OP_NEAR;
    case XAP_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case XAP_OP_SYNONYM: break;
    }
    return Xapian::Query::OP_SYNONYM;
}

xap_query *xap_query_combine(xap_op op, xap_query **subs, size_t n, uint32_t window)
{
    xap_query *res = nullptr;
    try {
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (!subs[i]) throw std::bad_alloc(); /* a sub-query that failed to build */
            v.push_back(subs[i]->q);
        }
        res = new xap_query{Xapian::Query(to_op(op), v.begin(), v.end(), window)};
    } catch (...) {
        res = nullptr;
    }
    for (size_t i = 0; i < n; i++) delete subs[i];
    return res;
}

xap_query *xap_query_scale(xap_query *q, double factor)
{
    xap_query *res = nullptr;
    if (!q) return nullptr;
    try {
        res = new xap_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
    } catch (...) {
        res = nullptr;
    }
    delete q;
    return res;
}

void xap_query_free(xap_query *q)
{
    delete q;
}

char *xap_query_describe(const xap_query *q)
{
    try {
        return xap_strdup(q->q.get_description());
    } catch (...) {
        return nullptr;
    }
}

int xap_query_empty(const xap_query *q)
{
    return q->q.empty();
}

xap_spy *xap_spy_new(const xap_db *db, unsigned slot)
{
    try {
        return new xap_spy(xap_has_remote(db) ? xap_spy::STOCK : xap_spy::COUNT, slot, nullptr, nullptr);
    } catch (...) {
        return nullptr;
    }
}

xap_spy *xap_spy_new_each(const xap_db *db, unsigned slot, xap_value_count_fn fn, void *ctx)
{
    try {
        return new xap_spy(xap_has_remote(db) ? xap_spy::STOCK : xap_spy::EACH, slot, fn, ctx);
    } catch (...) {
        return nullptr;
    }
}

void xap_spy_free(xap_spy *spy)
{
    delete spy;
}

uint32_t xap_spy_total(const xap_spy *spy)
{
    switch (spy->kind) {
    case xap_spy::STOCK: return spy->spy.get_total();
    case xap_spy::COUNT: return spy->count.total;
    default: return spy->each.total;
    }
}

void xap_spy_each(const xap_spy *spy, xap_value_count_fn fn, void *ctx)
{
    if (spy->kind == xap_spy::EACH) return;
    if (spy->kind == xap_spy::COUNT) {
        for (const auto &v : spy->count.counts)
            if (fn(ctx, v.first.data(), v.first.size(), v.second)) break;
        return;
    }
    if (spy->each.fn) { /* of xap_spy_new_each, on a remote shard */
        fn = spy->each.fn;
        ctx = spy->each.ctx;
    }
    try {
        for (Xapian::TermIterator it = spy->spy.values_begin(); it != spy->spy.values_end();
             ++it) {
            const std::string v = *it;
            if (fn(ctx, v.data(), v.size(), it.get_termfreq())) break;
        }
    } catch (...) {
        /* Iterating a spy's own map allocates nothing that can fail but the
         * string copy; on out of memory the facet is cut short. */
    }
}

xap_slot_reader::xap_slot_reader(const xap_db &db, size_t shard, Xapian::valueno s)
    : part(db.parts[shard]), memo(db.memo), key((uint64_t)shard << 32 | s), slot(s)
{
}

const char *xap_slot_reader::get(const Xapian::Document &doc, size_t &len)
{
    Xapian::docid did = doc.get_docid(); /* (the shard's own) */
    size_t p = did / xap_memo::VALUE_PAGE, i = did % xap_memo::VALUE_PAGE;
    if (!page || p != pageno || forgotten != memo.forgotten) {
        page = load(p);
        pageno = p;
        forgotten = memo.forgotten;
    }
    if (!page) {
        own = doc.get_value(slot);
        len = own.size();
        return own.data();
    }
    uint32_t from = i ? page->end[i - 1] : 0;
    len = page->end[i] - from;
    return page->blob.data() + from;
}

/* Page p of the memo, read along the slot's value stream when it is not
 * there yet; nullptr where values cannot be streamed (a remote backend)
 * or the pages would not fit. */
const xap_memo::value_page *xap_slot_reader::load(size_t p)
{
    static const size_t MAX_INDEX = xap_memo::MAX_VALUE_BYTES / 4 / sizeof(void *);
    if (!streamed || p >= MAX_INDEX) return nullptr;
    auto *pages = &memo.value_pages[key];
    if (p < pages->size() && (*pages)[p]) return (*pages)[p].get();
    Xapian::docid first = Xapian::docid(p * xap_memo::VALUE_PAGE);
    if (!opened || first < at) { /* (a stream only goes forward) */
        try {
            it = part.valuestream_begin(slot);
        } catch (const Xapian::UnimplementedError &) {
            streamed = false;
            return nullptr;
        }
        opened = true;
    }
    std::unique_ptr<xap_memo::value_page> page(new xap_memo::value_page);
    Xapian::ValueIterator end;
    if (it != end && it.get_docid() < first) it.skip_to(first);
    at = first + Xapian::docid(xap_memo::VALUE_PAGE);
    for (size_t i = 0; i < xap_memo::VALUE_PAGE; i++) {
        if (it != end && it.get_docid() == first + i) {
            page->blob += *it;
            ++it;
        }
        page->end[i] = uint32_t(page->blob.size());
    }
    size_t more = sizeof *page + page->blob.capacity();
    if (p >= pages->size()) more += (p + 1 - pages->size()) * sizeof(void *);
    if (memo.value_bytes + more > xap_memo::MAX_VALUE_BYTES) {
        memo.forget();
        pages = &memo.value_pages[key];
        more = sizeof *page + page->blob.capacity() + (p + 1) * sizeof(void *);
    }
    if (p >= pages->size()) pages->resize(p + 1);
    memo.value_bytes += more;
    (*pages)[p] = std::move(page);
    return (*pages)[p].get();
}

/* Gives the local spies (COUNT, EACH) readers of one shard's values at a
 * time, and takes them back when done. */
class spy_readers {
  public:
    spy_readers(xap_spy *const *spies, size_t n) : spies(spies), n(n) {}
    ~spy_readers() { point(false); }
    /* Readers of db's shard (none when db is nullptr: the spies read the
     * documents). */
    void set(const xap_db *db, size_t shard)
    {
        point(false);
        readers.clear();
        for (size_t i = 0; db && i < n; i++) {
            const xap_spy *s = spies[i];
            Xapian::valueno slot = s->kind == xap_spy::COUNT ? s->count.slot : s->each.slot;
            readers.emplace_back(new xap_slot_reader(*db, shard, slot));
        }
        point(db != nullptr);
    }
  private:
    void point(bool on)
    {
        for (size_t i = 0; i < n; i++) {
            xap_slot_reader *r = on ? readers[i].get() : nullptr;
            if (spies[i]->kind == xap_spy::COUNT) spies[i]->count.reader = r;
            if (spies[i]->kind == xap_spy::EACH) spies[i]->each.reader = r;
        }
    }
    xap_spy *const *spies;
    size_t n;
    std::vector<std::unique_ptr<xap_slot_reader>> readers;
};

/* One unweighted match of q over db, every match counted (and handed to
 * the spies): exact lower and upper bounds. */
static Xapian::MSet count_all(const Xapian::Database &db, const Xapian::Query &q,
                              xap_spy *const *spies, size_t n)
{
    Xapian::Enquire enq(db);
    enq.set_query(q);
    enq.set_weighting_scheme(Xapian::BoolWeight());
    for (size_t i = 0; i < n; i++) enq.add_matchspy(&spies[i]->active());
    return enq.get_mset(0, 0, db.get_doccount());
}

xap_status xap_db_count_matches(xap_db *db, const xap_query *q, xap_spy *const *spies, size_t n,
                                uint32_t *total, int *exact, xap_err *err)
{
    *total = 0;
    *exact = 1;
    XAP_GUARD(err, {
        bool local = xap_local_parts(db);
        for (size_t i = 0; i < n; i++) local = local && spies[i]->kind != xap_spy::STOCK;
        if (!local) {
            /* In relevance order (a fresh Enquire's): spies miscount
             * matches sorted by value across remote shards (README). */
            Xapian::MSet m = count_all(db->db, q->q, spies, n);
            *total = m.get_matches_estimated();
            *exact = m.get_matches_lower_bound() == m.get_matches_upper_bound();
            return XAP_OK;
        }
        /* Shard by shard, for the spies to read the memo by the shard's
         * own docids (xap_slot_reader). */
        spy_readers readers(spies, n);
        for (size_t k = 0; k < db->parts.size(); k++) {
            if (!db->parts[k].get_doccount()) continue; /* (no Enquire on nothing) */
            readers.set(db->snapshot ? db : nullptr, k);
            Xapian::MSet m = count_all(db->parts[k], q->q, spies, n);
            *total += m.get_matches_estimated();
            *exact = *exact && m.get_matches_lower_bound() == m.get_matches_upper_bound();
        }
    });
}

xap_status xap_enquire_new(xap_db *db, xap_enquire **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, *out = new xap_enquire(db->db));
}

void xap_enquire_free(xap_enquire *enq)
{
    delete enq;
}

void xap_enquire_set_query(xap_enquire *enq, const xap_query *q)
{
    enq->enq.set_query(q->q);
}

void xap_enquire_set_bm25(xap_enquire *enq, double k1, double b)
{
    /* k2 = 0 and k3 = 1 as in Xapian's defaults; min_normlen 0.5 likewise. */
    enq->enq.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
}

void xap_enquire_set_sort_by_value(xap_enquire *enq, int slot, int reverse)
{
    if (slot < 0)
        enq->enq.set_sort_by_relevance();
    else
        enq->enq.set_sort_by_value(static_cast<Xapian::valueno>(slot), reverse != 0);
}

void xap_enquire_set_tiebreak(xap_enquire *enq, int slot)
{
    if (slot < 0)
        enq->enq.set_sort_by_relevance();
    else
        enq->enq.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(slot), false);
}

void xap_enquire_set_collapse(xap_enquire *enq, int slot)
{
    enq->enq.set_collapse_key(slot < 0 ? Xapian::BAD_VALUENO
                                       : static_cast<Xapian::valueno>(slot));
}

xap_status xap_enquire_mset(xap_enquire *enq, uint32_t first, uint32_t max,
                            uint32_t check_at_least, xap_mset **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, *out = new xap_mset{enq->enq.get_mset(first, max, check_at_least)});
}

void xap_mset_free(xap_mset *m)
{
    delete m;
}

uint32_t xap_mset_size(const xap_mset *m)
{
    return m->mset.size();
}

uint32_t xap_mset_estimated(const xap_mset *m)
{
    return m->mset.get_matches_estimated();
}

int xap_mset_exact(const xap_mset *m)
{
    return m->mset.get_matches_lower_bound() == m->mset.get_matches_upper_bound();
}

xap_docid xap_mset_docid(const xap_mset *m, uint32_t i)
{
    return *(m->mset[i]);
}

double xap_mset_weight(const xap_mset *m, uint32_t i)
{
    return m->mset[i].get_weight();
}

size_t xap_copy_key(const std::string &key, char *out, size_t cap)
{
    if (cap) {
        size_t n = key.size() < cap - 1 ? key.size() : cap - 1;
        std::memcpy(out, key.data(), n);
        out[n] = '\0';
    }
    return key.size();
}

size_t xap_mset_collapse_key(const xap_mset *m, uint32_t i, char *out, size_t cap)
{
    try {
        return xap_copy_key(m->mset[i].get_collapse_key(), out, cap);
    } catch (...) {
        if (cap) out[0] = '\0';
        return 0;
    }
}

size_t xap_mset_sort_key(const xap_mset *m, uint32_t i, char *out, size_t cap)
{
    try {
        return xap_copy_key(m->mset[i].get_sort_key(), out, cap);
    } catch (...) {
        if (cap) out[0] = '\0';
        return 0;
    }
}
