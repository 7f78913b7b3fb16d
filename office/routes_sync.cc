// Sync endpoints (docs/sync.md): enrolment, push of journal entries, delta pull.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include <spdlog/spdlog.h>

#include "common/config_settings.h"
#include "core/card_number.h"
#include "core/log_text.h"
#include "core/program.h"
#include "office/audit.h"
#include "office/chain_settings.h"
#include "office/fleet.h"
#include "office/notify_pause.h"
#include "office/pull_page.h"
#include "office/push_queue.h"
#include "office/register_codes.h"
#include "office/routes.h"
#include "office/sync_log.h"

namespace kopilka::office {

namespace {

constexpr std::int64_t kMaxPullPage = 5000;
constexpr std::size_t kMaxPushBatch = 2000;

HttpResponse protocol_mismatch(const std::string& got) {
  auto r = error_response(426, "protocol_mismatch",
                          "head office speaks sync protocol 1; the register sent \"" +
                              core::log_text(got) + "\": update the older side");
  r.body["supported"] = core::Json::array({kProtocolVersion});
  return r;
}

// Every enrolment in the audit log, by the register, naming the code it used and who issued
// it: a revoked register that takes its id back with a code issued for a new till is
// otherwise seen nowhere (its credential works again; the code's row is gone).
void audit_enrolment(OfficeContext& ctx, const HttpRequest& req, const Enrolment& e) {
  auto r = find_register(ctx.store.sql(), e.register_id);
  core::Json after = {{"code_issued_as", e.code_row},
                      {"code_by", e.code_by.empty() ? core::Json() : core::Json(e.code_by)}};
  if (r && *r) {
    after["name"] = (*r)->name;
    after["store"] = (*r)->store ? core::Json(*(*r)->store) : core::Json();
  }
  std::optional<core::Json> before;
  if (e.came_back) before = core::Json{{"revoked", true}};
  const Actor by{"register:" + e.register_id, kTechnician, req.remote_address, ""};
  if (core::Status s = append_audit(ctx.store.sql(), by, ctx.now(),
                                    {e.came_back ? "register.return" : "register.enrol",
                                     "register:" + e.register_id, before, after});
      !s)
    spdlog::error("audit: enrolment of {} was made but not recorded: {}", e.register_id,
                  s.message());
}

core::Result<std::int64_t> int_param(const HttpRequest& req, const std::string& key,
                                     std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto it = req.query.find(key);
  if (it == req.query.end()) return fallback;
  try {
    std::size_t used = 0;
    long long n = std::stoll(it->second, &used);
    if (used != it->second.size() || n < min || n > max) throw std::out_of_range(key);
    return static_cast<std::int64_t>(n);
  } catch (const std::exception&) {
    return core::Status::invalid(
        "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max), key);
  }
}

// The register a request's credential belongs to, or the answer refusing it.
std::optional<HttpResponse> authenticate_register(OfficeContext& ctx, const HttpRequest& req,
                                                  std::string* register_id) {
  const std::string credential = common::bearer_token(req.authorization);
  if (credential.empty())
    return error_response(401, "unauthorized", "a register credential is required");
  auto reg = ctx.store.authenticate(credential);
  if (!reg) {
    if (reg.status().code() == core::Code::kNotFound) {
      // A revoke forgets the credential; the register is told why.
      auto id = credential_register(credential);
      auto revoked = id ? is_revoked(ctx.store.sql(), *id) : core::Result<bool>(false);
      if (revoked && *revoked)
        return error_response(401, "unauthorized", "this register was revoked at head office");
      return error_response(401, "unauthorized", "the register credential is not valid");
    }
    return status_response(reg.status());
  }
  *register_id = *reg;
  return std::nullopt;
}

// Notes the call and what the register reported in its headers (office/fleet.h); a
// failure to note it never refuses the sync.
void note_contact(OfficeContext& ctx, const HttpRequest& req, const std::string& register_id,
                  SyncCall call) {
  if (core::Status s =
          record_contact(ctx.store.sql(), register_id, read_register_report(req), call, ctx.now());
      !s)
    spdlog::warn("sync: could not note contact from register {}: {}", register_id, s.message());
}

// What a register enrolled with a technician's code is held to (docs/sync.md "Whose
// code"): a technician makes codes but has no right to points (office.md roles), so such a
// register adjusts as support may, up to the chain's max_adjust_points, grants no more on
// a birthday than the chain's birthday programs give, and gives a receipt no more points
// than its money buys at 100 %. None for a register enrolled with an owner's code.
struct TechnicianLimits {
  std::int64_t adjust = 0;
  // What this register's adjustments moved in the last 24 hours (audit.h), as support's
  // limit counts a day's: six adjustments of 5 000 were 30 000.
  std::int64_t adjusted_today = 0;
  std::map<std::string, std::int64_t> birthday_grants;  // birthday program → its grant
  core::Kopecks point_value = 1;
};

// Whether a birthday entry's lots are the chain's gifts: each of a birthday program, and no
// more points per program than its grant once for each year the entry grants it (a card
// with three birthday programs gets three gifts in one entry).
bool within_birthday_grants(const core::CardEffects& fx,
                            const std::map<std::string, std::int64_t>& grants) {
  std::map<std::string, std::int64_t> given;
  for (const auto& lot : fx.new_lots) given[lot.program] += lot.remaining;
  for (const auto& [program, points] : given) {
    auto grant = grants.find(program);
    if (grant == grants.end()) return false;
    std::int64_t years = 0;
    for (const auto& g : fx.birthday_grants) years += g.first == program ? 1 : 0;
    if (points > grant->second * std::max<std::int64_t>(years, 1)) return false;
  }
  return true;
}

core::Result<std::optional<TechnicianLimits>> technician_limits(OfficeContext& ctx,
                                                                const std::string& register_id) {
  auto by_technician = enrolled_by_technician(ctx.store.sql(), register_id);
  if (!by_technician) return by_technician.status();
  if (!*by_technician) return std::optional<TechnicianLimits>();
  auto settings = load_chain_settings(ctx.store, ctx.config);
  if (!settings) return settings.status();
  TechnicianLimits limits;
  limits.adjust = settings->max_adjust_points;
  auto moved = points_adjusted_by(ctx.store.sql(), "register:" + register_id, ctx.now() - 86400);
  if (!moved) return moved.status();
  limits.adjusted_today = *moved;
  limits.point_value = settings->rules.point_value;
  for (const auto& p : ctx.store.programs().programs())
    if (p->kind == core::ProgramKind::kBirthday) limits.birthday_grants[p->id] = p->grant;
  return std::optional<TechnicianLimits>(limits);
}

// Refuses, alone, each entry beyond `limits`; it stays at the register, pending, for the
// owner (who adjusts at head office, or enrols the register with a code of their own).
void hold_to_technician_limits(std::vector<PushEntry>& entries, const TechnicianLimits& limits) {
  std::int64_t adjusted = limits.adjusted_today;  // and this batch's, in order
  for (PushEntry& e : entries) {
    e.from_technician = true;
    if (!e.problem) continue;
    // check_entry bounds every count by 10^9 and a point's value by 10^6: no overflow.
    std::int64_t added = 0, taken = 0;
    for (const auto& lot : e.effects.new_lots) added += lot.remaining;
    for (const auto& draw : e.effects.draws) taken += draw.points;
    if (e.effects.referral && e.effects.referral->reverses.empty())
      added += e.effects.referral->referee_points + e.effects.referral->referrer_points;
    std::string why;
    if (e.kind == "adjust" && adjusted + std::max(added, taken) > limits.adjust)
      why = "adjusts at most " + std::to_string(limits.adjust) +
            " points in 24 hours (max_adjust_points in the chain settings; " +
            std::to_string(adjusted) + " already); the owner adjusts more at head office";
    else if (e.kind == "adjust")
      adjusted += std::max(added, taken);
    else if (e.kind == "birthday" && !within_birthday_grants(e.effects, limits.birthday_grants))
      why =
          "grants on a birthday only the chain's birthday programs' gifts, each at most its "
          "grant";
    else if (e.kind == "receipt" && e.report &&
             e.effects.spent_delta > e.report->total + taken * limits.point_value)
      // What the card bought is the receipt's total after discounts, which the reports
      // count as revenue, and the part paid with points (programs.md: `spent` counts it),
      // at most the points the receipt drew at the chain's value: a forged spent_delta of
      // 1 000 000 ₽ on a receipt of 0 ₽ made room for 1 000 000 points. Without the points'
      // part, every receipt that spent points was refused.
      why = "counts a receipt's purchase as at most its total and the points it spent (" +
            std::to_string(e.report->total + taken * limits.point_value) + " kopecks)";
    else if (e.kind == "receipt" &&
             added * limits.point_value > std::max<core::Kopecks>(e.effects.spent_delta, 0))
      why = "gives a receipt at most the points its money buys (" +
            std::to_string(std::max<core::Kopecks>(e.effects.spent_delta, 0) / limits.point_value) +
            "); a register enrolled with the owner's code is not held to it";
    if (!why.empty())
      e.problem =
          core::Status::invalid("a register enrolled with a technician's code " + why, "effects");
  }
}

// A push's body as its batch, or the answer refusing it. Touches no store: it runs on the
// push queue's reading thread.
PushReading read_push(const std::string& register_id, const std::string& text,
                      const std::optional<TechnicianLimits>& limits) {
  auto body = core::parse_json_exact(text);
  if (!body) return status_response(core::Status::invalid(body.status().message()));
  if (!body->is_object() || !body->contains("entries"))
    return error_response(400, "invalid_request", "is missing", "entries");
  const core::Json& entries = (*body)["entries"];
  if (entries.is_array() && entries.size() > kMaxPushBatch)
    return error_response(413, "batch_too_large", "at most 2000 entries per push", "entries");
  auto batch = parse_push(register_id, entries);
  if (!batch) {
    if (batch.status().code() == core::Code::kConflict)
      return error_response(403, "foreign_entry", batch.status().message(), batch.status().field());
    return status_response(batch.status());
  }
  if (limits) hold_to_technician_limits(*batch, *limits);
  return std::move(*batch);
}

// The pulling register's time zone: its store's, or head office's for a register without
// a store (docs/sync.md "The register's time zone"). Said in every pull page.
core::Result<std::string> register_timezone(OfficeContext& ctx, const std::string& register_id) {
  auto rows = ctx.store.sql().query(
      "SELECT s.timezone FROM registers r JOIN stores s ON s.id = r.store_id WHERE r.id = $1",
      {register_id});
  if (!rows) return rows.status();
  if (!rows->empty()) return (*rows)[0].text(0);
  return ctx.config.timezone;
}

}  // namespace

void route_push(OfficeContext& ctx, const HttpRequest& req, common::Respond respond) {
  if (ctx.push_activity) respond = track_push(*ctx.push_activity, std::move(respond));
  if (req.method != "POST") return respond(error_response(405, "method_not_allowed", "use POST"));
  if (req.protocol != std::to_string(kProtocolVersion)) {
    auto refused = protocol_mismatch(req.protocol);
    log_refused("push", refused);
    return respond(std::move(refused));
  }
  std::string register_id;
  if (auto refused = authenticate_register(ctx, req, &register_id)) {
    log_refused("push", *refused);
    return respond(std::move(*refused));
  }
  respond = logging_push(register_id, std::move(respond));
  auto limits = technician_limits(ctx, register_id);
  if (!limits) return respond(status_response(limits.status()));
  if (ctx.pushes)  // read, applied and its contact noted off the loop
    return ctx.pushes->add(
        register_id, read_register_report(req),
        [register_id, body = req.body, held = *limits] {
          return read_push(register_id, body, held);
        },
        std::move(respond));
  note_contact(ctx, req, register_id, SyncCall::kPush);
  auto batch = read_push(register_id, req.body, *limits);
  if (auto* refused = std::get_if<HttpResponse>(&batch)) return respond(std::move(*refused));
  std::vector<PendingPush> one(1);
  one[0].register_id = register_id;
  one[0].entries = std::move(std::get<std::vector<PushEntry>>(batch));
  one[0].carries_all = push_carries_all(read_register_report(req).pending, one[0].entries.size());
  one[0].address = req.remote_address;
  if (core::Status s = ctx.store.apply_pushes(one, ctx.now()); !s)
    return respond(status_response(s));
  respond(push_response(register_id, one[0].result));
}

HttpResponse route_sync(OfficeContext& ctx, const HttpRequest& req,
                        const std::vector<std::string>& parts) {
  if (parts.size() != 3) return error_response(404, "not_found", "no such path");
  const std::string& what = parts[2];
  if (req.protocol != std::to_string(kProtocolVersion)) {
    // Logged as a push's is: a register of another version is a refusal to be seen.
    auto refused = protocol_mismatch(req.protocol);
    log_refused(what == "enroll" || what == "pull" || what == "upload" ? what : "request", refused);
    return refused;
  }

  if (what == "enroll") {
    if (req.method != "POST") return error_response(405, "method_not_allowed", "use POST");
    auto body = parse_body(req);
    if (!body) return status_response(body.status());
    if (!body->is_object() || !(*body)["code"].is_string())
      return error_response(400, "invalid_request", "must be a string", "code");
    std::string proposed;
    if (body->contains("register_id")) {
      const core::Json& id = (*body)["register_id"];
      bool ok = id.is_string() && id.get<std::string>().size() >= 3 &&
                id.get<std::string>().size() <= 64 && id.get<std::string>().rfind("r-", 0) == 0 &&
                id.get<std::string>().find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-r") ==
                    std::string::npos;
      if (!ok)
        return error_response(400, "invalid_request", "must look like r-1a2b3c4d", "register_id");
      proposed = id.get<std::string>();
    }
    auto e = ctx.store.enroll((*body)["code"].get<std::string>(), proposed, ctx.now());
    if (!e) {
      auto refused = e.status().code() == core::Code::kConflict
                         ? error_response(403, "enrolment_refused", e.status().message())
                         : status_response(e.status());
      log_refused("enrolment", refused);
      return refused;
    }
    log_enrolled(e->register_id);
    audit_enrolment(ctx, req, *e);
    return {200, core::Json{{"register_id", e->register_id},
                            {"credential", e->credential},
                            {"protocol", kProtocolVersion}}};
  }

  std::string register_id;
  if (auto refused = authenticate_register(ctx, req, &register_id)) {
    log_refused(what, *refused);
    return std::move(*refused);
  }

  if (what == "upload") return route_upload(ctx, req, register_id);
  if (what == "pull") {
    if (req.method != "GET") return error_response(405, "method_not_allowed", "use GET");
    note_contact(ctx, req, register_id, SyncCall::kPull);
    auto after = int_param(req, "after", 0, 0, INT64_MAX);
    if (!after) return status_response(after.status());
    auto limit = int_param(req, "limit", 1000, 1, kMaxPullPage);  // docs/sync.md: 1 to 5 000
    if (!limit) return status_response(limit.status());
    // 1: one JSON document; 2: lines, asked for by a register that reads them (docs/sync.md).
    auto format = int_param(req, "format", 1, 1, 2);
    if (!format) return status_response(format.status());
    // Counted once per pull: on a first sync's first page, or when the register asks
    // (count=1, the first page of each of its runs); other pages carry a bound.
    auto count = int_param(req, "count", 0, 0, 1);
    if (!count) return status_response(count.status());
    auto timezone = register_timezone(ctx, register_id);
    if (!timezone) return status_response(timezone.status());
    // Until the owner saves chain settings, head office computes with office.toml's, and so
    // must every enrolled register (office.md): they go down in each page's header. Saved
    // ones travel in the feed like a program.
    auto chain = load_chain_settings(ctx.store, ctx.config);
    if (!chain) return status_response(chain.status());
    const std::string settings =
        chain->saved ? std::string() : common::chain_settings_json(chain->rules).dump();
    // A first sync asks for a snapshot: 0 begins one, a number continues the one that began
    // there, from the card after `card_after` (docs/sync.md "First sync: a snapshot").
    if (req.query.count("snapshot")) {
      auto upto = int_param(req, "snapshot", 0, 0, INT64_MAX);
      if (!upto) return status_response(upto.status());
      if (*format != 2 || *after != 0)
        return error_response(400, "invalid_request", "a snapshot is pulled with format=2 from 0",
                              "snapshot");
      auto card = req.query.find("card_after");
      std::string card_after = card == req.query.end() ? "" : card->second;
      if (card != req.query.end() && (!core::is_card_number(card_after) || *upto == 0))
        return error_response(400, "invalid_request",
                              "must be a card number, in a snapshot under way", "card_after");
      auto snapshot = read_snapshot_page(
          ctx.store.sql(), *upto == 0 ? std::nullopt : std::optional<std::int64_t>(*upto),
          card_after, *limit,
          *upto == 0 || *count == 1 ? Remaining::kCounted : Remaining::kBounded);
      if (!snapshot) return status_response(snapshot.status());
      auto page = write_snapshot_page(*snapshot, *timezone, settings);
      if (!page) return status_response(page.status());
      HttpResponse r;
      r.text = std::move(*page);
      r.content_type = "text/plain; charset=utf-8";
      return r;
    }
    if (req.query.count("card_after"))  // ignored, it would hide a register's own mistake
      return error_response(400, "invalid_request",
                            "must be a card number, in a snapshot under way", "card_after");
    auto changes = ctx.store.changes_after(
        *after, *limit, *after == 0 || *count == 1 ? Remaining::kCounted : Remaining::kBounded);
    if (!changes) return status_response(changes.status());
    auto page = *format == 2 ? write_pull_page_v2(*changes, *timezone, settings)
                             : write_pull_page(*changes, *timezone, settings);
    if (!page) return status_response(page.status());
    HttpResponse r;
    r.text = std::move(*page);
    if (*format == 2) r.content_type = "text/plain; charset=utf-8";
    return r;
  }
  return error_response(404, "not_found", "no such path");
}

}  // namespace kopilka::office
