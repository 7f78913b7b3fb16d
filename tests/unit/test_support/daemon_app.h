// The daemon's App on a real SQLite store in a temp directory, with its routes called
// in-process: for unit tests of what a route writes (no HTTP, no event loop running).
// Header-only, for the daemon's unit tests.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "daemon/app.h"
#include "test_support/temp_dir.h"

namespace kopilka::test {

inline const std::string kPos = "pos-token-0123456789";
inline const std::string kAdmin = "admin-token-0123456789";

struct TestApp {
  TempDir tmp{"kopilka-daemon-app"};
  std::string dir = tmp.sub("data");
  asio::io_context io;
  std::unique_ptr<daemon::App> app;

  TestApp() {
    auto config = daemon::parse_daemon_config(
        "pos_token = \"" + kPos + "\"\nadmin_token = \"" + kAdmin + "\"\n", dir);
    REQUIRE(config.ok());
    config->data_dir = dir;
    auto store = daemon::Store::open(dir);
    REQUIRE(store.ok());
    app.reset(new daemon::App{io, std::move(*config), std::move(*store), {}, nullptr, nullptr, [] {
                                return core::Instant{1795510800};
                              }});
    REQUIRE(app->reload_programs().is_ok());
  }
  ~TestApp() { app.reset(); }

  common::HttpResponse call(const std::string& method, const std::string& path,
                            const std::string& body = "", const std::string& token = kPos) {
    common::HttpRequest req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.authorization = "Bearer " + token;
    auto q = path.find('?');
    if (q != std::string::npos) {
      req.path = path.substr(0, q);
      auto kv = path.substr(q + 1);
      req.query[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    }
    common::HttpResponse out{0, {}};
    daemon::handle_request(*app, req, [&out](common::HttpResponse r) { out = std::move(r); });
    // A route that wrote its answer as text (confirm) is read back as the POS would.
    if (!out.text.empty()) out.body = core::Json::parse(out.text);
    return out;
  }

  // A 10 % cashback program (a point a rouble) and the active card 2000000000015.
  void add_cashback_and_card() {
    REQUIRE(call("PUT", "/v1/admin/programs/cashback",
                 R"({"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10})", kAdmin)
                .status == 201);
    REQUIRE(
        call("PUT", "/v1/admin/cards/2000000000015", R"({"status": "active"})", kAdmin).status ==
        201);
  }

  void set_max_pages(std::int64_t pages) {
    REQUIRE(app->store->db().exec("PRAGMA max_page_count = " + std::to_string(pages)).is_ok());
  }
  std::int64_t page_count() {
    auto st = app->store->db().prepare("PRAGMA page_count");
    REQUIRE(st.ok());
    REQUIRE(*st->step());
    auto n = st->int64(0);
    st->reset();
    return n;
  }
};

}  // namespace kopilka::test
