/* results.h - what annals_search returns, and the helpers that fill it. */
#ifndef ANNALS_RESULTS_H
#define ANNALS_RESULTS_H

#include "shim/xap.h"
#include "annals.h"
#include "doc/docdata.h"
#include "search/answer.h"
#include "search/rank.h"

struct annals_results {
    unsigned total;
    int total_exact;
    annals_hit *hits;
    size_t nhits;
    annals_docdata *data;       /* each hit's document data (owns its strings) */
    annals_facet *years;
    size_t nyears;
    annals_facet *decades;
    size_t ndecades;
    annals_facet *centuries;
    size_t ncenturies;
    annals_facet *entities;
    size_t nentities;
    char **strings;             /* other strings the results own */
    size_t nstrings, capstrings;
    struct annals_title {       /* entity titles looked up so far (NULL: none) */
        uint32_t id;
        const char *title;
    } *titles;
    size_t ntitles, captitles;
    const char **missing;       /* the remote shards left out (in strings) */
    size_t nmissing;
};

/* Takes ownership of s (may be NULL: then returns NULL); NULL on failure. */
char *annals_results_keep(annals_results *r, char *s);

/* 1 when some document holds the term prefix + id; *did is the first. */
int annals_first_doc(xap_db *db, const char *prefix, uint32_t id, xap_docid *did);

/* An entity's name: its article's title when the archive has it, else
 * NULL.  The result is owned by the results, which remember it: a search
 * looks each entity up once. */
const char *annals_entity_title(annals_results *r, xap_db *db, uint32_t id);

/* Fills hit i from its document: passages with highlights, years,
 * entities; with passages 0, only what the value slots hold.  c is the
 * ranked candidate (its query terms' occurrences); ask, what the query asks
 * for.  Returns
 * 0, or -1 with err filled. */
/* Fills hit i with its rank's fields only: the article (read from its value
 * slot unless the candidate holds it) and the score. */
int annals_fill_ids(annals_results *r, xap_db *db, const annals_candidate *c, int article_known,
                    size_t i, xap_err *err);
int annals_fill_hit(annals_results *r, xap_db *db, const annals_candidate *c, unsigned passages,
                    const annals_answer_want *ask, size_t i, xap_err *err);

/* The year, decade and century counts o asks for: a tally (NULL when out
 * of memory) that annals_year_count, a spy's function, fills with year
 * sets (space-separated years, each set seen count times), and
 * annals_year_facets turns into r's facets (-1 when out of memory). */
typedef struct annals_year_tally annals_year_tally;
annals_year_tally *annals_year_tally_new(const annals_search_opts *o);
int annals_year_count(void *ctx, const char *v, size_t len, uint32_t count);
int annals_year_facets(annals_results *r, const annals_year_tally *t);
void annals_year_tally_free(annals_year_tally *t);
/* The top entities, from the entity slot's spy; -1 when out of memory. */
int annals_entity_facet(annals_results *r, xap_db *db, const xap_spy *spy, unsigned top);

#endif
