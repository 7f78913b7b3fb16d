// Tests of office/push_apply: which pushed entries are acked again, refused, or applied to
// their card, the rule both storage engines follow.
#include "office/push_apply.h"

#include <doctest/doctest.h>

#include <limits>

using namespace kopilka;

namespace {

constexpr core::Instant kNow = 1'764'547'200;  // 2025-12-01T00:00:00Z: head office's clock

core::Zone moscow() {
  return *core::locate_zone("Europe/Moscow");
}

const std::string kCard = "2000000000015";

// A sale on kCard that changes what the card has spent by `spent_delta`.
office::PushEntry sale(core::Kopecks spent_delta) {
  office::PushEntry p{"r-1:1", "sale", kCard, "{}", 1000, {}, core::Status::ok(), {}};
  p.effects.card = kCard;
  p.effects.spent_delta = spent_delta;
  return p;
}

}  // namespace

TEST_CASE("an entry seen before is acked again, a malformed one refused") {
  office::PushResult result;
  office::PushEntry seen{"r-1:1", "sale", "", "{}", 1000, {}, core::Status::ok(), {}};
  CHECK(office::settle_without_card(result, seen, true));
  office::PushEntry bad = seen;
  bad.id = "r-1:2";
  bad.problem = core::Status::invalid("unknown kind", "kind");
  CHECK(office::settle_without_card(result, bad, false));
  office::PushEntry fresh = seen;
  fresh.id = "r-1:3";
  CHECK(!office::settle_without_card(result, fresh, false));
  CHECK(result.acked == std::vector<std::string>{"r-1:1"});
  REQUIRE(result.refused.size() == 1);
  CHECK(result.refused[0].id == "r-1:2");
  CHECK(result.refused[0].why.message() == "unknown kind");
}

TEST_CASE("an id held for another entry is refused, not acked: the journal went back") {
  // A register restored from a backup numbers its next receipt as one head office has.
  office::PushResult result;
  office::PushEntry again = sale(500);
  const office::StoredEntry same{"sale", kCard, 1000};
  CHECK(office::settle_without_card(result, again, true, &same));
  office::PushEntry reused = sale(700);
  reused.at = 2000;
  CHECK(office::settle_without_card(result, reused, true, &same));
  const office::StoredEntry other_card{"sale", "2000000000022", 1000};
  CHECK(office::settle_without_card(result, again, true, &other_card));
  CHECK(result.acked == std::vector<std::string>{"r-1:1"});
  REQUIRE(result.refused.size() == 2);
  CHECK(result.refused[0].why.field() == "id");
  CHECK(result.refused[0].why.message().find("restored backup") != std::string::npos);
}

TEST_CASE("effects that do not apply refuse the entry and leave the card as it was") {
  office::PushResult result;
  core::CardState card;
  card.number = kCard;
  card.spent = std::numeric_limits<core::Kopecks>::max();
  office::PushEntry p = sale(1);  // beyond what can be counted
  CHECK(!office::apply_pushed(result, p, &card, nullptr, moscow(), kNow));
  CHECK(result.acked.empty());
  REQUIRE(result.refused.size() == 1);
  CHECK(result.refused[0].id == "r-1:1");
  CHECK(result.refused[0].why.field() == "effects.spent_delta");
  CHECK(card.spent == std::numeric_limits<core::Kopecks>::max());
}

TEST_CASE("an entry applied to its card, or without a card, is acked") {
  office::PushResult result;
  core::CardState card;
  card.number = kCard;
  office::PushEntry p = sale(500);
  CHECK(office::apply_pushed(result, p, &card, nullptr, moscow(), kNow));
  office::PushEntry no_card{"r-1:2", "shift", "", "{}", 1000, {}, core::Status::ok(), {}};
  CHECK(office::apply_pushed(result, no_card, nullptr, nullptr, moscow(), kNow));
  CHECK(result.acked == std::vector<std::string>{"r-1:1", "r-1:2"});
  CHECK(result.refused.empty());
  CHECK(card.spent == 500);
}
