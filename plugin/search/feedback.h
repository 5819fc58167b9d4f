/* feedback.h - pseudo-relevance feedback as a rerank (RM3-like, through
 * Xapian's ESet): the best stems of the top candidates by BM25 add their
 * own BM25 weight, scaled down, to every candidate's.  The candidates are
 * the first pass's matches, so feedback costs an ESet and one pass along
 * each feedback term's posting list, not a second match. */
#ifndef ANNALS_FEEDBACK_H
#define ANNALS_FEEDBACK_H

#include <stddef.h>

#include "shim/xap.h"
#include "search/rank.h"

/* Adds the feedback terms' weight to the first of the n candidates (sorted
 * best first by weight; enq holds the query, whose own terms are not fed
 * back) and sorts them again.  Returns 0, or -1 with err filled. */
int annals_feedback(const annals_ranker *r, xap_enquire *enq, annals_candidate *c, size_t n,
                    xap_err *err);

#endif
