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

int main(void)
{
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
    CHECK_STR(dates_of("between 1990 and 2100. Others", 0), "1990-0-0/1990-0-0;2100-0-0/2100-0-0");
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
