/* status.c - status strings, the shim's statuses mapped, the default
 * database path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/schema.h"
#include "util/status.h"

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
    case ANNALS_ERR_UNAVAILABLE: return "a remote shard is unavailable";
    case ANNALS_ERR_ARGUMENT: break;
    }
    return "invalid argument";
}

annals_status annals_from_xap(xap_status st)
{
    switch (st) {
    case XAP_OK: return ANNALS_OK;
    case XAP_ERR_NOMEM: return ANNALS_ERR_NOMEM;
    case XAP_ERR_LOCKED: return ANNALS_ERR_LOCKED;
    case XAP_ERR_OPENING: return ANNALS_ERR_NOT_ANNALS;
    case XAP_ERR_NETWORK: case XAP_ERR_TIMEOUT: return ANNALS_ERR_UNAVAILABLE;
    default: return ANNALS_ERR_DATABASE;
    }
}

annals_status annals_check_schema(const char *path, const char *schema, char *msg, size_t cap)
{
    if (strcmp(schema, ANNALS_SCHEMA_VERSION) == 0) return ANNALS_OK;
    if (schema[0])
        snprintf(msg, cap, "%s: annals schema %s, this is schema %s", path, schema,
                 ANNALS_SCHEMA_VERSION);
    else
        snprintf(msg, cap, "%s: not an annals database", path);
    return ANNALS_ERR_NOT_ANNALS;
}

const char *annals_default_db(void)
{
    const char *env = getenv("ANNALS_DB");
    return env && *env ? env : "annals.db";
}
