// Handing memory the process no longer uses back to the system, whichever allocator the
// servers were built with (mimalloc, or glibc's malloc in sanitizer builds).
#pragma once

namespace kopilka::common {

// Returns freed memory held by the allocator to the system: after a large pull, say, whose
// pages were megabytes of JSON, so a daemon that runs for months keeps a small footprint.
void release_free_memory();

}  // namespace kopilka::common
