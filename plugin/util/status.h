/* status.h - the library's mapping from shim statuses to annals_status. */
#ifndef ANNALS_STATUS_H
#define ANNALS_STATUS_H

#include <stddef.h>

#include "shim/xap.h"
#include "annals.h"

annals_status annals_from_xap(xap_status st);

/* Checks a database's schema metadata (schema.h): ANNALS_OK when it is this
 * version, else ANNALS_ERR_NOT_ANNALS with "PATH: ..." in msg. */
annals_status annals_check_schema(const char *path, const char *schema, char *msg, size_t cap);

#endif
