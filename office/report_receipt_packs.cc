// The packs of receipts a return gives back; see report_receipt_packs.h.
#include "office/report_receipt_packs.h"

#include <algorithm>
#include <charconv>

namespace kopilka::office {

using core::Result;
using core::Status;

namespace {

bool special(char c) {
  return c == '\\' || c == '\t' || c == '\n';
}

void append_field(std::string& out, std::string_view v) {
  // Most fields need no escape: a plain loop finds that sooner than find_first_of.
  if (std::none_of(v.begin(), v.end(), special)) {
    out += v;
    return;
  }
  for (const char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

std::optional<std::string> unescaped(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      out += v[i];
      continue;
    }
    if (++i == v.size()) return std::nullopt;
    const char c = v[i];
    if (c != '\\' && c != 't' && c != 'n') return std::nullopt;
    out += c == 't' ? '\t' : c == 'n' ? '\n' : '\\';
  }
  return out;
}

// What every line of receipt `id` begins with, and no other line.
std::string line_start(std::string_view id) {
  std::string start = "\n";
  append_field(start, id);
  return start += '\t';
}

// Where the first line of receipt `id` starts in `pack` (at its "\n"); npos: none.
std::size_t line_of(std::string_view pack, std::string_view id) {
  return pack.find(line_start(id));
}

}  // namespace

void append_receipt(std::string& pack, std::string_view id,
                    std::optional<std::string_view> customer, std::int64_t total,
                    std::string_view programs) {
  pack += '\n';
  append_field(pack, id);
  pack += '\t';
  if (customer) append_field(pack, *customer);
  char number[24];
  const auto written = std::to_chars(number, number + sizeof number, total);
  (pack += '\t').append(number, written.ptr);
  pack += '\t';
  append_field(pack, programs);
}

Result<std::optional<PackedReceipt>> find_in_pack(std::string_view pack, std::string_view id) {
  const std::size_t at = line_of(pack, id);
  if (at == std::string_view::npos) return std::optional<PackedReceipt>();
  std::string_view line = pack.substr(at + 1);
  line = line.substr(0, line.find('\n'));
  std::string_view fields[4];
  for (int i = 0; i < 3; ++i) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return Status::corrupt("a packed receipt lacks a field");
    fields[i] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  fields[3] = line;
  PackedReceipt out;
  auto customer = unescaped(fields[1]);
  auto programs = unescaped(fields[3]);
  const char* const end = fields[2].data() + fields[2].size();
  auto total = std::from_chars(fields[2].data(), end, out.total);
  if (!customer || !programs || total.ec != std::errc() || total.ptr != end ||
      fields[3].find('\t') != std::string_view::npos)
    return Status::corrupt("a packed receipt is damaged");
  if (!customer->empty()) out.customer = std::move(*customer);
  out.programs = std::move(*programs);
  return std::optional<PackedReceipt>(std::move(out));
}

bool remove_from_pack(std::string& pack, std::string_view id) {
  const std::size_t at = line_of(pack, id);
  if (at == std::string::npos) return false;
  const std::size_t next = pack.find('\n', at + 1);
  pack.erase(at, next == std::string::npos ? std::string::npos : next - at);
  return true;
}

Result<std::optional<FoundReceipt>> find_receipt(Sql& sql, std::string_view register_id,
                                                 std::string_view id, core::Day latest_day,
                                                 bool no_merges) {
  // The packs that hold the id are found by the engine's substring search, the line then
  // read here; a day's packs newest first, as a return is most often of a sale just made.
  // Each engine is told how to stop at the first day that has it: SQLite the join's order
  // and index (by its own estimate it would read every pack of the chain's days, or every
  // register's of a day); PostgreSQL a pack per day (ordered by day and pack over the join,
  // it read every day before it could answer).
  static const std::string kSqlite =
      "SELECT p.day, p.pack, p.receipts FROM report_chain_days c CROSS JOIN "
      "report_receipt_packs p INDEXED BY report_receipt_packs_by_register WHERE p.day = c.day "
      "AND p.register_id = $1 AND c.day <= CAST($2 AS INTEGER) AND instr(p.receipts, $3) > 0 "
      "ORDER BY c.day DESC, p.pack DESC LIMIT 1";
  static const std::string kPostgresql =
      "SELECT c.day, p.pack, p.receipts FROM report_chain_days c CROSS JOIN LATERAL ("
      "SELECT pack, receipts FROM report_receipt_packs p WHERE p.day = c.day AND "
      "p.register_id = $1 AND strpos(p.receipts, $3) > 0 ORDER BY pack DESC LIMIT 1) p "
      "WHERE c.day <= CAST($2 AS INTEGER) ORDER BY c.day DESC LIMIT 1";
  auto rows =
      sql.query(sql.is_postgresql() ? kPostgresql : kSqlite,
                {SqlParam::borrowed(register_id), sql_int(latest_day), SqlParam(line_start(id))});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<FoundReceipt>();
  FoundReceipt found;
  found.day = static_cast<core::Day>((*rows)[0].int64(0));
  found.pack = (*rows)[0].int64(1);
  found.text = (*rows)[0].text(2);
  auto receipt = find_in_pack(found.text, id);
  if (!receipt) return receipt.status();
  if (!*receipt) return Status::corrupt("a pack of receipts lost the receipt it was found by");
  found.receipt = std::move(**receipt);
  // A receipt's customer merged into another since: the survivor is who returns it.
  if (found.receipt.customer && !no_merges) {
    auto into = sql.query("SELECT into_id FROM customer_merges WHERE from_id = $1",
                          {SqlParam::borrowed(*found.receipt.customer)});
    if (!into) return into.status();
    if (!into->empty()) found.receipt.customer = (*into)[0].text(0);
  }
  return std::optional<FoundReceipt>(std::move(found));
}

Result<std::int64_t> next_pack(Sql& sql, core::Day day) {
  auto last = query_int(
      sql,
      "SELECT coalesce(max(pack), 0) FROM report_receipt_packs WHERE day = CAST($1 AS INTEGER)",
      {sql_int(day)});
  if (!last) return last.status();
  return (*last ? **last : 0) + 1;
}

}  // namespace kopilka::office
