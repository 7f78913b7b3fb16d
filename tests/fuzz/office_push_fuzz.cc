// libFuzzer target for head office's ingest of pushed journal entries: any bytes as a push
// body through office::push (office/storage.h: the batch's validation, then one
// transaction) on a real SQLite store in /dev/shm. A batch is refused whole (no id, another
// register's entry), or every entry is either acknowledged or refused by its id (beyond the
// register's limits, or it would overflow its card); every card it touched can still be loaded
// afterwards and its points add up without overflowing.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "office/sqlite_store.h"
#include "office/storage.h"

using namespace kopilka;

namespace {

const std::string& data_dir() {
  // Never destroyed: the atexit clean-up below may run after static destructors.
  static const std::string* dir =
      new std::string("/dev/shm/kopilka-office-push-fuzz-" + std::to_string(::getpid()));
  return *dir;
}

struct HeadOffice {
  std::unique_ptr<office::Storage> store;
  std::string register_id;
};

// A fresh store every 1 000 inputs, so cards do not grow without end across the run.
HeadOffice& head_office() {
  static HeadOffice o;
  static int uses = 0;
  if (uses++ % 1000 == 0) {
    static const bool once = [] {
      std::atexit([] { std::filesystem::remove_all(data_dir()); });
      return true;
    }();
    (void)once;
    o.store.reset();
    std::filesystem::remove_all(data_dir());
    core::Settings settings;
    settings.zone = *core::locate_zone("Europe/Moscow");
    auto store = office::SqliteStore::open(data_dir(), settings);
    if (!store) __builtin_trap();
    auto code = (*store)->add_register("Till 1", 1795510800);
    if (!code) __builtin_trap();
    auto enrolment = (*store)->enroll(*code, "r-1", 1795510800);
    if (!enrolment) __builtin_trap();
    o.store = std::move(*store);
    o.register_id = enrolment->register_id;
  }
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto body = core::parse_json_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!body) return 0;
  HeadOffice& o = head_office();
  const core::Json& entries =
      body->is_object() && body->contains("entries") ? (*body)["entries"] : *body;
  auto pushed = office::push(*o.store, o.register_id, entries, 1795510800);
  if (!pushed) {
    if (pushed.status().message().empty()) __builtin_trap();
    return 0;
  }
  if (pushed->acked.size() + pushed->refused.size() != entries.size() ||
      pushed->applied > pushed->acked.size())
    __builtin_trap();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    // The answer names every entry, in order: acknowledged or refused with a reason.
    const std::string& id = entries[i]["id"].get_ref<const std::string&>();
    bool acked = std::find(pushed->acked.begin(), pushed->acked.end(), id) != pushed->acked.end();
    bool refused = std::any_of(pushed->refused.begin(), pushed->refused.end(),
                               [&](const office::RefusedEntry& r) {
                                 return r.id == id && !r.why.is_ok() && !r.why.message().empty();
                               });
    if (!acked && !refused) __builtin_trap();
    const core::Json& e = entries[i];
    if (!e.contains("effects") || !e["effects"].is_object()) continue;
    const core::Json& fx = e["effects"];
    if (!fx.contains("card") || !fx["card"].is_string() || fx["card"].get<std::string>().empty())
      continue;
    auto card = o.store->load_card(fx["card"].get<std::string>());
    if (!card.ok()) __builtin_trap();
    if (!card->has_value()) continue;
    std::int64_t sum = 0;
    for (const auto& lot : (*card)->lots) {
      auto next = core::checked_add(sum, lot.remaining);
      if (!next || lot.remaining <= 0) __builtin_trap();
      sum = *next;
    }
    if ((*card)->debt < 0) __builtin_trap();
  }
  return 0;
}
