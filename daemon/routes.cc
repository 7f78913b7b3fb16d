// Request dispatch and the helpers the route groups share. Authentication is in auth.cc;
// each group of paths has its own routes_*.cc.
#include <filesystem>

#include <spdlog/spdlog.h>

#include "common/db.h"
#include "common/secrets.h"
#include "core/card_data_fields.h"
#include "core/card_number.h"
#include "core/json_text.h"
#include "daemon/app.h"
#include "daemon/auth.h"
#include "register/chain_settings.h"

namespace kopilka::daemon {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "/v1/receipts/R%2F7/refund" → {"v1", "receipts", "R/7", "refund"}: segments are split
// first and then percent-decoded, so a receipt id may hold any character. A bad escape
// or a decoded NUL is refused.
std::optional<std::vector<std::string>> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/') {
      if (!cur.empty()) parts.push_back(std::move(cur));
      cur.clear();
    } else if (c == '%') {
      int hi = i + 2 < path.size() ? hex_value(path[i + 1]) : -1;
      int lo = hi >= 0 ? hex_value(path[i + 2]) : -1;
      if (lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
      cur += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(std::move(cur));
  return parts;
}

// A request that may read a card and write it back runs in one write transaction: the
// sync applies pulled pages through a connection of its own (daemon/syncer.h), and a slice
// committed between such a request's read and its write would be overwritten by it. The
// handler's own transactions become savepoints of this one; an answer of 400 and above
// keeps nothing it wrote, and the POS hears "ok" only after the commit.
HttpResponse in_one_transaction(App& app, const std::function<HttpResponse()>& handle) {
  HttpResponse out;
  Status s = write(app, [&]() -> Status {
    out = handle();
    return out.status < 400 ? Status::ok() : Status::conflict("the request was refused");
  });
  if (!s && out.status < 400) return status_response(s);
  return out;
}

// Confirms, refunds, cancels, top-ups and the admin's card edits and points. Reads and
// calculations never wait for a slice of the sync (WAL readers do not wait for the
// writer); programs and the config file are no card's, and a config edit must work even
// when the database cannot be written.
bool may_write_a_card(const HttpRequest& req, const std::vector<std::string>& parts) {
  if (req.method == "GET" || parts.size() < 3) return false;
  if (parts[1] == "receipts") return parts.size() != 3 || parts[2] != "calculate";
  if (parts[1] == "wallet") return true;
  return parts[1] == "admin" && parts[2] == "cards";
}

}  // namespace

Status App::reload_programs() {
  auto docs = store->program_documents();
  if (!docs) return docs.status();
  auto set = core::ProgramSet::build(*docs);
  if (!set) return Status::corrupt("stored programs are invalid: " + set.status().message());
  programs = std::move(*set);
  return Status::ok();
}

namespace {

std::string listed(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + item;
  return out + "]";
}

// Head office's chain settings win over the config file (office.md "Chain settings"); a
// technician must be able to see in the log when they changed what this register computes
// with, and what its own file says (an owner saving only point_value also sends the
// chain's no_loyalty_categories, which may drop the file's ["tobacco"]).
void say_settings_changed(const core::Settings& before, const core::Settings& after,
                          const core::Settings& file) {
  auto say = [](const char* key, const std::string& was, const std::string& now,
                const std::string& in_file) {
    if (was == now) return;
    spdlog::warn(
        "head office's chain settings set {} to {} on this register (was {}; {} in "
        "this register's config file)",
        key, now, was, in_file);
  };
  say("point_value", std::to_string(before.point_value), std::to_string(after.point_value),
      std::to_string(file.point_value));
  say("expiry_warning_days", std::to_string(before.expiry_warning_days),
      std::to_string(after.expiry_warning_days), std::to_string(file.expiry_warning_days));
  say("no_loyalty_categories", listed(before.no_loyalty_categories),
      listed(after.no_loyalty_categories), listed(file.no_loyalty_categories));
}

}  // namespace

Status App::reload_settings() {
  auto office = store->chain_settings();
  if (!office) return office.status();
  auto effective = with_office_settings(file_settings, *office);
  if (!effective)
    return Status::corrupt("stored chain settings are invalid: " + effective.status().message());
  // The store's time zone, once head office said it, is the one in use (chain_settings.h).
  if (office->contains("timezone")) config.timezone = (*office)["timezone"].get<std::string>();
  say_settings_changed(config.settings, *effective, file_settings);
  office_settings = std::move(*office);
  config.settings = std::move(*effective);
  return Status::ok();
}

bool App::managed_by_office() const {
  std::error_code ec;
  return std::filesystem::exists(config.data_dir + "/office.credential", ec);
}

core::Result<core::Json> parse_body(const HttpRequest& req) {
  return common::request_json(req.body.empty() ? "{}" : req.body);
}

core::Result<core::Instant> query_at(App& app, const HttpRequest& req) {
  auto it = req.query.find("at");
  if (it == req.query.end() || it->second.empty()) return app.now();
  std::string text = it->second;
  // An unescaped '+' of an offset arrives as a space after query decoding.
  if (text.size() > 19 && text[text.size() - 6] == ' ') text[text.size() - 6] = '+';
  auto at = core::parse_business_time(text);
  if (!at) return Status::invalid(at.status().message(), "at");
  return *at;
}

std::string body_hash(const core::Json& body) {
  std::string plain;
  core::append_plain_json(plain, body);
  return plain_body_hash(plain);
}

std::string plain_body_hash(const std::string& plain_text) {
  return common::sha256_hex(plain_text);
}

Status write(App& app, const std::function<Status()>& body) {
  ++app.writes_running;
  Status s = common::in_transaction(app.store->db(), body);
  const bool outermost = --app.writes_running == 0;
  if (s.code() == core::Code::kUnavailable) {
    if (!app.last_write_failed) spdlog::error("storage unavailable: {}", s.message());
    app.last_write_failed = true;
  }
  // Whether the writes succeeded is known at the outermost COMMIT only.
  if (!outermost) return s;
  std::vector<std::string> said = std::move(app.said_when_durable);
  app.said_when_durable.clear();
  if (s.is_ok()) {
    for (const auto& line : said) spdlog::info("{}", line);
    if (app.last_write_failed) spdlog::info("storage writes succeed again");
    app.last_write_failed = false;
    app.write_confirmed = true;
  }
  return s;
}

void say_when_durable(App& app, std::string line) {
  if (app.writes_running == 0) return spdlog::info("{}", line);
  app.said_when_durable.push_back(std::move(line));
}

std::string masked(const std::string& card) {
  return core::masked_card(card);
}

void handle_request(App& app, HttpRequest req, Respond respond) {
  if (req.query_malformed)
    return respond(error_response(400, "invalid_request", "the query string is malformed"));
  auto parts = split_path(req.path);
  if (!parts)
    return respond(error_response(400, "invalid_request", "the path is malformed", "path"));
  if (parts->size() < 2 || (*parts)[0] != "v1")
    return respond(error_response(404, "not_found", "no such path"));
  const std::string& group = (*parts)[1];
  if (group == "health" && parts->size() == 2) {
    if (req.method != "GET") return respond(error_response(405, "method_not_allowed", "use GET"));
    return respond(health(app));
  }
  Role role = role_of(app.config, req.authorization);
  if (role == Role::kNone)
    return respond(
        error_response(401, "unauthorized", "a valid Authorization: Bearer token is required"));
  if (group == "admin") {
    if (role != Role::kAdmin)
      return respond(error_response(403, "forbidden", "admin paths need the admin token"));
    if (parts->size() == 3 && (*parts)[2] == "sync")
      return route_sync(app, req, std::move(respond));
    // The admin's programs, cards, config and points are kept, journalled or logged: no text
    // of them may hold a bank card's data (head office refuses the same).
    if (req.method != "GET" && !req.body.empty())
      if (auto body = core::parse_json_exact(req.body))
        if (auto at = core::field_with_card_data(core::json_plain(*body)))
          return respond(error_response(
              400, "invalid_request",
              "looks like a bank card's number or its stripe, which the register never keeps",
              *at));
    if (may_write_a_card(req, *parts))
      return respond(in_one_transaction(app, [&] { return route_admin(app, req, *parts); }));
    return respond(route_admin(app, req, *parts));
  }
  if (group == "cards") return respond(route_cards(app, req, *parts));
  if (group == "receipts" || group == "wallet") {
    auto route = group == "receipts" ? route_receipts : route_wallet;
    if (may_write_a_card(req, *parts))
      return respond(in_one_transaction(app, [&] { return route(app, req, *parts); }));
    return respond(route(app, req, *parts));
  }
  if (group == "events" && parts->size() == 2) return route_events(app, req, std::move(respond));
  if (group == "shift" && parts->size() == 3 && (*parts)[2] == "close")
    return route_shift(app, req, std::move(respond));
  respond(error_response(404, "not_found", "no such path"));
}

}  // namespace kopilka::daemon
