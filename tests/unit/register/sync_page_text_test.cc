// Tests of register/sync_page_text: a format-2 pull answer read into the body of format 1,
// each card's state kept as the text head office sent, checked without a tree.
#include <doctest/doctest.h>

#include "core/card_state_json.h"
#include "core/card_state_text.h"
#include "register/sync_run.h"

using namespace kopilka;
using core::Json;

namespace {

const std::string kNumber = "2000000000015";

std::string state_text(std::optional<std::string> phone) {
  core::CardState c;
  c.number = kNumber;
  c.spent = 4200;
  if (phone) {
    c.customer = core::Customer{};
    c.customer->phone = phone;
  }
  return core::card_state_text(c);
}

}  // namespace

TEST_CASE("a format-2 page reads into format 1's body with its cards as sent") {
  std::string state = state_text("+79001234567");
  daemon::OfficeAnswer a;
  a.status = 200;
  a.text =
      "{\"format\":2,\"more\":true,\"next\":7,\"remaining\":12}\n"
      "{\"id\":\"p\",\"seq\":3,\"type\":\"program_deleted\"}\n"
      "card\t5\t" +
      kNumber + "\t" + state + "\n" +
      "{\"program\":\"spring\",\"seq\":7,\"type\":\"counter\",\"uses\":4}\n";
  daemon::PulledCards cards = daemon::read_pulled_page(a);
  CHECK(a.text.empty());
  CHECK(a.body["next"] == 7);
  CHECK(a.body["more"] == true);
  CHECK(a.body["remaining"] == 12);
  REQUIRE(a.body["changes"].size() == 3);
  CHECK(a.body["changes"][0] == Json{{"id", "p"}, {"seq", 3}, {"type", "program_deleted"}});
  CHECK(a.body["changes"][1] == Json{{"number", kNumber}, {"seq", 5}, {"type", "card"}});
  CHECK(a.body["changes"][2]["uses"] == 4);
  REQUIRE(cards.size() == 3);
  CHECK_FALSE(cards[0]);
  REQUIRE(cards[1]);
  CHECK(cards[1]->text == state);  // byte for byte
  CHECK(cards[1]->number == kNumber);
  CHECK(cards[1]->phone == std::optional<std::string>("+79001234567"));
  CHECK_FALSE(cards[1]->card);  // read whole only when entries go on top
  CHECK_FALSE(cards[2]);
}

TEST_CASE("a card line's state is checked: JSON, an object, the line's number") {
  CHECK(daemon::read_card_text(kNumber, state_text(std::nullopt)).ok());
  CHECK_FALSE(daemon::read_card_text(kNumber, state_text(std::nullopt))->phone);
  CHECK_FALSE(daemon::read_card_text(kNumber, "{\"number\":\"2000000000015\"").ok());  // cut
  CHECK_FALSE(daemon::read_card_text(kNumber, "[\"2000000000015\"]").ok());
  CHECK_FALSE(daemon::read_card_text("2000000000022", state_text(std::nullopt)).ok());
  // A phone elsewhere than the customer's is not the card's phone.
  auto other = daemon::read_card_text(
      kNumber, "{\"lots\":[{\"phone\":\"1\"}],\"number\":\"2000000000015\",\"phone\":\"2\"}");
  REQUIRE(other.ok());
  CHECK_FALSE(other->phone);
}

TEST_CASE("a format-2 card that does not check is left in the change for apply to report") {
  daemon::OfficeAnswer a;
  a.text =
      "{\"format\":2,\"more\":false,\"next\":2,\"remaining\":0}\n"
      "card\t2\t" +
      kNumber + "\t{\"number\":false}\n";
  daemon::PulledCards cards = daemon::read_pulled_page(a);
  REQUIRE(cards.size() == 1);
  CHECK_FALSE(cards[0]);
  CHECK(a.body["changes"][0]["state"] == Json{{"number", false}});
}

TEST_CASE("a format-2 answer whose header does not read is malformed") {
  daemon::OfficeAnswer a;
  a.text = "{\"format\":3,\"next\":2}\ncard\t2\t" + kNumber + "\t{}\n";
  CHECK(daemon::read_pulled_page(a).empty());
  CHECK(a.body.is_null());  // take_pull then says "malformed"
}
