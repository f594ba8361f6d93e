#ifndef TESSERA_CGEOS_SHIM_H
#define TESSERA_CGEOS_SHIM_H
/* Only the reentrant (_r) functions: every call names its context handle. */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
