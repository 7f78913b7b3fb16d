// Admin paths (admin token): programs, cards, points adjustments and the config.
// Once the register is enrolled with head office, programs and cards are managed there
// (409 managed_by_office); points adjustments stay possible and are journalled.
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <set>

#include "core/card_edit.h"
#include "core/card_number.h"
#include "core/card_replacement.h"
#include "core/entry_limits.h"
#include "core/receipt_request.h"
#include "core/utf8_length.h"
#include "daemon/app.h"
#include "register/chain_settings.h"
#include "register/config_edit.h"

namespace kopilka::daemon {

namespace {

HttpResponse managed() {
  return error_response(
      409, "managed_by_office",
      "this register is enrolled with head office: edit programs and cards there (a file of "
      "cards: kopilka-office import cards)");
}

HttpResponse programs(App& app, const HttpRequest& req, const std::vector<std::string>& parts) {
  if (parts.size() == 3) {
    if (req.method != "GET") return error_response(405, "method_not_allowed", "use GET");
    auto docs = app.store->program_documents();
    if (!docs) return status_response(docs.status());
    core::Json list = core::Json::array();
    for (const auto& d : *docs) list.push_back(core::json_plain(d));
    return {200, core::Json{{"programs", std::move(list)}}};
  }
  if (parts.size() != 4) return error_response(404, "not_found", "no such path");
  const std::string& id = parts[3];
  if (req.method == "GET") {
    auto doc = app.store->program_document(id);
    if (!doc) return status_response(doc.status());
    if (!doc->has_value()) return error_response(404, "program_not_found", "no program " + id);
    return {200, core::json_plain(**doc)};
  }
  if (req.method != "PUT" && req.method != "DELETE")
    return error_response(405, "method_not_allowed", "use GET, PUT or DELETE");
  if (app.managed_by_office()) return managed();
  if (req.method == "DELETE") {
    core::Result<bool> existed = false;
    Status s = write(app, [&]() -> Status {
      existed = app.store->delete_program(id);
      return existed ? Status::ok() : existed.status();
    });
    if (!s) return status_response(s);
    if (!*existed) return error_response(404, "program_not_found", "no program " + id);
    if (Status r = app.reload_programs(); !r) return status_response(r);
    return {200, core::Json{{"deleted", id}}};
  }
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  if (Status v = core::validate_program(*body); !v)
    return error_response(400, "invalid_program", v.message(), v.field());
  if (core::program_id(*body) != id)
    return error_response(400, "invalid_program", "the document's id must match the path", "id");
  core::Result<bool> created = false;
  Status s = write(app, [&]() -> Status {
    created = app.store->put_program(id, *body, app.now());
    return created ? Status::ok() : created.status();
  });
  if (!s) return status_response(s);
  if (Status r = app.reload_programs(); !r) return status_response(r);
  spdlog::info("program {} {}", id, *created ? "created" : "updated");
  return {*created ? 201 : 200, core::json_plain(*body)};
}

HttpResponse card(App& app, const HttpRequest& req, const std::string& number) {
  if (req.method != "PUT") return error_response(405, "method_not_allowed", "use PUT");
  if (app.managed_by_office()) return managed();
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  auto edit = core::parse_card_edit(*body);
  if (!edit) return status_response(edit.status());
  if (Status born =
          core::check_birthday_past(*edit, core::local_day(app.now(), app.config.settings.zone));
      !born)
    return status_response(born);
  bool created = false;
  core::CardState card;
  Status s = write(app, [&]() -> Status {
    auto old = app.store->load_card(number);
    if (!old) return old.status();
    created = !old->has_value();
    card = old->value_or(core::CardState{});
    card.number = number;
    std::optional<core::CardState> referrer_card;
    if (edit->referred_by) {
      auto referrer = app.store->load_card(*edit->referred_by);
      if (!referrer) return referrer.status();
      referrer_card = std::move(*referrer);
    }
    if (Status r = core::check_referred_by(card, *edit, referrer_card ? &*referrer_card : nullptr);
        !r)
      return r;
    if (Status t = core::check_card_type(card, *edit, created); !t) return t;
    if (Status k = core::check_status_kept(card, *edit); !k) return k;
    core::apply_card_edit(card, *edit);
    return app.store->save_card(card, app.now());
  });
  if (!s) return status_response(s);
  return {created ? 201 : 200, core::card_view(card, app.programs, app.now(), app.config.settings)};
}

HttpResponse points(App& app, const HttpRequest& req, const std::string& number) {
  if (req.method != "POST") return error_response(405, "method_not_allowed", "use POST");
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  const core::Json& b = *body;
  if (!b.is_object())
    return error_response(400, "invalid_request", "the body must be a JSON object");
  for (auto it = b.begin(); it != b.end(); ++it) {
    static const std::set<std::string> known = {"adjust_id", "points", "reason", "lifetime_days",
                                                "at"};
    if (!known.count(it.key()))
      return error_response(400, "invalid_request", "is not a known field", it.key());
  }
  if (!b.contains("adjust_id") || !b["adjust_id"].is_string() ||
      b["adjust_id"].get<std::string>().empty() ||
      core::utf8_length(b["adjust_id"].get<std::string>()) > 256)
    return error_response(400, "invalid_request", "must be a non-empty string", "adjust_id");
  if (Status p = core::check_id_text(b["adjust_id"].get<std::string>(), "adjust_id"); !p)
    return status_response(p);
  if (!b.contains("points")) return error_response(400, "invalid_request", "is required", "points");
  // The same limits head office checks pushed adjustments against (core/entry_limits.h).
  auto pts = core::json_integer(b["points"]);
  if (!pts) return status_response(core::check_adjust_points(0));
  if (Status bad = core::check_adjust_points(*pts); !bad) return status_response(bad);
  std::optional<int> lifetime;
  if (b.contains("lifetime_days") && !b["lifetime_days"].is_null()) {
    auto d = core::json_integer(b["lifetime_days"]);
    if (!d) return status_response(core::check_lifetime_days(-1));
    if (Status bad = core::check_lifetime_days(*d); !bad) return status_response(bad);
    lifetime = static_cast<int>(*d);
  }
  if (b.contains("reason") &&
      (!b["reason"].is_string() || core::utf8_length(b["reason"].get<std::string>()) > 256))
    return error_response(400, "invalid_request", "must be a string up to 256 characters",
                          "reason");
  // Without `at`, the register's clock, which must be a business time too.
  auto when = !b.contains("at") ? core::clock_business_time(app.now())
              : b["at"].is_string()
                  ? core::parse_business_time(b["at"].get<std::string>())
                  : core::Result<core::Instant>(Status::invalid("must be a time"));
  if (!when) return error_response(400, "invalid_request", when.status().message(), "at");
  const core::Instant at = *when;
  const std::string adjust_id = b["adjust_id"].get<std::string>();
  const std::string hash = body_hash(b);
  std::string prior_hash;
  auto prior = app.store->get_adjustment(adjust_id, &prior_hash);
  if (!prior) return status_response(prior.status());
  if (prior->has_value()) {
    if ((*prior)->first != number || prior_hash != hash)
      return error_response(409, "adjustment_conflict",
                            "adjust_id " + adjust_id + " was used with a different body",
                            "adjust_id");
    core::Json replay = (*prior)->second;
    replay["replayed"] = true;
    return {200, std::move(replay)};
  }
  auto loaded = load_settled_card(app, number, at);
  if (!loaded) return status_response(loaded.status());
  if (!loaded->has_value()) return error_response(404, "card_not_found", "no card " + number);
  core::CardState card = std::move(**loaded);
  // Its points are on the replacement: adjusted here they would be a debt on a lost card.
  if (auto by = core::replacement_of(card); !by.empty())
    return error_response(
        409, "card_lost",
        "card " + number + " was replaced by " + std::string(by) + ": adjust that card", "number");
  if (Status g = core::check_points_adjustable(card); !g) return status_response(g);
  auto effects = core::adjustment_effects(card, *pts, lifetime, at, app.config.settings);
  core::Json response;
  Status s = write(app, [&]() -> Status {
    auto id = app.store->next_entry_id();
    if (!id) return id.status();
    if (Status e =
            core::apply_effects(card, effects, *id, core::local_day(at, app.config.settings.zone),
                                core::local_day(app.now(), app.config.settings.zone));
        !e)
      return e;
    if (Status e = app.store->save_card(card, app.now()); !e) return e;
    response = core::card_view(card, app.programs, at, app.config.settings);
    response["adjust_id"] = adjust_id;
    if (Status e = app.store->insert_adjustment(adjust_id, number, hash, response); !e) return e;
    return app.store->append_journal(*id, "adjust", number, at, core::effects_to_json(effects),
                                     core::Json{{"adjust_id", adjust_id}, {"request", b}});
  });
  if (!s) return status_response(s);
  say_when_durable(app, fmt::format("points adjusted on card {}: {}", masked(number), *pts));
  return {200, std::move(response)};
}

// The config as in effect: the file's values with head office's chain settings over them,
// and "from_office" naming the keys whose values are head office's.
core::Json config_answer(App& app) {
  core::Json j = config_to_json(app.config);
  j["from_office"] = office_setting_keys(app.office_settings);
  return j;
}

}  // namespace

HttpResponse route_admin(App& app, const HttpRequest& req, const std::vector<std::string>& parts) {
  if (parts.size() >= 3 && parts[2] == "programs") return programs(app, req, parts);
  if (parts.size() >= 4 && parts[2] == "cards") {
    const std::string& number = parts[3];
    if (core::Status c = core::check_card_number(number, "number"); !c) return status_response(c);
    if (parts.size() == 4) return card(app, req, number);
    if (parts.size() == 5 && parts[4] == "points") return points(app, req, number);
  }
  if (parts.size() == 3 && parts[2] == "config") {
    if (req.method == "GET") return {200, config_answer(app)};
    if (req.method != "PUT") return error_response(405, "method_not_allowed", "use GET or PUT");
    auto body = parse_body(req);
    if (!body) return status_response(body.status());
    // Under the packaged service /etc is read-only to the daemon (ProtectSystem=strict) and
    // the file is root's: the technician changes it as root instead.
    const auto slash = app.config.path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : app.config.path.substr(0, slash);
    if (::access(app.config.path.c_str(), W_OK) != 0 || ::access(dir.c_str(), W_OK) != 0)
      return error_response(409, "config_read_only",
                            "the daemon may not write its config file " + app.config.path +
                                ": as root, `kopilka config set KEY VALUE` changes it");
    auto updated = edit_config_file(app.config, *body);
    if (!updated) return status_response(updated.status());
    // Only the settings that need no restart change in the running daemon; head office's
    // chain settings stay over the file's.
    app.file_settings = updated->settings;
    app.config.settings = updated->settings;
    if (Status r = app.reload_settings(); !r) return status_response(r);
    app.config.timezone = updated->timezone;
    app.config.log_level = updated->log_level;
    spdlog::set_level(spdlog::level::from_str(updated->log_level));
    spdlog::info("config updated through the admin API");
    return {200, config_answer(app)};
  }
  return error_response(404, "not_found", "no such path");
}

}  // namespace kopilka::daemon
