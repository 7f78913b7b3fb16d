// Tests of register/sync_pull: how a pulled page becomes local state (head office's card
// plus this register's unacknowledged entries), applied in slices with their cursor.
#include "register/sync_run.h"

#include <doctest/doctest.h>

#include <limits>

#include "sync_test_util.h"

using namespace kopilka;
using namespace kopilka::test;
using core::Json;

TEST_CASE("pulled cards are head office's state plus this register's unacknowledged entries") {
  TempStore t;
  std::string first = t.journal(50);
  daemon::SyncRun run(*t.store, t.options());

  auto push = run.next();
  REQUIRE(push);
  CHECK(push->method == "POST");
  Json sent = *core::parse_json_exact(push->body);
  REQUIRE(sent["entries"].size() == 1);
  CHECK(sent["entries"][0]["id"] == first);
  CHECK(sent["entries"][0]["at"] == "2026-11-24T12:00:00+03:00");

  // A sale journalled while the push is on the wire: not in this run's push.
  std::string second = t.journal(7, "spring");
  run.take(answer(200, {{"acked", {first}}}));
  auto pull = run.next();
  REQUIRE(pull);
  CHECK(pull->path == "/v1/sync/pull?after=0&limit=5000&format=2&count=1&snapshot=0");
  run.take(answer(
      200, {{"changes",
             {{{"seq", 41}, {"type", "card"}, {"number", kCard}, {"state", office_card(first)}},
              {{"seq", 42}, {"type", "counter"}, {"program", "spring"}, {"uses", 10}}}},
            {"next", 42},
            {"more", false},
            {"remaining", 0}}));
  CHECK_FALSE(run.next());
  apply_all(run);
  CHECK(run.done());
  CHECK(run.summary().result == "ok");
  CHECK(run.summary().pushed == 1);
  CHECK(run.summary().pulled == 2);
  CHECK(run.summary().pending == 1);
  CHECK(t.balance() == 557);  // 500 + 50 from head office, + 7 not yet acknowledged
  auto counters = t.store->counters();
  REQUIRE(counters.ok());
  CHECK(counters->coupon_uses_total.at("spring") == 11);
  CHECK(*t.store->meta("sync_cursor") == "42");
}

TEST_CASE("a page with a program this register cannot use is not applied at all") {
  TempStore t;
  core::CardState before;
  before.number = kCard;
  REQUIRE(t.store->save_card(before, kAt).is_ok());
  daemon::SyncRun run(*t.store, t.options());
  auto pull = run.next();  // nothing to push
  REQUIRE(pull);
  CHECK(pull->method == "GET");
  run.take(answer(
      200, {{"changes",
             {{{"seq", 7}, {"type", "card"}, {"number", kCard}, {"state", office_card("r-x:1")}},
              {{"seq", 8},
               {"type", "program"},
               {"id", "future"},
               {"document", {{"id", "future"}, {"kind", "teleport"}}}}}},
            {"next", 8},
            {"more", false}}));
  apply_all(run);
  CHECK(run.summary().result == "failed");
  CHECK(run.summary().error.find("cannot use") != std::string::npos);
  CHECK(t.balance() == 0);
  CHECK(*t.store->meta("sync_cursor") == "");
  CHECK(t.store->program_documents()->empty());
}

TEST_CASE("a malformed pull answer fails the run instead of throwing, and changes nothing") {
  TempStore t;
  for (Json bad : {Json{{"changes", Json::array()}, {"next", 3}, {"more", "yes"}},
                   Json{{"changes", Json::array()}, {"next", 3}, {"remaining", "many"}},
                   Json{{"changes", Json::array()}, {"next", "3"}}, Json::array()}) {
    daemon::SyncRun run(*t.store, t.options());
    REQUIRE(run.next());
    run.take(answer(200, bad));
    CHECK(run.summary().result == "failed");
    CHECK(run.summary().error.find("malformed") != std::string::npos);
  }
  CHECK(*t.store->meta("sync_cursor") == "");
}

TEST_CASE("a page is applied in slices with their cursor while the next page is fetched") {
  TempStore t;
  auto options = t.options();
  options.pull_page = 5;
  options.apply_slice = 2;
  daemon::SyncRun run(*t.store, options);
  const std::vector<std::string> numbers = {"2000000000015", "2000000000022", "2000000000039",
                                            "2000000000046", "2000000000053", "2000000000060"};
  auto card_change = [&](int seq) {
    core::CardState c;
    c.number = numbers[static_cast<std::size_t>(seq - 1)];
    c.spent = seq * 100;
    return Json{{"seq", seq},
                {"type", "card"},
                {"number", c.number},
                {"state", core::card_state_to_json(c)}};
  };
  auto first = run.next();
  REQUIRE(first);
  CHECK(first->path == "/v1/sync/pull?after=0&limit=5&format=2&count=1&snapshot=0");
  CHECK_FALSE(run.next());  // one call at a time
  Json page = Json::array();
  for (int seq = 1; seq <= 5; ++seq) page.push_back(card_change(seq));
  run.take(answer(200, {{"changes", page}, {"next", 5}, {"more", true}, {"remaining", 1}}));
  // The next page is asked for before anything of this one is applied.
  auto second = run.next();
  REQUIRE(second);
  CHECK(second->path == "/v1/sync/pull?after=5&limit=5&format=2");
  CHECK(run.apply_slice());
  CHECK(*t.store->meta("sync_cursor") == "2");
  CHECK(run.summary().pulled == 2);
  CHECK(t.store->load_card(numbers[1])->has_value());
  CHECK_FALSE(t.store->load_card(numbers[2])->has_value());
  run.take(answer(200, {{"changes", {card_change(6)}}, {"next", 6}, {"more", false}}));
  CHECK_FALSE(run.next());
  apply_all(run);
  CHECK(run.done());
  CHECK(run.summary().result == "ok");
  CHECK(run.summary().pulled == 6);
  CHECK(*t.store->meta("sync_cursor") == "6");
  CHECK((*t.store->load_card(numbers[5]))->spent == 600);
}

TEST_CASE("a slice that cannot be applied keeps the slices before it and nothing of itself") {
  TempStore t;
  auto options = t.options();
  options.apply_slice = 2;
  daemon::SyncRun run(*t.store, options);
  REQUIRE(run.next());
  core::CardState good;
  good.number = kCard;
  Json changes = {{{"seq", 1}, {"type", "card"}, {"state", core::card_state_to_json(good)}},
                  {{"seq", 2}, {"type", "counter"}, {"program", "spring"}, {"uses", 3}},
                  {{"seq", 3}, {"type", "counter"}, {"program", "autumn"}, {"uses", 4}},
                  {{"seq", 4}, {"type", "card"}, {"state", {{"number", 17}}}}};
  run.take(answer(200, {{"changes", changes}, {"next", 4}, {"more", false}}));
  apply_all(run);
  CHECK(run.summary().result == "failed");
  CHECK(run.summary().pulled == 2);
  CHECK(*t.store->meta("sync_cursor") == "2");
  auto counters = t.store->counters();
  REQUIRE(counters.ok());
  CHECK(counters->coupon_uses_total.at("spring") == 3);
  CHECK(counters->coupon_uses_total.count("autumn") == 0);
  CHECK(t.store->load_card(kCard)->has_value());
}

TEST_CASE("cards read off the loop are stored as sent; one that does not read fails its slice") {
  TempStore t;
  core::CardState c;
  c.number = kCard;
  c.spent = 4200;
  Json body = {{"changes",
                {{{"seq", 1}, {"type", "card"}, {"state", core::card_state_to_json(c)}},
                 {{"seq", 2}, {"type", "card"}, {"state", {{"number", false}}}}}},
               {"next", 2},
               {"more", false}};
  daemon::PulledCards cards = daemon::read_pulled_cards(body);
  REQUIRE(cards.size() == 2);
  REQUIRE(cards[0]);
  REQUIRE(cards[0]->card);
  CHECK(cards[0]->card->spent == 4200);
  CHECK(cards[0]->text == core::card_state_to_json(c).dump());
  CHECK_FALSE(body["changes"][0].contains("state"));  // its tree is freed off the loop
  CHECK_FALSE(cards[1]);
  CHECK(body["changes"][1].contains("state"));  // left for apply to report

  auto options = t.options();
  options.apply_slice = 1;
  daemon::SyncRun run(*t.store, options);
  REQUIRE(run.next());
  run.take(answer(200, body), std::move(cards));
  apply_all(run);
  CHECK(run.summary().result == "failed");
  CHECK(run.summary().error.find("changes[1].state") != std::string::npos);
  CHECK(*t.store->meta("sync_cursor") == "1");
  CHECK((*t.store->load_card(kCard))->spent == 4200);
}

TEST_CASE("an own entry that cannot be applied over head office's card never stops the pull") {
  TempStore t;
  std::string first = t.journal(50);
  daemon::SyncRun run(*t.store, t.options());
  REQUIRE(run.next());
  run.take(answer(
      200,
      {{"acked", Json::array()},
       {"refused", {{{"id", first}, {"error", "entry_refused"}, {"message", "would overflow"}}}}}));
  REQUIRE(run.next());
  core::CardState office;  // head office's card: one more point would overflow the sum
  office.number = kCard;
  office.lots.push_back({"office:1/0", "", 20781, 20781, std::nullopt,
                         std::numeric_limits<std::int64_t>::max() - 10});
  run.take(answer(200, {{"changes",
                         {{{"seq", 1},
                           {"type", "card"},
                           {"number", kCard},
                           {"state", core::card_state_to_json(office)}}}},
                        {"next", 1},
                        {"more", false}}));
  apply_all(run);
  CHECK(run.done());
  CHECK(run.summary().result == "ok");
  CHECK(t.balance() == std::numeric_limits<std::int64_t>::max() - 10);  // the entry left out
  CHECK(run.summary().pending == 1);                                    // and still kept
}

namespace {

// A card change for a pull page: `number` with `spent` as its mark.
Json pulled_card(int seq, const std::string& number, std::int64_t spent) {
  core::CardState c;
  c.number = number;
  c.spent = spent;
  return Json{
      {"seq", seq}, {"type", "card"}, {"number", number}, {"state", core::card_state_to_json(c)}};
}

const std::vector<std::string> kNumbers = {"2000000000015", "2000000000022", "2000000000039",
                                           "2000000000046", "2000000000053"};

}  // namespace

TEST_CASE("a first sync pulls a snapshot in card order, keeps its place, then goes by cursor") {
  TempStore t;
  auto options = t.options();
  options.pull_page = 2;
  options.apply_slice = 1;
  {
    daemon::SyncRun run(*t.store, options);
    auto first = run.next();
    REQUIRE(first);
    CHECK(first->path == "/v1/sync/pull?after=0&limit=2&format=2&count=1&snapshot=0");
    // The first page: the counters, then cards in number order whatever their numbers.
    run.take(answer(200, {{"changes",
                           {{{"seq", 3}, {"type", "counter"}, {"program", "spring"}, {"uses", 4}},
                            pulled_card(9, kNumbers[0], 100),
                            pulled_card(2, kNumbers[1], 200)}},
                          {"snapshot", 9},
                          {"card_after", kNumbers[1]},
                          {"next", 9},
                          {"more", true},
                          {"remaining", 4}}));
    auto second = run.next();
    REQUIRE(second);
    CHECK(second->path ==
          "/v1/sync/pull?after=0&limit=2&format=2&snapshot=9&card_after=" + kNumbers[1]);
    CHECK(run.apply_slice());  // the counter alone: the snapshot's place is before every card
    CHECK(*t.store->meta("sync_snapshot") == "9");
    CHECK(*t.store->meta("sync_snapshot_card") == "");
    CHECK(run.apply_slice());
    CHECK(*t.store->meta("sync_snapshot_card") == kNumbers[0]);
    CHECK(*t.store->meta("sync_cursor") == "");  // no cursor until the snapshot ends
    // Stopped here (a kill): the next run asks from the last card applied.
  }
  {
    daemon::SyncRun run(*t.store, options);
    auto resumed = run.next();
    REQUIRE(resumed);
    CHECK(resumed->path ==
          "/v1/sync/pull?after=0&limit=2&format=2&count=1&snapshot=9&card_after=" + kNumbers[0]);
    run.take(answer(
        200, {{"changes", {pulled_card(5, kNumbers[1], 200), pulled_card(7, kNumbers[2], 300)}},
              {"snapshot", 9},
              {"card_after", kNumbers[2]},
              {"next", 9},
              {"more", true},
              {"remaining", 3}}));
    auto third = run.next();
    REQUIRE(third);
    CHECK(third->path ==
          "/v1/sync/pull?after=0&limit=2&format=2&snapshot=9&card_after=" + kNumbers[2]);
    // The snapshot's last page: a card changed at head office since it began (seq 12) is in it
    // and comes again after the snapshot's number.
    run.take(answer(200, {{"changes", {pulled_card(12, kNumbers[3], 400)}},
                          {"snapshot", 9},
                          {"next", 9},
                          {"more", true},
                          {"remaining", 3}}));
    CHECK_FALSE(run.next());  // two pages held
    CHECK(run.apply_slice());
    CHECK(run.apply_slice());
    CHECK(*t.store->meta("sync_snapshot_card") == kNumbers[2]);
    CHECK(*t.store->meta("sync_cursor") == "");
    auto delta = run.next();
    REQUIRE(delta);
    CHECK(delta->path == "/v1/sync/pull?after=9&limit=2&format=2");
    run.take(answer(
        200, {{"changes", {pulled_card(12, kNumbers[3], 400), pulled_card(13, kNumbers[4], 500)}},
              {"next", 13},
              {"more", false}}));
    CHECK_FALSE(run.next());
    CHECK(run.apply_slice());  // the snapshot's last card: the cursor takes its number
    CHECK(*t.store->meta("sync_cursor") == "9");
    CHECK(*t.store->meta("sync_snapshot") == "");
    apply_all(run);
    CHECK(run.summary().result == "ok");
    CHECK(run.summary().pulled == 5);
    CHECK(*t.store->meta("sync_cursor") == "13");
  }
  for (std::size_t i = 0; i < kNumbers.size(); ++i)
    CHECK((*t.store->load_card(kNumbers[i]))->spent == static_cast<std::int64_t>(i + 1) * 100);
  daemon::SyncRun later(*t.store, options);
  auto next = later.next();
  REQUIRE(next);
  CHECK(next->path == "/v1/sync/pull?after=13&limit=2&format=2&count=1");
}

TEST_CASE("a head office without snapshots answers by cursor, and the pull goes on so") {
  TempStore t;
  auto options = t.options();
  options.pull_page = 2;
  daemon::SyncRun run(*t.store, options);
  REQUIRE(run.next());
  run.take(answer(
      200, {{"changes", {pulled_card(4, kNumbers[2], 300), pulled_card(6, kNumbers[0], 100)}},
            {"next", 6},
            {"more", true},
            {"remaining", 1}}));
  auto second = run.next();
  REQUIRE(second);
  CHECK(second->path == "/v1/sync/pull?after=6&limit=2&format=2");
  run.take(
      answer(200, {{"changes", {pulled_card(8, kNumbers[1], 200)}}, {"next", 8}, {"more", false}}));
  apply_all(run);
  CHECK(run.summary().result == "ok");
  CHECK(*t.store->meta("sync_cursor") == "8");
  CHECK(*t.store->meta("sync_snapshot") == "");
}

TEST_CASE("a snapshot page with a place that is not a card number fails and keeps nothing") {
  TempStore t;
  for (Json bad : {Json(""), Json(17), Json("../admin")}) {
    daemon::SyncRun run(*t.store, t.options());
    REQUIRE(run.next());
    run.take(answer(200, {{"changes", {pulled_card(1, kNumbers[0], 100)}},
                          {"snapshot", 1},
                          {"card_after", bad},
                          {"next", 1},
                          {"more", true}}));
    CHECK(run.summary().result == "failed");
    CHECK(run.summary().error.find("malformed") != std::string::npos);
  }
  CHECK_FALSE(t.store->load_card(kNumbers[0])->has_value());
  CHECK(*t.store->meta("sync_snapshot") == "");
}

TEST_CASE("a store's time zone this register does not know fails the sync and keeps nothing") {
  TempStore t;
  daemon::SyncRun run(*t.store, t.options());
  auto pull = run.next();  // nothing journalled: the run pulls at once
  REQUIRE(pull);
  REQUIRE(pull->method == "GET");
  // A page with no change but the zone is still applied, and refused here.
  run.take(answer(200, {{"changes", Json::array()},
                        {"next", 0},
                        {"more", false},
                        {"remaining", 0},
                        {"timezone", "Mars/Olympus_Mons"}}));
  apply_all(run);
  CHECK(run.summary().result == "failed");
  CHECK(run.summary().error.find("Mars/Olympus_Mons") != std::string::npos);
  CHECK(*t.store->meta("store_timezone") == "");
}
