// Unacknowledged entries of replaced cards; see replaced_entries.h.
#include "register/replaced_entries.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/card_number.h"
#include "core/card_replacement.h"
#include "core/effects.h"

namespace kopilka::daemon {

using core::Status;

core::Result<std::string> ReplacedEntries::holder(const std::string& number) {
  auto card = store_.load_card_holding(number);
  if (!card) return card.status();
  return *card ? (*card)->number : number;
}

Status ReplacedEntries::read() {
  if (read_) return Status::ok();
  read_ = true;
  // The cards first, and entries only of those replaced: usually none is, and a pull of a
  // million cards must not read every pending entry again for each slice.
  auto cards = store_.unacked_cards();
  if (!cards) return cards.status();
  for (const auto& number : *cards) {
    auto to = holder(number);
    if (!to) return to.status();
    if (*to == number) continue;
    auto entries = store_.unacked_effects(number, zone_);
    if (!entries) return entries.status();
    auto& list = into_[*to];
    list.insert(list.end(), entries->begin(), entries->end());
  }
  return Status::ok();
}

core::Result<std::vector<Store::OwnEntry>> ReplacedEntries::into(const std::string& number) {
  if (Status s = read(); !s) return s;
  auto it = into_.find(number);
  return it == into_.end() ? std::vector<Store::OwnEntry>() : it->second;
}

Status ReplacedEntries::moved(const core::CardState& lost, std::vector<Store::OwnEntry>& own,
                              core::Instant now) {
  if (Status s = read(); !s) return s;
  const std::string by(core::replacement_of(lost));
  auto stored = store_.load_card_holding(by);
  if (!stored) return stored.status();
  std::optional<core::CardState> card = std::move(*stored);
  const std::string to = card ? card->number : by;
  auto& list = into_[to];
  bool changed = false;
  for (auto& e : own) {
    const bool known = std::any_of(list.begin(), list.end(), [&](const Store::OwnEntry& x) {
      return x.entry_id == e.entry_id;
    });
    if (known) continue;  // counted already (the card was lost before this pull)
    if (card) {
      if (Status s = core::apply_effects(*card, e.effects, e.entry_id, e.day); !s)
        spdlog::warn("entry {} left out of card {}: {}", e.entry_id, core::masked_card(to),
                     s.message());
      else
        changed = true;
    }
    list.push_back(std::move(e));
  }
  own.clear();
  if (changed) return store_.save_card(*card, now);
  return Status::ok();
}

}  // namespace kopilka::daemon
