// Where an admin request's JSON holds a bank card's data: the path of the first such text or
// key, passwords aside, and nothing for a loyalty card's number or a phone.
#include "core/card_data_fields.h"

#include <doctest/doctest.h>

using kopilka::core::field_with_card_data;
using kopilka::core::Json;

TEST_CASE("the first text holding a bank card's data is named by its path") {
  CHECK_FALSE(field_with_card_data(Json::parse(
      R"({"name": "Кешбэк", "card": "2000000000015", "phone": "+79991234567", "n": 4111111111111111})")));
  CHECK(field_with_card_data(Json::parse(R"({"name": "4111 1111 1111 1111"})")) ==
        std::optional<std::string>("name"));
  CHECK(field_with_card_data(Json::parse(
            R"({"templates": [{"text": "ok"}, {"text": "ok"}, {"text": "%B1234^IVANOV/I^"}]})")) ==
        std::optional<std::string>("templates[2].text"));
  CHECK(field_with_card_data(Json::parse(R"({"groups": {"4111-1111-1111-1111": true}})")) ==
        std::optional<std::string>("groups.(a key)"));  // never echoed
  CHECK_FALSE(field_with_card_data(Json::parse(R"({"new_password": "4111111111111111"})")));
}
