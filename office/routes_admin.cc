// Admin paths at head office (pos-api.md "Admin", sync.md): programs, cards, points.
// Head office is where programs and cards are really managed.
#include "core/card_edit.h"
#include "core/card_number.h"
#include "core/card_replacement.h"
#include "core/card_state_fields.h"
#include "core/engine.h"
#include "core/entry_limits.h"
#include "core/program.h"
#include "core/receipt_request.h"
#include "core/utf8_length.h"
#include "office/audit.h"
#include "office/auth.h"
#include "office/birthday_guard.h"
#include "office/card_profile.h"
#include "office/chain_settings.h"
#include "office/customers.h"
#include "office/report_customer_move.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

std::optional<core::Json> stored_program(OfficeContext& ctx, const std::string& id) {
  auto doc = ctx.store.get_program(id);
  if (!doc || !doc->has_value()) return std::nullopt;
  auto parsed = core::parse_json_exact(**doc);
  if (!parsed) return std::nullopt;
  return core::json_plain(*parsed);
}

HttpResponse programs(OfficeContext& ctx, const Call& call) {
  const HttpRequest& req = call.req;
  const std::vector<std::string> parts = split_path(req.path);
  if (parts.size() == 3) {
    if (req.method != "GET") return error_response(405, "method_not_allowed", "use GET");
    auto docs = ctx.store.list_programs();
    if (!docs) return status_response(docs.status());
    core::Json list = core::Json::array();
    for (const auto& text : *docs) {
      auto doc = core::parse_json_exact(text);
      if (doc) list.push_back(core::json_plain(*doc));
    }
    // What each does, in a line of the chain's language: support and the auditor read
    // programs without their form.
    core::Json explained = core::Json::object();
    for (const auto& p : ctx.store.programs().programs())
      explained[p->id] = core::explain_program(*p, ctx.store.settings().locale);
    return {200, core::Json{{"programs", std::move(list)}, {"explained", std::move(explained)}}};
  }
  if (parts.size() != 4) return error_response(404, "not_found", "no such path");
  const std::string& id = parts[3];
  if (req.method == "GET") {
    auto doc = ctx.store.get_program(id);
    if (!doc) return status_response(doc.status());
    if (!doc->has_value()) return error_response(404, "program_not_found", "no program " + id);
    auto parsed = core::parse_json_exact(**doc);
    if (!parsed) return status_response(core::Status::corrupt("stored program is damaged"));
    return {200, core::json_plain(*parsed)};
  }
  if (req.method == "DELETE") {
    auto before = stored_program(ctx, id);
    auto existed = ctx.store.delete_program(id);
    if (!existed) return status_response(existed.status());
    if (!*existed) return error_response(404, "program_not_found", "no program " + id);
    record_change(ctx, call, {"program.delete", "program:" + id, before, std::nullopt});
    return {200, core::Json{{"deleted", id}}};
  }
  if (req.method != "PUT")
    return error_response(405, "method_not_allowed", "use GET, PUT or DELETE");
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  if (Status s = core::validate_program(*body); !s) {
    return error_response(400, "invalid_program", s.message(), s.field());
  }
  if (core::program_id(*body) != id)
    return error_response(400, "invalid_program", "the document's id must match the path", "id");
  auto before = stored_program(ctx, id);
  auto created = ctx.store.put_program(id, core::json_plain(*body).dump());
  if (!created) return status_response(created.status());
  record_change(ctx, call,
                {*created ? "program.create" : "program.update", "program:" + id, before,
                 core::json_plain(*body)});
  return {*created ? 201 : 200, core::json_plain(*body)};
}

HttpResponse cards(OfficeContext& ctx, const Call& call) {
  const HttpRequest& req = call.req;
  const std::vector<std::string> parts = split_path(req.path);
  if (parts.size() < 4) return error_response(404, "not_found", "no such path");
  const std::string& number = parts[3];
  if (core::Status c = core::check_card_number(number, "number"); !c) return status_response(c);
  // The method is checked before the body is read: a GET is told to use PUT, not that it
  // sent no JSON.
  const bool points_path = parts.size() == 5 && parts[4] == "points";
  if (parts.size() == 4 && req.method != "PUT")
    return error_response(405, "method_not_allowed", "use PUT");
  if (points_path && req.method != "POST")
    return error_response(405, "method_not_allowed", "use POST");
  if (parts.size() != 4 && !points_path) return error_response(404, "not_found", "no such path");
  auto body = parse_body(req);
  if (!body) return status_response(body.status());

  if (parts.size() == 4) {
    auto edit = core::parse_card_edit(*body);
    if (!edit) return status_response(edit.status());
    if (core::Status named = core::check_name_kept(*edit); !named) return status_response(named);
    if (core::Status born =
            core::check_birthday_past(*edit, core::local_day(ctx.now(), ctx.store.settings().zone));
        !born)
      return status_response(born);
    // Support keeps a card and its customer's contacts (office.md "Staff, roles and audit");
    // a card's groups, type and referrer choose its discounts and points: the owner's.
    if (call.actor.role == kSupport) {
      const char* field = edit->groups        ? "groups"
                          : edit->type        ? "type"
                          : edit->referred_by ? "referred_by"
                                              : nullptr;
      if (field)
        return error_response(403, "forbidden",
                              std::string("support may not change a card's ") + field +
                                  ": they choose its discounts and points (owner)",
                              field);
    }
    auto old = ctx.store.load_card(number);
    if (!old) return status_response(old.status());
    core::CardState card = old->value_or(core::CardState{});
    card.number = number;
    std::optional<core::CardState> referrer_card;
    if (edit->referred_by) {
      auto referrer = ctx.store.load_card(*edit->referred_by);
      if (!referrer) return status_response(referrer.status());
      referrer_card = std::move(*referrer);
    }
    if (core::Status r =
            core::check_referred_by(card, *edit, referrer_card ? &*referrer_card : nullptr);
        !r)
      return status_response(r);
    if (core::Status t = core::check_card_type(card, *edit, !old->has_value()); !t)
      return status_response(t);
    if (core::Status k = core::check_status_kept(card, *edit); !k) return status_response(k);
    const core::CardState stored = card;  // before a known customer's contacts join it
    if (core::Status j = join_known_customer(ctx.store.sql(), card, *edit); !j)
      return status_response(j);
    // Birthday points support's edit makes due at once: a birthday typed, or a card (a new
    // one too) joined to a customer whose birthday is near, which once gave every new card a
    // gift past the limit.
    std::int64_t gift = 0;
    if (call.actor.role == kSupport) {
      auto chain = load_chain_settings(ctx.store, ctx.config);
      if (!chain) return status_response(chain.status());
      core::CardState after = card;
      core::apply_card_edit(after, *edit);
      gift = birthday_points_given(ctx.store, stored, after, ctx.now(), chain->rules);
      if (auto refused = support_gift_refusal(
              ctx.store.sql(), account_of(ctx, call.actor), ctx.now(), gift,
              chain->max_adjust_points, edit->has_birthday ? "customer.birthday" : "customer.id"))
        return std::move(*refused);
    }
    core::apply_card_edit(card, *edit);
    auto created = ctx.store.put_card(card);
    if (!created) return status_response(created.status());
    if (core::Status i = index_card_customer(ctx.store.sql(), card, ctx.now()); !i)
      return status_response(i);
    // A card sold without a customer, now given one: what it bought is that person's.
    const auto has_customer = [](const core::CardState& c) {
      return c.customer && !c.customer->id.empty();
    };
    if (*old && !has_customer(**old) && has_customer(card))
      if (core::Status h = give_card_history(ctx.store.sql(), number, card.customer->id); !h)
        return status_response(h);
    record_change(
        ctx, call,
        {*created ? "card.create" : "card.update", "card:" + number,
         *old ? std::optional<core::Json>(card_profile(**old)) : std::nullopt, card_profile(card)});
    if (gift > 0) record_birthday_gift(ctx, call, number, gift);
    auto chain = load_chain_settings(ctx.store, ctx.config);
    if (!chain) return status_response(chain.status());
    return {*created ? 201 : 200, card_answer(ctx, card, ctx.now(), chain->rules)};
  }
  if (points_path) {
    const core::Json& b = *body;
    if (!b.is_object())
      return error_response(400, "invalid_request", "the body must be a JSON object");
    if (!b.contains("adjust_id") || !b["adjust_id"].is_string() ||
        b["adjust_id"].get<std::string>().empty() ||
        core::utf8_length(b["adjust_id"].get<std::string>()) > 256)
      return error_response(400, "invalid_request", "must be a non-empty string", "adjust_id");
    if (core::Status p = core::check_id_text(b["adjust_id"].get<std::string>(), "adjust_id"); !p)
      return status_response(p);
    if (!b.contains("points"))
      return error_response(400, "invalid_request", "is missing", "points");
    auto points = core::json_integer(b["points"]);
    if (!points) return status_response(core::check_adjust_points(0));
    if (core::Status bad = core::check_adjust_points(*points); !bad) return status_response(bad);
    std::optional<int> lifetime;
    if (b.contains("lifetime_days") && !b["lifetime_days"].is_null()) {
      auto days = core::json_integer(b["lifetime_days"]);
      if (!days) return status_response(core::check_lifetime_days(-1));
      if (core::Status bad = core::check_lifetime_days(*days); !bad) return status_response(bad);
      lifetime = static_cast<int>(*days);
    }
    std::string reason;
    if (b.contains("reason")) {
      if (!b["reason"].is_string() || core::utf8_length(b["reason"].get<std::string>()) > 256)
        return error_response(400, "invalid_request", "must be a string up to 256 characters",
                              "reason");
      reason = b["reason"].get<std::string>();
    }
    auto chain = load_chain_settings(ctx.store, ctx.config);
    if (!chain) return status_response(chain.status());
    // Support's limit counts what the same account adjusted in the last day, under its
    // login or any of its tokens.
    const std::string account = account_of(ctx, call.actor);
    // A repeated adjust_id is answered as the first time (replayed, or 409 when it differs),
    // not held to the limit again: a desk whose first answer was lost must not be sent to
    // the owner for points the card already has.
    auto recorded = ctx.store.sql().query("SELECT 1 FROM adjustments WHERE adjust_id = $1",
                                          {b["adjust_id"].get<std::string>()});
    if (!recorded) return status_response(recorded.status());
    std::int64_t earlier = 0;
    if (call.actor.role == kSupport && recorded->empty()) {
      auto moved = points_adjusted_by(ctx.store.sql(), account, ctx.now() - 24 * 60 * 60);
      if (!moved) return status_response(moved.status());
      earlier = *moved;
    }
    // A replaced card is refused as such (below, naming its replacement) before any limit:
    // the owner must not be asked to approve points that can never land on it.
    auto card = ctx.store.load_card(number);
    if (!card) return status_response(card.status());
    const bool replaced = *card && !core::replacement_of(**card).empty();
    if (recorded->empty() && !replaced)
      if (auto refused = check_adjust_limit(call.actor.role, *points, reason,
                                            chain->max_adjust_points, earlier))
        return std::move(*refused);
    // Absent or null: now. Anything but a string is refused, not read as now: a script
    // that backdates with a number must not book the adjustment today.
    if (b.contains("at") && !b["at"].is_null() && !b["at"].is_string())
      return error_response(400, "invalid_request",
                            "must be an RFC 3339 time with its offset, or left out for now", "at");
    auto at =
        at_param(ctx, b.contains("at") && b["at"].is_string() ? b["at"].get<std::string>() : "");
    if (!at) return status_response(at.status());
    // Support adjusts as of now: one dated back changes the reports of closed periods.
    constexpr core::Instant kDay = 24 * 60 * 60;
    if (call.actor.role == kSupport && (*at < ctx.now() - kDay || *at > ctx.now() + kDay))
      return error_response(403, "adjust_limit",
                            "the support role adjusts points as of now (within a day); an "
                            "adjustment dated otherwise is the owner's",
                            "at");
    auto r = ctx.store.adjust_points(number, b["adjust_id"].get<std::string>(), *points, lifetime,
                                     reason, *at, ctx.now());
    if (!r) {
      if (r.status().code() == core::Code::kNotFound)
        return error_response(404, "card_not_found", "no card " + number);
      if (r.status().code() == core::Code::kConflict)  // as at the register (docs/api.md)
        return error_response(409, "adjustment_conflict", r.status().message(), "adjust_id");
      if (r.status().field() == "number")  // a lost card's replacement holds its points
        return error_response(409, "card_lost", r.status().message(), "number");
      return status_response(r.status());
    }
    // A repeated adjust_id changed nothing: the audit keeps the one that did, not what a
    // later request claimed.
    if (!r->contains("replayed")) {
      // The card's balance either side: an adjustment moves it by exactly its points (it
      // may go below zero), both read at the adjustment's `at`.
      const std::int64_t balance = (*r)["points"].value("balance", std::int64_t{0});
      core::Json after = {{"adjust_id", b["adjust_id"].get<std::string>()},
                          {"points", *points},
                          {"reason", reason},
                          {"at", core::format_rfc3339(*at, ctx.store.settings().zone)},
                          {"balance", balance}};
      // Made with a token: whose account it is, for that account's daily limit.
      if (!account.empty() && account != call.actor.who) after["account"] = account;
      record_change(ctx, call,
                    {"points.adjust", "card:" + number, core::Json{{"balance", balance - *points}},
                     std::move(after)});
    }
    return {200, std::move(*r)};
  }
  return error_response(404, "not_found", "no such path");
}

}  // namespace

std::vector<Route> program_routes() {
  auto h = [](OfficeContext& ctx, const Call& c) { return programs(ctx, c); };
  return {
      {"GET", "/v1/admin/programs", kEveryone, h},
      {"GET", "/v1/admin/programs/{id}", kEveryone, h},
      {"PUT", "/v1/admin/programs/{id}", kOwner | kMarketer, h},
      {"DELETE", "/v1/admin/programs/{id}", kOwner | kMarketer, h},
  };
}

std::vector<Route> card_routes() {
  auto h = [](OfficeContext& ctx, const Call& c) { return cards(ctx, c); };
  auto view = [](OfficeContext& ctx, const Call& c) { return card_view_route(ctx, c.req); };
  return {
      {"PUT", "/v1/admin/cards/{number}", kOwner | kSupport, h},
      {"POST", "/v1/admin/cards/{number}/points", kOwner | kSupport, h},
      // A card view carries the customer's contacts: not the technician's (office.md).
      {"GET", "/v1/cards/{number}", kOwner | kMarketer | kSupport | kAuditor, view},
      {"GET", "/v1/cards", kOwner | kMarketer | kSupport | kAuditor, view},
  };
}

}  // namespace kopilka::office
