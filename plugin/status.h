/* status.h - the library's mapping from shim statuses to annals_status. */
#ifndef ANNALS_STATUS_H
#define ANNALS_STATUS_H

#include "../shim/xap.h"
#include "annals.h"

annals_status annals_from_xap(xap_status st);

#endif
