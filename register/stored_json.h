// Reading back JSON the store wrote itself (cards, receipts, programs): a text that no
// longer parses means the database was damaged, so it is reported as kCorrupt, naming
// what was being read. Shared by the store's .cc files only.
#pragma once

#include <string>

#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::daemon {

inline core::Result<core::Json> parse_stored(const std::string& text, const std::string& what) {
  auto j = core::parse_json_exact(text);
  if (!j) return core::Status::corrupt(what + " is damaged: " + j.status().message());
  return *j;
}

}  // namespace kopilka::daemon
