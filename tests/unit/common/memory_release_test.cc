// The servers' allocator: what links kopilka_server allocates from mimalloc (a build that
// silently fell back to glibc's malloc would lose a fifth of a confirm's speed), and memory
// handed back to the system leaves live blocks intact.
#include "common/memory_release.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#if KOPILKA_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace kopilka::common {

#if KOPILKA_WITH_MIMALLOC
TEST_CASE("operator new and malloc are served by mimalloc") {
  auto owned = std::make_unique<std::string>(200, 'x');
  CHECK(mi_is_in_heap_region(owned.get()));
  CHECK(mi_is_in_heap_region(owned->data()));
  void* raw = std::malloc(64);
  REQUIRE(raw != nullptr);
  CHECK(mi_is_in_heap_region(raw));
  std::free(raw);
}
#endif

TEST_CASE("releasing free memory keeps what is still in use") {
  std::vector<std::string> kept, dropped;
  for (int i = 0; i < 2000; ++i) {
    kept.push_back(std::string(100, static_cast<char>('a' + i % 26)));
    dropped.push_back(std::string(4000, 'z'));
  }
  dropped.clear();
  dropped.shrink_to_fit();
  release_free_memory();
  for (int i = 0; i < 2000; ++i) {
    REQUIRE(kept[i].size() == 100);
    CHECK(kept[i][99] == static_cast<char>('a' + i % 26));
  }
}

}  // namespace kopilka::common
