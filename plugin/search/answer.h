/* answer.h - the text shown for a hit: the window of whole sentences that
 * answers the search.
 *
 * A search's wording says what kind of answer it wants: "when" or "what
 * year" a date, "how many" or "how deep" a number, "who" or "where" (or a
 * role such as "architect" or "wife") a name.  Each sentence of the section
 * is scored by the query words it holds (each word once, weighed by the
 * ranker: IDF, less for the article's subject) and by whether it holds an
 * answer of that kind, which annals knows from its own analysis: dates from
 * the date extractor, numbers, and capitalized names; an answer beside the
 * query's focus word (the noun that asked for it) counts most.  The best window of
 * one or two sentences is shown, grown to a readable length with its
 * neighbours and no further.
 */
#ifndef ANNALS_ANSWER_H
#define ANNALS_ANSWER_H

#include <stddef.h>

#include "annals.h"
#include "doc/docdata.h"
#include "search/rank.h"

typedef enum {
    ANNALS_ANSWER_ANY,          /* no cue: query words alone */
    ANNALS_ANSWER_DATE,
    ANNALS_ANSWER_NUMBER,
    ANNALS_ANSWER_NAME
} annals_answer_kind;

/* What a query asks for: the kind of answer, and the word that says so when
 * it is a noun of the query ("judge", "speed", "year"): the answer is
 * looked for beside it. */
typedef struct {
    annals_answer_kind kind;
    char focus[32];             /* normalized; "" when the cue is a question word */
    long focus_qpos;            /* its word's place in the query (qpos), or -1 */
} annals_answer_want;

/* Reads what a query's words ask for (focus_qpos is left -1: the caller
 * finds the focus word among the query's terms). */
void annals_answer_want_of(const char *query, annals_answer_want *out);

typedef struct {
    size_t start, end;          /* bytes of the section text */
    annals_span *highlights;    /* the query terms' occurrences, bytes from
                                 * start; words side by side make one span
                                 * (owned, malloc'd) */
    size_t nhighlights;
    double score;
} annals_window;

/* Chooses up to want windows (non-overlapping, best first) of the section
 * d, whose ranked candidate c holds the query terms' occurrences.  out has
 * room for want.  Returns how many (their highlights are the caller's), or
 * -1 when out of memory (nothing to free). */
long annals_answer_windows(const annals_docdata *d, const annals_candidate *c,
                           const annals_answer_want *ask, size_t want, annals_window *out);

#endif
