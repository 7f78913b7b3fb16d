// The report's burned points when a burned lot leaves the card (core/card_fold.h): its
// points burned on their day and stay burned; folding them away is not spending them. And
// when a refund dated after a burn changes the lot: the days before it stay as they were.
#include <doctest/doctest.h>

#include "office/report.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;

namespace {

const std::string kFoldCard = "2000000000015";

// 100 points usable through 2026-11-10; 30 spent on 11-05: 70 burn on 11-11. A receipt of
// 2027-02-11 (93 days after the last day) reaches the card. Pushed with head office's clock
// at `received`; the card's lots after, and the report's points for November-December.
std::pair<std::size_t, core::Json> burned_lot_journal(core::Instant received) {
  Journal j;
  const std::string reg = j.register_in_store("");
  j.receipt(reg, "R1", "2026-11-01T09:00:00Z", kFoldCard, 10000, 100, {}, 9);
  j.receipt(reg, "R2", "2026-11-05T09:00:00Z", kFoldCard, 2000, 0, {}, std::nullopt,
            {{reg + ":1/0", 30}});
  j.receipt(reg, "R3", "2027-02-11T09:00:00Z", kFoldCard, 500, 0, {});
  REQUIRE(j.push_all(received));
  auto card = j.t.store->load_card(kFoldCard);
  REQUIRE(card.ok());
  REQUIRE(card->has_value());
  auto r = j.report("2026-11-01", "2026-12-31", "month");
  REQUIRE(r.ok());
  return {(*card)->lots.size(), (*r)["totals"]["points"]};
}

}  // namespace

TEST_CASE("a burned lot that leaves the card 92 days on still counts as burned, once") {
  const auto [lots, p] = burned_lot_journal(Journal::kReceived);
  CHECK(lots == 0);  // received after R3's day: the burned lot left the card
  CHECK(p["issued"] == 100);
  CHECK(p["redeemed"] == 30);
  CHECK(p["burned"] == 70);
  CHECK(p["liability"] == 0);
}

TEST_CASE(
    "a burned lot an entry dated ahead of head office's clock leaves on the card counts once") {
  // Received on 2026-11-20, before R3's day: the fold looks back from head office's today,
  // so the lot burned on 11-11 stays on the card. Its 70 points burned once.
  const auto [lots, p] = burned_lot_journal(1'763'640'000);  // 2026-11-20T12:00:00Z
  CHECK(lots == 1);
  CHECK(p["burned"] == 70);
  CHECK(p["liability"] == 0);
}

namespace {
core::Json points_of(Journal& j, const char* from, const char* to) {
  auto r = j.report(from, to, "");
  REQUIRE(r.ok());
  return (*r)["totals"]["points"];
}
}  // namespace

TEST_CASE("a refund taking back points that had burned unburns them on its own day") {
  // 50 points of 2026-10-01 usable through 10-31 burn on 11-01; half the receipt is
  // refunded on 11-10, taking back 25 of them.
  Journal j;
  const std::string reg = j.register_in_store("");
  j.receipt(reg, "R1", "2026-10-01T09:00:00Z", kFoldCard, 10000, 50, {}, 30);
  j.refund(reg, "R1", "2026-11-10T09:00:00Z", 5000, 25);
  REQUIRE(j.push_all());
  const core::Json early = points_of(j, "2026-10-01", "2026-11-05");
  CHECK(early["issued"] == 50);
  CHECK(early["burned"] == 50);  // was 25: the refund rewrote the burn of a closed day
  CHECK(early["liability"] == 0);
  const core::Json day = points_of(j, "2026-11-10", "2026-11-10");
  CHECK(day["issued"] == -25);
  CHECK(day["burned"] == -25);
  CHECK(day["liability"] == 0);
  CHECK(points_of(j, "2026-10-01", "2026-11-30")["liability"] == 0);
}

TEST_CASE("spent points a refund gives back after their date burn on the refund's day") {
  // R1 earns 50 usable through 10-31; R2 spends them on 10-20 and earns 2 (through
  // 11-19); R2 is refunded on 11-10: the 50 come back with their passed date and burn.
  Journal j;
  const std::string reg = j.register_in_store("");
  j.receipt(reg, "R1", "2026-10-01T09:00:00Z", kFoldCard, 10000, 50, {}, 30);
  j.receipt(reg, "R2", "2026-10-20T09:00:00Z", kFoldCard, 2000, 2, {}, 30, {{reg + ":1/0", 50}});
  j.refund_giving_back(reg, "R2", "2026-11-10T09:00:00Z", 2000, 50, "2026-10-31", 2);
  REQUIRE(j.push_all());
  const core::Json early = points_of(j, "2026-10-01", "2026-11-05");
  CHECK(early["issued"] == 52);
  CHECK(early["redeemed"] == 50);
  CHECK(early["burned"] == 0);
  CHECK(early["liability"] == 2);  // was -48: the 50 burned on 11-01, before they came back
  const core::Json day = points_of(j, "2026-11-10", "2026-11-10");
  CHECK(day["issued"] == -2);
  CHECK(day["redeemed"] == -50);
  CHECK(day["burned"] == 50);
  CHECK(day["liability"] == 0);
}

TEST_CASE("a refund months after the burn takes back nothing and its given-back points burn") {
  // R1 earns 100 usable through 07-01; R2 spends them on 06-02 and earns 83 through 07-02;
  // R2 is refunded on 12-05, over 92 days after both dates: the 83 left the card long ago
  // and are taken back from nowhere, and the 100 come back already burned. The liability
  // once read 17: the 83 counted as taken back, the 100 never as burned.
  Journal j;
  j.draws_name_their_lots = true;
  const std::string reg = j.register_in_store("");
  j.receipt(reg, "R1", "2026-06-01T09:00:00Z", kFoldCard, 100000, 100, {}, 30);
  j.receipt(reg, "R2", "2026-06-02T09:00:00Z", kFoldCard, 100000, 83, {}, 30,
            {{reg + ":1/0", 100}});
  j.refund_giving_back(reg, "R2", "2026-12-05T09:00:00Z", 100000, 100, "2026-07-01", 83);
  REQUIRE(j.push_all());
  const core::Json all = points_of(j, "2026-06-01", "2026-12-05");
  CHECK(all["issued"] == 183);
  CHECK(all["redeemed"] == 0);
  CHECK(all["burned"] == 183);
  CHECK(all["liability"] == 0);
  const core::Json day = points_of(j, "2026-12-05", "2026-12-05");
  CHECK(day["issued"] == 0);
  CHECK(day["redeemed"] == -100);
  CHECK(day["burned"] == 100);
  CHECK(day["liability"] == 0);
}
