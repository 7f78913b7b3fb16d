// Tests of register/sync_run against a real register store, with head office's answers
// written out by hand: the run's course (push, upload, pull), offline and failed runs, and
// the blocking run the CLI uses.
#include "register/sync_run.h"

#include <doctest/doctest.h>

#include <fstream>

#include "fakes/fake_office.h"
#include "register/enrol_upload.h"
#include "sync_test_util.h"

using namespace kopilka;
using namespace kopilka::test;
using core::Json;

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

TEST_CASE("a head office restored from a backup gets the whole journal again, and all is pulled") {
  TempStore t;
  t.journal(10);
  std::string epoch = "e1";
  fakes::FakeOffice office;
  office.answer_with([&epoch](const daemon::OfficeRequest& request) {
    auto a = fakes::FakeOffice::healthy(request);
    if (a) a->epoch = epoch;
    return a;
  });
  CHECK(daemon::run_sync_blocking(*t.store, office, {}, t.options()).pushed == 1);
  CHECK(*t.store->meta("office_epoch") == "e1");  // the first epoch heard is kept
  REQUIRE(t.store->set_meta("sync_cursor", "42").is_ok());
  t.journal(20);
  CHECK(daemon::run_sync_blocking(*t.store, office, {}, t.options()).pushed == 1);
  CHECK(office.calls().back().path.find("after=42") != std::string::npos);

  // Restored: the first answer of the next run names another epoch. It is not used; both
  // entries go again, and the pull starts with a first sync's snapshot.
  epoch = "e2";
  t.journal(30);
  const std::size_t before = office.calls().size();
  auto s = daemon::run_sync_blocking(*t.store, office, {}, t.options());
  CHECK(s.result == "ok");
  CHECK(s.pending == 0);
  auto calls = office.calls();
  REQUIRE(calls.size() == before + 3);
  CHECK(Json::parse(calls[before].body)["entries"].size() == 1);      // answered by e2
  CHECK(Json::parse(calls[before + 1].body)["entries"].size() == 3);  // the whole journal
  CHECK(calls[before + 2].path.find("after=0&") != std::string::npos);
  CHECK(calls[before + 2].path.find("snapshot=0") != std::string::npos);
  CHECK(*t.store->meta("office_epoch") == "e2");
  // Then as usual: nothing more to send.
  CHECK(daemon::run_sync_blocking(*t.store, office, {}, t.options()).pushed == 0);
  // A head office that does not say its epoch changes nothing.
  epoch.clear();
  t.journal(40);
  CHECK(daemon::run_sync_blocking(*t.store, office, {}, t.options()).pushed == 1);
  CHECK(*t.store->meta("office_epoch") == "e2");
}

TEST_CASE("a register enrolled with another head office does not send it what the first one had") {
  TempStore t;
  t.journal(10);
  fakes::FakeOffice first;
  first.answer_with([](const daemon::OfficeRequest& request) {
    auto a = fakes::FakeOffice::healthy(request);
    if (a) a->epoch = "first";
    return a;
  });
  CHECK(daemon::run_sync_blocking(*t.store, first, {}, t.options()).pushed == 1);
  t.journal(20);
  {
    std::ofstream marker(daemon::enrol_marker_path(t.dir));
    marker << daemon::enrol_marker_text(daemon::EnrolPrograms::kReplace);
  }
  fakes::FakeOffice second;
  second.answer_with(
      [](const daemon::OfficeRequest& request) -> core::Result<daemon::OfficeAnswer> {
        if (request.path == "/v1/sync/upload") {
          daemon::OfficeAnswer a{
              200,
              Json{{"cards", 0}, {"created", 0}, {"updated", 0}, {"conflicts", Json::array()}}};
          a.epoch = "second";
          return a;
        }
        auto a = fakes::FakeOffice::healthy(request);
        if (a) a->epoch = "second";
        return a;
      });
  auto s = daemon::run_sync_blocking(*t.store, second, {}, t.options());
  CHECK(s.result == "ok");
  // Only the entry the first head office never had: the epoch of the one enrolling the
  // register is taken as it is, not as a restore.
  CHECK(s.pushed == 1);
  CHECK(*t.store->meta("office_epoch") == "second");
}

TEST_CASE("head office answering with two epochs in turn ends the run instead of looping") {
  // Two head office processes behind a balancer, one not restarted after `restored`.
  TempStore t;
  t.journal(10);
  int calls = 0;
  fakes::FakeOffice office;
  office.answer_with([&calls](const daemon::OfficeRequest& request) {
    auto a = fakes::FakeOffice::healthy(request);
    if (a) a->epoch = ++calls % 2 ? "old" : "new";
    return a;
  });
  REQUIRE(t.store->set_meta("office_epoch", "old").is_ok());
  auto s = daemon::run_sync_blocking(*t.store, office, {}, t.options());
  CHECK(s.result == "failed");
  CHECK(s.error.find("every head office process must be restarted") != std::string::npos);
  CHECK(calls == 3);  // answered by "old", then "new" (start over), then "old" again: the end
}
