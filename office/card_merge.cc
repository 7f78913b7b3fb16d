// Merge rules for an enrolling register's cards; see card_merge.h.
#include "office/card_merge.h"

#include <algorithm>
#include <cstdio>

#include "office/customer_erase.h"

namespace kopilka::office {

using core::Json;

Json MergeConflict::to_json() const {
  return Json{{"card", card}, {"field", field}, {"office", office}, {"register", register_value}};
}

namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// One optional text field of the customer: fills a blank at head office, reports a
// difference. `ours` is head office's value, changed in place.
void merge_text(MergedCard& m, const std::string& field, std::optional<std::string>& ours,
                const std::optional<std::string>& theirs, bool may_fill = true) {
  if (!theirs || theirs->empty()) return;
  // An erased customer's blank is no difference to report: the register's copy of what was
  // erased goes nowhere, not even into the answer's conflicts and the audit.
  if (!may_fill && (!ours || ours->empty())) return;
  if (!ours || ours->empty()) {
    ours = theirs;
    m.changed = true;
  } else if (*ours != *theirs) {
    m.conflicts.push_back({m.card.number, field, Json(*ours), Json(*theirs)});
  }
}

std::string birthday_text(const core::CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

void merge_customer(MergedCard& m, const core::CardEdit& up,
                    const std::optional<core::Customer>& known) {
  core::CardState& card = m.card;
  if (!up.has_customer) return;
  if (!card.customer && known && up.customer_id == known->id) {
    // The card is new to this customer, the customer is not new to head office.
    card.customer = known;
    m.changed = true;
  }
  if (!card.customer) {
    // Status, groups and type are merged on their own; a card head office holds keeps its
    // referrer (a referral is set before a card's first purchase, by the owner).
    core::CardEdit only_customer = up;
    only_customer.status.reset();
    only_customer.groups.reset();
    only_customer.type.reset();
    only_customer.referred_by.reset();
    core::apply_card_edit(card, only_customer);
    m.changed = true;
    return;
  }
  core::Customer& c = *card.customer;
  // A customer whose personal data was erased at their request: their blanks stay blank
  // whatever a register held of them before (it is reported, and not taken).
  const bool may_fill = c.name != kErasedName;
  std::optional<std::string> id = c.id, name = c.name;
  merge_text(m, "customer.id", id, up.customer_id);
  merge_text(m, "customer.name", name, up.name);
  merge_text(m, "customer.phone", c.phone, up.has_phone ? up.phone : std::nullopt, may_fill);
  merge_text(m, "customer.email", c.email, up.has_email ? up.email : std::nullopt, may_fill);
  c.id = *id;
  c.name = *name;
  std::optional<std::string> ours, theirs;
  if (c.birthday) ours = birthday_text(*c.birthday);
  if (up.has_birthday && up.birthday) theirs = birthday_text(*up.birthday);
  bool had = ours.has_value();
  merge_text(m, "customer.birthday", ours, theirs, may_fill);
  if (!had && theirs && may_fill) c.birthday = up.birthday;
}

}  // namespace

MergedCard merge_uploaded_card(const std::string& number,
                               const std::optional<core::CardState>& office,
                               const core::CardEdit& up,
                               const std::optional<core::Customer>& known) {
  MergedCard m;
  if (!office) {
    m.card.number = number;
    core::CardEdit profile = up;  // the customer is merged on its own
    profile.has_customer = false;
    core::apply_card_edit(m.card, profile);
    m.changed = true;
    merge_customer(m, up, known);
    return m;
  }
  m.card = *office;
  if (up.type && *up.type != m.card.type)
    m.conflicts.push_back(
        {number, "type", Json(core::to_string(m.card.type)), Json(core::to_string(*up.type))});
  if (up.referred_by && (!m.card.referral || m.card.referral->by != *up.referred_by))
    m.conflicts.push_back({number, "referred_by",
                           m.card.referral ? Json(m.card.referral->by) : Json(nullptr),
                           Json(*up.referred_by)});
  core::CardStatus theirs = up.status.value_or(core::CardStatus::kActive);
  if (theirs != m.card.status)
    m.conflicts.push_back(
        {number, "status", Json(core::to_string(m.card.status)), Json(core::to_string(theirs))});
  if (up.groups && !up.groups->empty()) {
    if (m.card.groups.empty()) {
      m.card.groups = *up.groups;
      m.changed = true;
    } else if (sorted(m.card.groups) != sorted(*up.groups)) {
      m.conflicts.push_back({number, "groups", Json(m.card.groups), Json(*up.groups)});
    }
  }
  merge_customer(m, up, known);
  return m;
}

}  // namespace kopilka::office
