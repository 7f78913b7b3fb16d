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

// How a page says what lies after it (docs/sync.md "Pull"). Counting walks the feed's
// indexes after the cursor, so counting on every page of a first sync grew with the square
// of the chain: it is done once per pull, and the other pages carry a bound read off the
// indexes' ends.
enum class Remaining {
  kCounted,  // exactly how many changes lie after `next`
  kBounded,  // the highest change number minus `next`: never fewer than are left
};

struct ChangePage {
  std::vector<Change> changes;  // in sequence order
  std::int64_t next = 0;        // the cursor after this page
  bool more = false;            // a change lies after `next`: exact, whatever `remaining` is
  std::int64_t remaining = 0;   // changes after `next` (see Remaining); 0 when !more
};

}  // namespace kopilka::office
