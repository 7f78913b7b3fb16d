// Head office applies a pushed entry on its store's day, as the register that wrote it did
// (office.md: days are store-local), on both engines: a store far east of head office is a
// day ahead of it for hours every night.
#include <doctest/doctest.h>

#include "core/card_points.h"
#include "test_support/report_journal.h"

using namespace kopilka;
using office::test::Journal;

TEST_CASE("an entry is applied on its store's day, not head office's") {
  // In Vladivostok 100 points burn at the end of 24 November; at 02:00 on the 25th there (the
  // 24th, 19:00, in Moscow) two offline spends of the same 200 points leave a debt of 200:
  // the burned 100 were never spendable there.
  Journal j;
  const std::string reg = j.register_in_store("Asia/Vladivostok");
  const std::string card = "2000000000015";
  j.receipt(reg, "R1", "2026-11-10T12:00:00+10:00", card, 10000, 100, {}, 14);
  j.receipt(reg, "R2", "2026-11-10T12:05:00+10:00", card, 20000, 200, {});
  const std::string spendable = reg + ":2/0";
  j.receipt(reg, "R3", "2026-11-25T02:00:00+10:00", card, 100, 0, {}, std::nullopt,
            {{spendable, 200}});
  j.receipt(reg, "R4", "2026-11-25T02:10:00+10:00", card, 100, 0, {}, std::nullopt,
            {{spendable, 200}});
  REQUIRE(j.push_all());
  auto stored = j.t.store->load_card(card);
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK((*stored)->debt == 200);
  CHECK(core::summarize_points(**stored, *core::parse_date("2026-11-26")).balance == -200);
}
