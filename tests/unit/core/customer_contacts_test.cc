// Customers' contacts: phone spellings made E.164 (core/phone.h), names folded for search
// (core/name_search.h), and e-mail and consents through an admin card edit and the card
// document (core/card_edit.h, card_state_json.h, card_state_text.h).
#include <doctest/doctest.h>

#include "core/card_edit.h"
#include "core/card_state_json.h"
#include "core/card_state_text.h"
#include "core/name_search.h"
#include "core/phone.h"

namespace kopilka::core {
namespace {

TEST_CASE("Russian phone numbers in any common spelling become +7 and ten digits") {
  for (const char* spelling : {"8 (999) 123-45-67", "+7 999 123 45 67", "89991234567", "9991234567",
                               "7-999-123-45-67", "+7(999)123-45-67", "79991234567",
                               "8.999.123.45.67", "  8 999 123-45-67 ", "0079991234567"}) {
    CAPTURE(spelling);
    CHECK(normalize_phone(spelling) == std::optional<std::string>("+79991234567"));
  }
}

TEST_CASE("other countries keep their digits after +; what is not a phone is refused") {
  CHECK(normalize_phone("+44 20 7946 0958") == std::optional<std::string>("+442079460958"));
  CHECK(normalize_phone("+375 29 123-45-67") == std::optional<std::string>("+375291234567"));
  CHECK(normalize_phone("+1234") == std::optional<std::string>("+1234"));
  CHECK_FALSE(normalize_phone("+123"));               // too short for E.164
  CHECK_FALSE(normalize_phone("+1234567890123456"));  // 16 digits
  CHECK_FALSE(normalize_phone("12345"));              // no country code, not Russian
  CHECK_FALSE(normalize_phone("999123456"));          // nine digits
  CHECK_FALSE(normalize_phone("69991234567"));        // eleven digits not starting 7 or 8
  CHECK_FALSE(normalize_phone("8 999 123 45 6x"));
  CHECK_FALSE(normalize_phone("9+991234567"));  // + only in front
  CHECK_FALSE(normalize_phone(""));
  CHECK_FALSE(normalize_phone("anna@example.ru"));
  // A bank card's number in odd groups passed the check as typed and was kept as E.164.
  CHECK_FALSE(normalize_phone("+3 7828 2246 3100 05"));  // American Express, 15 digits
  CHECK_FALSE(normalize_phone("+4222 2222 2222 2"));     // Visa, 13 digits
  CHECK(normalize_phone("+3 7828 2246 3100 06"));        // the same, failing Luhn: kept
}

TEST_CASE("names fold to lower case, Cyrillic included, ё as е, and split into words") {
  CHECK(fold_name("АННА Петровна") == "анна петровна");
  CHECK(fold_name("Ёлкина") == "елкина");
  CHECK(fold_name("ёжик") == "ежик");
  CHECK(fold_name("Anna SMITH") == "anna smith");
  CHECK(fold_name("ЎЇ") == "ўї");  // Cyrillic beyond Russian folds too
  CHECK(name_words("Анна-Мария  ПЕТРОВА, Anna") ==
        std::vector<std::string>{"анна", "мария", "петрова", "anna"});
  CHECK(name_words("Анна анна АННА") == std::vector<std::string>{"анна"});
  CHECK(name_words("  ").empty());
}

TEST_CASE("a prefix's end is above every word starting with it and below the next prefix") {
  const std::string p = fold_name("Пет");
  const std::string end = prefix_end(p);
  CHECK(std::string("пет") < end);
  CHECK(std::string("петрова") < end);
  CHECK(std::string("пету\xD1\x8F") < end);
  CHECK_FALSE(std::string("пеу") < end);
  CHECK_FALSE(std::string("пес") >= p);
}

Result<CardEdit> edit(const char* body) {
  return parse_card_edit(Json::parse(body));
}

TEST_CASE("an admin edit sets e-mail and consents, and keeps a phone as E.164") {
  CardState card;
  card.number = "2000000000015";
  auto e = edit(R"({"customer": {"name": "Анна", "phone": "8 (999) 123-45-67",
      "email": "anna@example.ru", "consents": {"email": true}}})");
  REQUIRE(e.ok());
  apply_card_edit(card, *e);
  REQUIRE(card.customer);
  CHECK(card.customer->id == "c-2000000000015");
  CHECK(card.customer->phone == std::optional<std::string>("+79991234567"));
  CHECK(card.customer->email == std::optional<std::string>("anna@example.ru"));
  CHECK(card.customer->consents == Consents{true, false});

  // A channel not named keeps its consent; null clears the e-mail.
  auto more = edit(R"({"customer": {"consents": {"sms": true}}})");
  REQUIRE(more.ok());
  apply_card_edit(card, *more);
  CHECK(card.customer->consents == Consents{true, true});
  auto off = edit(R"({"customer": {"email": null, "consents": {"email": false}}})");
  REQUIRE(off.ok());
  apply_card_edit(card, *off);
  CHECK_FALSE(card.customer->email);
  CHECK(card.customer->consents == Consents{false, true});
  CHECK(card.customer->name == "Анна");
}

// A technician's register's upload is applied this way to a customer head office holds.
TEST_CASE("an edit without its customer part changes the card and none of the contacts") {
  CardState card;
  card.number = "2000000000015";
  auto first = edit(R"({"customer": {"id": "c-1", "name": "Анна"}})");
  REQUIRE(first.ok());
  apply_card_edit(card, *first);
  auto e = edit(R"({"status": "blocked", "groups": ["vip"], "customer": {"id": "c-2",
      "name": "Вор", "phone": "+79990000666", "email": "attacker@evil.example",
      "birthday": "1990-01-01", "consents": {"email": true, "sms": true}}})");
  REQUIRE(e.ok());
  apply_card_edit(card, without_customer(*e));
  CHECK(card.status == CardStatus::kBlocked);
  CHECK(card.groups == std::vector<std::string>{"vip"});
  REQUIRE(card.customer);
  CHECK(card.customer->id == "c-1");
  CHECK(card.customer->name == "Анна");
  CHECK_FALSE(card.customer->phone);
  CHECK_FALSE(card.customer->email);
  CHECK_FALSE(card.customer->birthday);
  CHECK(card.customer->consents == Consents{false, false});
}

TEST_CASE("bad e-mail, consents or phone are refused naming the field") {
  auto field = [](const char* body) { return edit(body).status().field(); };
  CHECK(field(R"({"customer": {"email": "anna"}})") == "customer.email");
  CHECK(field(R"({"customer": {"email": "an na@x.ru"}})") == "customer.email");
  CHECK(field(R"({"customer": {"email": 5}})") == "customer.email");
  CHECK(field(R"({"customer": {"consents": true}})") == "customer.consents");
  CHECK(field(R"({"customer": {"consents": {"email": "yes"}}})") == "customer.consents.email");
  CHECK(field(R"({"customer": {"consents": {"push": true}}})") == "customer.consents.push");
  CHECK(field(R"({"customer": {"phone": "12"}})") == "customer.phone");
  // Ids travel into every register, log and export: no control characters (once stored).
  CHECK(field(R"({"customer": {"id": "../x\u0000"}})") == "customer.id");
  CHECK(field(R"({"customer": {"id": "c-1\n2"}})") == "customer.id");
  CHECK(field(R"({"groups": ["vip", "st\u0007aff"]})") == "groups[1]");
  CHECK(edit(R"({"customer": {"id": "c-Анна 1"}, "groups": ["vip"]})").ok());
}

TEST_CASE("e-mail and consents travel in the card document; old documents still read") {
  CardState card;
  card.number = "2000000000015";
  card.customer = Customer{};
  card.customer->id = "c-1";
  card.customer->name = "Анна";
  card.customer->email = "anna@example.ru";
  card.customer->consents.sms = true;
  const std::string text = card_state_text(card);
  CHECK(text == card_state_to_json(card).dump());
  CHECK(text.find(R"("customer":{"birthday":null,"consents":{"email":false,"sms":true},)"
                  R"("email":"anna@example.ru","id":"c-1","name":"Анна","phone":null})") !=
        std::string::npos);
  auto back = card_state_from_json(Json::parse(text));
  REQUIRE(back.ok());
  REQUIRE(back->customer);
  CHECK(back->customer->email == card.customer->email);
  CHECK(back->customer->consents == Consents{false, true});

  // Written before e-mail and consents existed: no such keys, nothing consented.
  card.customer->email.reset();
  card.customer->consents = {};
  const std::string old = card_state_text(card);
  CHECK(old.find("consents") == std::string::npos);
  CHECK(old.find("email") == std::string::npos);
  auto read = card_state_from_json(Json::parse(old));
  REQUIRE(read.ok());
  CHECK(read->customer->consents == Consents{});
  CHECK(card_state_from_json(Json::parse(R"({"number": "1234", "status": "active", "groups": [],
      "customer": {"id": "c", "name": "", "consents": {"sms": 1}}, "spent": 0, "purchases": 0,
      "debt": 0})"))
            .status()
            .field() == "customer.consents.sms");
}

TEST_CASE("a card given to another customer keeps none of the last holder's contacts") {
  CardState card;
  card.number = "2000000000176";
  auto first = parse_card_edit(Json::parse(R"({"customer": {"id": "c-zoya", "name": "Зоя",
      "phone": "+79991110011", "email": "zoya@example.ru", "birthday": "1980-05-05",
      "consents": {"email": true, "sms": true}}})"));
  REQUIRE(first.ok());
  apply_card_edit(card, *first);
  auto moved = parse_card_edit(
      Json::parse(R"({"customer": {"id": "c-yan", "name": "Ян", "phone": "+79991110099"}})"));
  REQUIRE(moved.ok());
  apply_card_edit(card, *moved);
  REQUIRE(card.customer);
  CHECK(card.customer->id == "c-yan");
  CHECK(card.customer->name == "Ян");
  CHECK(card.customer->phone == std::optional<std::string>("+79991110099"));
  CHECK_FALSE(card.customer->email);  // was Зоя's
  CHECK_FALSE(card.customer->birthday);
  CHECK_FALSE(card.customer->consents.email);
  CHECK_FALSE(card.customer->consents.sms);
  // The same customer edited keeps what the edit leaves unsaid.
  auto same =
      parse_card_edit(Json::parse(R"({"customer": {"id": "c-yan", "email": "yan@example.ru"}})"));
  REQUIRE(same.ok());
  apply_card_edit(card, *same);
  CHECK(card.customer->phone == std::optional<std::string>("+79991110099"));
  CHECK(card.customer->email == std::optional<std::string>("yan@example.ru"));
}

TEST_CASE("a birthday typed for a day to come is a slip, today's and the past are kept") {
  const Day today = *parse_date("2026-12-05");
  auto born = [&](const char* body) {
    auto e = edit(body);
    REQUIRE(e);
    return check_birthday_past(*e, today);
  };
  CHECK(born(R"({"customer": {"birthday": "1962-05-17"}})"));
  CHECK(born(R"({"customer": {"birthday": "2026-12-05"}})"));  // born today
  CHECK(born(R"({"customer": {"birthday": null}})"));          // cleared
  CHECK(born(R"({"customer": {"name": "Яна"}})"));             // not given
  const Status slip = born(R"({"customer": {"birthday": "2062-05-17"}})");
  CHECK(slip.code() == Code::kInvalid);
  CHECK(slip.field() == "customer.birthday");
  CHECK(!born(R"({"customer": {"birthday": "2026-12-06"}})"));
}

}  // namespace
}  // namespace kopilka::core
