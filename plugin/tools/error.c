/* error.c - the tools' one line on stderr for an error that ends them. */
#include <stdarg.h>
#include <stdio.h>

#include "tools/error.h"

int tool_error(const char *tool, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", tool);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}
