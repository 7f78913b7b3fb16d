// The change feed as storage returns it: each program, card, coupon counter or the chain
// settings changed
// after a register's cursor, with its server sequence number. Writing the pull page from
// it is the route's job (office/pull_page.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kopilka::office {

struct Change {
  enum class Type { kProgram, kProgramDeleted, kCard, kCounter, kSettings };
  std::int64_t seq = 0;
  Type type = Type::kCard;
  std::string key;        // program id, card number, the counter's program, or "chain"
  std::string text;       // the program's or settings' document or the card's state, as stored
  std::int64_t uses = 0;  // a counter's
};

struct ChangePage {
  std::vector<Change> changes;  // in sequence order
  std::int64_t next = 0;        // the cursor after this page
  std::int64_t remaining = 0;   // changes after `next`; 0 on a short (last) page
};

}  // namespace kopilka::office
