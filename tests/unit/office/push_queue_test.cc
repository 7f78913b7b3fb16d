// Tests of head office's group commit (office/push_queue.h): waiting batches share one
// transaction up to kGroupEntries entries, whole batches only, and each register hears
// its own answer whatever group its batch went into.
#include <doctest/doctest.h>

#include <asio/io_context.hpp>

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

TEST_CASE("the group commit takes whole batches up to kGroupEntries, the rest next turn") {
  test::TempDir tmp{"kopilka-office-queue"};
  core::Settings settings;
  settings.zone = *core::locate_zone("Europe/Moscow");
  auto store = office::SqliteStore::open(tmp.sub("data"), settings);
  REQUIRE(store.ok());
  asio::io_context io;
  office::PushQueue queue(io, **store, [] { return core::Instant{1000}; });
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
