// The service desk's customer paths (docs/office.md "Customers"): search, the customer
// view, editing contacts, merging two customers, and replacing a lost card. Reads for
// owner, marketer, support and auditor; changes for owner and support, each audited.
#include "core/card_number.h"
#include "core/log_text.h"
#include "office/auth.h"
#include "office/birthday_guard.h"
#include "office/chain_settings.h"
#include "office/customer_actions.h"
#include "office/customer_erase.h"
#include "office/customers_view.h"
#include "office/export_jobs.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

constexpr int kSearchLimit = 50;

HttpResponse customer_not_found(const std::string& id) {
  // The id as asked, unless it holds a bank card's number, which is never echoed.
  return error_response(404, "customer_not_found", "no customer " + core::log_text(id));
}

HttpResponse search(OfficeContext& ctx, const Call& call) {
  auto it = call.req.query.find("q");
  const std::string q = it == call.req.query.end() ? std::string() : it->second;
  if (q.find_first_not_of(" \t") == std::string::npos)
    return error_response(400, "invalid_request",
                          "say what to look for: a card number, phone, e-mail or name", "q");
  if (q.size() > 256)
    return error_response(400, "invalid_request", "is longer than 256 characters", "q");
  auto found = search_customers(ctx.store.sql(), q, kSearchLimit);
  if (!found) return status_response(found.status());
  core::Json list = core::Json::array();
  for (const auto& c : *found) list.push_back(customer_summary(c));
  return {200, core::Json{{"customers", std::move(list)}}};
}

HttpResponse view(OfficeContext& ctx, const Call& call) {
  const std::string& id = call.params.at(0);
  auto c = load_customer(ctx.store.sql(), id);
  if (!c) return status_response(c.status());
  if (!*c) {
    // A customer merged away: an old ticket's link says where they went.
    auto into =
        ctx.store.sql().query("SELECT into_id FROM customer_merges WHERE from_id = $1", {id});
    if (!into) return status_response(into.status());
    if (into->empty()) return customer_not_found(id);
    const std::string survivor = (*into)[0].text(0);
    HttpResponse gone =
        error_response(404, "customer_merged", "customer " + id + " was merged into " + survivor);
    gone.body["merged_into"] = survivor;
    return gone;
  }
  auto v = customer_view(ctx.store, **c, ctx.now());
  if (!v) return status_response(v.status());
  return {200, std::move(*v)};
}

HttpResponse edit(OfficeContext& ctx, const Call& call) {
  const std::string& id = call.params.at(0);
  auto body = parse_body(call.req);
  if (!body) return status_response(body.status());
  auto parsed = parse_customer_edit(*body);
  if (!parsed) return status_response(parsed.status());
  if (core::Status born =
          core::check_birthday_past(*parsed, core::local_day(ctx.now(), ctx.store.settings().zone));
      !born)
    return status_response(core::Status::invalid(born.message(), "birthday"));
  // Birthday points support's edit makes due at once, card by card: held to its limit.
  std::vector<std::pair<std::string, std::int64_t>> gifts;
  if (call.actor.role == kSupport && parsed->has_birthday) {
    auto chain = load_chain_settings(ctx.store, ctx.config);
    if (!chain) return status_response(chain.status());
    auto cards = customer_cards(ctx.store.sql(), id);
    if (!cards) return status_response(cards.status());
    std::int64_t total = 0;
    for (const std::string& number : *cards) {
      auto card = ctx.store.load_card(number);
      if (!card) return status_response(card.status());
      if (!*card) continue;
      core::CardState after = **card;
      core::apply_card_edit(after, *parsed);
      const std::int64_t gift =
          birthday_points_given(ctx.store, **card, after, ctx.now(), chain->rules);
      if (gift > 0) gifts.emplace_back(number, gift), total += gift;
    }
    if (auto refused = support_gift_refusal(ctx.store.sql(), account_of(ctx, call.actor), ctx.now(),
                                            total, chain->max_adjust_points, "birthday"))
      return std::move(*refused);
  }
  auto changed = edit_customer(ctx.store, id, *parsed, ctx.now());
  if (!changed) {
    if (changed.status().code() == core::Code::kNotFound) return customer_not_found(id);
    return status_response(changed.status());
  }
  record_change(ctx, call,
                {"customer.update", "customer:" + id, customer_contacts(changed->before),
                 customer_contacts(changed->after)});
  for (const auto& [number, points] : gifts) record_birthday_gift(ctx, call, number, points);
  return {200, customer_contacts(changed->after)};
}

HttpResponse merge(OfficeContext& ctx, const Call& call) {
  const std::string& id = call.params.at(0);
  auto body = parse_body(call.req);
  if (!body) return status_response(body.status());
  if (!body->is_object() || !body->contains("from") || !(*body)["from"].is_string())
    return error_response(400, "invalid_request", "must be the id of the other customer", "from");
  const std::string from = (*body)["from"].get<std::string>();
  // A merge gives every card of both the survivor's contacts, its blanks filled from the
  // other's (merged_contacts): a card whose birthday gift that makes due gets it at once.
  // Support's such gifts count in its limit, as a birthday it types does (a merge once gave
  // gifts past it).
  std::vector<std::pair<std::string, std::int64_t>> gifts;
  if (call.actor.role == kSupport && id != from) {
    auto chain = load_chain_settings(ctx.store, ctx.config);
    if (!chain) return status_response(chain.status());
    auto survivor = load_customer(ctx.store.sql(), id);
    if (!survivor) return status_response(survivor.status());
    auto other = load_customer(ctx.store.sql(), from);
    if (!other) return status_response(other.status());
    if (*survivor && *other) {  // an unknown one is refused by the merge itself
      const core::Customer after_merge = merged_contacts((*survivor)->contacts, (*other)->contacts);
      std::int64_t total = 0;
      for (const std::string* who : {&id, &from}) {
        auto numbers = customer_cards(ctx.store.sql(), *who);
        if (!numbers) return status_response(numbers.status());
        for (const std::string& number : *numbers) {
          auto card = ctx.store.load_card(number);
          if (!card) return status_response(card.status());
          if (!*card) continue;
          core::CardState after = **card;
          after.customer = after_merge;
          const std::int64_t gift =
              birthday_points_given(ctx.store, **card, after, ctx.now(), chain->rules);
          if (gift > 0) gifts.emplace_back(number, gift), total += gift;
        }
      }
      if (auto refused = support_gift_refusal(ctx.store.sql(), account_of(ctx, call.actor),
                                              ctx.now(), total, chain->max_adjust_points, "from"))
        return std::move(*refused);
    }
  }
  auto merged = merge_customers(ctx.store, id, from, ctx.now());
  if (!merged) {
    if (merged.status().code() == core::Code::kNotFound) return customer_not_found(id);
    return status_response(merged.status());
  }
  core::Json before{{"into", customer_contacts(merged->into_before)},
                    {"from", customer_contacts(merged->from_before)}};
  record_change(ctx, call,
                {"customer.merge", "customer:" + id, before, customer_contacts(merged->after)});
  // Filed under the customer merged away too: the auditor following their id finds it.
  record_change(ctx, call,
                {"customer.merge", "customer:" + from, customer_contacts(merged->from_before),
                 core::Json{{"merged_into", id}}});
  for (const auto& [number, points] : gifts) record_birthday_gift(ctx, call, number, points);
  return {200, customer_contacts(merged->after)};
}

// The customer's personal data erased at their request (office/customer_erase.h); the
// audit entry names what was blanked, not what it said.
HttpResponse erase(OfficeContext& ctx, const Call& call) {
  const std::string& id = call.params.at(0);
  auto erased = erase_customer(ctx.store, id, ctx.now());
  if (!erased) {
    if (erased.status().code() == core::Code::kNotFound) return customer_not_found(id);
    return status_response(erased.status());
  }
  // Export files made before may hold them: they are no longer given (this process's; the
  // others' are dropped at their restart, as every finished file is).
  if (ctx.exports)
    ctx.exports->withdraw("a customer's personal data was erased since: export again");
  core::Json answer{{"id", id},
                    {"cards", erased->cards},
                    {"audit_entries", erased->audit_entries},
                    {"messages", erased->messages},
                    {"messages_stopped", erased->messages_stopped}};
  record_change(ctx, call, {"customer.erase", "customer:" + id, std::nullopt, answer});
  return {200, answer};
}

// `points` is the balance the customer page shows (usable and pending), not every lot's
// remainder: lots past their last day burned, and moving them moved nothing.
core::Json replacement_audit(OfficeContext& ctx, const core::CardState& card) {
  core::Json j{{"number", card.number}, {"status", core::to_string(card.status)}};
  j["points"] = core::card_view(card, ctx.store.programs(), ctx.now(),
                                ctx.store.settings())["points"]["balance"];
  j["debt"] = card.debt;
  j["spent"] = card.spent;
  j["purchases"] = card.purchases;
  j["customer"] = card.customer ? core::Json(card.customer->id) : core::Json(nullptr);
  return j;
}

HttpResponse replace(OfficeContext& ctx, const Call& call) {
  const std::string& number = call.params.at(0);
  if (core::Status c = core::check_card_number(number, "number"); !c) return status_response(c);
  auto body = parse_body(call.req);
  if (!body) return status_response(body.status());
  if (!body->is_object() || !body->contains("new_card") || !(*body)["new_card"].is_string())
    return error_response(400, "invalid_request", "must be a card number of 4 to 32 digits",
                          "new_card");
  const std::string fresh = (*body)["new_card"].get<std::string>();
  // A bank card's number is never taken (scanners.md): a customer's points moved onto one
  // could be used at no register.
  if (core::Status c = core::check_card_number(fresh, "new_card"); !c) return status_response(c);
  auto r = replace_card(ctx.store, number, fresh, ctx.now());
  if (!r) {
    if (r.status().code() == core::Code::kNotFound)
      return error_response(404, "card_not_found", "no card " + number);
    if (r.status().code() == core::Code::kConflict)
      return error_response(409, "card_has_history", r.status().message(), "new_card");
    return status_response(r.status());
  }
  record_change(ctx, call,
                {"card.replace", "card:" + number, replacement_audit(ctx, r->lost_before),
                 core::Json{{"lost", replacement_audit(ctx, r->lost)},
                            {"new_card", replacement_audit(ctx, r->fresh)}}});
  record_change(ctx, call,
                {"card.replace", "card:" + fresh, std::nullopt,
                 core::Json{{"replaces", number}, {"card", replacement_audit(ctx, r->fresh)}}});
  const core::Settings& settings = ctx.store.settings();
  return {200,
          core::Json{
              {"lost", core::card_view(r->lost, ctx.store.programs(), ctx.now(), settings)},
              {"new_card", core::card_view(r->fresh, ctx.store.programs(), ctx.now(), settings)}}};
}

}  // namespace

std::vector<Route> customer_routes() {
  const Roles read = kOwner | kMarketer | kSupport | kAuditor;
  const Roles change = kOwner | kSupport;
  return {
      {"GET", "/v1/admin/customers", read, search},
      {"GET", "/v1/admin/customers/{id}", read, view},
      {"PUT", "/v1/admin/customers/{id}", change, edit},
      {"POST", "/v1/admin/customers/{id}/merge", change, merge},
      // The owner's alone: an erasure rewrites the audit log, and support could otherwise
      // blank the record of its own changes to a customer (a phone pointed at itself).
      {"POST", "/v1/admin/customers/{id}/erase", kOwner, erase},
      {"POST", "/v1/admin/cards/{number}/replace", change, replace},
  };
}

}  // namespace kopilka::office
