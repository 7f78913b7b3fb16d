// The receipts the aggregates' flush keeps for later returns (report_receipt_packs.h): this
// flush's sales in a pack per day and register, and the packs returns took receipts out of
// written back.
#include <algorithm>

#include "office/aggregates.h"
#include "office/aggregates_batch.h"
#include "office/report_receipt_packs.h"

namespace kopilka::office {

using core::Status;

Status Aggregates::flush_receipts() {
  // In the key's order: day, register, receipt id.
  std::vector<const decltype(receipts_)::value_type*> rows;
  rows.reserve(receipts_.size());
  for (const auto& row : receipts_) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
    if (a->second.day != b->second.day) return a->second.day < b->second.day;
    const ReceiptKey &ka = a->first, &kb = b->first;
    return ka.first != kb.first ? register_place_[ka.first] < register_place_[kb.first]
                                : ka.second < kb.second;
  });
  for (const auto* row : rows) {
    const auto& [k, r] = *row;
    if (!r.taken_off || r.fresh) continue;
    const auto pack = packs_.find({r.day, r.pack, k.first});
    if (pack != packs_.end() && remove_from_pack(pack->second.text, k.second))
      pack->second.changed = true;
  }
  // Packs in their keys' texts' order, so that PostgreSQL transactions lock rows in one order.
  std::vector<decltype(packs_)::value_type*> changed;
  for (auto& pack : packs_)
    if (pack.second.changed) changed.push_back(&pack);
  std::sort(changed.begin(), changed.end(), [&](const auto* a, const auto* b) {
    const auto& [day_a, pack_a, reg_a] = a->first;
    const auto& [day_b, pack_b, reg_b] = b->first;
    if (day_a != day_b) return day_a < day_b;
    if (pack_a != pack_b) return pack_a < pack_b;
    return register_place_[reg_a] < register_place_[reg_b];
  });
  for (const auto* pack : changed) {
    const auto& [day, number, reg] = pack->first;
    const std::string& text = pack->second.text;
    SqlParams key = {sql_int(day), sql_int(number), SqlParam::borrowed(registers_[reg])};
    if (!text.empty()) key.push_back(SqlParam::borrowed(text));
    auto done =
        sql_.run(text.empty() ? "DELETE FROM report_receipt_packs WHERE day = CAST($1 AS "
                                "INTEGER) AND pack = CAST($2 AS BIGINT) AND register_id = $3"
                              : "UPDATE report_receipt_packs SET receipts = $4 WHERE day = "
                                "CAST($1 AS INTEGER) AND pack = CAST($2 AS BIGINT) AND "
                                "register_id = $3",
                 key);
    if (!done) return done.status();
  }
  // A pack per day and register for this flush's sales, numbered after the day's packs: the
  // flush's packs land together at the end of their day. Two flushes that took one number
  // (PostgreSQL, at once) share its packs.
  RowBatch packs(sql_, "INSERT INTO report_receipt_packs(day, pack, register_id, receipts) VALUES ",
                 "IBTT",
                 "ON CONFLICT (day, pack, register_id) DO UPDATE SET receipts = "
                 "report_receipt_packs.receipts || excluded.receipts");
  std::vector<const decltype(receipts_)::value_type*> sold;
  for (const auto* row : rows)
    if (row->second.fresh && !row->second.taken_off) sold.push_back(row);
  std::optional<core::Day> day;
  std::int64_t number = 0;
  std::string text;
  for (std::size_t i = 0; i < sold.size(); ++i) {
    const auto& [k, r] = *sold[i];
    if (day != r.day) {
      auto next = next_pack(sql_, r.day);
      if (!next) return next.status();
      day = r.day;
      number = *next;
    }
    append_receipt(
        text, k.second,
        r.customer ? std::optional<std::string_view>(customers_names_[*r.customer]) : std::nullopt,
        r.total, r.programs);
    // The last of this day's and register's sales: their pack is written.
    if (i + 1 < sold.size() && sold[i + 1]->second.day == r.day &&
        sold[i + 1]->first.first == k.first)
      continue;
    Status e = packs.add({sql_int(r.day), sql_int(number), SqlParam::borrowed(registers_[k.first]),
                          SqlParam(std::move(text))});
    if (!e) return e;
    text.clear();
  }
  return packs.write();
}

}  // namespace kopilka::office
