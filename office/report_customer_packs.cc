// The packs of customer days; see report_customer_packs.h.
#include "office/report_customer_packs.h"

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

}  // namespace

namespace {

void append_line_start(std::string& out, std::string_view customer,
                       std::optional<core::Day> first_day) {
  out += '\n';
  append_field(out, customer);
  out += '\t';
  if (first_day) append_number(out, *first_day);
  out += '\t';
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
  std::string name;  // a customer whose name had to be unescaped
  while (!pack.empty()) {
    if (pack[0] != '\n') return Status::corrupt("a pack of customer days is damaged");
    pack.remove_prefix(1);
    const std::size_t end = pack.find('\n');
    const std::string_view line = pack.substr(0, end);
    pack.remove_prefix(end == std::string_view::npos ? pack.size() : end);
    std::string_view fields[4];
    PackedCustomerDay day;
    std::int64_t first = 0;
    if (!split_fields(line, fields, 4) || !(fields[1].empty() || parse_number(fields[1], first)) ||
        first != static_cast<core::Day>(first) || !parse_number(fields[2], day.receipts) ||
        !parse_number(fields[3], day.revenue))
      return Status::corrupt("a pack of customer days has a damaged line");
    if (!fields[1].empty()) day.first_day = static_cast<core::Day>(first);
    day.customer = fields[0];
    if (fields[0].find('\\') != std::string_view::npos) {
      auto plain = unescaped(fields[0]);
      if (!plain) return Status::corrupt("a pack of customer days has a damaged name");
      name = std::move(*plain);
      day.customer = name;
    }
    each(day);
  }
  return Status::ok();
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
  auto packs = sql.query(sql.is_postgresql()
                             ? "SELECT pack, customers FROM report_customer_packs WHERE day = "
                               "CAST($1 AS INTEGER) AND register_id = $2 AND "
                               "strpos(customers, $3) > 0 ORDER BY pack"
                             : "SELECT pack, customers FROM report_customer_packs WHERE day = "
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
        "UPDATE report_customer_packs SET customers = $4 WHERE day = CAST($1 AS INTEGER) AND "
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
                           ? "UPDATE report_customer_packs SET customers = replace(customers, $3, "
                             "$4) WHERE day = CAST($1 AS INTEGER) AND register_id = $2 AND "
                             "strpos(customers, $3) > 0"
                           : "UPDATE report_customer_packs SET customers = replace(customers, $3, "
                             "$4) WHERE day = CAST($1 AS INTEGER) AND register_id = $2 AND "
                             "instr(customers, $3) > 0",
                       {sql_int(day), SqlParam::borrowed(register_id),
                        SqlParam(line_start(customer, was)), SqlParam(line_start(customer, now))});
  return moved ? Status::ok() : moved.status();
}

}  // namespace kopilka::office
