#include "allocator.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int hemicycle_allocator_tune_for_serving(void) {
#if defined(__GLIBC__)
    return mallopt(M_TRIM_THRESHOLD, 256 << 20) && mallopt(M_TOP_PAD, 64 << 20);
#else
    return 0;
#endif
}
