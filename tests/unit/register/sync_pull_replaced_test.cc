// Tests of register/replaced_entries through a pull: a card head office replaced while this
// register had entries of it pending.
#include <doctest/doctest.h>

#include "register/sync_run.h"
#include "sync_test_util.h"

using namespace kopilka;
using namespace kopilka::test;
using core::Json;

TEST_CASE(
    "an own entry of a card head office replaced is shown on the replacement, not the lost card") {
  // A sale on the card, journalled while the push was on the wire; the pull then brings the
  // card lost and replaced. Before, the sale was applied over the lost card (a debt head
  // office never has) and the replacement kept the points to be spent again.
  const std::string kNew = "2000000000022";
  for (bool replacement_first : {false, true}) {
    CAPTURE(replacement_first);
    TempStore t;
    std::string first = t.journal(50);
    daemon::SyncRun run(*t.store, t.options());
    REQUIRE(run.next());
    t.journal(7);
    run.take(answer(200, {{"acked", {first}}}));
    REQUIRE(run.next());
    Json fresh = office_card(first);
    fresh["number"] = kNew;
    core::CardState lost_state;
    lost_state.number = kCard;
    lost_state.status = core::CardStatus::kLost;
    lost_state.replaced_by = kNew;
    Json lost = core::card_state_to_json(lost_state);
    Json a = {{"seq", 41}, {"type", "card"}, {"number", kCard}, {"state", lost}};
    Json b = {{"seq", 42}, {"type", "card"}, {"number", kNew}, {"state", fresh}};
    Json changes = replacement_first ? Json::array({b, a}) : Json::array({a, b});
    run.take(answer(200, {{"changes", changes}, {"next", 42}, {"more", false}, {"remaining", 0}}));
    apply_all(run);
    REQUIRE(run.summary().result == "ok");
    auto old_card = t.store->load_card(kCard);
    REQUIRE(old_card.ok());
    CHECK((*old_card)->status == core::CardStatus::kLost);
    CHECK((*old_card)->lots.empty());
    CHECK((*old_card)->debt == 0);
    CHECK((*old_card)->spent == 0);
    auto new_card = t.store->load_card(kNew);
    REQUIRE(new_card.ok());
    std::int64_t points = -(*new_card)->debt;
    for (const auto& lot : (*new_card)->lots) points += lot.remaining;
    CHECK(points == 557);  // 500 + 50 from head office, + 7 not yet acknowledged
    CHECK((*new_card)->spent == 2000);
  }
}
