/* xap_version.cc - the version of the libxapian linked. */
#include "xap_internal.h"

const char *xap_version(void)
{
    return Xapian::version_string();
}
