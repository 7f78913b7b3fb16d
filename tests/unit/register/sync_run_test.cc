// Tests of register/sync_run against a real register store, with head office's answers
// written out by hand: what is pushed, when a pull may happen, and how a pulled page
// becomes local state (head office's card + this register's unacknowledged entries).
#include "register/sync_run.h"

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/card_state_json.h"
#include "fakes/fake_office.h"
#include "register/enrol_upload.h"
#include "test_support/temp_dir.h"

using namespace kopilka;
using core::Json;

namespace {

const std::string kCard = "2000000000015";
constexpr core::Instant kAt = 1795510800;  // 2026-11-24 12:00 Moscow

struct TempStore {
  test::TempDir tmp{"kopilka-sync-run"};
  std::string dir = tmp.sub("data");
  std::unique_ptr<daemon::Store> store;
  core::Zone zone = *core::locate_zone("Europe/Moscow");
  TempStore() {
    auto s = daemon::Store::open(dir);
    REQUIRE(s.ok());
    store = std::move(*s);
  }
  ~TempStore() { store.reset(); }
  daemon::SyncOptions options() {
    daemon::SyncOptions o;
    o.zone = zone;
    o.now = [] { return kAt; };
    return o;
  }
  // Journals a sale that earned `points` (and used a coupon of `coupon`, if given).
  std::string journal(std::int64_t points, const std::string& coupon = "") {
    std::string id;
    Json effects = *core::parse_json_exact(
        R"({"card": "2000000000015", "spent_delta": 1000, "purchases_delta": 1, "new_lots":
        [{"id": "0", "program": "cashback", "earned_day": "2026-11-24", "usable_from":
        "2026-11-24", "last_day": null, "points": )" +
        std::to_string(points) + "}]}");
    if (!coupon.empty()) effects["coupon_programs"] = Json::array({coupon});
    REQUIRE(common::in_transaction(store->db(), [&]() -> core::Status {
              auto next = store->next_entry_id();
              if (!next) return next.status();
              id = *next;
              return store->append_journal(id, "receipt", kCard, kAt, effects, Json::object());
            }).is_ok());
    return id;
  }
  std::int64_t balance() {
    auto card = store->load_card(kCard);
    REQUIRE(card.ok());
    REQUIRE(card->has_value());
    std::int64_t sum = -(*card)->debt;
    for (const auto& lot : (*card)->lots) sum += lot.remaining;
    return sum;
  }
};

daemon::OfficeAnswer answer(long status, Json body) {
  return {status, std::move(body)};
}

// Applies every pulled change, as the daemon's loop does a slice per turn.
void apply_all(daemon::SyncRun& run) {
  while (run.apply_slice()) {
  }
}

// Head office's card: 500 points transferred by hand, plus the first sale's 50.
Json office_card(const std::string& first_entry) {
  core::CardState c;
  c.number = kCard;
  c.spent = 1000;
  c.lots.push_back({"office:1/0", "", 20781, 20781, std::nullopt, 500});
  c.lots.push_back({first_entry + "/0", "cashback", 20781, 20781, std::nullopt, 50});
  return core::card_state_to_json(c);
}

}  // namespace

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
  CHECK(pull->path == "/v1/sync/pull?after=0&limit=5000");
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

TEST_CASE("no pull before every pushed entry is acknowledged") {
  TempStore t;
  std::string first = t.journal(50);
  std::string second = t.journal(5);
  daemon::SyncRun run(*t.store, t.options());
  REQUIRE(run.next());
  run.take(answer(200, {{"acked", {first}}}));  // the second one missing
  CHECK_FALSE(run.next());
  CHECK(run.summary().result == "failed");
  CHECK(run.summary().error.find(second) != std::string::npos);
  CHECK(run.summary().pending == 1);

  daemon::SyncRun again(*t.store, t.options());
  auto push = again.next();
  REQUIRE(push);
  Json sent = *core::parse_json_exact(push->body);
  REQUIRE(sent["entries"].size() == 1);  // only what is still unacknowledged
  CHECK(sent["entries"][0]["id"] == second);
}

TEST_CASE("an entry head office refuses is recorded with its reason and field; the run goes on") {
  TempStore t;
  std::string first = t.journal(50);
  std::string second = t.journal(5);
  daemon::SyncRun run(*t.store, t.options());
  REQUIRE(run.next());
  run.take(answer(200, {{"acked", {first}},
                        {"refused",
                         {{{"id", second},
                           {"error", "entry_refused"},
                           {"field", "effects.new_lots[0].points"},
                           {"message", "must be positive"}}}}}));
  auto pull = run.next();  // the others sync on: the pull follows
  REQUIRE(pull);
  CHECK(pull->method == "GET");
  CHECK(run.summary().refused == 1);
  auto refused = t.store->refused_entries();
  REQUIRE(refused.ok());
  REQUIRE(refused->size() == 1);
  CHECK((*refused)[0].entry_id == second);
  CHECK((*refused)[0].error == "entry_refused");
  CHECK((*refused)[0].message == "must be positive (effects.new_lots[0].points)");
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

TEST_CASE("head office unreachable or refusing: offline or failed, and nothing changes") {
  TempStore t;
  t.journal(50);
  {
    daemon::SyncRun run(*t.store, t.options());
    REQUIRE(run.next());
    run.take(core::Status::unavailable("head office unreachable: Connection refused"));
    CHECK(run.summary().result == "offline");
  }
  {
    daemon::SyncRun run(*t.store, t.options());
    REQUIRE(run.next());
    run.take(answer(401, {{"error", {{"code", "unauthorized"}, {"message", "not valid"}}}}));
    CHECK(run.summary().result == "failed");
    CHECK(run.summary().error.find("kopilka enroll") != std::string::npos);
  }
  {
    daemon::SyncRun run(*t.store, t.options());
    REQUIRE(run.next());
    run.take(answer(503, {{"error", {{"code", "storage_unavailable"}, {"message", "disk full"}}}}));
    CHECK(run.summary().result == "offline");
    CHECK(run.summary().error == "disk full");
  }
  CHECK(*t.store->pending_entries() == 1);
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
  CHECK(first->path == "/v1/sync/pull?after=0&limit=5");
  CHECK_FALSE(run.next());  // one call at a time
  Json page = Json::array();
  for (int seq = 1; seq <= 5; ++seq) page.push_back(card_change(seq));
  run.take(answer(200, {{"changes", page}, {"next", 5}, {"more", true}, {"remaining", 1}}));
  // The next page is asked for before anything of this one is applied.
  auto second = run.next();
  REQUIRE(second);
  CHECK(second->path == "/v1/sync/pull?after=5&limit=5");
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
  CHECK(cards[0]->card.spent == 4200);
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

TEST_CASE("an entry head office refuses is recorded and the others sync on") {
  TempStore t;
  std::string first = t.journal(50);
  std::string second = t.journal(5);
  std::string third = t.journal(1);
  daemon::SyncRun run(*t.store, t.options());
  REQUIRE(run.next());
  // The answer's shape (docs/sync.md "Refused entries"): acknowledged and refused ids.
  run.take(answer(200, {{"acked", {first, third}},
                        {"refused",
                         {{{"id", second}, {"error", "invalid_entry"}, {"message", "bad at"}},
                          {{"id", "r-other:9"}, {"error", "x"}},  // never sent: ignored
                          "garbage"}}}));
  auto pull = run.next();
  REQUIRE(pull);  // one refusal does not stop the run
  CHECK(pull->method == "GET");
  run.take(answer(200, {{"changes", Json::array()}, {"next", 0}, {"more", false}}));
  apply_all(run);
  CHECK(run.summary().result == "ok");
  CHECK(run.summary().pushed == 2);
  CHECK(run.summary().refused == 1);
  CHECK(run.summary().pending == 1);  // still unacknowledged, until set aside
  CHECK(*t.store->refused_count() == 1);
  auto refused = t.store->refused_entries();
  REQUIRE(refused.ok());
  REQUIRE(refused->size() == 1);
  CHECK((*refused)[0].entry_id == second);
  CHECK((*refused)[0].error == "invalid_entry");
  CHECK((*refused)[0].message == "bad at");

  // The next run sends later entries, never the refused one by itself.
  std::string fourth = t.journal(2);
  daemon::SyncRun again(*t.store, t.options());
  auto push = again.next();
  REQUIRE(push);
  Json sent = *core::parse_json_exact(push->body);
  REQUIRE(sent["entries"].size() == 1);
  CHECK(sent["entries"][0]["id"] == fourth);

  // Set aside: no longer counted; retried: sent again.
  CHECK(*t.store->set_aside_refused(second, kAt) == 1);
  CHECK(*t.store->refused_count() == 0);
  CHECK(*t.store->pending_entries() == 1);  // the fourth only
  CHECK(*t.store->set_aside_refused("r-nope:1", kAt) == 0);
  CHECK(*t.store->retry_refused(second) == 1);
  daemon::SyncRun third_run(*t.store, t.options());
  push = third_run.next();
  REQUIRE(push);
  sent = *core::parse_json_exact(push->body);
  REQUIRE(sent["entries"].size() == 2);
  CHECK(sent["entries"][0]["id"] == second);
}

TEST_CASE("a batch refused for one named entry is sent again without it") {
  TempStore t;
  std::string first = t.journal(50);
  std::string second = t.journal(5);
  daemon::SyncRun run(*t.store, t.options());
  REQUIRE(run.next());
  run.take(answer(400, {{"error",
                         {{"code", "invalid_request"},
                          {"message", "is not an RFC 3339 time"},
                          {"field", "entries[1].at"}}}}));
  auto push = run.next();
  REQUIRE(push);
  Json sent = *core::parse_json_exact(push->body);
  REQUIRE(sent["entries"].size() == 1);
  CHECK(sent["entries"][0]["id"] == first);
  run.take(answer(200, {{"acked", {first}}}));
  REQUIRE(run.next());  // the pull
  run.take(answer(200, {{"changes", Json::array()}, {"next", 0}, {"more", false}}));
  CHECK(run.summary().result == "ok");
  CHECK(run.summary().refused == 1);
  auto refused = t.store->refused_entries();
  REQUIRE(refused.ok());
  REQUIRE(refused->size() == 1);
  CHECK((*refused)[0].entry_id == second);
  CHECK((*refused)[0].message == "is not an RFC 3339 time (at)");

  // A 400 that names no entry still fails the run.
  std::string third = t.journal(1);
  daemon::SyncRun again(*t.store, t.options());
  REQUIRE(again.next());
  again.take(answer(400, {{"error", {{"code", "invalid_request"}, {"message", "no"}}}}));
  CHECK(again.summary().result == "failed");
  CHECK(*t.store->refused_count() == 1);
}

TEST_CASE("a malformed enrolment upload answer fails the run instead of throwing") {
  TempStore t;
  core::CardState card;
  card.number = kCard;
  REQUIRE(t.store->save_card(card, kAt).is_ok());
  for (Json bad : {Json{{"conflicts", Json::array()}, {"cards", "x"}},
                   Json{{"conflicts", Json::array({1})}}}) {
    {
      std::ofstream marker(daemon::enrol_marker_path(t.dir));
      marker << daemon::enrol_marker_text(daemon::EnrolPrograms::kReplace);
    }
    daemon::SyncRun run(*t.store, t.options());
    auto upload = run.next();
    REQUIRE(upload);
    CHECK(upload->path == "/v1/sync/upload");
    CHECK_NOTHROW(run.take(answer(200, bad)));
    CHECK(run.summary().result == "failed");
    CHECK(run.summary().error.find("upload answer") != std::string::npos);
    CHECK_FALSE(run.next());
  }
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

TEST_CASE("run_sync_blocking makes every call through the office it is given, reporting each") {
  TempStore t;
  t.journal(10);
  t.journal(20);
  fakes::FakeOffice office;
  std::vector<std::string> progress;
  auto summary = daemon::run_sync_blocking(
      *t.store, office, {}, t.options(),
      [&progress](const daemon::SyncSummary& s) { progress.push_back(s.to_json().dump()); });
  CHECK(summary.result == "ok");
  CHECK(summary.pushed == 2);
  CHECK(summary.pending == 0);
  CHECK(office.call_lines() == std::vector<std::string>{"POST /v1/sync/push", "GET /v1/sync/pull"});
  CHECK(Json::parse(office.calls()[0].body)["entries"].size() == 2);
  REQUIRE(progress.size() == 2);  // after each answer
  CHECK(Json::parse(progress[0])["pushed"] == 2);
  CHECK(Json::parse(progress[1])["sync"] == "ok");

  t.journal(30);
  fakes::FakeOffice away;
  away.answer_with(fakes::FakeOffice::unreachable);
  auto offline = daemon::run_sync_blocking(*t.store, away, {}, t.options());
  CHECK(offline.result == "offline");
  CHECK(offline.error == "Couldn't connect to server (http://127.0.0.1:9)");
  CHECK(offline.pending == 1);
  CHECK(away.calls().size() == 1);
}
