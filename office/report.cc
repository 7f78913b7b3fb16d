// The summary report's figures, read from the aggregates (report.h; rules in docs/office.md
// "Reports").
#include "office/report.h"

#include "core/money.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

// Which registers count: "" (all), or an IN clause on parameter $3.
std::string filter(const ReportQuery& q, const std::string& column) {
  if (q.register_id) return " AND " + column + " = $3";
  if (q.store) return " AND " + column + " IN (SELECT id FROM registers WHERE store_id = $3)";
  return "";
}

// The sums per day: the whole chain's (a row per day), or per register for a filter.
std::string days_table(const ReportQuery& q) {
  return q.store || q.register_id ? "report_days" : "report_chain_days";
}

SqlParams params(const ReportQuery& q, core::Day a, core::Day b) {
  SqlParams p{sql_int(a), sql_int(b)};
  if (q.register_id)
    p.push_back(*q.register_id);
  else if (q.store)
    p.push_back(*q.store);
  return p;
}

Result<std::int64_t> count(Sql& sql, const std::string& statement, const SqlParams& p) {
  auto n = query_int(sql, statement, p);
  if (!n) return n.status();
  return n->value_or(0);
}

Json three(std::int64_t card, std::int64_t no_card) {
  return {{"card", card}, {"no_card", no_card}, {"all", card + no_card}};
}

// The liability in kopecks: points × point_value, null when that cannot be counted.
Json liability_money(std::int64_t points, std::int64_t point_value) {
  auto money = core::checked_mul(points, point_value);
  return money ? Json(*money) : Json(nullptr);
}

Json average(std::optional<std::int64_t> v) {
  return v ? Json(*v) : Json(nullptr);
}

// Wallet money (schema 014) of days [a, b] and the wallets' liability at the end of b: one
// statement, the sums of the period and of everything through b.
Result<Json> wallet_figures(Sql& sql, const ReportQuery& q, core::Day a, core::Day b) {
  auto rows = sql.query(
      "SELECT COALESCE(SUM(CASE WHEN day >= CAST($1 AS INTEGER) THEN topped_up ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN day >= CAST($1 AS INTEGER) THEN bonus ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN day >= CAST($1 AS INTEGER) THEN paid ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN day >= CAST($1 AS INTEGER) THEN returned ELSE 0 END), 0), "
      "COALESCE(SUM(topped_up + bonus - paid + returned), 0) FROM report_wallet_days "
      "WHERE day <= CAST($2 AS INTEGER)" +
          filter(q, "register_id"),
      params(q, a, b));
  if (!rows) return rows.status();
  const SqlRow& r = rows->at(0);
  return Json{{"topped_up", r.int64(0)},
              {"bonus", r.int64(1)},
              {"paid", r.int64(2)},
              {"returned", r.int64(3)},
              {"liability", r.int64(4)}};
}

}  // namespace

std::optional<std::int64_t> div_half_up(std::int64_t n, std::int64_t d) {
  if (d == 0) return std::nullopt;
  if (d < 0) n = -n, d = -d;
  const std::int64_t m = n < 0 ? -n : n;
  const std::int64_t q = m / d + ((m % d) * 2 >= d ? 1 : 0);
  return n < 0 ? -q : q;
}

Json rate(std::int64_t n, std::int64_t d) {
  auto scaled = d == 0 ? std::nullopt : div_half_up(n * 10000, d);
  if (!scaled) return nullptr;
  return static_cast<double>(*scaled) / 10000.0;
}

// The figures of days [a, b] from their sums `t`, the running figures through a − 1
// (moved on to b) and, over the whole chain, the customer figures read already.
static Result<Json> figures_from(Sql& sql, const ReportQuery& q, core::Day a, core::Day b,
                                 std::int64_t point_value, RunningFigures* running,
                                 PeriodReads reads, const DaySums& t) {
  // The customer figures and CLV come from one read for every period of the report: the
  // visit counts over the whole chain, a store's or a register's customer days otherwise
  // (report_summary.cc).
  const CustomerFigures* people = reads.customers;
  if (!people && reads.filtered) people = &reads.filtered->people;
  if (!people) return Status::internal("report: the customer figures were not read");
  const std::int64_t rev_card = t.revenue_card, rev_no = t.revenue_no_card,
                     rec_card = t.receipts_card, rec_no = t.receipts_no_card;
  const std::int64_t liab = running->liability + t.issued - t.redeemed + t.adjusted - t.burned;
  // CLV: card revenue through b (refunds included) ÷ customers with a receipt through b.
  // Over the whole chain both run on from the group before (each day's net receipts are
  // ≥ 0, so a customer counts from their first day); a filtered report counted them.
  std::int64_t clv_revenue = 0, clv_customers = 0;
  if (running->chain_wide) {
    clv_revenue = running->card_revenue + rev_card;
    clv_customers = running->customers + people->fresh;
  } else if (reads.filtered) {
    clv_revenue = reads.filtered->clv_revenue;
    clv_customers = reads.filtered->clv_customers;
  }
  running->liability = liab;
  running->card_revenue = clv_revenue;
  running->customers = clv_customers;
  auto wallet = wallet_figures(sql, q, a, b);
  if (!wallet) return wallet.status();
  return Json{{"revenue", three(rev_card, rev_no)},
              {"receipts", three(rec_card, rec_no)},
              {"average_check",
               {{"card", average(div_half_up(rev_card, rec_card))},
                {"no_card", average(div_half_up(rev_no, rec_no))},
                {"all", average(div_half_up(rev_card + rev_no, rec_card + rec_no))}}},
              {"active_customers", people->active},
              {"new_customers", people->fresh},
              {"repeat_rate", rate(people->repeat, people->active)},
              {"retention", rate(people->kept, people->before)},
              {"frequency", rate(rec_card, people->active)},
              {"clv", average(div_half_up(clv_revenue, clv_customers))},
              {"points",
               {{"issued", t.issued},
                {"redeemed", t.redeemed},
                {"burned", t.burned},
                {"adjusted", t.adjusted},
                {"liability", liab},
                // Null past what can be counted: only forged entries get there.
                {"liability_money", liability_money(liab, point_value)}}},
              {"wallet", std::move(*wallet)}};
}

Result<Json> period_figures(Sql& sql, const ReportQuery& q, core::Day a, core::Day b,
                            core::Day today, std::int64_t point_value, RunningFigures* running,
                            PeriodReads reads) {
  const SqlParams p = params(q, a, b);
  // Points burn on their day, once it has come.
  const core::Day burn_to = std::min(b, today);
  if (reads.days) {
    DaySums t;
    auto d = std::lower_bound(reads.days->begin(), reads.days->end(), a,
                              [](const DaySums& s, core::Day day) { return s.day < day; });
    for (; d != reads.days->end() && d->day <= b; ++d) {
      t.revenue_card += d->revenue_card, t.revenue_no_card += d->revenue_no_card;
      t.receipts_card += d->receipts_card, t.receipts_no_card += d->receipts_no_card;
      t.issued += d->issued, t.redeemed += d->redeemed, t.adjusted += d->adjusted;
      if (d->day <= burn_to) t.burned += d->burned;
    }
    return figures_from(sql, q, a, b, point_value, running, reads, t);
  }
  auto sums = sql.query(
      "SELECT COALESCE(SUM(revenue_card), 0), COALESCE(SUM(revenue_no_card), 0), "
      "COALESCE(SUM(receipts_card), 0), COALESCE(SUM(receipts_no_card), 0), "
      "COALESCE(SUM(issued), 0), COALESCE(SUM(redeemed), 0), COALESCE(SUM(adjusted), 0) "
      "FROM " +
          days_table(q) + " WHERE day BETWEEN CAST($1 AS INTEGER) AND CAST($2 AS INTEGER)" +
          filter(q, "register_id"),
      p);
  if (!sums) return sums.status();
  const SqlRow& s = sums->at(0);
  DaySums t;
  t.revenue_card = s.int64(0), t.revenue_no_card = s.int64(1), t.receipts_card = s.int64(2);
  t.receipts_no_card = s.int64(3), t.issued = s.int64(4), t.redeemed = s.int64(5);
  t.adjusted = s.int64(6);
  auto burned = count(sql,
                      "SELECT COALESCE(SUM(burned), 0) FROM " + days_table(q) +
                          " WHERE day BETWEEN "
                          "CAST($1 AS INTEGER) AND CAST($2 AS INTEGER)" +
                          filter(q, "register_id"),
                      params(q, a, burn_to));
  if (!burned) return burned.status();
  t.burned = *burned;
  if (running) return figures_from(sql, q, a, b, point_value, running, reads, t);
  auto liability =
      count(sql,
            "SELECT COALESCE(SUM(issued - redeemed + adjusted - CASE WHEN day <= "
            "CAST($2 AS INTEGER) THEN burned ELSE 0 END), 0) FROM " +
                days_table(q) + " WHERE day <= CAST($1 AS INTEGER)" + filter(q, "register_id"),
            params(q, b, burn_to));
  if (!liability) return liability.status();
  RunningFigures from_start;
  from_start.liability = *liability - (t.issued - t.redeemed + t.adjusted - t.burned);
  return figures_from(sql, q, a, b, point_value, &from_start, reads, t);
}

Result<std::vector<DaySums>> day_sums(Sql& sql, const ReportQuery& q) {
  auto rows = sql.query(
      "SELECT day, COALESCE(SUM(revenue_card), 0), COALESCE(SUM(revenue_no_card), 0), "
      "COALESCE(SUM(receipts_card), 0), COALESCE(SUM(receipts_no_card), 0), "
      "COALESCE(SUM(issued), 0), COALESCE(SUM(redeemed), 0), COALESCE(SUM(adjusted), 0), "
      "COALESCE(SUM(burned), 0) FROM " +
          days_table(q) +
          " WHERE day BETWEEN CAST($1 AS INTEGER) AND "
          "CAST($2 AS INTEGER)" +
          filter(q, "register_id") + " GROUP BY day ORDER BY day",
      params(q, q.from, q.to));
  if (!rows) return rows.status();
  std::vector<DaySums> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows)
    out.push_back({static_cast<core::Day>(r.int64(0)), r.int64(1), r.int64(2), r.int64(3),
                   r.int64(4), r.int64(5), r.int64(6), r.int64(7), r.int64(8)});
  return out;
}
Result<RunningFigures> running_through(Sql& sql, const ReportQuery& q, core::Day day,
                                       core::Day today) {
  RunningFigures r;
  auto liability =
      count(sql,
            "SELECT COALESCE(SUM(issued - redeemed + adjusted - CASE WHEN day <= "
            "CAST($2 AS INTEGER) THEN burned ELSE 0 END), 0) FROM " +
                days_table(q) + " WHERE day <= CAST($1 AS INTEGER)" + filter(q, "register_id"),
            params(q, day, std::min(day, today)));
  if (!liability) return liability.status();
  r.liability = *liability;
  r.chain_wide = !q.store && !q.register_id;
  if (!r.chain_wide) return r;
  auto revenue = count(sql,
                       "SELECT COALESCE(SUM(revenue_card), 0) FROM report_chain_days "
                       "WHERE day <= CAST($1 AS INTEGER)",
                       {sql_int(day)});
  if (!revenue) return revenue.status();
  auto customers = chain_customers_through(sql, day);
  if (!customers) return customers.status();
  r.card_revenue = *revenue;
  r.customers = *customers;
  return r;
}

}  // namespace kopilka::office
