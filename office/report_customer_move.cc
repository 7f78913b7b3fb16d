// Re-keying a merged customer's report rows; see report_customer_move.h.
#include "office/report_customer_move.h"

#include <optional>

#include "office/aggregates_batch.h"
#include "office/report_customer_locks.h"
#include "office/report_customer_rows.h"
#include "office/visit_counts.h"

namespace kopilka::office {

core::Status move_report_customer(Sql& sql, const std::string& from, const std::string& into) {
  // Their rows, and the survivor's, found by their lists (report_customer_rows.h), which no
  // other process's push writes meanwhile.
  if (core::Status l = lock_customer_lists(sql, {from, into}, nullptr); !l) return l;
  auto read = read_customer_rows(sql, {from, into});
  if (!read) return read.status();
  CustomerRows& theirs = (*read)[0];
  CustomerRows& ours = (*read)[1];
  const DayCounts their_days = receipts_by_day(theirs);
  const DayCounts our_days = receipts_by_day(ours);
  CustomerRows merged = ours;  // where the survivor's list is kept, too
  for (const CustomerRow& r : theirs.rows) add_row(merged, r.day, r.register_id, r.receipts);
  const std::vector<core::Day> merged_visits = visits(receipts_by_day(merged));
  VisitPairs steps, gaps;
  count_visits(visits(their_days), -1, steps, gaps);
  count_visits(visits(our_days), -1, steps, gaps);
  count_visits(merged_visits, +1, steps, gaps);
  if (core::Status e = write_visit_pairs(sql, steps, gaps); !e) return e;
  // The merged customer's rows added to the survivor's of the same day and register.
  for (const CustomerRow& r : theirs.rows) {
    const SqlParams key{sql_int(r.day), SqlParam::borrowed(r.register_id), SqlParam::borrowed(from),
                        SqlParam::borrowed(into)};
    if (core::Status e = done(sql.run(
            "INSERT INTO report_customer_days(day, register_id, customer, receipts, revenue) "
            "SELECT day, register_id, CAST($4 AS TEXT), receipts, revenue FROM "
            "report_customer_days WHERE day = CAST($1 AS INTEGER) AND register_id = $2 AND "
            "customer = $3 "
            "ON CONFLICT (day, register_id, customer) DO UPDATE SET "
            "receipts = report_customer_days.receipts + excluded.receipts, "
            "revenue = report_customer_days.revenue + excluded.revenue",
            key));
        !e)
      return e;
    if (core::Status e = done(sql.run(
            "DELETE FROM report_customer_days WHERE day = CAST($1 AS INTEGER) AND register_id = "
            "$2 AND customer = $3",
            {key[0], key[1], key[2]}));
        !e)
      return e;
  }
  const std::optional<core::Day> first =
      merged_visits.empty() ? std::nullopt : std::optional<core::Day>(merged_visits.front());
  if (core::Status e = set_first_day(sql, into, merged, first); !e) return e;
  theirs.rows.clear();
  // In their texts' order, as the flush writes them.
  const bool from_first = from < into;
  const std::vector<std::string_view> names = from_first
                                                  ? std::vector<std::string_view>{from, into}
                                                  : std::vector<std::string_view>{into, from};
  const std::vector<const CustomerRows*> lists =
      from_first ? std::vector<const CustomerRows*>{&theirs, &merged}
                 : std::vector<const CustomerRows*>{&merged, &theirs};
  return write_customer_rows(sql, names, lists);
}

core::Status give_card_history(Sql& sql, const std::string& number, const std::string& customer) {
  const std::string own = "card:" + number;
  return sql.transaction([&]() -> core::Status {
    // A card that sold nothing yet has no history: most cards are given their customer
    // before their first receipt, and the merge table would keep a row for each.
    auto history = read_customer_rows(sql, {own});
    if (!history) return history.status();
    if ((*history)[0].rows.empty()) return core::Status::ok();
    // A refund of the card's earlier receipt finds its customer through the merge table.
    if (core::Status e = done(
            sql.run("INSERT INTO customer_merges (from_id, into_id) VALUES ($1, $2) ON CONFLICT "
                    "(from_id) DO UPDATE SET into_id = excluded.into_id",
                    {own, customer}));
        !e)
      return e;
    // Records merged into this card before (a lost card it replaced) follow it, one hop.
    if (core::Status e = done(
            sql.run("UPDATE customer_merges SET into_id = $2 WHERE into_id = $1", {own, customer}));
        !e)
      return e;
    return move_report_customer(sql, own, customer);
  });
}

}  // namespace kopilka::office
