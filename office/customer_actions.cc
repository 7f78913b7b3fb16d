// Customer edits, lost-card replacement and customer merges; see customer_actions.h.
#include "office/customer_actions.h"

#include <algorithm>

#include "office/card_replace.h"
#include "office/consent_withdrawal.h"
#include "office/outbox.h"
#include "office/report_customer_move.h"

namespace kopilka::office {

using core::CardState;
using core::Json;
using core::Result;
using core::Status;

Result<core::CardEdit> parse_customer_edit(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() == "id" || it.key() == "cards")
      return Status::invalid("cannot be changed here (merge customers to move cards)", it.key());
  }
  auto edit = core::parse_card_edit(Json{{"customer", body}});
  if (edit) {
    if (Status named = core::check_name_kept(*edit); !named) edit = named;
  }
  if (!edit) {
    const std::string& field = edit.status().field();
    const std::string prefix = "customer.";
    std::string bare = field.rfind(prefix, 0) == 0 ? field.substr(prefix.size()) : field;
    return Status::invalid(edit.status().message(), bare);
  }
  return edit;
}

namespace {

// The contacts every card of a customer carries after `contacts` changed.
Result<std::vector<CardState>> with_contacts(const std::vector<std::optional<CardState>>& loaded,
                                             const core::Customer& contacts) {
  std::vector<CardState> out;
  for (const auto& card : loaded) {
    if (!card) continue;  // a link to a card that is gone: nothing to carry
    CardState c = *card;
    c.customer = contacts;
    out.push_back(std::move(c));
  }
  return out;
}

Status index_all(Sql& sql, const std::vector<CardState>& cards, core::Instant now) {
  for (const CardState& c : cards)
    if (Status s = index_card_customer(sql, c, now); !s) return s;
  return Status::ok();
}

Result<CustomerRecord> must_load(Sql& sql, const std::string& id) {
  auto c = load_customer(sql, id);
  if (!c) return c.status();
  if (!*c) return Status::not_found("no customer " + id);
  return std::move(**c);
}

}  // namespace

Result<CustomerChange> edit_customer(Storage& store, const std::string& id,
                                     const core::CardEdit& edit, core::Instant now,
                                     const std::function<Status(Sql&)>& also) {
  Sql& sql = store.sql();
  auto before = must_load(sql, id);
  if (!before) return before.status();
  CardState carrier;  // the edit applied once, to the customer alone
  carrier.customer = before->contacts;
  core::apply_card_edit(carrier, edit);
  const core::Customer contacts = *carrier.customer;
  Status s = store.rewrite_cards(
      before->cards,
      [&](const std::vector<std::optional<CardState>>& loaded) -> Result<std::vector<CardState>> {
        if (Status row = save_customer_row(sql, contacts, now); !row) return row;
        if (also)
          if (Status more = also(sql); !more) return more;
        auto cards = with_contacts(loaded, contacts);
        if (!cards) return cards.status();
        if (Status i = index_all(sql, *cards, now); !i) return i;
        return cards;
      });
  if (!s) return s;
  auto after = must_load(sql, id);
  if (!after) return after.status();
  return CustomerChange{std::move(*before), std::move(*after)};
}

Result<Replacement> replace_card(Storage& store, const std::string& lost_number,
                                 const std::string& new_number, core::Instant now) {
  Sql& sql = store.sql();
  Replacement r;
  // The cards the lost card referred (their state text names it; each is checked when
  // loaded). A scan of the cards, which a replacement, a rare desk action, can afford.
  auto referred = sql.query("SELECT number FROM cards WHERE state LIKE $1 ORDER BY number",
                            {"%\"by\":\"" + lost_number + "\"%"});
  if (!referred) return referred.status();
  std::vector<std::string> numbers{lost_number, new_number};
  for (const SqlRow& row : *referred)
    if (row.text(0) != lost_number && row.text(0) != new_number) numbers.push_back(row.text(0));
  Status s = store.rewrite_cards(
      numbers,
      [&](const std::vector<std::optional<CardState>>& loaded) -> Result<std::vector<CardState>> {
        if (!loaded[0]) return Status::not_found("no card " + lost_number);
        auto journal =
            query_int(sql, "SELECT 1 FROM entries WHERE card = $1 LIMIT 1", {new_number});
        if (!journal) return journal.status();
        if (*journal && new_number != lost_number)
          return Status::conflict("card " + new_number + " already has purchases or points");
        auto pair = replace_lost_card(*loaded[0], loaded[1], new_number);
        if (!pair) return pair.status();
        r.lost_before = *loaded[0];
        r.lost = pair->first;
        r.fresh = pair->second;
        if (r.lost_before.customer && new_number != lost_number)
          if (Status n = carry_notifications(sql, r.lost_before.customer->id, lost_number,
                                             new_number, now);
              !n)
            return n;
        std::vector<CardState> out{r.lost, r.fresh};
        if (Status i = index_all(sql, out, now); !i) return i;
        for (std::size_t i = 2; i < loaded.size(); ++i)
          if (loaded[i])
            if (auto referee = referred_by_replacement(*loaded[i], lost_number, new_number))
              out.push_back(std::move(*referee));
        return out;
      });
  if (!s) return s;
  // A card without a customer counts as its own customer in the reports ("card:NUMBER"):
  // its replacement goes on as that same person, or as the customer the new card names.
  if (!r.lost_before.customer && new_number != lost_number) {
    const std::string who = r.fresh.customer ? r.fresh.customer->id : "card:" + new_number;
    if (Status h = give_card_history(sql, lost_number, who); !h) return h;
  }
  return r;
}

core::Customer merged_contacts(core::Customer survivor, const core::Customer& other) {
  if (survivor.name.empty()) survivor.name = other.name;
  if (!survivor.phone) survivor.phone = other.phone;
  if (!survivor.email) survivor.email = other.email;
  if (!survivor.birthday) survivor.birthday = other.birthday;
  return survivor;
}

Result<Merge> merge_customers(Storage& store, const std::string& into, const std::string& from,
                              core::Instant now) {
  if (into == from) return Status::invalid("must be another customer", "from");
  Sql& sql = store.sql();
  auto survivor = must_load(sql, into);
  if (!survivor) return survivor.status();
  auto other = must_load(sql, from);
  if (!other) {
    if (other.status().code() == core::Code::kNotFound)
      return Status::invalid("no customer " + from, "from");
    return other.status();
  }
  core::Customer contacts = merged_contacts(survivor->contacts, other->contacts);
  std::vector<std::string> numbers = survivor->cards;
  numbers.insert(numbers.end(), other->cards.begin(), other->cards.end());
  Status s = store.rewrite_cards(
      numbers,
      [&](const std::vector<std::optional<CardState>>& loaded) -> Result<std::vector<CardState>> {
        // One person: what either record withdrew stays withdrawn, and what was sent to
        // either is in the survivor's log and daily limit.
        auto withdrawn = withdrawals_of(sql, from);
        if (!withdrawn) return withdrawn.status();
        if (withdrawn->email) contacts.consents.email = false;
        if (withdrawn->sms) contacts.consents.sms = false;
        if (Status moved = move_notifications(sql, from, into); !moved) return moved;
        if (Status moved = move_report_customer(sql, from, into); !moved) return moved;
        if (Status gone = forget_customer(sql, from); !gone) return gone;
        if (Status row = save_customer_row(sql, contacts, now); !row) return row;
        auto cards = with_contacts(loaded, contacts);
        if (!cards) return cards.status();
        if (Status i = index_all(sql, *cards, now); !i) return i;
        return cards;
      });
  if (!s) return s;
  auto after = must_load(sql, into);
  if (!after) return after.status();
  return Merge{std::move(*survivor), std::move(*other), std::move(*after)};
}

}  // namespace kopilka::office
