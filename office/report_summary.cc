// The summary report's whole answer: totals, groups, programs and complete_until
// (report.h), the query it answers, and its CSV.
#include <algorithm>
#include <tuple>

#include "office/report.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

// The first day of the group `day` falls in.
core::Day group_start(const std::string& group, core::Day day) {
  if (group == "week") return day - core::weekday(day);
  if (group == "month") {
    auto c = core::civil_from_day(day);
    return core::day_from_civil({c.year, c.month, 1});
  }
  return day;
}

core::Day group_end(const std::string& group, core::Day start) {
  if (group == "week") return start + 6;
  if (group == "month") {
    auto c = core::civil_from_day(start);
    core::CivilDate next =
        c.month == 12 ? core::CivilDate{c.year + 1, 1, 1} : core::CivilDate{c.year, c.month + 1, 1};
    return core::day_from_civil(next) - 1;
  }
  return start;
}

// `card_revenue` and `card_receipts`: the period's, with a card (the totals').
Result<Json> summary_programs(Sql& sql, const ReportQuery& q, std::int64_t card_revenue,
                              std::int64_t card_receipts) {
  std::string where = "day BETWEEN CAST($1 AS INTEGER) AND CAST($2 AS INTEGER)";
  SqlParams p{sql_int(q.from), sql_int(q.to)};
  if (q.register_id) {
    where += " AND register_id = $3";
    p.push_back(*q.register_id);
  } else if (q.store) {
    where += " AND register_id IN (SELECT id FROM registers WHERE store_id = $3)";
    p.push_back(*q.store);
  }
  auto rows = sql.query(
      "SELECT program, SUM(receipts), SUM(revenue), SUM(discount), SUM(issued), "
      "SUM(redeemed) FROM " +
          std::string(q.store || q.register_id ? "report_program_days"
                                               : "report_chain_program_days") +
          " WHERE " + where + " GROUP BY program ORDER BY program",
      p);
  if (!rows) return rows.status();
  Json out = Json::array();
  for (const SqlRow& r : *rows) {
    const std::int64_t receipts = r.int64(1), revenue = r.int64(2);
    auto avg = div_half_up(revenue, receipts);
    auto without = div_half_up(card_revenue - revenue, card_receipts - receipts);
    if (card_receipts - receipts <= 0) without.reset();
    out.push_back({{"program", r.text(0)},
                   {"receipts", receipts},
                   {"discount", r.int64(3)},
                   {"points_issued", r.int64(4)},
                   {"points_redeemed", r.int64(5)},
                   {"average_check", avg ? Json(*avg) : Json(nullptr)},
                   {"average_check_without", without ? Json(*without) : Json(nullptr)}});
  }
  return out;
}

// The time up to which every enrolled register had pushed all it held: the oldest time a
// register was caught up (schema 22), not its last batch of a sync cut short. A revoked
// register counts while it last said it held entries head office lacks: they are receipts
// the reports lack until it is enrolled again and pushes them.
Result<Json> complete_until(Sql& sql, core::Zone zone) {
  auto oldest = query_int(sql,
                          "SELECT MIN(COALESCE(caught_up, enrolled)) FROM registers "
                          "WHERE enrolled IS NOT NULL AND "
                          "(secret_sha256 IS NOT NULL OR COALESCE(pending, 0) > 0)");
  if (!oldest) return oldest.status();
  if (!*oldest) return Json(nullptr);
  return Json(core::format_rfc3339(**oldest, zone));
}

}  // namespace

Result<ReportQuery> parse_report_query(const std::string& from, const std::string& to,
                                       const std::string& store, const std::string& register_id,
                                       const std::string& group) {
  ReportQuery q;
  auto f = core::parse_date(from);
  if (!f) return Status::invalid("must be a date YYYY-MM-DD", "from");
  auto t = core::parse_date(to);
  if (!t) return Status::invalid("must be a date YYYY-MM-DD", "to");
  if (*t < *f) return Status::invalid("must not be before from", "to");
  if (*t - *f > 3660) return Status::invalid("must be within ten years of from", "to");
  q.from = *f;
  q.to = *t;
  if (!store.empty()) q.store = store;
  if (!register_id.empty()) q.register_id = register_id;
  if (!group.empty() && group != "day" && group != "week" && group != "month")
    return Status::invalid("must be day, week or month", "group");
  q.group = group;
  return q;
}

namespace {

// A store or register the chain does not have is named, not answered with zeros that read
// as "it sold nothing".
core::Status check_report_filter(Sql& sql, const ReportQuery& q) {
  for (const auto& [id, table, field] : {std::tuple{q.store, "stores", "store"},
                                         std::tuple{q.register_id, "registers", "register"}}) {
    if (!id) continue;
    auto rows = sql.query(std::string("SELECT 1 FROM ") + table + " WHERE id = $1", {*id});
    if (!rows) return rows.status();
    if (rows->empty())
      return Status::invalid("the chain has no " + std::string(field) + " " + *id, field);
  }
  // Both: the register's report, when it is the store's; otherwise neither answer is what
  // was asked, and one of them would read as the other.
  if (q.store && q.register_id) {
    auto rows = sql.query("SELECT 1 FROM registers WHERE id = $1 AND store_id = $2",
                          {*q.register_id, *q.store});
    if (!rows) return rows.status();
    if (rows->empty())
      return Status::invalid("register " + *q.register_id + " is not in store " + *q.store,
                             "register");
  }
  return Status::ok();
}

}  // namespace

Result<Json> summary_report(Sql& sql, const ReportQuery& q, core::Day today, core::Zone zone,
                            std::int64_t point_value) {
  if (Status s = check_report_filter(sql, q); !s) return s;
  auto until = complete_until(sql, zone);
  if (!until) return until.status();
  auto before = running_through(sql, q, q.from - 1, today);
  if (!before) return before.status();
  // The periods: the totals, then each group.
  std::vector<std::pair<core::Day, core::Day>> periods{{q.from, q.to}};
  std::vector<core::Day> starts;
  if (!q.group.empty())
    for (core::Day start = group_start(q.group, q.from); start <= q.to;
         start = group_end(q.group, start) + 1) {
      starts.push_back(start);
      periods.push_back({std::max(start, q.from), std::min(group_end(q.group, start), q.to)});
    }
  // The customer figures of every period come from one read: of the visit counts over the
  // whole chain, of the customer days of a store's or a register's registers.
  std::vector<CustomerFigures> people;
  std::vector<FilteredFigures> filtered;
  if (!q.store && !q.register_id) {
    auto counted = chain_customers(sql, periods);
    if (!counted) return counted.status();
    people = std::move(*counted);
  } else {
    auto counted = filtered_customers(
        sql,
        q.register_id ? " AND d.register_id = $2"
                      : " AND d.register_id IN (SELECT id FROM registers WHERE store_id = $2)",
        {q.register_id ? *q.register_id : *q.store}, periods);
    if (!counted) return counted.status();
    filtered = std::move(*counted);
  }
  auto days = day_sums(sql, q);
  if (!days) return days.status();
  auto reads = [&](std::size_t i) {
    return PeriodReads{&*days, people.empty() ? nullptr : &people[i],
                       filtered.empty() ? nullptr : &filtered[i]};
  };
  RunningFigures through_to = *before;
  auto totals = period_figures(sql, q, q.from, q.to, today, point_value, &through_to, reads(0));
  if (!totals) return totals.status();
  Json groups = Json::array();
  RunningFigures running = *before;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const auto [a, b] = periods[i + 1];
    auto f = period_figures(sql, q, a, b, today, point_value, &running, reads(i + 1));
    if (!f) return f.status();
    Json g = {{"period", core::format_date(starts[i])}};
    g.update(*f);
    groups.push_back(std::move(g));
  }
  auto progs = summary_programs(sql, q, (*totals)["revenue"]["card"].get<std::int64_t>(),
                                (*totals)["receipts"]["card"].get<std::int64_t>());
  if (!progs) return progs.status();
  return Json{{"from", core::format_date(q.from)},
              {"to", core::format_date(q.to)},
              {"complete_until", *until},
              {"totals", *totals},
              {"groups", groups},
              {"programs", *progs}};
}

}  // namespace kopilka::office
