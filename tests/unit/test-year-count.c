/* test-year-count.c - annals_year_count and annals_year_facets: the year,
 * decade and century counts of year sets as the facet pass hands them over
 * (the indexer's four-digit years a space apart, and any other text). */
#include <stdlib.h>
#include <string.h>

#include "search/results.h"
#include "check.h"

/* "value:count " for each facet value, in order. */
static const char *pairs(const annals_facet *f, size_t n)
{
    static char buf[512];
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && at < sizeof buf; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%ld:%u ", f[i].value, f[i].count);
    return buf;
}

/* Counts each set of sets[] (seen counts[i] times) into a fresh tally of
 * years, decades and centuries, and checks the three facets. */
static void check_counts(const char *const *sets, const uint32_t *counts, size_t n, const char *years,
                         const char *decades, const char *centuries)
{
    annals_search_opts o;
    annals_search_opts_init(&o);
    o.facet_years = o.facet_decades = o.facet_centuries = 1;
    annals_year_tally *t = annals_year_tally_new(&o);
    CHECK(t != NULL);
    if (!t) return;
    for (size_t i = 0; i < n; i++) CHECK_INT(annals_year_count(t, sets[i], strlen(sets[i]), counts[i]), 0);
    annals_results *r = calloc(1, sizeof *r);
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(annals_year_facets(r, t), 0);
        CHECK_STR(pairs(r->years, r->nyears), years);
        CHECK_STR(pairs(r->decades, r->ndecades), decades);
        CHECK_STR(pairs(r->centuries, r->ncenturies), centuries);
        annals_results_free(r);
    }
    annals_year_tally_free(t);
}

int main(void)
{
    /* The indexer's form; a set counts once in each decade and century it
     * touches, however many of its years are there. */
    static const char *const indexed[] = {"1789 1799", "1990 1991 1999", "", "1000 2100"};
    static const uint32_t once[] = {1, 1, 1, 1}, twice[] = {1, 2, 5, 1};
    check_counts(indexed, once, 4, "1000:1 1789:1 1799:1 1990:1 1991:1 1999:1 2100:1 ",
                 "1000:1 1780:1 1790:1 1990:1 2100:1 ", "1000:1 1700:1 1900:1 2100:1 ");
    /* A set seen several times (a remote shard's counted sets). */
    check_counts(indexed, twice, 4, "1000:1 1789:1 1799:1 1990:2 1991:2 1999:2 2100:1 ",
                 "1000:1 1780:1 1790:1 1990:2 2100:1 ", "1000:1 1700:1 1900:2 2100:1 ");
    /* Other text: runs of digits, read as years where they are years; a
     * year twice in a set counts once; the form may change within a set. */
    static const char *const other[] = {"999 1000 12345 2100 2101 0000 1800x 1850",
                                        "1500 1600 12345 1700", " 1234", "1800 1800", "1655 99999",
                                        "1666  1667", "1999"};
    static const uint32_t ones[] = {1, 1, 1, 1, 1, 1, 1};
    check_counts(other, ones, 7,
                 "1000:1 1234:1 1500:1 1600:1 1655:1 1666:1 1667:1 1700:1 1800:2 1850:1 1999:1 2100:1 ",
                 "1000:1 1230:1 1500:1 1600:1 1650:1 1660:1 1700:1 1800:2 1850:1 1990:1 2100:1 ",
                 "1000:1 1200:1 1500:1 1600:3 1700:1 1800:2 1900:1 2100:1 ");
    CHECK_DONE();
}
