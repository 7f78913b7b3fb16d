// Receipts: calculate, confirm (durable and idempotent), refund, cancel, and lookup.
// A confirm's journal entry, card change and outbox row commit in one transaction, and
// the POS hears "ok" only after COMMIT has reached the disk.
#include <spdlog/spdlog.h>

#include "core/json_text.h"
#include "core/log_text.h"
#include "core/receipt_request.h"
#include "core/referral.h"
#include "core/sale_record.h"
#include "daemon/app.h"
#include "register/wallet_offline.h"

namespace kopilka::daemon {

namespace {

struct Calculated {
  core::CalcOutcome outcome;
  std::optional<core::CardState> card;
};

// Applies an entry to its card and, when it carries a referral share, to the referrer's card
// in the same transaction, and saves both. A referrer's card this register does not have is
// left to head office, which sends it on the next sync.
Status apply_with_referrer(App& app, core::CardState& card, const core::CardEffects& effects,
                           const std::string& entry_id, core::Day today) {
  std::optional<core::CardState> referrer;
  if (auto number = core::referrer_due(card, effects)) {
    auto loaded = app.store->load_card(*number);
    if (!loaded) return loaded.status();
    referrer = std::move(*loaded);
  }
  const core::Day clock_day = core::local_day(app.now(), app.config.settings.zone);
  if (Status e = core::apply_entry(card, referrer ? &*referrer : nullptr, effects, entry_id, today,
                                   clock_day);
      !e)
    return e;
  if (Status e = app.store->save_card(card, app.now()); !e) return e;
  return referrer ? app.store->save_card(*referrer, app.now()) : Status::ok();
}

// The offline wallet limit for `card` now (register/wallet_offline.h), on the register's
// clock from its last successful sync.
core::Result<std::optional<core::Kopecks>> wallet_limit(App& app, const std::string& card) {
  WalletOfflineFacts facts;
  // An [office] in the config, or a credential from `kopilka enroll` that the running
  // daemon has not yet seen in its config.
  facts.office_configured = app.config.office.has_value() || app.managed_by_office();
  if (!facts.office_configured) return std::optional<core::Kopecks>();
  facts.now = app.now();
  auto last = app.store->meta("last_sync");
  if (!last) return last.status();
  if (auto at = core::parse_rfc3339(*last); !last->empty() && at) facts.last_sync = *at;
  auto paid = app.store->unsynced_wallet_paid(card);
  if (!paid) return paid.status();
  facts.paid_unsynced = *paid;
  return wallet_offline_left(facts, app.config.settings);
}

// With `settle`, birthday grants due are journalled first (confirm); without, the engine
// counts them as if they were, and nothing is written (calculate changes nothing).
core::Result<Calculated> calculate_at(App& app, const core::ReceiptRequest& req, bool settle) {
  Calculated c;
  if (req.card) {
    auto card =
        settle ? load_settled_card(app, *req.card, req.at) : app.store->load_card(*req.card);
    if (!card) return card.status();
    c.card = std::move(*card);
  }
  auto counters = app.store->counters();
  if (!counters) return counters.status();
  if (c.card && req.pay_from_wallet.kind != core::WalletRequest::Kind::kNone) {
    auto left = wallet_limit(app, c.card->number);
    if (!left) return left.status();
    counters->wallet_offline_left = *left;
  }
  c.outcome = core::calculate(req, c.card ? &*c.card : nullptr, app.programs, *counters,
                              app.config.settings);
  return c;
}

// A confirm's journal detail, as json_plain would write {receipt_id, request, response,
// total} (keys in order), with the request and the answer spliced in as already written.
std::string receipt_detail(const std::string& receipt_id, const std::string& request_text,
                           const std::string& answer, core::Kopecks total) {
  std::string out = R"({"receipt_id":)";
  out += core::Json(receipt_id).dump();
  out += R"(,"request":)";
  out += request_text;
  out += R"(,"response":)";
  out += answer;
  out += R"(,"total":)";
  out += std::to_string(total);
  out += '}';
  return out;
}

HttpResponse calculate(App& app, const HttpRequest& http) {
  auto body = parse_body(http);
  if (!body) return status_response(body.status());
  auto req = core::parse_receipt_request(*body, app.now());
  if (!req) return status_response(req.status());
  auto c = calculate_at(app, *req, false);
  if (!c) return status_response(c.status());
  HttpResponse sent{200, {}};
  sent.text = std::move(c->outcome.response);
  return sent;
}

HttpResponse confirm(App& app, const HttpRequest& http) {
  auto body = parse_body(http);
  if (!body) return status_response(body.status());
  auto req = core::parse_receipt_request(*body, app.now());
  if (!req) return status_response(req.status());
  // Hashed for idempotency and kept in the journal's detail: written once for both.
  std::string request_text;
  core::append_plain_json(request_text, *body);
  std::string hash = plain_body_hash(request_text);

  auto existing = app.store->get_receipt(req->receipt_id);
  if (!existing) return status_response(existing.status());
  if (existing->has_value()) {
    if ((*existing)->body_sha256 != hash)
      return error_response(409, "receipt_conflict",
                            "receipt " + req->receipt_id + " was confirmed with a different body",
                            "receipt_id");
    core::Json replay = (*existing)->response;
    replay["replayed"] = true;
    // A POS retrying a sale it has since cancelled is told so, not only the old answer.
    if ((*existing)->cancel_entry_id) replay["cancelled"] = true;
    return {200, std::move(replay)};
  }

  auto c = calculate_at(app, *req, true);
  if (!c) return status_response(c.status());
  const core::CalcOutcome& out = c->outcome;
  if ((req->expect_total && *req->expect_total != out.total) ||
      (req->expect_points_accrued && *req->expect_points_accrued != out.points_accrued)) {
    auto r = error_response(
        409, "calculation_changed",
        "the receipt now computes otherwise than `expect` says (the programs or the card changed "
        "since calculate, or `expect` was not that answer's): check `result` and confirm again");
    r.body["result"] = core::Json::parse(out.response);
    return r;
  }
  core::Day today = core::local_day(req->at, app.config.settings.zone);
  // Written once: the receipt row, the journal's detail and the wire carry this text.
  std::string answer = std::move(c->outcome.response);
  Status s = write(app, [&]() -> Status {
    auto id = app.store->next_entry_id();
    if (!id) return id.status();
    if (c->card && !out.effects.card.empty()) {
      core::CardState card = *c->card;
      if (Status e = apply_with_referrer(app, card, out.effects, *id, today); !e) return e;
    }
    if (Status e = app.store->count_coupons(out.effects.coupon_programs, 1); !e) return e;
    StoredReceipt r;
    r.receipt_id = req->receipt_id;
    r.body_sha256 = hash;
    r.entry_id = *id;
    r.card = out.effects.card;
    r.at = req->at;
    r.refund_state = core::refund_state_to_json(core::RefundState{});
    if (Status e = app.store->insert_receipt(r, core::sale_to_text(*out.sale)); !e) return e;
    return app.store->append_journal_text(
        *id, "receipt", out.effects.card, req->at, core::effects_to_json(out.effects),
        receipt_detail(req->receipt_id, request_text, answer, out.total));
  });
  if (!s) return status_response(s);
  say_when_durable(
      app, fmt::format("receipt {} confirmed: total {}, card {}, points +{}", req->receipt_id,
                       out.total, out.effects.card.empty() ? "none" : masked(out.effects.card),
                       out.points_accrued));
  HttpResponse sent{200, {}};
  sent.text = std::move(answer);
  return sent;
}

HttpResponse refund_or_cancel(App& app, const HttpRequest& http, const std::string& receipt_id,
                              bool cancel) {
  auto body = parse_body(http);
  if (!body) return status_response(body.status());
  auto req = core::parse_refund_request(*body, app.now(), cancel);
  if (!req) return status_response(req.status());
  if (cancel) req->refund_id = std::string(core::kCancelRefundPrefix) + receipt_id;
  // A cancel is idempotent by receipt id whatever its body; a refund by refund id and body.
  std::string hash = cancel ? std::string("cancel") : body_hash(*body);

  auto receipt = app.store->get_receipt(receipt_id, /*with_answer=*/false);
  if (!receipt) return status_response(receipt.status());
  if (!receipt->has_value())
    return error_response(404, "receipt_not_found",
                          "no confirmed receipt " + core::log_text(receipt_id));
  auto prior = app.store->get_refund(req->refund_id);
  if (!prior) return status_response(prior.status());
  if (prior->has_value()) {
    if ((*prior)->receipt_id != receipt_id)
      return error_response(409, "refund_conflict",
                            "refund " + req->refund_id + " was made for receipt " +
                                (*prior)->receipt_id + ": each return takes a refund id of its own",
                            "refund_id");
    if ((*prior)->body_sha256 != hash)
      return error_response(409, "refund_conflict",
                            "refund " + req->refund_id + " was made with a different body",
                            "refund_id");
    core::Json replay = (*prior)->response;
    replay["replayed"] = true;
    return {200, std::move(replay)};
  }
  auto sale = core::sale_from_json((*receipt)->sale);
  if (!sale) return status_response(sale.status());
  auto before = core::refund_state_from_json((*receipt)->refund_state);
  if (!before) return status_response(before.status());

  core::Result<core::RefundOutcome> out = Status::internal("not computed");
  // The loyalty card, or for a gift card's sale the card whose wallet paid.
  std::optional<core::CardState> card;
  const bool loyalty_sale = !(*sale)->card.empty();
  const std::string& holder = loyalty_sale ? (*sale)->card : (*sale)->wallet_card;
  if (!holder.empty()) {
    // Replaced since the sale (a lost card): its points are on the replacement, so the
    // refund takes them from there, as head office would.
    auto loaded = app.store->load_card_holding(holder);
    if (!loaded) return status_response(loaded.status());
    card = std::move(*loaded);
  }
  if (cancel && before->complete) {
    // Everything was already returned by refunds: cancelling changes nothing more.
    core::RefundOutcome nothing;
    nothing.after = *before;
    nothing.response = {{"refund_id", req->refund_id},
                        {"receipt_id", receipt_id},
                        {"points_reversed", 0},
                        {"points_returned", 0},
                        {"money_returned", 0},
                        {"wallet_returned", 0},
                        {"spent_after", card && loyalty_sale ? card->spent : 0},
                        {"messages", core::Json::array()}};
    out = std::move(nothing);
  } else {
    out = core::refund(**sale, (*receipt)->entry_id, *before, *req,
                       card && loyalty_sale ? &*card : nullptr, app.config.settings);
  }
  if (!out) {
    if (out.status().code() == core::Code::kInvalid)
      return error_response(422, "refund_exceeds_sale", out.status().message(),
                            out.status().field());
    return status_response(out.status());
  }
  if (card && out->effects.card == holder) out->effects.card = card->number;
  core::Day today = core::local_day(req->at, app.config.settings.zone);
  Status s = write(app, [&]() -> Status {
    auto id = app.store->next_entry_id();
    if (!id) return id.status();
    if (card && !out->effects.card.empty())
      if (Status e = apply_with_referrer(app, *card, out->effects, *id, today); !e) return e;
    if (Status e = app.store->count_coupons(out->effects.coupon_programs_returned, -1); !e)
      return e;
    if (Status e =
            app.store->update_refund_state(receipt_id, core::refund_state_to_json(out->after),
                                           cancel ? std::optional<std::string>(*id) : std::nullopt);
        !e)
      return e;
    if (Status e = app.store->insert_refund({req->refund_id, receipt_id, hash, *id, out->response});
        !e)
      return e;
    core::Json detail{{"receipt_id", receipt_id},
                      {"refund_id", req->refund_id},
                      {"request", *body},
                      {"response", out->response}};
    // The return that leaves nothing of the receipt: head office's reports count it no
    // more, whether refunds or a cancellation returned it (docs/reports.md).
    if (out->after.complete && !before->complete) detail["completes_receipt"] = true;
    return app.store->append_journal(*id, cancel ? "cancel" : "refund", out->effects.card, req->at,
                                     core::effects_to_json(out->effects), detail);
  });
  if (!s) return status_response(s);
  say_when_durable(app, fmt::format("{} {} of receipt {}: points -{} +{}",
                                    cancel ? "cancel" : "refund", req->refund_id, receipt_id,
                                    out->response["points_reversed"].get<std::int64_t>(),
                                    out->response["points_returned"].get<std::int64_t>()));
  return {200, out->response};
}

HttpResponse get_receipt(App& app, const std::string& receipt_id) {
  auto receipt = app.store->get_receipt(receipt_id);
  if (!receipt) return status_response(receipt.status());
  if (!receipt->has_value())
    return error_response(404, "receipt_not_found",
                          "no confirmed receipt " + core::log_text(receipt_id));
  auto refunds = app.store->refunds_of(receipt_id);
  if (!refunds) return status_response(refunds.status());
  const auto& state = (*receipt)->refund_state;
  // As the refund answers counted them: a whole return's referral reward is in its answer.
  std::int64_t reversed = 0;
  for (const auto& r : *refunds) reversed += r.value("points_reversed", std::int64_t{0});
  return {200, core::Json{{"receipt_id", receipt_id},
                          {"result", (*receipt)->response},
                          {"refunds", *refunds},
                          {"refunded",
                           {{"complete", state["complete"]},
                            {"money_returned", state["money_returned"]},
                            {"points_reversed", reversed},
                            {"points_returned", state["points_returned"]},
                            {"wallet_returned", state.value("wallet_returned", 0)}}},
                          {"cancelled", (*receipt)->cancel_entry_id.has_value()}}};
}

}  // namespace

HttpResponse route_receipts(App& app, const HttpRequest& req,
                            const std::vector<std::string>& parts) {
  if (parts.size() == 3 && (parts[2] == "calculate" || parts[2] == "confirm")) {
    if (req.method != "POST") return error_response(405, "method_not_allowed", "use POST");
    return parts[2] == "calculate" ? calculate(app, req) : confirm(app, req);
  }
  if (parts.size() == 3) {
    if (req.method != "GET") return error_response(405, "method_not_allowed", "use GET");
    return get_receipt(app, parts[2]);
  }
  if (parts.size() == 4 && (parts[3] == "refund" || parts[3] == "cancel")) {
    if (req.method != "POST") return error_response(405, "method_not_allowed", "use POST");
    return refund_or_cancel(app, req, parts[2], parts[3] == "cancel");
  }
  return error_response(404, "not_found", "no such path");
}

}  // namespace kopilka::daemon
