// Tests of register/sync_push: what head office acknowledges and what it refuses, each
// refused entry recorded with its reason while the others sync on.
#include "register/sync_run.h"

#include <doctest/doctest.h>

#include "sync_test_util.h"

using namespace kopilka;
using namespace kopilka::test;
using core::Json;

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

  // Set aside: no longer counted; retried: sent again. Its card still held what it did
  // (a till offered points head office never had): the pull starts over, as a snapshot.
  REQUIRE(t.store->set_meta("sync_cursor", "42"));
  CHECK(*t.store->set_aside_refused(second, kAt) == 1);
  CHECK(*t.store->meta("sync_cursor") == "0");
  CHECK(*t.store->meta("sync_snapshot") == "");
  // A sync running meanwhile writes its cursor back: the next run still starts over.
  REQUIRE(t.store->set_meta("sync_cursor", "42"));
  {
    daemon::SyncRun next_run(*t.store, t.options());
    REQUIRE(next_run.next());
    CHECK(*t.store->meta("sync_cursor") == "0");
    CHECK(*t.store->meta("pull_afresh") == "");
  }
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
