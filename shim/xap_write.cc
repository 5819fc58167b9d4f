/* xap_write.cc - writable databases and the documents put into them. */
#include "xap_internal.h"

#include <cstdlib>
#include <new>

/* Glass's limit on a term's length, zero bytes counting double. */
static const std::size_t MAX_TERM_BYTES = 245;

xap_status xap_wdb_open(const char *path, int nosync, xap_wdb **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, {
        auto *w = new xap_wdb{Xapian::WritableDatabase(
            path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS | (nosync ? Xapian::DB_NO_SYNC : 0))};
        *out = w;
    });
}

xap_status xap_wdb_close(xap_wdb *wdb, xap_err *err)
{
    if (!wdb) return XAP_OK;
    xap_status st = XAP_OK;
    try {
        wdb->db.close(); /* commits pending changes */
    } catch (...) {
        st = xap_handle_exception(err);
    }
    delete wdb;
    return st;
}

xap_status xap_wdb_commit(xap_wdb *wdb, xap_err *err)
{
    XAP_GUARD(err, wdb->db.commit());
}

xap_status xap_wdb_begin(xap_wdb *wdb, xap_err *err)
{
    XAP_GUARD(err, wdb->db.begin_transaction(true));
}

xap_status xap_wdb_commit_batch(xap_wdb *wdb, xap_err *err)
{
    XAP_GUARD(err, wdb->db.commit_transaction());
}

xap_db *xap_wdb_reader(xap_wdb *wdb)
{
    try {
        return new xap_db(wdb->db, 0, false);
    } catch (...) {
        return nullptr;
    }
}

xap_status xap_wdb_each_value(xap_wdb *wdb, const char *term, unsigned slot, xap_value_fn fn,
                              void *ctx, xap_err *err)
{
    XAP_GUARD(err, {
        /* The ids first: fn may delete documents of this posting list. */
        std::vector<Xapian::docid> dids(wdb->db.postlist_begin(term), wdb->db.postlist_end(term));
        for (Xapian::docid did : dids) {
            std::string v = wdb->db.get_document(did).get_value(slot);
            if (fn(ctx, did, v.data(), v.size())) break;
        }
    });
}

xap_status xap_wdb_delete_doc(xap_wdb *wdb, xap_docid did, xap_err *err)
{
    XAP_GUARD(err, wdb->db.delete_document(did));
}

xap_status xap_wdb_each_metadata(xap_wdb *wdb, const char *prefix, xap_meta_fn fn, void *ctx,
                                 xap_err *err)
{
    XAP_GUARD(err, {
        for (Xapian::TermIterator k = wdb->db.metadata_keys_begin(prefix);
             k != wdb->db.metadata_keys_end(prefix); ++k) {
            std::string v = wdb->db.get_metadata(*k);
            if (fn(ctx, (*k).c_str(), v.data(), v.size())) break;
        }
    });
}

xap_status xap_wdb_replace(xap_wdb *wdb, const char *idterm, const xap_doc *doc,
                           xap_err *err)
{
    XAP_GUARD(err, wdb->db.replace_document(idterm, doc->doc));
}

xap_status xap_wdb_delete_term(xap_wdb *wdb, const char *term, xap_err *err)
{
    XAP_GUARD(err, wdb->db.delete_document(term));
}

xap_status xap_wdb_termfreq(xap_wdb *wdb, const char *term, uint32_t *out, xap_err *err)
{
    XAP_GUARD(err, *out = wdb->db.get_termfreq(term));
}

xap_status xap_wdb_set_metadata(xap_wdb *wdb, const char *key, const char *value,
                                xap_err *err)
{
    XAP_GUARD(err, wdb->db.set_metadata(key, value));
}

xap_status xap_wdb_get_metadata(xap_wdb *wdb, const char *key, char **out, xap_err *err)
{
    *out = nullptr;
    XAP_GUARD(err, {
        *out = xap_strdup(wdb->db.get_metadata(key));
        if (!*out) throw std::bad_alloc();
    });
}

xap_status xap_compact(const char *src, const char *dst, xap_err *err)
{
    XAP_GUARD(err, Xapian::Database(src).compact(dst, Xapian::Compactor::FULL));
}

xap_doc *xap_doc_new(void)
{
    return new (std::nothrow) xap_doc();
}

void xap_doc_free(xap_doc *doc)
{
    delete doc;
}

static xap_status check_term(std::size_t len, xap_err *err)
{
    if (len == 0 || len > MAX_TERM_BYTES)
        return xap_fail(err, XAP_ERR_INVALID, "term is empty or longer than 245 bytes");
    return XAP_OK;
}

xap_status xap_doc_add_posting(xap_doc *doc, const char *term, size_t len, uint32_t pos,
                               uint32_t wdfinc, xap_err *err)
{
    if (check_term(len, err) != XAP_OK) return err ? err->status : XAP_ERR_INVALID;
    XAP_GUARD(err, doc->doc.add_posting(std::string(term, len), pos, wdfinc));
}

xap_status xap_doc_add_term(xap_doc *doc, const char *term, size_t len, uint32_t wdfinc,
                            xap_err *err)
{
    if (check_term(len, err) != XAP_OK) return err ? err->status : XAP_ERR_INVALID;
    XAP_GUARD(err, doc->doc.add_term(std::string(term, len), wdfinc));
}

xap_status xap_doc_terms_under(xap_doc *doc, const char *prefix, xap_term_fn fn, void *ctx,
                               xap_err *err)
{
    XAP_GUARD(err, each_term_under(doc->doc.termlist_begin(), prefix, fn, ctx));
}

xap_status xap_doc_set_value(xap_doc *doc, unsigned slot, const char *data, size_t len,
                             xap_err *err)
{
    XAP_GUARD(err, doc->doc.add_value(slot, std::string(data, len)));
}

xap_status xap_doc_set_data(xap_doc *doc, const char *data, size_t len, xap_err *err)
{
    XAP_GUARD(err, doc->doc.set_data(std::string(data, len)));
}
