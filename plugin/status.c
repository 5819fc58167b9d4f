/* status.c - status strings and the default database path. */
#include <stdlib.h>

#include "annals.h"

const char *annals_status_to_string(annals_status status)
{
    switch (status) {
    case ANNALS_OK: return "success";
    case ANNALS_ERR_NOMEM: return "out of memory";
    case ANNALS_ERR_IO: return "cannot read file";
    case ANNALS_ERR_INPUT: return "malformed article";
    case ANNALS_ERR_DATABASE: return "database error";
    case ANNALS_ERR_LOCKED: return "database is locked by another writer";
    case ANNALS_ERR_NOT_ANNALS: return "not an annals database";
    case ANNALS_ERR_QUERY: return "invalid query";
    case ANNALS_ERR_ARGUMENT: break;
    }
    return "invalid argument";
}

const char *annals_default_db(void)
{
    const char *env = getenv("ANNALS_DB");
    return env && *env ? env : "annals.db";
}
