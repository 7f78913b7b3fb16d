// Which pushed entries are acked again, refused, or applied to their card: the rule both
// storage engines follow in a group commit, so they answer a register alike. The engines
// only find and write the rows.
#pragma once

#include "core/card_state.h"
#include "core/time.h"
#include "office/push_batch.h"
#include "office/sql.h"

namespace kopilka::office {

// What head office holds under an entry id it has applied.
struct StoredEntry {
  std::string kind, card;  // card: "" for none
  core::Instant at = 0;
};

// Settles an entry that needs no card: acked again when `seen` (applied before, or earlier
// in this group), refused when it is not an entry the register could have written. An id
// `stored` under another kind, card or time is refused, not acked: the register's journal
// went back (a restored backup) and numbered a new entry as an old one, which acking would
// lose. True when settled; false when it is to be applied.
bool settle_without_card(PushResult& result, const PushEntry& entry, bool seen,
                         const StoredEntry* stored = nullptr);

// Applies the entry's effects to `card` (nullptr: the entry has no card), and its referral
// share to `referrer`, the card core::referrer_due names (nullptr when none is due). Effects
// that do not apply refuse the entry and leave both cards as they were; otherwise the entry
// is acked. True when applied. `now` is head office's clock: an entry dated ahead of it
// folds nothing that is still good today (core::apply_effects).
bool apply_pushed(PushResult& result, const PushEntry& entry, core::CardState* card,
                  core::CardState* referrer, core::Zone zone, core::Instant now);

// A points adjustment made at a register (by its admin token: a person at the till) is
// appended to head office's audit as one made here is (office.md: every change of points,
// with who): "points.adjust" on the card, by "register:<id>" from the push's address, with the
// entry, its net points, its time and what the register journalled of it (adjust_id, reason). Other
// kinds of entry are the journal's alone: nothing is written.
core::Status audit_register_adjustment(Sql& sql, const PendingPush& push, const PushEntry& entry,
                                       core::Zone zone, core::Instant now);

}  // namespace kopilka::office
