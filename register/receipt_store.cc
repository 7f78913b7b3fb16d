// Confirmed receipts, their refunds, points adjustments and coupon totals: what makes
// confirm, refund and adjust idempotent (the request's hash and the answer given) and
// what a later refund needs (the sale record and what was returned so far).
#include "register/store.h"

#include "core/json_exact.h"

namespace kopilka::daemon {
namespace {

// The answer a receipt's journal entry carries: {"receipt_id", "request", "response", ...}.
Result<Json> answer_in_detail(const std::string& detail, const std::string& what) {
  if (detail.empty()) return Status::corrupt(what + ": its journal entry is missing");
  auto d = core::parse_stored_plain(detail, what);
  if (!d) return d.status();
  auto it = d->find("response");
  if (!d->is_object() || it == d->end() || !it->is_object())
    return Status::corrupt(what + ": its journal entry holds no answer");
  return std::move(*it);
}

}  // namespace

Result<std::optional<StoredReceipt>> Store::get_receipt(const std::string& receipt_id,
                                                        bool with_answer) {
  // A receipt confirmed since the answer was stored once keeps '' in its own row; the
  // answer is its journal entry's (detail.response), written in the same transaction.
  auto st = db_->prepare(
      "SELECT body_sha256, entry_id, coalesce(card, ''), at, response, sale, refund_state, "
      "cancel_entry_id, CASE WHEN ?2 AND response = '' THEN "
      "(SELECT detail FROM journal WHERE journal.entry_id = receipts.entry_id) END "
      "FROM receipts WHERE receipt_id = ?1");
  if (!st) return st.status();
  st->bind(1, receipt_id).bind(2, std::int64_t{with_answer ? 1 : 0});
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<StoredReceipt>();
  StoredReceipt r;
  r.receipt_id = receipt_id;
  r.body_sha256 = st->text(0);
  r.entry_id = st->text(1);
  r.card = st->text(2);
  r.at = st->int64(3);
  std::string response = st->text(4), sale = st->text(5), state = st->text(6);
  if (!st->is_null(7)) r.cancel_entry_id = st->text(7);
  std::string detail = st->is_null(8) ? std::string() : st->text(8);
  st->reset();
  const std::string what = "receipt " + receipt_id;
  auto a = !with_answer       ? Result<Json>(Json())
           : response.empty() ? answer_in_detail(detail, what)
                              : core::parse_stored_plain(response, what);
  auto b = core::parse_stored(sale, what);
  auto c = core::parse_stored(state, what);
  if (!a || !b || !c) return Status::corrupt(what + " is damaged");
  r.response = std::move(*a);
  r.sale = std::move(*b);
  r.refund_state = std::move(*c);
  return std::optional<StoredReceipt>(std::move(r));
}

Status Store::insert_receipt(const StoredReceipt& r, std::string_view sale_text) {
  auto st = db_->prepare(
      "INSERT INTO receipts(receipt_id, body_sha256, entry_id, card, at, response, sale, "
      "refund_state) "
      "VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7)");
  if (!st) return st.status();
  return st->bind(1, r.receipt_id)
      .bind(2, r.body_sha256)
      .bind(3, r.entry_id)
      .bind_optional(4, r.card.empty() ? std::optional<std::string>() : r.card)
      .bind(5, r.at)
      .bind_borrowed(6, sale_text)
      .bind(7, r.refund_state.dump())
      .run();
}

Status Store::update_refund_state(const std::string& receipt_id, const Json& state,
                                  const std::optional<std::string>& cancel_entry_id) {
  auto st = db_->prepare(
      "UPDATE receipts SET refund_state = ?2, cancel_entry_id = coalesce(?3, cancel_entry_id) "
      "WHERE receipt_id = ?1");
  if (!st) return st.status();
  return st->bind(1, receipt_id).bind(2, state.dump()).bind_optional(3, cancel_entry_id).run();
}

Result<std::optional<StoredRefund>> Store::get_refund(const std::string& refund_id) {
  auto st = db_->prepare(
      "SELECT receipt_id, body_sha256, entry_id, response FROM refunds WHERE refund_id = ?1");
  if (!st) return st.status();
  st->bind(1, refund_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<StoredRefund>();
  StoredRefund r;
  r.refund_id = refund_id;
  r.receipt_id = st->text(0);
  r.body_sha256 = st->text(1);
  r.entry_id = st->text(2);
  std::string response = st->text(3);
  st->reset();
  auto j = core::parse_stored_plain(response, "refund " + refund_id);
  if (!j) return j.status();
  r.response = std::move(*j);
  return std::optional<StoredRefund>(std::move(r));
}

Result<std::vector<Json>> Store::refunds_of(const std::string& receipt_id) {
  auto st = db_->prepare("SELECT response FROM refunds WHERE receipt_id = ?1 ORDER BY entry_id");
  if (!st) return st.status();
  st->bind(1, receipt_id);
  std::vector<Json> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    auto j = core::parse_stored_plain(st->text(0), "a refund");
    if (!j) return j.status();
    out.push_back(std::move(*j));
  }
  return out;
}

Status Store::insert_refund(const StoredRefund& r) {
  auto st = db_->prepare(
      "INSERT INTO refunds(refund_id, receipt_id, body_sha256, entry_id, response) VALUES (?1, ?2, "
      "?3, ?4, ?5)");
  if (!st) return st.status();
  return st->bind(1, r.refund_id)
      .bind(2, r.receipt_id)
      .bind(3, r.body_sha256)
      .bind(4, r.entry_id)
      .bind(5, r.response.dump())
      .run();
}

Result<std::optional<std::pair<std::string, Json>>> Store::get_adjustment(
    const std::string& adjust_id, std::string* body_sha256) {
  auto st =
      db_->prepare("SELECT card, body_sha256, response FROM adjustments WHERE adjust_id = ?1");
  if (!st) return st.status();
  st->bind(1, adjust_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::pair<std::string, Json>>();
  std::string card = st->text(0), response = st->text(2);
  *body_sha256 = st->text(1);
  st->reset();
  auto j = core::parse_stored_plain(response, "adjustment " + adjust_id);
  if (!j) return j.status();
  return std::optional<std::pair<std::string, Json>>(std::make_pair(card, std::move(*j)));
}

Status Store::insert_adjustment(const std::string& adjust_id, const std::string& card,
                                const std::string& body_sha256, const Json& response) {
  auto st = db_->prepare(
      "INSERT INTO adjustments(adjust_id, card, body_sha256, response) VALUES (?1, ?2, ?3, ?4)");
  if (!st) return st.status();
  return st->bind(1, adjust_id).bind(2, card).bind(3, body_sha256).bind(4, response.dump()).run();
}

Result<core::Counters> Store::counters() {
  auto st = db_->prepare("SELECT program, uses FROM coupon_totals");
  if (!st) return st.status();
  core::Counters c;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    c.coupon_uses_total[st->text(0)] = st->int64(1);
  }
  return c;
}

Result<core::Kopecks> Store::unsynced_wallet_paid(const std::string& card) {
  auto st = db_->prepare(
      "SELECT coalesce(sum(-json_extract(effects, '$.wallet_delta')), 0) FROM journal "
      "WHERE card = ?1 AND acked = 0 AND kind = 'receipt' "
      "AND json_extract(effects, '$.wallet_delta') < 0");
  if (!st) return st.status();
  st->bind(1, card);
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->int64(0) : 0;
}

Status Store::count_coupons(const std::vector<std::string>& programs, int delta) {
  for (const auto& p : programs) {
    auto st = db_->prepare(
        "INSERT INTO coupon_totals(program, uses) VALUES (?1, max(0, ?2)) "
        "ON CONFLICT(program) DO UPDATE SET uses = max(0, uses + ?2)");
    if (!st) return st.status();
    if (Status s = st->bind(1, p).bind(2, delta).run(); !s) return s;
  }
  return Status::ok();
}

}  // namespace kopilka::daemon
