// libFuzzer target for head office's ingest of pushed journal entries: any bytes as a push
// body through Store::push (office/store.cc: the batch's validation, then one transaction)
// on a real store in /dev/shm. A batch is refused whole or acknowledged whole, and every card
// it touched can still be loaded afterwards.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "office/store.h"

using namespace kopilka;

namespace {

const std::string& data_dir() {
  // Never destroyed: the atexit clean-up below may run after static destructors.
  static const std::string* dir =
      new std::string("/dev/shm/kopilka-office-push-fuzz-" + std::to_string(::getpid()));
  return *dir;
}

struct HeadOffice {
  std::unique_ptr<office::Store> store;
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
    auto store = office::Store::open(data_dir(), settings);
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
  auto pushed = o.store->push(o.register_id, entries, 1795510800);
  if (!pushed) {
    if (pushed.status().message().empty()) __builtin_trap();
    return 0;
  }
  if (pushed->acked.size() != entries.size() || pushed->applied > entries.size()) __builtin_trap();
  for (const auto& e : entries) {
    const auto& fx = e.at("effects");
    if (fx.contains("card") && fx["card"].is_string() && !fx["card"].get<std::string>().empty())
      if (!o.store->load_card(fx["card"].get<std::string>()).ok()) __builtin_trap();
  }
  return 0;
}
