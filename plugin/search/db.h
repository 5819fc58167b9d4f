/* db.h - an open database for searching (db.c), as search.c sees it. */
#ifndef ANNALS_DB_H
#define ANNALS_DB_H

#include "shim/xap.h"
#include "annals.h"
#include "analyze/stem.h"

struct annals_db {
    xap_db *db;
    annals_stemmer *stem;
    int allow_partial;
    xap_err failure;            /* what Xapian said last, for annals_db_recover */
    int modified;               /* the last failure: a writer's commits overtook the reader */
    char error[600];
};

/* After a call failed with ANNALS_ERR_UNAVAILABLE (db->failure): leaves
 * out the remote shards that are down, or the one that failed.  ANNALS_OK
 * when the call may be made again without them (allow_partial); else the
 * status to fail with, its message in db->error. */
annals_status annals_db_recover(annals_db *db);

#endif
