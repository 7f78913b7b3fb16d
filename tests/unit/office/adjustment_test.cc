// Tests of office/adjustment: an adjust_id's replay and a new adjustment's entry and answer,
// the rules both storage engines share.
#include "office/adjustment.h"

#include <doctest/doctest.h>

using namespace kopilka;

TEST_CASE("an adjust_id seen before replays its answer for the same card only") {
  office::StoredAdjustment prior{"2000000000015", R"({"balance":5,"adjust_id":"a-1"})",
                                 std::nullopt};  // made before schema 16: no request kept
  auto replay = office::replay_adjustment(prior, "2000000000015", "a-1");
  REQUIRE(replay.ok());
  REQUIRE(replay->has_value());
  CHECK((**replay)["replayed"] == true);
  CHECK((**replay)["balance"] == 5);

  auto other = office::replay_adjustment(prior, "2000000000022", "a-1");
  REQUIRE(!other.ok());
  CHECK(other.status().code() == core::Code::kConflict);
  CHECK(other.status().message() == "adjust_id a-1 was used for another card");

  auto fresh = office::replay_adjustment(std::nullopt, "2000000000015", "a-1");
  REQUIRE(fresh.ok());
  CHECK(!fresh->has_value());
}

TEST_CASE("an adjust_id used again with another request is a conflict, as at the register") {
  const office::AdjustmentRequest first{"a-1", 10, 30, "gift", 1000};
  office::StoredAdjustment prior{"2000000000015", R"({"balance":10,"adjust_id":"a-1"})",
                                 office::adjustment_request_text(first)};
  office::AdjustmentRequest later = first;
  later.at = 5000;  // a repeat sent later, without `at`: still the same request
  auto same = office::replay_adjustment(prior, "2000000000015", "a-1",
                                        office::adjustment_request_text(later));
  REQUIRE(same.ok());
  CHECK((**same)["replayed"] == true);
  for (auto changed : {office::AdjustmentRequest{"a-1", 20, 30, "gift", 1000},
                       office::AdjustmentRequest{"a-1", 10, std::nullopt, "gift", 1000},
                       office::AdjustmentRequest{"a-1", 10, 30, "fraud", 1000}}) {
    auto other = office::replay_adjustment(prior, "2000000000015", "a-1",
                                           office::adjustment_request_text(changed));
    REQUIRE(!other.ok());
    CHECK(other.status().code() == core::Code::kConflict);
    CHECK(other.status().message() == "adjust_id a-1 was used with another request");
  }
}

TEST_CASE("an adjustment of a missing card takes no number") {
  bool asked = false;
  auto made = office::make_adjustment(
      std::nullopt, {"a-1", 10, std::nullopt, "gift", 1000},
      [&]() -> core::Result<std::int64_t> {
        asked = true;
        return 1;
      },
      core::Settings{}, core::ProgramSet{});
  REQUIRE(!made.ok());
  CHECK(made.status().code() == core::Code::kNotFound);
  CHECK(made.status().message() == "card not found");
  CHECK(!asked);
}

TEST_CASE("a new adjustment is entry office:N with the adjust_id in its answer") {
  core::CardState card;
  card.number = "2000000000015";
  core::Settings settings;
  settings.zone = *core::locate_zone("Europe/Moscow");
  auto made = office::make_adjustment(
      card, {"a-1", 10, std::nullopt, "gift", 1000},
      []() -> core::Result<std::int64_t> { return 42; }, settings, core::ProgramSet{});
  REQUIRE(made.ok());
  CHECK(made->seq == 42);
  CHECK(made->entry_id == "office:42");
  CHECK(made->entry_body["id"] == "office:42");
  CHECK(made->entry_body["kind"] == "adjust");
  CHECK(made->entry_body["adjust_id"] == "a-1");
  CHECK(made->entry_body["reason"] == "gift");
  CHECK(made->entry_body["points"] == 10);
  CHECK(made->response["adjust_id"] == "a-1");
}
