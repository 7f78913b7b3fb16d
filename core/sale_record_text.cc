// A sale's stored document written as text (engine.h sale_to_text): every confirm stores
// one, and building its tree only to dump it was a tenth of a confirm's instructions.
// The keys are written in byte order, as the dump of sale_to_json's tree orders them.
#include <string>

#include "core/card_state_text.h"
#include "core/effects.h"
#include "core/json_text.h"
#include "core/sale_record.h"

namespace kopilka::core {

namespace {

// An object's members written one after another; the caller keeps the keys in byte order.
class ObjectText {
 public:
  explicit ObjectText(std::string& out) : out_(out) {}
  ~ObjectText() { out_ += sep_ == '{' ? "{}" : "}"; }
  ObjectText(const ObjectText&) = delete;
  ObjectText& operator=(const ObjectText&) = delete;

  std::string& key(const char* name) {
    out_ += sep_;
    sep_ = ',';
    out_ += '"';
    out_ += name;
    out_ += "\":";
    return out_;
  }
  void integer(const char* name, std::int64_t v) { append_json_int(key(name), v); }
  void string(const char* name, const std::string& v) { append_json_string(key(name), v); }

 private:
  std::string& out_;
  char sep_ = '{';
};

template <typename T, typename Write>
void array(std::string& out, const std::vector<T>& items, Write write) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    write(items[i]);
  }
  out += ']';
}

void lots(std::string& out, const std::vector<PointLot>& items) {
  array(out, items, [&](const PointLot& l) { append_lot_text(out, l, "remaining"); });
}

void line(std::string& out, const SaleLine& l) {
  ObjectText o(out);
  o.integer("amount", l.amount);
  o.integer("amount_before", l.amount_before);
  o.integer("discount", l.discount);
  o.integer("line", l.line);
  if (l.paid_from_wallet != 0) o.integer("paid_from_wallet", l.paid_from_wallet);
  o.integer("paid_with_points", l.paid_with_points);
  o.integer("qty_milli", l.qty_milli);
}

}  // namespace

std::string sale_to_text(const SaleRecord& s) {
  std::string out;
  out.reserve(320 + s.lines.size() * 112 + (s.accrued.size() + s.redeemed.size()) * 160);
  {
    ObjectText o(out);
    array(o.key("accrual_lots"), s.accrual_lots, [&](std::int64_t n) { append_json_int(out, n); });
    if (!s.accrued.empty()) lots(o.key("accrued"), s.accrued);
    o.integer("at", s.at);
    o.string("card", s.card);
    o.key("counted_purchase") += s.counted_purchase ? "true" : "false";
    array(o.key("coupon_programs"), s.coupon_programs,
          [&](const std::string& p) { append_json_string(out, p); });
    array(o.key("lines"), s.lines, [&](const SaleLine& l) { line(out, l); });
    if (s.paid_from_wallet != 0) o.integer("paid_from_wallet", s.paid_from_wallet);
    o.integer("points_accrued", s.points_accrued);
    o.integer("points_redeemed", s.points_redeemed);
    o.string("receipt_id", s.receipt_id);
    lots(o.key("redeemed"), s.redeemed);
    // Rare (a referee's first purchase): through the tree.
    if (s.referral)
      o.key("referral") +=
          referral_to_json(*s.referral).dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.paid_from_wallet != 0) o.string("wallet_card", s.wallet_card);
  }
  return out;
}

}  // namespace kopilka::core
