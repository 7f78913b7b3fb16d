// Customers at head office on both engines (office/customers.h, customer_actions.h):
// search by card, phone spelling, e-mail and name prefix; a customer's edit, a lost card's
// replacement and a merge written as whole card states with new change numbers.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/card_edit.h"
#include "core/json_exact.h"
#include "office/customer_actions.h"
#include "office/customers.h"
#include "office/storage.h"
#include "test_support/office_store.h"

namespace kopilka::office {
namespace {

constexpr core::Instant kCustomersNow = 1795000000;

core::CardState put(test::TempStore& t, const std::string& number, const char* edit_body) {
  auto edit = core::parse_card_edit(core::Json::parse(edit_body));
  REQUIRE_MESSAGE(edit.ok(), edit.status().message());
  auto old = t.store->load_card(number);
  REQUIRE(old.ok());
  core::CardState card = old->value_or(core::CardState{});
  card.number = number;
  core::apply_card_edit(card, *edit);
  REQUIRE(t.store->put_card(card).ok());
  REQUIRE(index_card_customer(t.store->sql(), card, kCustomersNow).is_ok());
  return card;
}

std::vector<std::string> found_ids(test::TempStore& t, const std::string& q) {
  auto found = search_customers(t.store->sql(), q, 50);
  REQUIRE_MESSAGE(found.ok(), found.status().message());
  std::vector<std::string> ids;
  for (const auto& c : *found) ids.push_back(c.contacts.id);
  return ids;
}

std::int64_t seq_of(test::TempStore& t, const std::string& number) {
  auto page = t.store->changes_after(0, 1000, office::Remaining::kCounted);
  REQUIRE(page.ok());
  std::int64_t seq = 0;
  for (const auto& c : page->changes)
    if (c.key == number) seq = c.seq;
  return seq;
}

// A card with points, debt, purchases and marks, as pushes would leave it.
void give_history(test::TempStore& t, const std::string& number) {
  REQUIRE(t.store
              ->rewrite_cards({number},
                              [&](const std::vector<std::optional<core::CardState>>& loaded)
                                  -> core::Result<std::vector<core::CardState>> {
                                core::CardState c = *loaded[0];
                                c.spent = 150000;
                                c.purchases = 3;
                                c.visit_days = {20400, 20401};
                                c.debt = 5;
                                c.lots.push_back({"r-1:1/0", "cashback", 20400, 20400, 20765, 700});
                                c.visit_rewarded_on["visits"] = 20401;
                                c.birthday_granted_year["bday"] = 2025;
                                c.coupon_uses["welcome"] = 1;
                                return std::vector<core::CardState>{c};
                              })
              .is_ok());
}

TEST_CASE("search finds a customer by card, any phone spelling, e-mail and name prefix") {
  test::TempStore t;
  put(t, "2000000000015",
      R"({"customer": {"id": "c-anna", "name": "Анна Ёлкина-Петрова", "phone": "+79991234567",
          "email": "Anna@Example.ru"}})");
  put(t, "2000000000022", R"({"customer": {"id": "c-anna"}})");
  put(t, "2000000000039", R"({"customer": {"id": "c-boris", "name": "Борис Петров"}})");

  CHECK(found_ids(t, "2000000000022") == std::vector<std::string>{"c-anna"});
  CHECK(found_ids(t, "8 (999) 123-45-67") == std::vector<std::string>{"c-anna"});
  CHECK(found_ids(t, "9991234567") == std::vector<std::string>{"c-anna"});
  CHECK(found_ids(t, "anna@EXAMPLE.RU") == std::vector<std::string>{"c-anna"});
  CHECK(found_ids(t, "елк") == std::vector<std::string>{"c-anna"});
  CHECK(found_ids(t, "АН") == std::vector<std::string>{"c-anna"});
  CHECK(found_ids(t, "ан пет") == std::vector<std::string>{"c-anna"});
  auto both = found_ids(t, "ПЕТРОВ");
  std::sort(both.begin(), both.end());
  CHECK(both == std::vector<std::string>{"c-anna", "c-boris"});
  CHECK(found_ids(t, "петровы").empty());
  CHECK(found_ids(t, "8 999 000-00-00").empty());
  CHECK_FALSE(search_customers(t.store->sql(), "  ", 50).ok());

  auto anna = load_customer(t.store->sql(), "c-anna");
  REQUIRE(anna.ok());
  REQUIRE(*anna);
  CHECK((*anna)->cards == std::vector<std::string>{"2000000000015", "2000000000022"});
  CHECK((*anna)->contacts.email == std::optional<std::string>("Anna@Example.ru"));
}

TEST_CASE("a name of several words finds the same customers whichever word is the rarest") {
  test::TempStore t;
  // Every name shares its first word: the short number is the narrow range that drives.
  for (int i = 1; i <= 30; ++i) {
    std::string body = "20000000" + std::to_string(10000 + i);
    int sum = 0;
    for (int k = 0; k < 12; ++k) sum += (body[k] - '0') * (k % 2 ? 3 : 1);
    put(t, body + std::to_string((10 - sum % 10) % 10),
        ("{\"customer\": {\"id\": \"c-" + std::to_string(i) + "\", \"name\": \"Покупатель " +
         std::to_string(i) + "\"}}")
            .c_str());
  }
  CHECK(found_ids(t, "Покупатель 17") == std::vector<std::string>{"c-17"});
  CHECK(found_ids(t, "17 покуп") == std::vector<std::string>{"c-17"});
  auto ones = found_ids(t, "Покупатель 1");
  std::sort(ones.begin(), ones.end());
  CHECK(ones == std::vector<std::string>{"c-1", "c-10", "c-11", "c-12", "c-13", "c-14", "c-15",
                                         "c-16", "c-17", "c-18", "c-19"});
  CHECK(found_ids(t, "Покупатель 99").empty());
  CHECK(found_ids(t, "Покупательница 17").empty());
  CHECK(found_ids(t, "покупатель").size() == 30);
}

TEST_CASE("a customer's edit reaches every card with a new change number") {
  test::TempStore t;
  put(t, "2000000000015", R"({"customer": {"id": "c-1", "name": "Анна"}})");
  put(t, "2000000000022", R"({"customer": {"id": "c-1", "name": "Анна"}})");
  const auto seq15 = seq_of(t, "2000000000015"), seq22 = seq_of(t, "2000000000022");
  auto edit = parse_customer_edit(core::Json::parse(
      R"({"name": "Анна Смирнова", "phone": "8 999 765-43-21", "consents": {"sms": true}})"));
  REQUIRE(edit.ok());
  auto changed = edit_customer(*t.store, "c-1", *edit, kCustomersNow);
  REQUIRE_MESSAGE(changed.ok(), changed.status().message());
  CHECK(changed->before.contacts.name == "Анна");
  CHECK(changed->after.contacts.phone == std::optional<std::string>("+79997654321"));
  for (const char* number : {"2000000000015", "2000000000022"}) {
    auto card = t.store->load_card(number);
    REQUIRE(card.ok());
    REQUIRE(*card);
    CHECK((*card)->customer->name == "Анна Смирнова");
    CHECK((*card)->customer->consents == core::Consents{false, true});
  }
  CHECK(seq_of(t, "2000000000015") > seq15);
  CHECK(seq_of(t, "2000000000022") > seq22);
  CHECK(found_ids(t, "смир") == std::vector<std::string>{"c-1"});
  CHECK(edit_customer(*t.store, "c-nobody", *edit, kCustomersNow).status().code() ==
        core::Code::kNotFound);
  CHECK(parse_customer_edit(core::Json::parse(R"({"phone": "12"})")).status().field() == "phone");
}

TEST_CASE("a lost card's balance, marks and customer move to the new card in one step") {
  test::TempStore t;
  put(t, "2000000000015", R"({"groups": ["vip"], "customer": {"id": "c-1", "name": "Анна"}})");
  give_history(t, "2000000000015");
  auto r = replace_card(*t.store, "2000000000015", "2000000000099", kCustomersNow);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  auto fresh = t.store->load_card("2000000000099");
  auto lost = t.store->load_card("2000000000015");
  REQUIRE(fresh.ok());
  REQUIRE(*fresh);
  REQUIRE(lost.ok());
  const core::CardState& n = **fresh;
  CHECK(n.status == core::CardStatus::kActive);
  CHECK(n.spent == 150000);
  CHECK(n.purchases == 3);
  CHECK(n.debt == 5);
  REQUIRE(n.lots.size() == 1);
  CHECK(n.lots[0].remaining == 700);
  CHECK(n.visit_days == std::vector<core::Day>{20400, 20401});
  CHECK(n.visit_rewarded_on.at("visits") == 20401);
  CHECK(n.birthday_granted_year.at("bday") == 2025);
  CHECK(n.coupon_uses.at("welcome") == 1);
  CHECK(n.groups == std::vector<std::string>{"vip"});
  CHECK(n.customer->id == "c-1");
  const core::CardState& o = **lost;
  CHECK(o.status == core::CardStatus::kLost);
  CHECK(o.lots.empty());
  CHECK(o.debt == 0);
  CHECK(o.spent == 0);
  CHECK(seq_of(t, "2000000000099") > 0);
  CHECK(found_ids(t, "2000000000099") == std::vector<std::string>{"c-1"});

  // The new card now has history: it cannot take another card's place, and nothing moves.
  put(t, "2000000000105", R"({"customer": {"id": "c-2", "name": "Борис"}})");
  auto again = replace_card(*t.store, "2000000000105", "2000000000099", kCustomersNow);
  CHECK(again.status().code() == core::Code::kConflict);
  auto still = t.store->load_card("2000000000105");
  CHECK((*still)->status == core::CardStatus::kActive);
  CHECK(replace_card(*t.store, "2000000000777", "2000000000888", kCustomersNow).status().code() ==
        core::Code::kNotFound);
}

TEST_CASE("what is pushed for a lost card later changes its replacement, not the lost card") {
  test::TempStore t;
  put(t, "2000000000015", R"({"customer": {"id": "c-1", "name": "Анна"}})");
  give_history(t, "2000000000015");  // 700 points in lot r-1:1/0, 5 owed
  REQUIRE(replace_card(*t.store, "2000000000015", "2000000000099", kCustomersNow).ok());
  auto lost = t.store->load_card("2000000000015");
  CHECK((*lost)->replaced_by == "2000000000099");
  // A second replacement would point the lost card's entries at a card without its points.
  auto twice = replace_card(*t.store, "2000000000015", "2000000000112", kCustomersNow);
  CHECK(twice.status().field() == "number");

  // A register that had not pulled the replacement refunds the purchase on the old card:
  // 300 of its lot's points and 50 000 of spent come back off the card that holds them.
  auto refund = core::parse_json_exact(
      R"([{"id": "r-1:9", "kind": "refund", "at": "2026-11-25T12:00:00+03:00",
           "effects": {"card": "2000000000015", "spent_delta": -50000,
                       "draws": [{"lot": "r-1:1/0", "points": 300}]}}])");
  auto r = office::push(*t.store, "r-1", *refund, kCustomersNow);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(r->applied == 1);
  auto fresh = t.store->load_card("2000000000099");
  CHECK((*fresh)->spent == 100000);
  REQUIRE((*fresh)->lots.size() == 1);
  CHECK((*fresh)->lots[0].remaining == 400);
  lost = t.store->load_card("2000000000015");
  CHECK((*lost)->spent == 0);
  CHECK((*lost)->debt == 0);
  CHECK((*lost)->lots.empty());
  CHECK((*lost)->status == core::CardStatus::kLost);
}

TEST_CASE("merging customers moves the cards; the other customer is gone from search") {
  test::TempStore t;
  put(t, "2000000000015", R"({"customer": {"id": "c-1", "name": "Анна"}})");
  put(t, "2000000000022",
      R"({"customer": {"id": "c-2", "name": "Анна П", "email": "anna@example.ru"}})");
  auto m = merge_customers(*t.store, "c-1", "c-2", kCustomersNow);
  REQUIRE_MESSAGE(m.ok(), m.status().message());
  CHECK(m->after.cards == std::vector<std::string>{"2000000000015", "2000000000022"});
  CHECK(m->after.contacts.email == std::optional<std::string>("anna@example.ru"));
  auto moved = t.store->load_card("2000000000022");
  CHECK((*moved)->customer->id == "c-1");
  auto gone = load_customer(t.store->sql(), "c-2");
  REQUIRE(gone.ok());
  CHECK_FALSE(*gone);
  CHECK(found_ids(t, "анна") == std::vector<std::string>{"c-1"});
  CHECK(found_ids(t, "anna@example.ru") == std::vector<std::string>{"c-1"});
  CHECK(merge_customers(*t.store, "c-1", "c-1", kCustomersNow).status().field() == "from");
  CHECK(merge_customers(*t.store, "c-1", "c-2", kCustomersNow).status().field() == "from");
}

}  // namespace
}  // namespace kopilka::office
