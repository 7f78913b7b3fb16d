// Erasing a customer's personal data at their request (docs/office.md "Erasing a
// customer's personal data"; Russia's 152-FZ asks it of whoever keeps such data). The
// customer and their cards stay, with their points, purchases and history, which are the
// shop's accounts; what names or reaches the person goes: name, phone, e-mail, birthday and
// consents on the customer and every card (registers get the blanks at their next pull),
// the same in every audit entry about the customer, their cards and the customers merged
// into them, and in their notifications' texts, whose queued ones are not sent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"
#include "core/time.h"
#include "office/storage.h"

namespace kopilka::office {

// The name an erased customer keeps: a customer always has one.
inline constexpr const char* kErasedName = "(данные удалены)";

struct Erasure {
  std::vector<std::string> cards;     // the customer's cards, each rewritten
  std::int64_t audit_entries = 0;     // entries whose contacts were blanked
  std::int64_t messages = 0;          // notifications whose texts were blanked
  std::int64_t messages_stopped = 0;  // of them, queued ones now suppressed
};

// kNotFound for an unknown customer. One transaction.
core::Result<Erasure> erase_customer(Storage& store, const std::string& id, core::Instant now);

// `j` with the text of every key that holds a person's contacts (name, phone, email,
// birthday, at any depth) replaced by "[удалено]"; other values (null, a consent's true)
// stay.
core::Json without_contacts(core::Json j);

}  // namespace kopilka::office
