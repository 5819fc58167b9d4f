/* counts.c - the tools' counts of things. */
#include "tools/counts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned count_arg(const char *s, unsigned max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    return s[0] >= '0' && s[0] <= '9' && !*end && !errno && v >= 1 && v <= max ? (unsigned)v : 0;
}

int seconds_arg(const char *s, double *out)
{
    char *end;
    if (!*s || strspn(s, "0123456789.") != strlen(s)) return -1;
    *out = strtod(s, &end);
    return *end || *out < 0.001 || *out > 3600 ? -1 : 0;
}

unsigned count_processors(unsigned max)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (unsigned long)n > max ? max : (unsigned)n;
}
