/* test-year-list.c - year_list: consecutive years as spans. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "tools/year-list.h"

/* year_list of the n years, as a string (static storage). */
static const char *list(const int *years, size_t n)
{
    static char text[256];
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    year_list(f, years, n);
    fclose(f);
    snprintf(text, sizeof text, "%s", buf);
    free(buf);
    return text;
}

#define LIST(...) list((const int[]){__VA_ARGS__}, sizeof((const int[]){__VA_ARGS__}) / sizeof(int))

int main(void)
{
    CHECK_STR(list(NULL, 0), "");
    CHECK_STR(LIST(1996), "1996");
    CHECK_STR(LIST(1000), "1000");
    CHECK_STR(LIST(1994, 1995), "1994\u20131995");
    CHECK_STR(LIST(1994, 1995, 1996, 1997, 1998, 1999, 2000), "1994\u20132000");
    CHECK_STR(LIST(1994, 1996), "1994, 1996");
    CHECK_STR(LIST(1992, 1994, 1995, 1996, 1997), "1992, 1994\u20131997");
    CHECK_STR(LIST(1992, 1993, 1995), "1992\u20131993, 1995");
    CHECK_STR(LIST(1905, 1906, 1907, 1908, 1909, 1910, 1911, 1912, 1913, 1914, 1915, 1916, 1917,
                   1918, 1919, 1920, 1923, 1925, 1926),
              "1905\u20131920, 1923, 1925\u20131926");
    CHECK_STR(LIST(1066, 1492, 1789, 2100), "1066, 1492, 1789, 2100");
    CHECK_STR(LIST(1899, 1900, 1901, 2099, 2100), "1899\u20131901, 2099\u20132100");
    CHECK_DONE();
}
