// What an erasure blanks in a stored document (an audit entry's before and after, a
// notification's values): every contact at any depth, and nothing else.
#include "office/customer_erase.h"

#include <doctest/doctest.h>

using kopilka::core::Json;
using kopilka::office::without_contacts;

TEST_CASE("an erasure blanks contacts at any depth and leaves the rest as it was") {
  const Json merge = {
      {"into", {{"id", "c-1"}, {"name", "Анна"}, {"phone", "+79991234567"}, {"cards", {"1", "2"}}}},
      {"from", {{"id", "c-2"}, {"name", "Аня"}, {"email", "a@example.ru"}, {"birthday", nullptr}}},
      {"card",
       {{"customer", {{"name", "Анна"}, {"consents", {{"email", true}}}}}, {"points", 500}}},
      {"list", Json::array({{{"phone", "+7"}}, 3})}};
  const Json out = without_contacts(merge);
  CHECK(out["into"] ==
        Json{{"id", "c-1"}, {"name", "[удалено]"}, {"phone", "[удалено]"}, {"cards", {"1", "2"}}});
  CHECK(out["from"] ==
        Json{{"id", "c-2"}, {"name", "[удалено]"}, {"email", "[удалено]"}, {"birthday", nullptr}});
  CHECK(out["card"]["customer"]["name"] == "[удалено]");
  CHECK(out["card"]["customer"]["consents"] == merge["card"]["customer"]["consents"]);
  CHECK(out["card"]["points"] == 500);
  CHECK(out["list"] == Json::array({{{"phone", "[удалено]"}}, 3}));
  CHECK(without_contacts(Json("Анна")) == Json("Анна"));  // a bare value names no field
}
