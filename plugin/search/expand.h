/* expand.h - the best stems to add to a query, from sections taken as
 * relevant: Xapian's probabilistic ESet weight (TradEWeight with k = 1 and
 * exact term frequencies, so the choice does not depend on the sharding),
 * computed here from the sections' stems (packed in SLOT_STEMS, else their
 * term lists), over the stems that at least min_docs of the sections hold,
 * the query lacks and are not a stopword's (annals_feedback_stem).
 * Computed here, not by Xapian's ESet, because a stem of one section is
 * left out before its statistics are read: most stems are, and they are
 * most of the cost. */
#ifndef ANNALS_EXPAND_H
#define ANNALS_EXPAND_H

#include <stddef.h>
#include <stdint.h>

#include "shim/xap.h"
#include "search/query.h"

typedef struct {
    char *term;                 /* "Z<stem>", NUL-terminated (owned) */
    double weight;
    uint32_t termfreq;          /* how many sections of the database hold it */
} annals_expand_term;

/* Fills out with the (at most) max best stems of the n sections dids,
 * best first (equal weights: the lexically smaller first); *nout = how
 * many.  A stem's weight sums its share of each section that holds it;
 * share[d], unless share is NULL, scales section d's (shares of mean 1: as
 * in the relevance model, a section counts as much as the search ranked
 * it).  Unless wdfs is NULL (else max * n of them), wdfs[k * n + d] = the
 * wdf of out[k] in section d, 0 when it does not hold it: the stems read
 * give them.  Returns 0, or -1 with err filled (nothing then to
 * free). */
int annals_expand_terms(xap_db *db, const annals_query *q, const xap_docid *dids,
                        const double *share, size_t n, unsigned min_docs, size_t max,
                        annals_expand_term *out, size_t *nout, uint32_t *wdfs, xap_err *err);
void annals_expand_terms_free(annals_expand_term *t, size_t n);

#endif
