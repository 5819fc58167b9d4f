/* feedback.h - pseudo-relevance feedback as a rerank (RM3-like, with
 * Xapian's ESet weighting, expand.h): the best stems of the top candidates
 * by BM25 add their own BM25 weight, scaled down, to every candidate's.
 * The candidates are the first pass's matches, so feedback costs the top
 * candidates' term lists and one pass along each feedback stem's posting
 * list, not a second match. */
#ifndef ANNALS_FEEDBACK_H
#define ANNALS_FEEDBACK_H

#include <stddef.h>

#include "shim/xap.h"
#include "search/query.h"
#include "search/rank.h"

/* Adds the feedback stems' weight to the first of the n candidates (sorted
 * best first by weight; q's own terms are not fed back) and sorts them
 * again.  Returns 0, or -1 with err filled. */
int annals_feedback(const annals_ranker *r, const annals_query *q, annals_candidate *c, size_t n,
                    xap_err *err);

#endif
