// Tests of office/card_merge: what an enrolling register's card adds to head office's
// copy, and which differences are reported (head office's value is kept).
#include "office/card_merge.h"

#include <doctest/doctest.h>

using namespace kopilka;

namespace {

core::CardEdit edit(const char* json) {
  auto parsed = core::parse_card_edit(*core::parse_json_exact(json));
  REQUIRE(parsed.ok());
  return *parsed;
}

core::CardState office_card() {
  core::CardState c;
  c.number = "2000000000015";
  c.customer = core::Customer{"c-1",        "Анна Петрова", std::string("+79991234567"),
                              std::nullopt, std::nullopt,   {}};
  c.lots.push_back({"r-1:1/0", "cashback", 10, 10, std::nullopt, 50});
  return c;
}

std::vector<std::string> fields(const office::MergedCard& m) {
  std::vector<std::string> out;
  for (const auto& c : m.conflicts) out.push_back(c.field);
  return out;
}

}  // namespace

TEST_CASE("a card head office does not have is taken whole") {
  auto m = office::merge_uploaded_card(
      "2000000000022", std::nullopt,
      edit(
          R"({"status": "blocked", "groups": ["vip"], "customer": {"id": "c-2", "name": "Борис", "phone": "+79990000002"}})"));
  CHECK(m.changed);
  CHECK(m.conflicts.empty());
  CHECK(m.card.number == "2000000000022");
  CHECK(m.card.status == core::CardStatus::kBlocked);
  CHECK(m.card.groups == std::vector<std::string>{"vip"});
  REQUIRE(m.card.customer);
  CHECK(m.card.customer->name == "Борис");
  CHECK(m.card.customer->phone == std::optional<std::string>("+79990000002"));
}

TEST_CASE("blanks at head office are filled, differences are reported and head office wins") {
  auto m = office::merge_uploaded_card(
      "2000000000015", office_card(),
      edit(
          R"({"groups": ["regular"], "customer": {"id": "c-1", "name": "Анна", "phone": "+79990000001", "birthday": "1990-05-01"}})"));
  CHECK(m.changed);
  CHECK(fields(m) == std::vector<std::string>{"customer.name", "customer.phone"});
  CHECK(m.conflicts[0].office == core::Json("Анна Петрова"));
  CHECK(m.conflicts[0].register_value == core::Json("Анна"));
  CHECK(m.card.groups == std::vector<std::string>{"regular"});
  CHECK(m.card.customer->name == "Анна Петрова");
  CHECK(m.card.customer->phone == std::optional<std::string>("+79991234567"));
  REQUIRE(m.card.customer->birthday);
  CHECK(m.card.customer->birthday->month == 5u);
  CHECK(m.card.lots.size() == 1);  // balances are head office's: entries bring the rest
}

TEST_CASE("the same profile changes nothing; another status or group set is a conflict") {
  auto same = office::merge_uploaded_card(
      "2000000000015", office_card(),
      edit(R"({"customer": {"id": "c-1", "name": "Анна Петрова", "phone": "+79991234567"}})"));
  CHECK_FALSE(same.changed);
  CHECK(same.conflicts.empty());

  core::CardState grouped = office_card();
  grouped.groups = {"a", "b"};
  auto reordered =
      office::merge_uploaded_card("2000000000015", grouped, edit(R"({"groups": ["b", "a"]})"));
  CHECK(reordered.conflicts.empty());
  auto other = office::merge_uploaded_card("2000000000015", grouped,
                                           edit(R"({"status": "blocked", "groups": ["c"]})"));
  CHECK_FALSE(other.changed);
  CHECK(fields(other) == std::vector<std::string>{"status", "groups"});
  CHECK(other.card.status == core::CardStatus::kActive);
  CHECK(other.card.groups == std::vector<std::string>{"a", "b"});
}

TEST_CASE("a new card naming a customer head office knows keeps the customer's contacts") {
  core::Customer known = *office_card().customer;
  known.consents.sms = true;
  auto m = office::merge_uploaded_card(
      "2000000000107", std::nullopt,
      edit(
          R"({"customer": {"id": "c-1", "name": "Mallory", "phone": "+79990000666", "birthday": "1990-05-01"}})"),
      known);
  CHECK(m.changed);
  REQUIRE(m.card.customer);
  CHECK(m.card.number == "2000000000107");
  CHECK(m.card.customer->id == "c-1");
  CHECK(m.card.customer->name == "Анна Петрова");
  CHECK(m.card.customer->phone == std::optional<std::string>("+79991234567"));
  REQUIRE(m.card.customer->birthday);  // a blank filled
  CHECK(m.card.customer->birthday->year == 1990);
  CHECK(m.card.customer->birthday->day == 1u);
  CHECK(m.card.customer->consents.sms);
  CHECK(fields(m) == std::vector<std::string>{"customer.name", "customer.phone"});
  // Another id: the register's customer is new to head office and taken whole.
  auto other = office::merge_uploaded_card(
      "2000000000107", std::nullopt, edit(R"({"customer": {"id": "c-9", "name": "Вера"}})"), known);
  REQUIRE(other.card.customer);
  CHECK(other.card.customer->name == "Вера");
  CHECK(other.conflicts.empty());
}

// A register's gift card reached head office as a loyalty card, and customer programs paid
// it points from then on.
TEST_CASE("a gift card stays a gift card; a known card's other type is reported") {
  auto m = office::merge_uploaded_card("2900000000011", std::nullopt, edit(R"({"type": "gift"})"));
  CHECK(m.changed);
  CHECK(m.card.type == core::CardType::kGift);
  auto known =
      office::merge_uploaded_card("2000000000015", office_card(), edit(R"({"type": "gift"})"));
  CHECK(known.card.type == core::CardType::kLoyalty);
  CHECK(fields(known) == std::vector<std::string>{"type"});
  CHECK(known.conflicts[0].office == "loyalty");
  CHECK(known.conflicts[0].register_value == "gift");
}

TEST_CASE("a card head office holds keeps its referrer and type: a difference is reported") {
  core::CardState anonymous;
  anonymous.number = "2000000000022";
  auto m = office::merge_uploaded_card("2000000000022", anonymous,
                                       edit(R"({"referred_by": "2000000000015", "type": "gift",
               "customer": {"id": "c-9", "name": "Мария"}})"));
  CHECK(m.changed);  // the customer is taken
  REQUIRE(m.card.customer);
  CHECK(m.card.customer->name == "Мария");
  CHECK_FALSE(m.card.referral);
  CHECK(m.card.type == core::CardType::kLoyalty);
  CHECK(fields(m) == std::vector<std::string>{"type", "referred_by"});
  CHECK(m.conflicts[1].office.is_null());
  CHECK(m.conflicts[1].register_value == core::Json("2000000000015"));

  // The same referrer again is no difference.
  anonymous.referral = core::Referral{"2000000000015", false, ""};
  auto again = office::merge_uploaded_card("2000000000022", anonymous,
                                           edit(R"({"referred_by": "2000000000015"})"));
  CHECK(again.conflicts.empty());
}

TEST_CASE("an erased customer's blanks stay blank, and what the register held is not reported") {
  // A register enrolling with Anna's old contacts gave her phone, e-mail and birthday back
  // after her data was erased at her request.
  core::CardState card = office_card();
  card.customer->name = "(данные удалены)";
  card.customer->phone.reset();
  auto m = office::merge_uploaded_card(
      "2000000000015", card,
      edit(R"({"customer": {"id": "c-1", "name": "Анна", "phone": "+79991234567",
               "email": "anna@example.ru", "birthday": "1990-03-01"}})"));
  REQUIRE(m.card.customer);
  CHECK(m.card.customer->name == "(данные удалены)");
  CHECK_FALSE(m.card.customer->phone);
  CHECK_FALSE(m.card.customer->email);
  CHECK_FALSE(m.card.customer->birthday);
  CHECK(fields(m) == std::vector<std::string>{"customer.name"});
}
