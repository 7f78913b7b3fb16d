// Birthday gifts journalled twice: two registers offline on the customer's birthday each
// grant the gift, and head office applies it once, by the grant it received first
// (core::gifts_given_already). The later grants accrued nothing: a customer's points
// history and the journal export show them so, as the reports count them.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/json_exact.h"

namespace kopilka::office {

// A birthday entry as head office stored it.
struct GiftEntry {
  std::string id;
  std::string card;
  std::int64_t received = 0;  // when head office applied it
  const core::Json* effects = nullptr;
};

// The ids of `entries` whose every grant an earlier-received entry of the same card had
// made (a grant: program and year). Entries of other kinds are skipped by the caller.
std::set<std::string> repeated_gifts(const std::vector<GiftEntry>& entries);

}  // namespace kopilka::office
