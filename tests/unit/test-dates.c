/* test-dates.c - FORMAT.md's table of date shapes, row by row. */
#include <stdio.h>
#include <string.h>

#include "analyze/dates.h"
#include "check.h"

/* The dates found in text as "Y-M-D/Y-M-D;..." with a starting year. */
static const char *dates_of(const char *text, int year)
{
    static char out[1024];
    annals_dates d = {NULL, 0, 0};
    out[0] = '\0';
    if (annals_dates_extract(text, strlen(text), &year, &d) < 0) return "oom";
    size_t n = 0;
    for (size_t i = 0; i < d.n; i++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%d-%d-%d/%d-%d-%d", i ? ";" : "",
                              d.v[i].y1, d.v[i].m1, d.v[i].d1, d.v[i].y2, d.v[i].m2, d.v[i].d2);
    annals_dates_free(&d);
    return out;
}

#define NBSP "\xC2\xA0"
#define NDASH "\xE2\x80\x93"

/* Spaces beyond ASCII (no-break, narrow) separate tokens like a space. */
static void test_unicode_spaces(void)
{
    CHECK_STR(dates_of("Ada Wren (3 May 1901" NBSP NDASH " 9 June 1977) was", 0),
              "1901-5-3/1977-6-9");
    CHECK_STR(dates_of("a load of 1500" NBSP "kg on", 0), "");
    CHECK_STR(dates_of("heated to 1200\xE2\x80\xAF\xC2\xB0" "C for", 0), "");
}

/* "between X and Y" is a span, as "from X to Y" is. */
static void test_between_and(void)
{
    CHECK_STR(dates_of("the mill ran between 1934 and 1961 on coal", 0), "1934-0-0/1961-0-0");
    CHECK_STR(dates_of("Between the 1998 and 2006 polls the party", 0), "1998-0-0/2006-0-0");
    CHECK_STR(dates_of("between 12 March 1920 and 1 May 1923, it", 0), "1920-3-12/1923-5-1");
    CHECK_STR(dates_of("he served from 1914 to 1921 as clerk", 0), "1914-0-0/1921-0-0");
    CHECK_STR(dates_of("in 1934 and 1961 it flooded", 0), "1934-0-0/1934-0-0;1961-0-0/1961-0-0");
}

/* Lifespans: years or full dates, the end possibly "c." (circa). */
static void test_lifespans(void)
{
    CHECK_STR(dates_of("Ivo Marsh (1856" NDASH "1939) painted", 0), "1856-0-0/1939-0-0");
    CHECK_STR(dates_of("Lena Voss (4 May 1821 " NDASH " 2 June 1890) sang", 0),
              "1821-5-4/1890-6-2");
    CHECK_STR(dates_of("his first wife (1480 " NDASH " c.1510); then", 0), "1480-0-0/1510-0-0");
    CHECK_STR(dates_of("the potter (c. 1702 " NDASH " ca. 1771) made", 0), "1702-0-0/1771-0-0");
    CHECK_STR(dates_of("from 1660 to circa 1725 the style", 0), "1660-0-0/1725-0-0");
}

/* A span from a 3-digit year keeps its part from 1000 on; a longer one
 * only with its era; a descending pair is no span. */
static void test_early_spans(void)
{
    CHECK_STR(dates_of("the scholar (965 " NDASH " 1040) wrote", 0), "1000-0-0/1040-0-0");
    CHECK_STR(dates_of("a kingdom (600" NDASH "1000 CE) grew", 0), "1000-0-0/1000-0-0");
    CHECK_STR(dates_of("a kingdom (600" NDASH "1100) grew", 0), "");
    CHECK_STR(dates_of("the temple (2700" NDASH "2100) stood", 0), "");
}

/* Units, measures and quantity nouns after a number, also across a range
 * or list of numbers before them. */
static void test_quantities(void)
{
    CHECK_STR(dates_of("over 1000 million years ago the crust", 0), "");
    CHECK_STR(dates_of("the park covers 1200 sq mi and 1000 sqmi of sea", 0), "");
    CHECK_STR(dates_of("links of 1000 Mbit/s and 2000 lbs of cargo", 0), "");
    CHECK_STR(dates_of("a line at 1000 V feeds a 1800 horsepower motor", 0), "");
    CHECK_STR(dates_of("his 1100 acre farm and a 1000-foot mast", 0), "");
    CHECK_STR(dates_of("sold 1500 copies in 1950", 0), "1950-0-0/1950-0-0");
    CHECK_STR(dates_of("peaks between 1000 and 2000 feet high", 0), "");
    CHECK_STR(dates_of("at heights of 1500" NDASH "1800 m the pines", 0), "");
    CHECK_STR(dates_of("fell from 33% in 1990 to 9.9% in 2010", 0),
              "1990-0-0/1990-0-0;2010-0-0/2010-0-0");
    CHECK_STR(dates_of("in 1950 to 3 per 1,000 births", 0), "1950-0-0/1950-0-0");
}

/* Years before the era: the whole range, however it is joined. */
static void test_bc_ranges(void)
{
    CHECK_STR(dates_of("the old kingdom (c. 2040" NDASH "1650 BC) traded", 0), "");
    CHECK_STR(dates_of("written between 1800 and 800 BCE in", 0), "");
    CHECK_STR(dates_of("settled from 1500 to 1100 BC by farmers", 0), "");
}

/* Identifier nouns and abbreviations in capitals before a number, and
 * measures with "of", also for the numbers listed after it. */
static void test_identifiers(void)
{
    CHECK_STR(dates_of("two stamps, nos. 1246 and 1811, in 1977", 0), "1977-0-0/1977-0-0");
    CHECK_STR(dates_of("as set out in RFC 1149 and run on an IBM 1401", 0), "");
    CHECK_STR(dates_of("louder by a factor of 1500 than", 0), "");
    CHECK_STR(dates_of("the Security Council passed Resolution 1441 in 2002", 0),
              "2002-0-0/2002-0-0");
    CHECK_STR(dates_of("take Route 1100 north", 0), "");
    CHECK_STR(dates_of("the V-1900 engine and the U+2026 sign", 0), "");
    CHECK_STR(dates_of("after op. 41, 1878, he", 0), "1878-0-0/1878-0-0");
    /* eras, degrees, countries, Roman numerals do precede years */
    CHECK_STR(dates_of("crowned in AD 1066 at", 0), "1066-0-0/1066-0-0");
    CHECK_STR(dates_of("Kay Lund (BS 1928, MS 1929) taught", 0),
              "1928-0-0/1928-0-0;1929-0-0/1929-0-0");
    CHECK_STR(dates_of("opposed the US 2003 invasion", 0), "2003-0-0/2003-0-0");
    CHECK_STR(dates_of("under Henry VIII 1509 was a", 0), "1509-0-0/1509-0-0");
    CHECK_STR(dates_of("by mid-1995 the plant", 0), "1995-0-0/1995-0-0");
}

/* 1000 is a year only with a date cue or an era. */
static void test_round_thousand(void)
{
    CHECK_STR(dates_of("the Amiga 1000 and the Baja 1000 race", 0), "");
    CHECK_STR(dates_of("more than 1000 firms", 0), "");
    CHECK_STR(dates_of("founded in 1000 by", 0), "1000-0-0/1000-0-0");
    CHECK_STR(dates_of("built c. 1000 of stone", 0), "1000-0-0/1000-0-0");
    CHECK_STR(dates_of("a hoard of 1000 CE coins", 0), "1000-0-0/1000-0-0");
}

/* A citation's year is the source's, not the text's; a year saying when
 * something was done is a date. */
static void test_citations(void)
{
    CHECK_STR(dates_of("a rite of passage (Moran 1998:14) among", 0), "");
    CHECK_STR(dates_of("as argued (Moran 1998) and (Lee and Park 2001; Ito 2003)", 0), "");
    CHECK_STR(dates_of("it spread fast (Moran et al. 1998).", 0), "");
    CHECK_STR(dates_of("see Moran, 1891, p. 4 for", 0), "");
    CHECK_STR(dates_of("Review of Letters 25 (1870) 112" NDASH "130 has", 0), "");
    CHECK_STR(dates_of("Holland (1933) suggested a", 0), "1933-0-0/1933-0-0");
    CHECK_STR(dates_of("a novel (London, 1908) on", 0), "1908-0-0/1908-0-0");
    CHECK_STR(dates_of("passed (Reform Act 1832) and", 0), "1832-0-0/1832-0-0");
    CHECK_STR(dates_of("In 1841, P. Jones showed", 0), "1841-0-0/1841-0-0");
}

/* Numeric dates: day first with dots, either order with slashes when one
 * part cannot be a month (else the year alone), ISO; other hyphen chains
 * are identifiers. */
static void test_numeric_dates(void)
{
    CHECK_STR(dates_of("Record rain (11.06.1997) fell", 0), "1997-6-11/1997-6-11");
    CHECK_STR(dates_of("as of 25/12/1999 and 3/31/2010", 0),
              "1999-12-25/1999-12-25;2010-3-31/2010-3-31");
    CHECK_STR(dates_of("on 04/05/2001 it", 0), "2001-0-0/2001-0-0");
    CHECK_STR(dates_of("dated 1997-06-11 in", 0), "1997-6-11/1997-6-11");
    CHECK_STR(dates_of("registry number 1332-94-1 and 31.02.1999", 0), "");
}

/* Letters beyond ASCII belong to their word: "W" of "Wöhler" is no unit. */
static void test_words_beyond_ascii(void)
{
    CHECK_STR(dates_of("In 1823 W\xC3\xB6hler left", 0), "1823-0-0/1823-0-0");
}

int main(void)
{
    test_unicode_spaces();
    test_between_and();
    test_lifespans();
    test_early_spans();
    test_quantities();
    test_bc_ranges();
    test_identifiers();
    test_round_thousand();
    test_citations();
    test_numeric_dates();
    test_words_beyond_ascii();

    /* month day, year */
    CHECK_STR(dates_of("on January 30, 1992.", 0), "1992-1-30/1992-1-30");
    CHECK_STR(dates_of("on December 20, 1993.", 0), "1993-12-20/1993-12-20");
    /* day month year */
    CHECK_STR(dates_of("on 18 July 2000.", 0), "2000-7-18/2000-7-18");
    CHECK_STR(dates_of("on 20 December 1994 in Vienna", 0), "1994-12-20/1994-12-20");
    /* day ranges */
    CHECK_STR(dates_of("on July 8\xE2\x80\x93" "10, 1992.", 0), "1992-7-8/1992-7-10");
    CHECK_STR(dates_of("held on December 2\xE2\x80\x93" "3, 1996,", 0), "1996-12-2/1996-12-3");
    CHECK_STR(dates_of("held on 5\xE2\x80\x93" "6 December 1994.", 0), "1994-12-5/1994-12-6");
    CHECK_STR(dates_of("on 18\xE2\x80\x93" "19 November 1999,", 0), "1999-11-18/1999-11-19");
    /* month year */
    CHECK_STR(dates_of("Since February 1992, the", 0), "1992-2-0/1992-2-0");
    CHECK_STR(dates_of("proposed in July 1997, envisaged", 0), "1997-7-0/1997-7-0");
    CHECK_STR(dates_of("proposed in September 1997, the way", 0), "1997-9-0/1997-9-0");
    /* year */
    CHECK_STR(dates_of("shortly afterwards in 1995.", 0), "1995-0-0/1995-0-0");
    /* year ranges */
    CHECK_STR(dates_of("three proposals during 1997\xE2\x80\x93" "1998.", 0), "1997-0-0/1998-0-0");
    CHECK_STR(dates_of("Finland from December 1994 until 1997, and", 0), "1994-12-0/1997-0-0");
    CHECK_STR(dates_of("Russia during 1995\xE2\x80\x93" "1997.", 0), "1995-0-0/1997-0-0");
    CHECK_STR(dates_of("in 1997-98 the", 0), "1997-0-0/1998-0-0");
    /* no year: the nearest earlier explicit year, if any */
    CHECK_STR(dates_of("Committee on 27\xE2\x80\x93" "28 February.", 0), "");
    CHECK_STR(dates_of("Committee on 27\xE2\x80\x93" "28 February.", 1992), "1992-2-27/1992-2-28");
    CHECK_STR(dates_of("Since February 1992, the mission in mid-February.", 0),
              "1992-2-0/1992-2-0;1992-2-0/1992-2-0");
    CHECK_STR(dates_of("in mid-February.", 0), "");
    /* non-years */
    CHECK_STR(dates_of("Resolution #318 of the OSCE", 0), "");
    CHECK_STR(dates_of("consisting of over 300 deputy", 0), "");
    CHECK_STR(dates_of("The group includes 11 states", 0), "");
    CHECK_STR(dates_of("accepted by 54 participating states", 0), "");
    CHECK_STR(dates_of("over 1,500 soldiers and 2.5 million", 0), "");
    CHECK_STR(dates_of("the 1990s and the 21st century", 0), "");
    CHECK_STR(dates_of("May I ask", 0), "");
    CHECK_STR(dates_of("conditions begin at about 2100 m, and", 0), "");
    CHECK_STR(dates_of("the 2100 hp engine", 0), "");
    CHECK_STR(dates_of("some 2000 years ago", 0), "");
    CHECK_STR(dates_of("Ur-Nammu (2112\xE2\x80\x93" "2095 BC) cleared", 0), "");
    CHECK_STR(dates_of("cultures (2700\xE2\x80\x93" "2100) developed", 0), "");
    CHECK_STR(dates_of("probability at most 1/2100, this", 0), "");
    CHECK_STR(dates_of("between 1990 and 2100. Others", 0), "1990-0-0/2100-0-0");
    CHECK_STR(dates_of("on February 30, 1992", 0), "1992-0-0/1992-0-0");
    /* the carried year follows the text */
    int year = 0;
    annals_dates d = {NULL, 0, 0};
    const char *t = "In 1994 it began. On 3 March it grew.";
    CHECK_INT(annals_dates_extract(t, strlen(t), &year, &d), 0);
    CHECK_INT(d.n, 2);
    CHECK_INT(year, 1994);
    if (d.n == 2) {
        CHECK_INT(d.v[1].y1, 1994);
        CHECK_INT(d.v[1].m1, 3);
        CHECK_INT(d.v[1].d1, 3);
        CHECK_INT(memcmp(t + d.v[1].start, "3 March", 7), 0);
        CHECK_INT(d.v[1].end - d.v[1].start, 7);
    }
    annals_dates_free(&d);
    CHECK_DONE();
}
