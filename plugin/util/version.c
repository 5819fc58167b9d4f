/* version.c - the versions of the libraries linked, for --version. */
#include <unistring/version.h>

#include "annals.h"
#include "shim/xap.h"

const char *annals_xapian_version(void)
{
    return xap_version();
}

int annals_unistring_version(void)
{
    return _libunistring_version;
}
