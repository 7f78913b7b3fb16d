// The customer view; see customers_view.h.
#include "office/customers_view.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/card_points.h"
#include "core/card_replacement.h"
#include "core/effects.h"
#include "core/engine.h"
#include "office/audit.h"
#include "office/outbox.h"
#include "office/repeated_gifts.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

// The newest messages a customer's view shows; the delivery log pages through the rest.
constexpr std::int64_t kViewNotifications = 100;

Json card_json(core::CardState card, Storage& store, core::Instant now) {
  const core::Day today = core::local_day(now, store.settings().zone);
  // As the card's own view shows it (routes_cards.cc): a birthday gift due today is the
  // customer's though no till has looked the card up yet, and the desk sees what the
  // customer will be told at the till.
  auto due = core::due_time_effects(card, store.programs(), now, store.settings());
  if (!due.empty()) (void)core::apply_effects(card, due, "office:view", today);
  Json view = core::card_view(card, store.programs(), now, store.settings());
  Json lots = Json::array();
  for (const core::PointLot& lot : card.lots) {
    // A lot past its last day stays on the card until an entry folds it away; its points
    // burned and are not in the balance.
    lots.push_back(
        {{"id", lot.id},
         {"program", lot.program},
         {"points", lot.remaining},
         {"earned_on", core::format_date(lot.earned_day)},
         {"usable_from", core::format_date(lot.usable_from)},
         {"burns_after", lot.last_day ? Json(core::format_date(*lot.last_day)) : Json(nullptr)},
         {"burned", !core::lot_alive(lot, today)}});
  }
  const std::string_view replaced_by = core::replacement_of(card);
  return Json{{"number", card.number},
              {"status", core::to_string(card.status)},
              {"replaced_by", replaced_by.empty() ? Json(nullptr) : Json(std::string(replaced_by))},
              {"groups", card.groups},
              {"balance", view["points"]["balance"]},
              {"usable", view["points"]["usable"]},
              {"pending", view["points"]["pending"]},
              {"debt", card.debt},
              {"spent", card.spent},
              {"purchases", card.purchases},
              {"visits", card.visit_days.size()},
              {"levels", view["levels"]},
              {"lots", std::move(lots)}};
}

std::int64_t sum_points(const Json& effects, const char* list) {
  std::int64_t total = 0;
  if (!effects.is_object() || !effects.contains(list) || !effects[list].is_array()) return 0;
  for (const Json& x : effects[list])
    if (x.is_object() && x.contains("points") && x["points"].is_number_integer())
      total += x["points"].get<std::int64_t>();
  return total;
}

// One entry's move of a card's wallet (programs.md "wallet"): a top-up with its amount and
// bonus, what a receipt paid from the wallet, what a refund gave back. Null: none.
Json wallet_move(const Json& common, const std::string& kind, const Json& effects,
                 const Json& detail) {
  if (!effects.is_object() || !effects.contains("wallet_delta") ||
      !effects["wallet_delta"].is_number_integer())
    return nullptr;
  Json m = common;
  m["amount"] = effects["wallet_delta"];
  if (kind == "topup" && detail.is_object() && detail.contains("response") &&
      detail["response"].is_object()) {
    const Json& r = detail["response"];
    m["topup_id"] = detail.value("topup_id", Json(nullptr));
    m["topped_up"] = r.value("amount", Json(0));
    m["bonus"] = r.value("bonus", Json(0));
    m["bonus_points"] = r.value("bonus_points", Json(0));
  }
  return m;
}

// Purchases (receipts, refunds, cancellations with their lines and totals), points moves
// and wallet moves of these cards, newest first.
Status add_history(Sql& sql, const std::vector<std::string>& cards, core::Zone zone, Json& out) {
  Json purchases = Json::array();
  Json points = Json::array();
  Json wallet = Json::array();
  if (!cards.empty()) {
    std::string in;
    SqlParams params;
    for (std::size_t i = 0; i < cards.size() && i < 100; ++i) {
      in += (i ? ", $" : "$") + std::to_string(i + 1);
      params.push_back(cards[i]);
    }
    auto rows = sql.query(
        "SELECT e.id, e.kind, e.card, e.at, e.body, e.register_id, r.store_id, s.name, "
        "s.timezone, e.received FROM entries e LEFT JOIN registers r ON r.id = e.register_id "
        "LEFT JOIN stores s ON s.id = r.store_id WHERE e.card IN (" +
            in + ") ORDER BY e.at DESC, e.id DESC LIMIT " + std::to_string(kViewHistoryLimit),
        params);
    if (!rows) return rows.status();
    // A time is written in its store's zone, as the receipt was printed there (head
    // office's for a register without a store, and for head office's own entries).
    std::map<std::string, core::Zone> zones;
    const auto zone_of = [&](const SqlRow& row) {
      if (row.is_null(8)) return zone;
      auto [at, fresh] = zones.try_emplace(row.text(8), zone);
      if (fresh)
        if (auto z = core::locate_zone(row.text(8))) at->second = *z;
      return at->second;
    };
    std::vector<Json> bodies;
    for (const SqlRow& row : *rows) {
      auto body = core::parse_json_exact(row.text(4));
      bodies.push_back(body && body->is_object() ? core::json_plain(*body) : Json::object());
    }
    std::vector<GiftEntry> gifts;
    for (std::size_t i = 0; i < rows->size(); ++i)
      if ((*rows)[i].text(1) == "birthday" && bodies[i].contains("effects"))
        gifts.push_back(
            {(*rows)[i].text(0), (*rows)[i].text(2), (*rows)[i].int64(9), &bodies[i]["effects"]});
    const std::set<std::string> gifts_given_before = repeated_gifts(gifts);
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const SqlRow& row = (*rows)[i];
      const Json& b = bodies[i];
      const std::string kind = row.text(1);
      const Json effects = b.is_object() && b.contains("effects") ? b["effects"] : Json::object();
      Json common{{"id", row.text(0)},
                  {"kind", kind},
                  {"card", row.text(2)},
                  {"at", core::format_rfc3339(row.int64(3), zone_of(row))},
                  {"register", row.text(5)},
                  {"store", row.is_null(6) ? Json(nullptr) : Json(row.text(6))},
                  {"store_name", row.is_null(7) ? Json(nullptr) : Json(row.text(7))}};
      const Json detail = b.contains("detail") ? b["detail"] : Json(nullptr);
      // The receipt's id is in the entry or, as registers journal it, in its detail.
      Json receipt_id = nullptr;
      if (b.contains("receipt_id"))
        receipt_id = b["receipt_id"];
      else if (detail.is_object() && detail.contains("receipt_id"))
        receipt_id = detail["receipt_id"];
      if (Json m = wallet_move(common, kind, effects, detail); !m.is_null())
        wallet.push_back(std::move(m));
      const std::int64_t accrued = sum_points(effects, "new_lots");
      const std::int64_t redeemed = sum_points(effects, "draws");
      if (kind == "receipt" || kind == "refund" || kind == "cancel") {
        Json p = common;
        p["receipt_id"] = receipt_id;
        p["detail"] = detail;
        p["spent_delta"] = effects.value("spent_delta", Json(0));
        purchases.push_back(std::move(p));
      }
      if ((accrued != 0 || redeemed != 0) && !gifts_given_before.count(row.text(0))) {
        Json p = common;
        p["accrued"] = accrued;
        p["redeemed"] = redeemed;
        p["receipt_id"] = receipt_id;  // what a receipt's, a refund's or a cancel's points were
        // Head office's adjustments hold their reason; a register's, in the request it journalled.
        if (b.contains("reason"))
          p["reason"] = b["reason"];
        else if (kind == "adjust" && detail.is_object() && detail.contains("request") &&
                 detail["request"].is_object() && detail["request"].contains("reason"))
          p["reason"] = detail["request"]["reason"];
        points.push_back(std::move(p));
      }
    }
  }
  out["purchases"] = std::move(purchases);
  out["points_history"] = std::move(points);
  out["wallet_history"] = std::move(wallet);
  return Status::ok();
}

// Audit entries about the customer and each of its cards, newest first.
Status add_audit(Sql& sql, const CustomerRecord& c, core::Zone zone, Json& out) {
  std::vector<std::string> objects{"customer:" + c.contacts.id};
  for (const auto& n : c.cards) objects.push_back("card:" + n);
  Json entries = Json::array();
  for (const std::string& object : objects) {
    AuditQuery q;
    q.object = object;
    q.limit = kViewAuditLimit;
    auto got = read_audit(sql, q, zone);
    if (!got) return got.status();
    for (auto& e : (*got)["entries"]) entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Json& a, const Json& b) {
    return a.value("id", std::int64_t{0}) > b.value("id", std::int64_t{0});
  });
  out["audit"] = std::move(entries);
  return Status::ok();
}

}  // namespace

Result<Json> customer_view(Storage& store, const CustomerRecord& customer, core::Instant now) {
  const core::Zone zone = store.settings().zone;
  Json view = customer_contacts(customer);
  Json cards = Json::array();
  core::Kopecks wallet_balance = 0;
  for (const std::string& number : customer.cards) {
    auto card = store.load_card(number);
    if (!card) return card.status();
    if (!*card) continue;
    cards.push_back(card_json(**card, store, now));
    cards.back()["wallet"] = (*card)->wallet;
    if (__builtin_add_overflow(wallet_balance, (*card)->wallet, &wallet_balance))
      return Status::invalid("the customer's wallets add up beyond what can be counted");
  }
  view["cards"] = std::move(cards);
  if (Status s = add_history(store.sql(), customer.cards, zone, view); !s) return s;
  if (Status s = add_audit(store.sql(), customer, zone, view); !s) return s;
  // The messages sent or meant for the customer, newest first, as the delivery log shows them.
  auto log = delivery_log(store.sql(), customer.contacts.id, zone, kViewNotifications);
  if (!log) return log.status();
  view["notifications"] = std::move((*log)["notifications"]);
  view["wallet"] = {{"balance", wallet_balance}, {"history", std::move(view["wallet_history"])}};
  view.erase("wallet_history");
  return view;
}

}  // namespace kopilka::office
