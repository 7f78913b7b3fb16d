// A first sync served as a snapshot (docs/sync.md "First sync: a snapshot"): every card as
// it is now, in card-number order, instead of the change feed's order. A feed that has
// lived through shift closes lists cards in the order they last changed, so a new register
// wrote its million cards in random key order and spent its time waiting for the disk; in
// number order it appends. Read over the SQL seam, so both engines serve it alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "office/changes.h"
#include "office/sql.h"

namespace kopilka::office {

struct SnapshotPage {
  // The feed's highest change number when the snapshot began: every change up to it is in
  // the snapshot, and the register's pull goes on after it once the cards are done.
  std::int64_t upto = 0;
  // On the first page the programs, counters and chain settings in feed order, then cards
  // in number order.
  std::vector<Change> changes;
  // The last card number of this page, where the next one starts; nullopt once the page
  // holds the snapshot's last card.
  std::optional<std::string> card_after;
  bool more = false;           // anything after this page: cards, or changes after `upto`
  std::int64_t remaining = 0;  // as in ChangePage: counted or bounded, 0 exactly when !more
};

// The page of at most `limit` cards after `card_after` ("" for the first page) of the
// snapshot up to `upto` (nullopt: begin one now at the feed's highest number).
core::Result<SnapshotPage> read_snapshot_page(Sql& sql, std::optional<std::int64_t> upto,
                                              const std::string& card_after, std::int64_t limit,
                                              Remaining remaining);

}  // namespace kopilka::office
