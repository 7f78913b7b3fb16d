// The notification outbox on both engines: a message queues once per dedupe key, one
// claim at a time holds it, a lost worker's lease runs out, a sent message is never
// claimed again, and failures are retried on the schedule until they fail for good.
#include <doctest/doctest.h>

#include "office/outbox.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

namespace {

office::QueuedMessage burning(const std::string& card) {
  return {"points_burning:" + card + ":2026-12-31:email",
          "points_burning",
          "email",
          "",
          "c-1",
          card,
          core::Json{{"points", 900}}};
}

}  // namespace

TEST_CASE("a message queues once per dedupe key") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  CHECK(*office::queue_message(sql, burning("2000000000015"), 1000));
  CHECK_FALSE(*office::queue_message(sql, burning("2000000000015"), 1001));
  CHECK(*office::queue_message(sql, burning("2000000000022"), 1002));
  auto log = office::delivery_log(sql, "c-1", *core::locate_zone("UTC"), 10);
  REQUIRE(log.ok());
  CHECK((*log)["notifications"].size() == 2);
  CHECK((*log)["notifications"][0]["state"] == "queued");
  CHECK((*log)["notifications"][0]["card"] == "2000000000022");
}

TEST_CASE("delivery ids sort in the order the messages were queued") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  for (int i = 0; i < 50; ++i)
    REQUIRE(*office::queue_message(sql, burning("20000000" + std::to_string(10000 + i)), 1000));
  auto rows = sql.query("SELECT id, card FROM outbox ORDER BY id", {});
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 50);
  for (int i = 0; i < 50; ++i) {
    CHECK((*rows)[i].text(1) == "20000000" + std::to_string(10000 + i));
    CHECK((*rows)[i].text(0).size() == 27);  // n-, 13 hex digits of time, 12 random
  }
}

TEST_CASE("one claim holds a message until its lease runs out; sent is never claimed again") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  REQUIRE(*office::queue_message(sql, burning("2000000000015"), 1000));
  CHECK_FALSE(office::claim_due(sql, 999, 60)->has_value());  // not yet due
  auto first = office::claim_due(sql, 1000, 60);
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  CHECK((*first)->attempts == 1);
  CHECK((*first)->message.payload["points"] == 900);
  CHECK((*first)->message.card == "2000000000015");
  CHECK_FALSE(office::claim_due(sql, 1030, 60)->has_value());  // held by the first
  auto again = office::claim_due(sql, 1061, 60);               // the first worker died
  REQUIRE(again->has_value());
  CHECK((*again)->id == (*first)->id);
  CHECK((*again)->attempts == 2);
  // The first worker was only slow: its send is not recorded over the second's claim,
  // which still holds the message (no third worker can take it).
  CHECK(*office::mark_sent(sql, **first, 1062) == false);
  CHECK_FALSE(office::claim_due(sql, 1070, 60)->has_value());
  CHECK(*office::sent_between(sql, "c-1", 1000, 2000) == 0);
  CHECK(*office::mark_sent(sql, **again, 1062) == true);
  CHECK_FALSE(office::claim_due(sql, 100000, 60)->has_value());
  CHECK(*office::sent_between(sql, "c-1", 1000, 2000) == 1);
  office::QueuedMessage hook = burning("2000000000015");
  hook.dedupe += ":webhook";
  hook.channel = "webhook";
  REQUIRE(*office::queue_message(sql, hook, 1100));
  auto h = office::claim_due(sql, 1100, 60);
  REQUIRE(*office::mark_sent(sql, **h, 1100));
  CHECK(*office::sent_between(sql, "c-1", 1000, 2000) == 1);  // a webhook is no message to her
  CHECK(*office::sent_between(sql, "c-1", 2000, 3000) == 0);
}

TEST_CASE("failures are retried on the schedule, then fail for good") {
  CHECK(*office::retry_delay(1) == 10);  // office.md: first retry within 10 s
  CHECK(*office::retry_delay(2) == 60);
  CHECK(*office::retry_delay(6) == 21600);
  CHECK_FALSE(office::retry_delay(7));
  TempStore t;
  office::Sql& sql = t.store->sql();
  REQUIRE(*office::queue_message(sql, burning("2000000000015"), 1000));
  auto m = office::claim_due(sql, 1000, 60);
  REQUIRE(m->has_value());
  REQUIRE(*office::mark_attempt_failed(sql, **m, "HTTP 500", 1010));
  CHECK_FALSE(office::claim_due(sql, 1009, 60)->has_value());
  auto retry = office::claim_due(sql, 1010, 60);
  REQUIRE(retry->has_value());
  REQUIRE(*office::mark_attempt_failed(sql, **retry, "HTTP 400", std::nullopt));
  CHECK_FALSE(office::claim_due(sql, 100000, 60)->has_value());
  auto log = office::delivery_log(sql, "", *core::locate_zone("UTC"), 10);
  CHECK((*log)["notifications"][0]["state"] == "failed");
  CHECK((*log)["notifications"][0]["reason"] == "HTTP 400");
}

TEST_CASE("quiet hours defer without counting an attempt; suppression is final") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  REQUIRE(*office::queue_message(sql, burning("2000000000015"), 1000));
  auto m = office::claim_due(sql, 1000, 60);
  REQUIRE(*office::defer_message(sql, **m, 5000, "quiet hours: goes at 09:00"));
  CHECK_FALSE(office::claim_due(sql, 4999, 60)->has_value());
  // Waiting, it says why (a queued message's reason is the log's only word on it).
  auto waiting = office::delivery_log(sql, "", *core::locate_zone("UTC"), 10);
  CHECK((*waiting)["notifications"][0]["reason"] == "quiet hours: goes at 09:00");
  auto later = office::claim_due(sql, 5000, 60);
  REQUIRE(later->has_value());
  CHECK((*later)->attempts == 1);
  REQUIRE(*office::mark_suppressed(sql, **later, "no consent to email"));
  CHECK_FALSE(office::claim_due(sql, 100000, 60)->has_value());
}

TEST_CASE("a worker whose claim ran out overwrites no verdict of the worker that claimed since") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  REQUIRE(*office::queue_message(sql, burning("2000000000015"), 1000));
  auto slow = office::claim_due(sql, 1000, 60);
  REQUIRE(slow->has_value());
  auto second = office::claim_due(sql, 1061, 60);  // the first claim ran out
  REQUIRE(second->has_value());
  // Every verdict of the slow worker finds the message claimed by another: nothing changes,
  // and the second claim still holds it (no third worker can take it).
  CHECK(*office::mark_attempt_failed(sql, **slow, "HTTP 500", 1070) == false);
  CHECK(*office::mark_attempt_failed(sql, **slow, "HTTP 400", std::nullopt) == false);
  CHECK(*office::mark_suppressed(sql, **slow, "unsubscribed") == false);
  CHECK(*office::defer_message(sql, **slow, 90000, "quiet hours") == false);
  CHECK_FALSE(office::claim_due(sql, 1100, 60)->has_value());
  auto log = office::delivery_log(sql, "", *core::locate_zone("UTC"), 10);
  CHECK((*log)["notifications"][0]["state"] == "queued");
  CHECK((*log)["notifications"][0]["reason"].is_null());
  // The second worker's verdict is recorded; after it the slow one's is still refused.
  CHECK(*office::mark_suppressed(sql, **second, "no consent to email") == true);
  CHECK(*office::mark_attempt_failed(sql, **slow, "HTTP 500", 1070) == false);
  CHECK(*office::mark_sent(sql, **second, 1080) == false);  // settled: once only
  log = office::delivery_log(sql, "", *core::locate_zone("UTC"), 10);
  CHECK((*log)["notifications"][0]["state"] == "suppressed");
  CHECK((*log)["notifications"][0]["reason"] == "no consent to email");
  CHECK_FALSE(office::claim_due(sql, 100000, 60)->has_value());
}

TEST_CASE("a deferred message's next claim is a new one: the deferring claim records nothing") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  REQUIRE(*office::queue_message(sql, burning("2000000000015"), 1000));
  auto first = office::claim_due(sql, 1000, 60);
  REQUIRE(*office::defer_message(sql, **first, 2000, "the daily limit"));
  // The deferral gave the attempt back: the next claim has the same attempt number, and is
  // told from the first by its lease.
  auto next = office::claim_due(sql, 2000, 60);
  REQUIRE(next->has_value());
  CHECK((*next)->attempts == (*first)->attempts);
  CHECK(*office::mark_attempt_failed(sql, **first, "late", std::nullopt) == false);
  CHECK(*office::mark_sent(sql, **next, 2001) == true);
  CHECK(*office::sent_between(sql, "c-1", 2000, 3000) == 1);
}
