// The packs of customer days and program days; see report_day_packs.h.
#include "office/report_day_packs.h"

#include <charconv>

#include "office/pack_fields.h"

namespace kopilka::office {

using core::Status;

namespace {

void append_number(std::string& out, std::int64_t v) {
  char number[24];
  const auto written = std::to_chars(number, number + sizeof number, v);
  out.append(number, written.ptr);
}

bool parse_number(std::string_view text, std::int64_t& out) {
  const char* const end = text.data() + text.size();
  const auto read = std::from_chars(text.data(), end, out);
  return !text.empty() && read.ec == std::errc() && read.ptr == end;
}

void append_line_start(std::string& out, std::string_view customer,
                       std::optional<core::Day> first_day) {
  out += '\n';
  append_field(out, customer);
  out += '\t';
  if (first_day) append_number(out, *first_day);
  out += '\t';
}

// Splits each line of `pack` into `n` fields and hands them to `each`, its first field (a
// name) unescaped: false from `each` is a damaged line.
template <std::size_t n, typename Each>
Status each_line(std::string_view pack, Each&& each) {
  std::string name;  // a name that had to be unescaped
  while (!pack.empty()) {
    if (pack[0] != '\n') return Status::corrupt("a pack of report days is damaged");
    pack.remove_prefix(1);
    const std::size_t end = pack.find('\n');
    const std::string_view line = pack.substr(0, end);
    pack.remove_prefix(end == std::string_view::npos ? pack.size() : end);
    std::string_view fields[n];
    if (!split_fields(line, fields, n))
      return Status::corrupt("a pack of report days has a damaged line");
    if (fields[0].find('\\') != std::string_view::npos) {
      auto plain = unescaped(fields[0]);
      if (!plain) return Status::corrupt("a pack of report days has a damaged name");
      name = std::move(*plain);
      fields[0] = name;
    }
    if (!each(fields)) return Status::corrupt("a pack of report days has a damaged line");
  }
  return Status::ok();
}

}  // namespace

std::string line_start(std::string_view customer, std::optional<core::Day> first_day) {
  std::string start;
  append_line_start(start, customer, first_day);
  return start;
}

void append_customer_day(std::string& pack, std::string_view customer, std::int64_t receipts,
                         std::int64_t revenue, std::optional<core::Day> first_day) {
  append_line_start(pack, customer, first_day);
  append_number(pack, receipts);
  pack += '\t';
  append_number(pack, revenue);
}

Status each_customer_day(std::string_view pack,
                         const std::function<void(const PackedCustomerDay&)>& each) {
  return each_line<4>(pack, [&](const std::string_view* fields) {
    PackedCustomerDay day;
    std::int64_t first = 0;
    if (!(fields[1].empty() || parse_number(fields[1], first)) ||
        first != static_cast<core::Day>(first) || !parse_number(fields[2], day.receipts) ||
        !parse_number(fields[3], day.revenue))
      return false;
    if (!fields[1].empty()) day.first_day = static_cast<core::Day>(first);
    day.customer = fields[0];
    each(day);
    return true;
  });
}

void append_program_day(std::string& pack, const PackedProgramDay& day) {
  pack += '\n';
  append_field(pack, day.program);
  for (const std::int64_t v : {day.receipts, day.revenue, day.discount, day.issued, day.redeemed}) {
    pack += '\t';
    append_number(pack, v);
  }
}

Status each_program_day(std::string_view pack,
                        const std::function<void(const PackedProgramDay&)>& each) {
  return each_line<6>(pack, [&](const std::string_view* fields) {
    PackedProgramDay day;
    day.program = fields[0];
    if (!parse_number(fields[1], day.receipts) || !parse_number(fields[2], day.revenue) ||
        !parse_number(fields[3], day.discount) || !parse_number(fields[4], day.issued) ||
        !parse_number(fields[5], day.redeemed))
      return false;
    each(day);
    return true;
  });
}

core::Result<std::string> with_customer(std::string_view pack, std::string_view customer,
                                        std::string_view into, std::optional<core::Day> first_day) {
  std::string out;
  out.reserve(pack.size() + 16);
  Status read = each_customer_day(pack, [&](const PackedCustomerDay& d) {
    const bool theirs = d.customer == customer;
    append_customer_day(out, theirs ? into : d.customer, d.receipts, d.revenue,
                        theirs ? first_day : d.first_day);
  });
  if (!read) return read;
  return out;
}

Status rewrite_customer_days(Sql& sql, core::Day day, std::string_view register_id,
                             std::string_view customer, std::string_view into,
                             std::optional<core::Day> first_day) {
  const SqlParams key{sql_int(day), SqlParam::borrowed(register_id)};
  SqlParams find = key;
  find.push_back(SqlParam(line_start(customer)));
  auto packs =
      sql.query(sql.is_postgresql() ? "SELECT pack, customers FROM report_day_packs WHERE day = "
                                      "CAST($1 AS INTEGER) AND register_id = $2 AND "
                                      "strpos(customers, $3) > 0 ORDER BY pack"
                                    : "SELECT pack, customers FROM report_day_packs WHERE day = "
                                      "CAST($1 AS INTEGER) AND register_id = $2 AND "
                                      "instr(customers, $3) > 0 ORDER BY pack",
                find);
  if (!packs) return packs.status();
  for (const SqlRow& row : *packs) {
    auto text = with_customer(row.text(1), customer, into, first_day);
    if (!text) return text.status();
    SqlParams update = key;
    update.push_back(sql_int(row.int64(0)));
    update.push_back(SqlParam(std::move(*text)));
    auto written = sql.run(
        "UPDATE report_day_packs SET customers = $4 WHERE day = CAST($1 AS INTEGER) AND "
        "register_id = $2 AND pack = CAST($3 AS BIGINT)",
        update);
    if (!written) return written.status();
  }
  return Status::ok();
}

Status move_first_day(Sql& sql, core::Day day, std::string_view register_id,
                      std::string_view customer, std::optional<core::Day> was,
                      std::optional<core::Day> now) {
  auto moved = sql.run(sql.is_postgresql()
                           ? "UPDATE report_day_packs SET customers = replace(customers, $3, "
                             "$4) WHERE day = CAST($1 AS INTEGER) AND register_id = $2 AND "
                             "strpos(customers, $3) > 0"
                           : "UPDATE report_day_packs SET customers = replace(customers, $3, "
                             "$4) WHERE day = CAST($1 AS INTEGER) AND register_id = $2 AND "
                             "instr(customers, $3) > 0",
                       {sql_int(day), SqlParam::borrowed(register_id),
                        SqlParam(line_start(customer, was)), SqlParam(line_start(customer, now))});
  return moved ? Status::ok() : moved.status();
}

}  // namespace kopilka::office
