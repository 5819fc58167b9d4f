/* page.h - the search page (plugin/serve/page.html), built into the binary
 * (page.c is generated from it by embed.sh). */
#ifndef ANNALS_SERVE_PAGE_H
#define ANNALS_SERVE_PAGE_H

#include <stddef.h>

extern const unsigned char serve_page[];
extern const size_t serve_page_size;

#endif
