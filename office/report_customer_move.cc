// Re-keying a merged customer's report rows; see report_customer_move.h.
#include "office/report_customer_move.h"

#include <optional>

#include "office/aggregates_batch.h"
#include "office/visit_counts.h"

namespace kopilka::office {

namespace {

// The customer's receipts per day over every register (by the by-customer index).
core::Result<DayCounts> days_of(Sql& sql, const std::string& customer) {
  DayCounts days;
  core::Status read = sql.each_row(
      "SELECT day, SUM(receipts) FROM report_customer_days WHERE customer = $1 GROUP BY day",
      {customer}, [&](const SqlCursor& r) {
        days.emplace_back(static_cast<core::Day>(r.int64(0)), r.int64(1));
      });
  if (!read) return read;
  by_day(days);  // PostgreSQL groups in no particular order
  return days;
}

}  // namespace

core::Status move_report_customer(Sql& sql, const std::string& from, const std::string& into) {
  auto theirs = days_of(sql, from);
  if (!theirs) return theirs.status();
  auto ours = days_of(sql, into);
  if (!ours) return ours.status();
  const std::vector<core::Day> merged = visits(added(*ours, *theirs));
  VisitPairs steps, gaps;
  count_visits(visits(*theirs), -1, steps, gaps);
  count_visits(visits(*ours), -1, steps, gaps);
  count_visits(merged, +1, steps, gaps);
  if (core::Status e = write_visit_pairs(sql, steps, gaps); !e) return e;
  // The merged customer's rows added to the survivor's of the same day and register.
  if (core::Status e = done(sql.run(
          "INSERT INTO report_customer_days(day, register_id, customer, receipts, revenue) "
          "SELECT day, register_id, CAST($2 AS TEXT), receipts, revenue FROM report_customer_days "
          "WHERE customer = $1 "
          "ON CONFLICT (day, register_id, customer) DO UPDATE SET "
          "receipts = report_customer_days.receipts + excluded.receipts, "
          "revenue = report_customer_days.revenue + excluded.revenue",
          {from, into}));
      !e)
    return e;
  if (core::Status e =
          done(sql.run("DELETE FROM report_customer_days WHERE customer = $1", {from}));
      !e)
    return e;
  const std::optional<core::Day> first =
      merged.empty() ? std::nullopt : std::optional<core::Day>(merged.front());
  return done(
      sql.run("UPDATE report_customer_days SET first_day = CAST($2 AS INTEGER) WHERE customer = $1",
              {SqlParam::borrowed(into), first ? sql_int(*first) : SqlParam()}));
}

core::Status give_card_history(Sql& sql, const std::string& number, const std::string& customer) {
  const std::string own = "card:" + number;
  return sql.transaction([&]() -> core::Status {
    // A card that sold nothing yet has no history: most cards are given their customer
    // before their first receipt, and the merge table would keep a row for each.
    auto history =
        sql.query("SELECT 1 FROM report_customer_days WHERE customer = $1 LIMIT 1", {own});
    if (!history) return history.status();
    if (history->empty()) return core::Status::ok();
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
