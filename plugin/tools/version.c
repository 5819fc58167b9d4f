/* version.c - --version for the tools, in GNU style. */
#include "annals.h"
#include "tools/version.h"

void print_version(FILE *out, const char *tool)
{
    int u = annals_unistring_version();
    fprintf(out, "%s (annals) %s\nXapian %s\nlibunistring %d.%d", tool, PACKAGE_VERSION,
            annals_xapian_version(), u >> 16, (u >> 8) & 0xff);
    if (u & 0xff) fprintf(out, ".%d", u & 0xff);
    fputc('\n', out);
}
