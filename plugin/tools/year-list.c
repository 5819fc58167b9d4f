/* year-list.c - a hit's years with consecutive years as spans. */
#include "tools/year-list.h"

void year_list(FILE *out, const int *years, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t last = i; /* the end of the run from years[i] */
        while (last + 1 < n && years[last + 1] == years[last] + 1) last++;
        fprintf(out, "%s%d", i ? ", " : "", years[i]);
        if (last > i) fprintf(out, "\u2013%d", years[last]);
        i = last + 1;
    }
}
