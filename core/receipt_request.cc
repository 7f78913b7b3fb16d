// Request body parsing; see receipt_request.h.
#include "core/receipt_request.h"

#include <initializer_list>
#include <set>
#include <string_view>

#include "core/card_number.h"
#include "core/json_fields.h"
#include "core/payment_card.h"
#include "core/utf8_length.h"

namespace kopilka::core {

namespace {

// The first key of `obj` not among `known`, or null. Field names are built only for an
// error: a confirm of 40 lines would otherwise build a few hundred strings ("lines[12].sku")
// to throw away.
const std::string* unknown_key(const Json& obj, std::initializer_list<std::string_view> known) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    bool found = false;
    for (std::string_view k : known) found = found || k == key;
    if (!found) return &key;
  }
  return nullptr;
}

Status only(const Json& obj, std::initializer_list<std::string_view> known,
            const std::string& prefix) {
  if (const std::string* key = unknown_key(obj, known))
    return Status::invalid("is not a known field", prefix + *key);
  return Status::ok();
}

Result<std::string> text(const Json& v, const std::string& field) {
  auto s = string_value(v, field);
  if (!s) return s;
  if (utf8_length(*s) > kMaxStringLength)
    return Status::invalid("is longer than 256 characters", field);
  return s;
}

// An id the POS chose (receipt_id, refund_id): printable text. A control character (a NUL
// above all) is cut or rewritten by the shells, logs and files an id passes through, and
// the receipt could then never be found again to be refunded.
Result<std::string> id_text(const Json& v, const std::string& field) {
  auto s = text(v, field);
  if (!s) return s;
  if (s->empty()) return Status::invalid("must not be empty", field);
  if (Status c = check_id_text(*s, field); !c) return c;
  return s;
}

Result<Instant> at_of(const Json& body, Instant now) {
  if (!body.contains("at") || body["at"].is_null()) return clock_business_time(now);
  auto s = text(body["at"], "at");
  if (!s) return s.status();
  auto at = parse_business_time(*s);
  if (!at) return Status::invalid(at.status().message(), "at");
  return *at;
}

Result<std::int32_t> line_number(const Json& v, const std::string& field) {
  auto n = json_integer(v);
  if (!n || *n < 1 || *n > 1'000'000)
    return Status::invalid("must be a line number from 1 to 1000000", field);
  return static_cast<std::int32_t>(*n);
}

Result<Quantity> quantity(const Json& v, const std::string& field) {
  auto q = json_scaled(v, kQuantityPlaces, /*allow_string=*/true);
  if (!q) {
    std::string m = q.status().message();
    if (m.find("decimal places") != std::string::npos) m = "may have at most 3 decimals";
    return Status::invalid(m, field);
  }
  if (*q <= 0) return Status::invalid("must be more than 0", field);
  if (*q > kMaxQuantityMilli) return Status::invalid("must be at most 1000000", field);
  return Quantity{*q};
}

// One line of the receipt, its keys known; errors name the field within the line ("qty").
// `seen` holds the line numbers of the lines before it.
Result<ReceiptLine> parse_line(const Json& l, std::set<std::int32_t>& seen) {
  if (!l.is_object()) return Status::invalid("must be an object");
  ReceiptLine line;
  auto field = l.find("line");
  if (field == l.end()) return Status::invalid("is required", "line");
  auto n = line_number(*field, "line");
  if (!n) return n.status();
  if (!seen.insert(*n).second) return Status::invalid("repeats another line's number", "line");
  line.line = *n;
  for (auto [key, out] : {std::pair<const char*, std::string*>{"sku", &line.sku},
                          {"name", &line.name},
                          {"category", &line.category}}) {
    field = l.find(key);
    if (field == l.end() || field->is_null()) continue;
    auto v = text(*field, key);
    if (!v) return v.status();
    // The line is journalled and goes to head office: a bank card's number never may.
    if (contains_payment_card_number_beside_barcodes(*v))
      return Status::invalid(
          "looks like a bank card's number, which is never kept: a receipt line is journalled "
          "and sent to head office",
          key);
    *out = std::move(*v);
  }
  field = l.find("qty");
  if (field == l.end()) return Status::invalid("is required", "qty");
  auto qty = quantity(*field, "qty");
  if (!qty) return qty.status();
  line.qty = *qty;
  field = l.find("price");
  if (field == l.end()) return Status::invalid("is required", "price");
  auto price = json_integer(*field);
  if (!price) return Status::invalid("must be a whole number of kopecks", "price");
  if (*price < 0) return Status::invalid("must not be negative", "price");
  if (*price > kMaxPrice) return Status::invalid("is over 10^12 kopecks", "price");
  line.price = *price;
  auto amount = line_amount(line.price, line.qty);
  if (!amount || *amount > kMaxAmount)
    return Status::invalid("the line amount is over 10^13 kopecks", "qty");
  line.amount_before = *amount;
  return line;
}

}  // namespace

Status check_id_text(std::string_view s, const std::string& field) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    // C0 controls and DEL; C1 controls (U+0080..U+009F) are 0xC2 0x80..0x9F in UTF-8.
    bool control = c < 0x20 || c == 0x7F ||
                   (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0);
    if (control) return Status::invalid("must not contain control characters", field);
  }
  if (contains_payment_card_number(s))
    return Status::invalid(
        "looks like a bank card's number: ids are kept and logged, and a bank card's number "
        "never may be",
        field);
  return Status::ok();
}

Result<ReceiptRequest> parse_receipt_request(const Json& body, Instant now) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  if (Status s = only(body,
                      {"receipt_id", "at", "card", "coupons", "redeem_points", "pay_from_wallet",
                       "lines", "expect"},
                      "");
      !s)
    return s;
  ReceiptRequest r;
  if (!body.contains("receipt_id")) return Status::invalid("is required", "receipt_id");
  auto id = id_text(body["receipt_id"], "receipt_id");
  if (!id) return id.status();
  r.receipt_id = *id;
  auto at = at_of(body, now);
  if (!at) return at.status();
  r.at = *at;
  if (body.contains("card") && !body["card"].is_null()) {
    auto card = text(body["card"], "card");
    if (!card) return card.status();
    if (Status c = check_card_number(*card, "card"); !c) return c;
    r.card = *card;
  }
  if (body.contains("coupons")) {
    const Json& c = body["coupons"];
    if (!c.is_array() || c.size() > 20)
      return Status::invalid("must be an array of up to 20 codes", "coupons");
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::string field = "coupons[" + std::to_string(i) + "]";
      auto code = text(c[i], field);
      if (!code) return code.status();
      if (Status p = check_id_text(*code, field); !p) return p;
      r.coupons.push_back(*code);
    }
  }
  if (body.contains("redeem_points") && !body["redeem_points"].is_null()) {
    const Json& v = body["redeem_points"];
    if (v.is_string() && v.get<std::string>() == "max") {
      r.redeem.kind = RedeemRequest::Kind::kMax;
    } else {
      auto n = json_integer(v);
      if (!n || *n < 0 || *n > 1'000'000'000)
        return Status::invalid("must be a whole number of points (0 to 10^9) or \"max\"",
                               "redeem_points");
      if (*n > 0) r.redeem = {RedeemRequest::Kind::kPoints, *n};
    }
  }
  if (body.contains("pay_from_wallet") && !body["pay_from_wallet"].is_null()) {
    const Json& v = body["pay_from_wallet"];
    if (v.is_string() && v.get<std::string>() == "max") {
      r.pay_from_wallet.kind = WalletRequest::Kind::kMax;
    } else {
      auto n = json_integer(v);
      if (!n || *n < 0 || *n > kMaxAmount)
        return Status::invalid("must be whole kopecks (0 to 10^13) or \"max\"", "pay_from_wallet");
      if (*n > 0) r.pay_from_wallet = {WalletRequest::Kind::kAmount, *n};
    }
  }
  if (!body.contains("lines")) return Status::invalid("is required", "lines");
  const Json& lines = body["lines"];
  if (!lines.is_array() || lines.empty())
    return Status::invalid("must be a non-empty array", "lines");
  if (lines.size() > kMaxLines) return Status::invalid("has more than 1000 lines", "lines");
  std::set<std::int32_t> seen;
  Kopecks total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].is_object())
      if (const std::string* key =
              unknown_key(lines[i], {"line", "sku", "name", "category", "qty", "price"}))
        return Status::invalid("is not a known field", "lines[" + std::to_string(i) + "]." + *key);
    auto line = parse_line(lines[i], seen);
    if (!line) return line.status().under("lines[" + std::to_string(i) + "]");
    total += line->amount_before;
    if (total > kMaxAmount)
      return Status::invalid("the receipt amount is over 10^13 kopecks", "lines");
    r.lines.push_back(std::move(*line));
  }
  if (body.contains("expect")) {
    const Json& e = body["expect"];
    if (!e.is_object()) return Status::invalid("must be an object", "expect");
    if (Status s = only(e, {"total", "points_accrued"}, "expect."); !s) return s;
    if (e.contains("total")) {
      auto v = json_integer(e["total"]);
      if (!v || *v < 0 || *v > kMaxAmount)
        return Status::invalid("must be kopecks", "expect.total");
      r.expect_total = *v;
    }
    if (e.contains("points_accrued")) {
      auto v = json_integer(e["points_accrued"]);
      if (!v || *v < 0) return Status::invalid("must be points", "expect.points_accrued");
      r.expect_points_accrued = *v;
    }
  }
  return r;
}

Result<RefundRequest> parse_refund_request(const Json& body, Instant now, bool cancel) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  Status known = cancel ? only(body, {"at"}, "") : only(body, {"refund_id", "at", "lines"}, "");
  if (!known) return known;
  RefundRequest r;
  auto at = at_of(body, now);
  if (!at) return at.status();
  r.at = *at;
  if (cancel) return r;
  if (!body.contains("refund_id")) return Status::invalid("is required", "refund_id");
  auto id = id_text(body["refund_id"], "refund_id");
  if (!id) return id.status();
  // A cancel is kept as the refund "cancel:<receipt_id>": a refund of that name would stand
  // in its place, and the receipt could never be cancelled.
  if (id->rfind(kCancelRefundPrefix, 0) == 0)
    return Status::invalid("must not begin with \"cancel:\" (a cancel's own name)", "refund_id");
  r.refund_id = *id;
  if (body.contains("lines")) {
    const Json& lines = body["lines"];
    // null is not "all that is left": a serializer writes it for a list it never filled,
    // and a partial return must not become a whole one by a bug in the POS.
    if (lines.is_null())
      return Status::invalid("must be an array of lines; leave it out to return all that is left",
                             "lines");
    if (!lines.is_array() || lines.empty() || lines.size() > kMaxLines)
      return Status::invalid("must be a non-empty array of up to 1000 lines", "lines");
    std::vector<RefundLine> out;
    std::set<std::int32_t> listed;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string at_line = "lines[" + std::to_string(i) + "]";
      if (!lines[i].is_object()) return Status::invalid("must be an object", at_line);
      if (Status s = only(lines[i], {"line", "qty"}, at_line + "."); !s) return s;
      if (!lines[i].contains("line")) return Status::invalid("is required", at_line + ".line");
      auto n = line_number(lines[i]["line"], at_line + ".line");
      if (!n) return n.status();
      if (!listed.insert(*n).second)
        return Status::invalid("lists line " + std::to_string(*n) +
                                   " again: give each line once, with all of its quantity",
                               at_line + ".line");
      if (!lines[i].contains("qty")) return Status::invalid("is required", at_line + ".qty");
      auto q = quantity(lines[i]["qty"], at_line + ".qty");
      if (!q) return q.status();
      out.push_back({*n, *q});
    }
    r.lines = std::move(out);
  }
  return r;
}

}  // namespace kopilka::core
