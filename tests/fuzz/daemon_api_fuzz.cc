// libFuzzer target for kopilkad's API as a whole: any method, path, query and body, with
// the POS or the admin token, through handle_request against a real store (on /dev/shm, so
// fsync is cheap). Every request gets exactly one answer; an error answer is well formed;
// nothing answers 500, which would mean a bug or a damaged database.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "daemon/app.h"

using namespace kopilka;

namespace {

const std::string kPos = "pos-token-0123456789";
const std::string kAdmin = "admin-token-0123456789";

const std::string& data_dir() {
  // Never destroyed: the atexit clean-up below may run after static destructors.
  static const std::string* dir =
      new std::string("/dev/shm/kopilka-daemon-api-fuzz-" + std::to_string(::getpid()));
  return *dir;
}

// A fresh register every 2 000 inputs, so cards and receipts do not grow without end.
daemon::App& app() {
  static asio::io_context io;
  static daemon::App* a = nullptr;
  static int uses = 0;
  if (uses++ % 2000 == 0) {
    const std::string& dir = data_dir();
    if (a == nullptr) std::atexit([] { std::filesystem::remove_all(data_dir()); });
    delete a;
    std::filesystem::remove_all(dir);
    auto config = daemon::parse_daemon_config(
        "pos_token = \"" + kPos + "\"\nadmin_token = \"" + kAdmin + "\"\n", dir);
    if (!config) __builtin_trap();
    config->data_dir = dir;
    auto store = daemon::Store::open(dir);
    if (!store) __builtin_trap();
    a = new daemon::App{io, std::move(*config), std::move(*store), {}, nullptr, nullptr, [] {
                          return core::Instant{1795510800};
                        }};
    if (!a->reload_programs().is_ok()) __builtin_trap();
  }
  return *a;
}

// Splits the input at its first three newlines: method, path?query, token choice; the rest
// is the body.
std::string_view take_line(std::string_view& in) {
  auto n = in.find('\n');
  std::string_view line = in.substr(0, n);
  in.remove_prefix(n == std::string_view::npos ? in.size() : n + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  common::HttpRequest req;
  req.method = std::string(take_line(in));
  std::string target(take_line(in));
  std::string_view who = take_line(in);
  req.body = std::string(in);
  auto q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string_view rest = std::string_view(target).substr(q + 1);
    while (!rest.empty()) {
      auto amp = rest.find('&');
      std::string_view kv = rest.substr(0, amp);
      auto eq = kv.find('=');
      req.query[std::string(kv.substr(0, eq))] =
          eq == std::string_view::npos ? "" : std::string(kv.substr(eq + 1));
      rest.remove_prefix(amp == std::string_view::npos ? rest.size() : amp + 1);
    }
  }
  // Long polls and syncs answer later, from timers and the network: not for this target.
  if (req.path.find("events") != std::string::npos || req.path.find("shift") != std::string::npos ||
      req.path.find("sync") != std::string::npos)
    return 0;
  req.authorization = "Bearer " + (who == "admin" ? kAdmin : who == "none" ? "" : kPos);
  int answers = 0;
  common::HttpResponse out;
  daemon::handle_request(app(), req, [&](common::HttpResponse r) {
    ++answers;
    out = std::move(r);
  });
  if (answers != 1) __builtin_trap();
  if (out.status >= 500 && out.status != 503) __builtin_trap();
  if (out.status >= 400) {
    const auto& e = out.body.at("error");
    if (!e.at("code").is_string() || e.at("message").get<std::string>().empty()) __builtin_trap();
  }
  // Serialised as common/http_server.cc does: an echoed invalid byte becomes U+FFFD.
  (void)out.body.dump(-1, ' ', false, core::Json::error_handler_t::replace);
  return 0;
}
