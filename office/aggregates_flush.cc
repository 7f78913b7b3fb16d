// Writing the report sums an Aggregates gathered (aggregates.h): one upsert per day and
// register (and customer, program) touched, the same per day over the whole chain; each
// customer day carries its customer's first day, rewritten on their older days when their
// first visit moved.
#include <algorithm>

#include "office/aggregates.h"
#include "office/aggregates_batch.h"

namespace kopilka::office {

using core::Status;

namespace {

SqlParam num(std::int64_t v) {
  return SqlParam::integer(v);
}

// A register's, customer's or program's name, which outlives the flush's statements.
SqlParam name(std::string_view v) {
  return SqlParam::borrowed(v);
}

}  // namespace

bool Aggregates::before(const Key& a, const Key& b) const {
  if (a.first != b.first) return a.first < b.first;
  return register_place_[a.second] < register_place_[b.second];
}

bool Aggregates::before(const Key3& a, const Key3& b) const {
  if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
  if (std::get<1>(a) != std::get<1>(b))
    return register_place_[std::get<1>(a)] < register_place_[std::get<1>(b)];
  return program_place_[std::get<2>(a)] < program_place_[std::get<2>(b)];
}

Status Aggregates::flush(CardRowLists* group) {
  register_place_ = registers_.places();
  program_place_ = programs_names_.places();
  if (Status e = flush_visits(group); !e) return e;
  if (Status e = flush_wallet(); !e) return e;
  RowBatch days(sql_,
                "INSERT INTO report_days(day, register_id, revenue_card, revenue_no_card, "
                "receipts_card, receipts_no_card, issued, redeemed, adjusted, burned) VALUES ",
                "ITBBBBBBBB",
                "ON CONFLICT (day, register_id) DO UPDATE SET "
                "revenue_card = report_days.revenue_card + excluded.revenue_card, "
                "revenue_no_card = report_days.revenue_no_card + excluded.revenue_no_card, "
                "receipts_card = report_days.receipts_card + excluded.receipts_card, "
                "receipts_no_card = report_days.receipts_no_card + excluded.receipts_no_card, "
                "issued = report_days.issued + excluded.issued, "
                "redeemed = report_days.redeemed + excluded.redeemed, "
                "adjusted = report_days.adjusted + excluded.adjusted, "
                "burned = report_days.burned + excluded.burned");
  const auto by_key = [&](const Key& a, const Key& b) { return before(a, b); };
  for (const auto* row : in_order(days_, by_key)) {
    const auto& [k, d] = *row;
    Status e = days.add({num(k.first), name(registers_[k.second]), num(d.revenue_card),
                         num(d.revenue_no_card), num(d.receipts_card), num(d.receipts_no_card),
                         num(d.issued), num(d.redeemed), num(d.adjusted), num(d.burned)});
    if (!e) return e;
  }
  if (Status e = days.write(); !e) return e;
  std::map<core::Day, Day> chain;  // the same sums over every register
  for (const auto& [k, d] : days_) {
    Day& c = chain[k.first];
    c.revenue_card += d.revenue_card, c.revenue_no_card += d.revenue_no_card;
    c.receipts_card += d.receipts_card, c.receipts_no_card += d.receipts_no_card;
    c.issued += d.issued, c.redeemed += d.redeemed, c.adjusted += d.adjusted;
    c.burned += d.burned;
  }
  RowBatch chain_days(
      sql_,
      "INSERT INTO report_chain_days(day, revenue_card, revenue_no_card, "
      "receipts_card, receipts_no_card, issued, redeemed, adjusted, burned) VALUES ",
      "IBBBBBBBB",
      "ON CONFLICT (day) DO UPDATE SET "
      "revenue_card = report_chain_days.revenue_card + excluded.revenue_card, "
      "revenue_no_card = report_chain_days.revenue_no_card + "
      "excluded.revenue_no_card, "
      "receipts_card = report_chain_days.receipts_card + excluded.receipts_card, "
      "receipts_no_card = report_chain_days.receipts_no_card + "
      "excluded.receipts_no_card, "
      "issued = report_chain_days.issued + excluded.issued, "
      "redeemed = report_chain_days.redeemed + excluded.redeemed, "
      "adjusted = report_chain_days.adjusted + excluded.adjusted, "
      "burned = report_chain_days.burned + excluded.burned");
  for (const auto& [day, d] : chain) {
    Status e = chain_days.add({num(day), num(d.revenue_card), num(d.revenue_no_card),
                               num(d.receipts_card), num(d.receipts_no_card), num(d.issued),
                               num(d.redeemed), num(d.adjusted), num(d.burned)});
    if (!e) return e;
  }
  if (Status e = chain_days.write(); !e) return e;
  RowBatch customers(sql_,
                     "INSERT INTO report_customer_days(day, register_id, customer, receipts, "
                     "revenue, first_day) VALUES ",
                     "ITTBBI",
                     "ON CONFLICT (day, register_id, customer) DO UPDATE SET "
                     "receipts = report_customer_days.receipts + excluded.receipts, "
                     "revenue = report_customer_days.revenue + excluded.revenue, "
                     "first_day = excluded.first_day");
  // Each entry's changes, summed per day, register and customer, in their texts' order.
  const std::vector<std::uint32_t> customer_place = customers_names_.places();
  std::sort(customers_.begin(), customers_.end(), [&](const CustomerDay& a, const CustomerDay& b) {
    if (a.day != b.day) return a.day < b.day;
    if (a.register_id != b.register_id)
      return register_place_[a.register_id] < register_place_[b.register_id];
    return customer_place[a.customer] < customer_place[b.customer];
  });
  for (std::size_t i = 0; i < customers_.size();) {
    CustomerDay sum = customers_[i];
    for (++i;
         i < customers_.size() && customers_[i].day == sum.day &&
         customers_[i].register_id == sum.register_id && customers_[i].customer == sum.customer;
         ++i)
      sum.receipts += customers_[i].receipts, sum.revenue += customers_[i].revenue;
    const std::optional<core::Day>& first = first_of_[sum.customer];
    Status e = customers.add({num(sum.day), name(registers_[sum.register_id]),
                              name(customers_names_[sum.customer]), num(sum.receipts),
                              num(sum.revenue), first ? num(*first) : SqlParam()});
    if (!e) return e;
  }
  if (Status e = customers.write(); !e) return e;
  // A customer's days from earlier flushes, where their first visit moved (a receipt pushed
  // late, a first visit cancelled): rare, so a statement each, found by the customer's list.
  for (const Id customer : older_rows_moved_)
    if (Status e =
            set_first_day(sql_, customers_names_[customer], lists_[customer], first_of_[customer]);
        !e)
      return e;
  RowBatch programs(sql_,
                    "INSERT INTO report_program_days(day, register_id, program, receipts, "
                    "revenue, discount, issued, redeemed) VALUES ",
                    "ITTBBBBB",
                    "ON CONFLICT (day, register_id, program) DO UPDATE SET "
                    "receipts = report_program_days.receipts + excluded.receipts, "
                    "revenue = report_program_days.revenue + excluded.revenue, "
                    "discount = report_program_days.discount + excluded.discount, "
                    "issued = report_program_days.issued + excluded.issued, "
                    "redeemed = report_program_days.redeemed + excluded.redeemed");
  const auto by_program_key = [&](const Key3& a, const Key3& b) { return before(a, b); };
  for (const auto* row : in_order(programs_, by_program_key)) {
    const auto& [k, p] = *row;
    const auto& [day, reg, program] = k;
    Status e = programs.add({num(day), name(registers_[reg]), name(programs_names_[program]),
                             num(p.receipts), num(p.revenue), num(p.discount), num(p.issued),
                             num(p.redeemed)});
    if (!e) return e;
  }
  if (Status e = programs.write(); !e) return e;
  std::map<std::pair<core::Day, std::string_view>, ProgramDay> chain_programs;
  for (const auto& [k, p] : programs_) {
    ProgramDay& c = chain_programs[{std::get<0>(k), programs_names_[std::get<2>(k)]}];
    c.receipts += p.receipts, c.revenue += p.revenue, c.discount += p.discount;
    c.issued += p.issued, c.redeemed += p.redeemed;
  }
  RowBatch chain_program_rows(
      sql_,
      "INSERT INTO report_chain_program_days(day, program, receipts, revenue, discount, issued, "
      "redeemed) VALUES ",
      "ITBBBBB",
      "ON CONFLICT (day, program) DO UPDATE SET "
      "receipts = report_chain_program_days.receipts + excluded.receipts, "
      "revenue = report_chain_program_days.revenue + excluded.revenue, "
      "discount = report_chain_program_days.discount + excluded.discount, "
      "issued = report_chain_program_days.issued + excluded.issued, "
      "redeemed = report_chain_program_days.redeemed + excluded.redeemed");
  for (const auto& [k, p] : chain_programs) {
    Status e =
        chain_program_rows.add({num(k.first), name(k.second), num(p.receipts), num(p.revenue),
                                num(p.discount), num(p.issued), num(p.redeemed)});
    if (!e) return e;
  }
  if (Status e = chain_program_rows.write(); !e) return e;
  if (Status e = flush_receipts(); !e) return e;
  first_of_.clear();
  lists_.clear();
  card_of_.clear();
  older_rows_moved_.clear();
  customers_names_.clear();
  days_.clear();
  customers_.clear();
  programs_.clear();
  receipts_.clear();
  packs_.clear();
  no_merges_.reset();
  return Status::ok();
}

Status sum_adjustment(Sql& sql, core::Zone office_zone, const Adjustment& made, core::Instant at) {
  Aggregates report(sql, office_zone);
  if (Status e = report.add(aggregate_entry("office", "adjust", made.entry_body.dump(), at,
                                            made.effects, made.lots_before, &made.card));
      !e)
    return e;
  return report.flush();
}

}  // namespace kopilka::office
