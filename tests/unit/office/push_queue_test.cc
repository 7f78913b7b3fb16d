// Tests of head office's group commit (office/push_queue.h): waiting batches share one
// transaction up to kGroupEntries entries, whole batches only, each register hears its own
// answer whatever group its batch went into, and the loop is free while a group is applied.
#include <doctest/doctest.h>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "core/engine.h"
#include "office/push_queue.h"
#include "office/sqlite_store.h"
#include "test_support/temp_dir.h"

using namespace kopilka;

namespace {

// `n` valid entries of register `reg`, each on a card of its own.
std::vector<office::PushEntry> batch(const std::string& reg, int n) {
  core::Json entries = core::Json::array();
  for (int i = 0; i < n; ++i) {
    std::string card = std::to_string(2000000000000 + i);
    entries.push_back(*core::parse_json_exact(
        R"({"id": ")" + reg + ":" + std::to_string(i) +
        R"(", "kind": "receipt", "at": "2026-11-24T12:00:00+03:00", "effects": {"card": ")" + card +
        R"(", "spent_delta": 1000}})"));
  }
  auto parsed = office::parse_push(reg, entries);
  REQUIRE(parsed.ok());
  return std::move(*parsed);
}

}  // namespace

// A queue on a fresh SQLite office, with the loop's own connection beside the queue's.
struct QueueRig {
  test::TempDir tmp{"kopilka-office-queue"};
  core::Settings settings = moscow();
  std::unique_ptr<office::SqliteStore> loop_store = open(office::Opening::kFirst);
  asio::io_context io;
  office::PushQueue queue{io, open(office::Opening::kAnother), [] { return core::Instant{1000}; }};

  static core::Settings moscow() {
    core::Settings s;
    s.zone = *core::locate_zone("Europe/Moscow");
    return s;
  }
  std::unique_ptr<office::SqliteStore> open(office::Opening opening) {
    auto store = office::SqliteStore::open(tmp.sub("data"), settings, "", opening);
    REQUIRE(store.ok());
    return std::move(*store);
  }
};

TEST_CASE("the group commit takes whole batches up to kGroupEntries, the rest next turn") {
  QueueRig rig;
  auto& queue = rig.queue;
  auto& io = rig.io;
  static_assert(office::kGroupEntries == 500);
  // Groups: [200, 200] (a third 200 would pass 500), [200], [700] (one batch over the cap
  // still goes, alone), [50].
  const std::vector<int> sizes = {200, 200, 200, 700, 50};
  std::vector<std::optional<common::HttpResponse>> answers(sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    std::string reg = "r-" + std::to_string(i + 1);
    queue.add(reg, batch(reg, sizes[i]), [&answers, i](common::HttpResponse r) { answers[i] = r; });
  }
  io.run();
  CHECK(queue.groups() == 4);
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    REQUIRE(answers[i].has_value());
    CHECK(answers[i]->status == 200);
    CHECK(answers[i]->body["applied"] == sizes[i]);
    CHECK(answers[i]->body["acked"].size() == static_cast<std::size_t>(sizes[i]));
  }
}

TEST_CASE("the loop goes on while a group is applied on the queue's thread") {
  QueueRig rig;
  auto& queue = rig.queue;
  auto& io = rig.io;
  std::vector<std::string> order;
  queue.add("r-1", batch("r-1", 2000), [&order](common::HttpResponse r) {
    order.push_back("push " + r.body["applied"].dump());
  });
  // What a health check is to the loop: a handler ready after the push arrived. Applied on
  // the loop, the 2 000 entries would be answered first.
  asio::post(io, [&order] { order.push_back("health"); });
  io.run();
  CHECK(order == std::vector<std::string>{"health", "push 2000"});
  CHECK(queue.groups() == 1);
  // The loop's own connection sees what the thread committed.
  auto card = rig.loop_store->load_card("2000000000007");
  REQUIRE(card.ok());
  REQUIRE(card->has_value());
  CHECK((*card)->spent == 1000);
}

TEST_CASE("a push refused as it is read still counts as the register's contact") {
  QueueRig rig;
  auto code = rig.loop_store->add_register("Till 1", 900);
  REQUIRE(code.ok());
  auto enrolled = rig.loop_store->enroll(*code, "", 900);
  REQUIRE(enrolled.ok());
  const std::string id = enrolled->register_id;
  std::optional<common::HttpResponse> answer;
  rig.queue.add(
      id, office::RegisterReport{},
      [] {
        return office::PushReading(common::HttpResponse{400, core::Json::object()});
      },
      [&answer](common::HttpResponse r) { answer = r; });
  rig.io.run();
  REQUIRE(answer.has_value());
  CHECK(answer->status == 400);
  CHECK(rig.queue.groups() == 0);
  auto reg = office::find_register(rig.loop_store->sql(), id);
  REQUIRE(reg.ok());
  REQUIRE(reg->has_value());
  CHECK((*reg)->last_contact == std::optional<core::Instant>(1000));
}
