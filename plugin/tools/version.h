/* version.h - --version for the tools, in GNU style. */
#ifndef ANNALS_TOOLS_VERSION_H
#define ANNALS_TOOLS_VERSION_H

#include <stdio.h>

/* "TOOL (annals) VERSION", then the Xapian and libunistring linked. */
void print_version(FILE *out, const char *tool);

#endif
