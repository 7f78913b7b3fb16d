// Reading a pushed batch; see push_batch.h.
#include "office/push_batch.h"

#include <unordered_set>

#include "core/card_number.h"
#include "core/entry_limits.h"
#include "core/payment_card.h"

namespace kopilka::office {

namespace {

using core::Json;
using core::Status;

// True when `v` holds an exact decimal anywhere. Most entries hold none, and then the
// entry can be written as it is, without the deep copy json_plain makes: that copy was
// about a tenth of the office's CPU in the shift-close storm (docs/benchmarks.md).
bool has_decimal(const Json& v) {
  if (core::is_decimal(v)) return true;
  if (v.is_structured()) {
    for (const Json& item : v) {
      if (has_decimal(item)) return true;
    }
  }
  return false;
}

// `obj[key]`, when present, a whole number from 0 to `max`, as a register writes it; `field`
// names it in the refusal.
Status amount_within(const Json& obj, const char* key, const std::string& field, std::int64_t max) {
  if (!obj.is_object() || !obj.contains(key)) return Status::ok();
  const Json& v = obj[key];
  // An unsigned number is also an integer to nlohmann: it is read as what it is.
  const bool in_range =
      v.is_number_unsigned()
          ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
          : v.is_number_integer() && v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() <= max;
  if (!in_range)
    return Status::invalid(max == core::kMaxAmount ? "must be a whole number from 0 to 10^13"
                                                   : "must be a whole number from 0 to 10^16",
                           field);
  return Status::ok();
}

// The figures of a receipt's or refund's detail that the report sums read (report_facts.h),
// within what a register can write: a forged detail must not move the revenue, the
// returns or a program's discount, nor take their sums past what can be counted. Money is
// at most a receipt's 10^13 kopecks (the register's API refuses more), so a day's or a
// year's sum needs 900 000 such receipts to reach what 64 bits hold.
Status check_report_detail(const Json& e) {
  if (!e.contains("detail") || !e["detail"].is_object()) return Status::ok();
  const Json& detail = e["detail"];
  if (Status s = amount_within(detail, "total", "detail.total", core::kMaxAmount); !s) return s;
  if (detail.contains("completes_receipt") && !detail["completes_receipt"].is_boolean())
    return Status::invalid("must be true or false", "detail.completes_receipt");
  if (!detail.contains("response") || !detail["response"].is_object()) return Status::ok();
  const Json& response = detail["response"];
  if (Status s = amount_within(response, "money_returned", "detail.response.money_returned",
                               core::kMaxAmount);
      !s)
    return s;
  if (!response.contains("applied") || !response["applied"].is_array()) return Status::ok();
  for (std::size_t i = 0; i < response["applied"].size(); ++i) {
    const std::string at = "detail.response.applied[" + std::to_string(i) + "].";
    if (Status s =
            amount_within(response["applied"][i], "discount", at + "discount", core::kMaxAmount);
        !s)
      return s;
    if (Status s =
            amount_within(response["applied"][i], "points", at + "points", core::kMaxEntryAmount);
        !s)
      return s;
  }
  return Status::ok();
}

// The texts of an entry's detail (what the receipt's request and answer said), held to what
// the register's API takes: each at most 4 096 bytes (its fields are at most 256 characters;
// 25 names of 7 MB once made one customer's page a gigabyte), and none with a bank card's
// number or a stripe's track 1, by the register's own rule (a product's barcode is not one).
// The field names where, never what; it is built only on the way back from a fault, so the
// push's hot path makes no string per node.
Status check_detail_texts(const Json& j) {
  if (j.is_string()) {
    const std::string& text = j.get_ref<const std::string&>();
    if (text.size() > 4096) return Status::invalid("is longer than a register writes");
    if (core::contains_payment_card_number_beside_barcodes(text) ||
        core::contains_card_track_one(text))
      return Status::invalid("holds a bank card's data, which head office never keeps");
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key().size() > 64) return Status::invalid("has a key no register writes");
      if (Status s = check_detail_texts(it.value()); !s) return s.under(it.key());
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (Status s = check_detail_texts(j[i]); !s) return s.under("[" + std::to_string(i) + "]");
  }
  return Status::ok();
}

// Kind, time and effects of one pushed entry, checked against the register's own limits.
Status read_entry(const Json& e, PushEntry& p) {
  if (!e.contains("kind") || !e["kind"].is_string())
    return Status::invalid("must be a string", "kind");
  p.kind = e["kind"].get<std::string>();
  if (!e.contains("at") || !e["at"].is_string())
    return Status::invalid("must be an RFC 3339 time", "at");
  auto at = core::parse_business_time(e["at"].get<std::string>());
  if (!at) return Status::invalid(at.status().message(), "at");
  p.at = *at;
  if (!e.contains("effects")) return Status::invalid("is missing", "effects");
  auto effects = core::effects_from_json(e["effects"]);
  if (!effects) return effects.status().under("effects");
  p.effects = std::move(*effects);
  p.card = p.effects.card;
  if (Status s = check_report_detail(e); !s) return s;
  if (e.contains("detail"))
    if (Status s = check_detail_texts(e["detail"]); !s) return s.under("detail");
  return core::check_entry(p.kind, p.effects);
}

}  // namespace

core::Result<std::vector<PushEntry>> parse_push(const std::string& register_id,
                                                const Json& entries) {
  if (!entries.is_array()) return Status::invalid("must be an array", "entries");
  const std::string prefix = register_id + ":";
  // The whole batch is validated before anything is touched: a foreign entry, or one
  // without an id, rejects the batch; any other fault is this entry's alone.
  std::vector<PushEntry> batch;
  batch.reserve(entries.size());
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Json& e = entries[i];
    std::string where = "entries[" + std::to_string(i) + "]";
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string())
      return Status::invalid("must have a string id", where + ".id");
    PushEntry p;
    p.id = e["id"].get<std::string>();
    if (p.id.rfind(prefix, 0) != 0)
      return Status(core::Code::kConflict,
                    "entry " + p.id + " does not belong to register " + register_id, where + ".id");
    // A register numbers its entries (docs/sync.md): anything else in an id would only
    // travel on into exports and logs.
    const std::string_view number = std::string_view(p.id).substr(prefix.size());
    // Written as the register writes it, without leading zeros: ":05004" and ":5004" would
    // be two ids for one journal number, and head office would apply that entry twice.
    if (number.empty() || number.size() > 18 || !core::all_digits(number) ||
        (number.size() > 1 && number[0] == '0'))
      return Status::invalid("must be " + register_id + ": and the entry's journal number",
                             where + ".id");
    // One id twice in a push: which of the two would count is anybody's guess.
    if (!ids.insert(p.id).second)
      return Status::invalid("entry " + p.id + " appears twice in this push", where + ".id");
    p.problem = read_entry(e, p);
    if (p.problem) p.body = has_decimal(e) ? core::json_plain(e).dump() : e.dump();
    if (p.problem && (p.kind == "receipt" || p.kind == "refund" || p.kind == "cancel"))
      p.report = report_facts(e);
    batch.push_back(std::move(p));
  }
  return batch;
}

}  // namespace kopilka::office
