// release_free_memory for the allocator the build links; see memory_release.h.
#include "common/memory_release.h"

#if KOPILKA_WITH_MIMALLOC
#include <mimalloc.h>
#else
#include <malloc.h>
#endif

namespace kopilka::common {

void release_free_memory() {
#if KOPILKA_WITH_MIMALLOC
  mi_collect(/*force=*/true);
#else
  malloc_trim(0);
#endif
}

}  // namespace kopilka::common
