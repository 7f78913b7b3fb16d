// Tests of daemon/syncer's schedule with a fake head office, a manual clock and a recorded
// jitter, against a real register store: backoff growth, its cap and jitter bounds, a sync
// asked for while one runs, and offline told apart from failed. The real client is tested
// against a real kopilka-office by the integration tests (test_sync).
#include "daemon/syncer.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <utility>

#include "common/db.h"
#include "daemon/app.h"
#include "fakes/fake_office.h"
#include "fakes/manual_clock.h"
#include "test_support/temp_dir.h"

using namespace kopilka;
using core::Json;
using std::chrono::milliseconds;

namespace {

constexpr core::Instant kAt = 1795510800;  // 2026-11-24 12:00 Moscow
const std::string kCard = "2000000000015";

// A register enrolled with a head office of sync_interval 60 s, on fakes.
struct Rig {
  test::TempDir tmp{"kopilka-syncer"};
  std::string dir = tmp.sub("data");
  asio::io_context io;
  std::unique_ptr<daemon::App> app;
  fakes::ManualClock clock;
  fakes::FakeOffice office;
  std::vector<std::pair<std::int64_t, std::int64_t>> jitter_asked;
  bool jitter_high = true;  // the jitter draws the top of its range, else the bottom
  std::unique_ptr<daemon::Syncer> syncer;

  explicit Rig(bool enrolled = true) {
    auto config = daemon::parse_daemon_config(
        "pos_token = \"pos-token-0123456789\"\nadmin_token = \"admin-token-0123456789\"\n"
        "[office]\nurl = \"http://127.0.0.1:9\"\nsync_interval = \"60s\"\n",
        dir);
    REQUIRE(config.ok());
    config->data_dir = dir;
    auto store = daemon::Store::open(dir);
    REQUIRE(store.ok());
    if (enrolled) std::ofstream(daemon::credential_path(dir)) << "reg-1.secret\n";
    app.reset(new daemon::App{
        io, std::move(*config), std::move(*store), {}, nullptr, nullptr, [] { return kAt; }});
    syncer = std::make_unique<daemon::Syncer>(*app, office, clock,
                                              [this](std::int64_t lo, std::int64_t hi) {
                                                jitter_asked.emplace_back(lo, hi);
                                                return jitter_high ? hi : lo;
                                              });
  }
  ~Rig() {
    office.release();
    syncer.reset();
    app.reset();
  }

  // Runs the loop (answers come back from the worker thread) until `done` holds.
  template <typename Pred>
  bool run_until(Pred done) {
    io.restart();
    auto guard = asio::make_work_guard(io);
    for (int i = 0; i < 2000 && !done(); ++i) io.run_one_for(milliseconds(5));
    return done();
  }
  // Fires the scheduled sync and runs it to its end (when it schedules the next one).
  bool run_scheduled_sync() {
    std::size_t waits = clock.waits.size();
    if (!clock.fire_next()) return false;
    return run_until([&] { return clock.waits.size() > waits; });
  }
  std::vector<milliseconds> waits() const {
    std::vector<milliseconds> out;
    for (const auto& w : clock.waits) out.push_back(w.after);
    return out;
  }
  // Journals a sale, as a receipt would; returns its entry id.
  std::string journal() {
    std::string id;
    Json effects = Json::parse(R"({"card": "2000000000015", "spent_delta": 1000,
        "purchases_delta": 1, "new_lots": [{"id": "0", "program": "cashback", "earned_day":
        "2026-11-24", "usable_from": "2026-11-24", "last_day": null, "points": 10}]})");
    REQUIRE(common::in_transaction(app->store->db(), [&]() -> core::Status {
              auto next = app->store->next_entry_id();
              if (!next) return next.status();
              id = *next;
              return app->store->append_journal(id, "receipt", kCard, kAt, effects, Json::object());
            }).is_ok());
    return id;
  }
};

std::vector<milliseconds> ms(std::initializer_list<std::int64_t> values) {
  std::vector<milliseconds> out;
  for (auto v : values) out.push_back(milliseconds(v));
  return out;
}

using Range = std::pair<std::int64_t, std::int64_t>;

}  // namespace

TEST_CASE("offline: retried after 1 s, 2 s, 4 s… up to sync_interval, each from its upper half") {
  Rig rig;
  rig.office.answer_with(fakes::FakeOffice::unreachable);
  rig.syncer->start();
  CHECK(rig.waits() == ms({1000}));  // the first sync a second after start
  for (int i = 0; i < 8; ++i) REQUIRE(rig.run_scheduled_sync());
  CHECK(rig.jitter_asked == std::vector<Range>{{500, 1000},
                                               {1000, 2000},
                                               {2000, 4000},
                                               {4000, 8000},
                                               {8000, 16000},
                                               {16000, 32000},
                                               {30000, 60000},
                                               {30000, 60000}});
  CHECK(rig.waits() ==
        ms({1000, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000}));  // the top drawn
  CHECK(rig.syncer->office_state() == "offline");
  auto status = rig.syncer->status_json();
  CHECK(status["last_result"]["sync"] == "offline");
  CHECK(status["last_error"] == "Couldn't connect to server (http://127.0.0.1:9)");
  CHECK(status["running"] == false);
}

TEST_CASE("the wait is what the jitter draws: the bottom of the range too") {
  Rig rig;
  rig.jitter_high = false;
  rig.office.answer_with(fakes::FakeOffice::unreachable);
  rig.syncer->start();
  for (int i = 0; i < 3; ++i) REQUIRE(rig.run_scheduled_sync());
  CHECK(rig.waits() == ms({1000, 500, 1000, 2000}));
}

TEST_CASE("a sync that succeeds resets the backoff, and the next comes after sync_interval") {
  Rig rig;
  rig.office.answer_with(fakes::FakeOffice::unreachable);
  rig.syncer->start();
  REQUIRE(rig.run_scheduled_sync());
  REQUIRE(rig.run_scheduled_sync());
  rig.office.answer_with(fakes::FakeOffice::healthy);
  REQUIRE(rig.run_scheduled_sync());
  CHECK(rig.syncer->office_state() == "online");
  CHECK(rig.syncer->last_sync() == "2026-11-24T12:00:00+03:00");
  rig.office.answer_with(fakes::FakeOffice::unreachable);
  REQUIRE(rig.run_scheduled_sync());
  CHECK(rig.waits() == ms({1000, 1000, 2000, 60000, 1000}));
  CHECK(rig.jitter_asked.back() == Range{500, 1000});
}

TEST_CASE("head office answering 5xx is offline: backoff") {
  Rig rig;
  rig.office.answer_with([](const daemon::OfficeRequest&) -> core::Result<daemon::OfficeAnswer> {
    return daemon::OfficeAnswer{503, Json::parse(R"({"error": {"code": "unavailable",
        "message": "head office is starting"}})")};
  });
  std::vector<daemon::SyncSummary> done;
  rig.syncer->start();
  rig.syncer->sync_now([&](const daemon::SyncSummary& s) { done.push_back(s); });
  REQUIRE(rig.run_until([&] { return done.size() == 1; }));
  CHECK(done[0].result == "offline");
  CHECK(done[0].error == "head office is starting");
  CHECK(rig.jitter_asked == std::vector<Range>{{500, 1000}});
}

TEST_CASE("failed (head office refuses the credential) is not offline: no backoff") {
  Rig rig;
  rig.office.answer_with([](const daemon::OfficeRequest&) -> core::Result<daemon::OfficeAnswer> {
    return daemon::OfficeAnswer{401, Json::parse(R"({"error": {"code": "unauthorized",
        "message": "unknown register"}})")};
  });
  std::vector<daemon::SyncSummary> done;
  rig.syncer->sync_now([&](const daemon::SyncSummary& s) { done.push_back(s); });
  REQUIRE(rig.run_until([&] { return done.size() == 1; }));
  CHECK(done[0].result == "failed");
  CHECK(done[0].error ==
        "head office refused this register's credential (unknown register): enrol it again with "
        "a new code (kopilka enroll)");
  CHECK(rig.waits() == ms({60000}));  // retrying sooner changes nothing
  CHECK(rig.jitter_asked.empty());
  CHECK(rig.syncer->status_json()["last_result"]["sync"] == "failed");
  // Health and `kopilka sync status` say the register was refused (revoked) ...
  CHECK(rig.syncer->office_state() == "refused");
  CHECK(rig.syncer->status_json()["revoked"] == true);
  // ... until a sync with this credential is accepted again.
  rig.office.answer_with(fakes::FakeOffice::healthy);
  rig.syncer->sync_now([&](const daemon::SyncSummary& s) { done.push_back(s); });
  REQUIRE(rig.run_until([&] { return done.size() == 2; }));
  CHECK(done[1].result == "ok");
  CHECK(rig.syncer->office_state() == "online");
  CHECK(rig.syncer->status_json()["revoked"] == false);
}

TEST_CASE("an entry head office refuses is counted, the others sync on, and it is not offline") {
  Rig rig;
  std::string refused = rig.journal();
  std::string fine = rig.journal();
  rig.office.answer_with([&](const daemon::OfficeRequest& r) -> core::Result<daemon::OfficeAnswer> {
    if (r.method != "POST") return fakes::FakeOffice::healthy(r);
    return daemon::OfficeAnswer{
        200,
        {{"acked", {fine}},
         {"refused", {{{"id", refused}, {"error", "invalid_request"}, {"message", "bad"}}}}}};
  });
  std::vector<daemon::SyncSummary> done;
  rig.syncer->sync_now([&](const daemon::SyncSummary& s) { done.push_back(s); });
  REQUIRE(rig.run_until([&] { return done.size() == 1; }));
  CHECK(done[0].result == "ok");
  CHECK(done[0].pushed == 1);
  CHECK(done[0].refused == 1);
  CHECK(rig.waits() == ms({60000}));
}

TEST_CASE("a sync asked for while one runs runs once more after it, not beside it") {
  Rig rig;
  std::string first = rig.journal();
  rig.office.hold();
  std::vector<std::string> order;
  std::vector<daemon::SyncSummary> done;
  auto record = [&](const char* who) {
    return [&, who](const daemon::SyncSummary& s) {
      order.push_back(who);
      done.push_back(s);
    };
  };
  rig.syncer->sync_now(record("a"));
  REQUIRE(rig.run_until([&] { return rig.office.waiting() == 1; }));
  // A receipt journalled while the push is in flight, and two requests for a sync.
  std::string second = rig.journal();
  rig.syncer->sync_now(record("b"));
  rig.syncer->sync_now(record("c"));
  CHECK(rig.office.calls().size() == 1);
  CHECK(rig.syncer->status_json()["running"] == true);
  rig.office.release();
  REQUIRE(rig.run_until([&] { return done.size() == 3; }));
  CHECK(order == std::vector<std::string>{"a", "b", "c"});
  CHECK(done[0].pushed == 1);
  CHECK(done[1].pushed == 1);  // the receipt journalled meanwhile: not lost
  CHECK(done[2].pushed == 1);  // b and c share one run
  CHECK(done[1].pending == 0);
  CHECK(rig.office.call_lines() ==
        std::vector<std::string>{"POST /v1/sync/push", "GET /v1/sync/pull", "POST /v1/sync/push",
                                 "GET /v1/sync/pull"});
  auto calls = rig.office.calls();
  CHECK(Json::parse(calls[0].body)["entries"][0]["id"] == first);
  CHECK(Json::parse(calls[2].body)["entries"].size() == 1);
  CHECK(Json::parse(calls[2].body)["entries"][0]["id"] == second);
  CHECK(rig.office.most_in_flight() == 1);
  CHECK(rig.waits() == ms({60000}));  // one schedule, after the last run
}

TEST_CASE("a sync asked for while one runs is answered by it when head office is unreachable") {
  // A shift close arriving during a sync to a frozen head office waited for that run's
  // timeout and then for a run of its own: twice the POS's patience. Offline now is
  // offline a moment later; the backoff tries again.
  Rig rig;
  rig.journal();
  rig.office.hold();
  rig.office.answer_with(fakes::FakeOffice::unreachable);
  std::vector<daemon::SyncSummary> done;
  auto record = [&](const daemon::SyncSummary& s) { done.push_back(s); };
  rig.syncer->sync_now(record);
  REQUIRE(rig.run_until([&] { return rig.office.waiting() == 1; }));
  rig.journal();
  rig.syncer->sync_now(record);  // the shift close
  rig.office.release();
  REQUIRE(rig.run_until([&] { return done.size() == 2; }));
  CHECK(done[0].result == "offline");
  CHECK(done[1].result == "offline");
  CHECK(done[1].pending == 2);            // the receipt journalled meanwhile is counted
  CHECK(rig.office.calls().size() == 1);  // no second run at once
  CHECK(rig.syncer->status_json()["running"] == false);
}

TEST_CASE("the scheduled sync does not start beside one asked for") {
  Rig rig;
  rig.office.hold();
  std::vector<daemon::SyncSummary> done;
  rig.syncer->start();
  rig.syncer->sync_now([&](const daemon::SyncSummary& s) { done.push_back(s); });
  REQUIRE(rig.run_until([&] { return rig.office.waiting() == 1; }));
  CHECK(rig.clock.fire_next());  // the first scheduled sync falls due meanwhile
  rig.office.release();
  REQUIRE(rig.run_until([&] { return done.size() == 1; }));
  CHECK(rig.office.call_lines() == std::vector<std::string>{"GET /v1/sync/pull"});  // one run
  CHECK(rig.waits() == ms({1000, 60000}));
}

TEST_CASE("a register not enrolled answers offline at once and calls nobody") {
  Rig rig(false);
  std::vector<daemon::SyncSummary> done;
  rig.syncer->start();
  CHECK(rig.clock.pending() == 0);  // no schedule either
  rig.syncer->sync_now([&](const daemon::SyncSummary& s) { done.push_back(s); });
  REQUIRE(done.size() == 1);
  CHECK(done[0].result == "offline");
  CHECK(done[0].error == "this register is not enrolled with head office yet (kopilka enroll)");
  CHECK(rig.office.calls().empty());
  CHECK(rig.syncer->office_state() == "never");
}

TEST_CASE("stop cancels the schedule") {
  Rig rig;
  rig.syncer->start();
  CHECK(rig.clock.pending() == 1);
  rig.syncer->stop();
  CHECK(rig.clock.pending() == 0);
  CHECK(rig.office.calls().empty());
}

TEST_CASE("stopping in the middle of a sync answers whoever waits for it") {
  // SIGTERM during a shift close: the server finishes its requests in flight before the
  // daemon exits, so an unanswered shift close kept kopilkad running for ever.
  Rig rig;
  rig.journal();
  rig.office.hold();
  std::vector<daemon::SyncSummary> done;
  auto record = [&](const daemon::SyncSummary& s) { done.push_back(s); };
  rig.syncer->sync_now(record);
  REQUIRE(rig.run_until([&] { return rig.office.waiting() == 1; }));
  rig.syncer->sync_now(record);  // asked for while it runs: waits for the run after it
  rig.syncer->stop();
  REQUIRE(done.size() == 2);
  for (const auto& s : done) {
    CHECK(s.result == "offline");
    CHECK(s.error == "kopilkad is stopping; the sync goes on when it starts again");
    CHECK(s.pending == 1);  // the push never got its answer: the entry goes next time
  }
  // Asked after the stop (a shift close read while the server finishes): answered at once.
  rig.syncer->sync_now(record);
  REQUIRE(done.size() == 3);
  CHECK(done[2].result == "offline");
}
