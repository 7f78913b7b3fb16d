// libFuzzer target for the register's side of a sync: any bytes as head office's answer to
// a pull (register/sync_run.cc: the page's checks, read_pulled_cards, then applying it slice by
// slice to a real register store in /dev/shm). Whatever head office sends, the run ends ok
// or failed with a reason, never a crash, and every card it stored can be loaded again.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "register/sync_run.h"

using namespace kopilka;

namespace {

const std::string& data_dir() {
  // Never destroyed: the atexit clean-up below may run after static destructors.
  static const std::string* dir =
      new std::string("/dev/shm/kopilka-register-pull-fuzz-" + std::to_string(::getpid()));
  return *dir;
}

// A fresh register every 1 000 inputs, so cards do not grow without end across the run.
daemon::Store& store() {
  static std::unique_ptr<daemon::Store> s;
  static int uses = 0;
  if (uses++ % 1000 == 0) {
    if (!s) std::atexit([] { std::filesystem::remove_all(data_dir()); });
    s.reset();
    std::filesystem::remove_all(data_dir());
    auto opened = daemon::Store::open(data_dir());
    if (!opened || !(*opened)->integrity().is_ok()) __builtin_trap();
    s = std::move(*opened);
  }
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses whether the cards are read ahead (as the daemon's worker does)
  // or while the page is applied (as the CLI does).
  const bool read_ahead = data[0] & 1;
  auto body =
      core::parse_json_exact(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (!body) return 0;
  daemon::Store& s = store();
  // The cards the page names, to be loaded again afterwards.
  std::vector<std::string> numbers;
  if (body->is_object() && body->contains("changes") && (*body)["changes"].is_array()) {
    for (const auto& c : (*body)["changes"]) {
      if (!c.is_object() || !c.contains("state") || !c["state"].is_object()) continue;
      const core::Json& n = c["state"].contains("number") ? c["state"]["number"] : core::Json();
      if (n.is_string()) numbers.push_back(n.get<std::string>());
    }
  }
  daemon::SyncOptions options;
  options.zone = *core::locate_zone("Europe/Moscow");
  options.now = [] { return core::Instant{1795510800}; };
  options.apply_slice = 3;  // several slices from small inputs
  daemon::SyncRun run(s, options);
  auto call = run.next();  // nothing pending: the first call is the pull
  if (!call || call->method != "GET") __builtin_trap();
  daemon::OfficeAnswer answer{200, std::move(*body)};
  daemon::PulledCards cards;
  if (read_ahead) cards = daemon::read_pulled_cards(answer.body);
  run.take(std::move(answer), std::move(cards));
  while (run.apply_slice()) {
  }
  if (!run.done()) {
    // "more": true: the run asks for the next page, which never comes here.
    auto again = run.next();
    if (!again || again->method != "GET") __builtin_trap();
  } else {
    const daemon::SyncSummary& summary = run.summary();
    if (summary.result != "ok" && summary.result != "failed") __builtin_trap();
    if (summary.result == "failed" && summary.error.empty()) __builtin_trap();
  }
  // A slice is stored whole or not at all: whatever was stored reads back.
  for (const auto& n : numbers)
    if (!s.load_card(n).ok()) __builtin_trap();
  return 0;
}
