// CSV card parsing; see card_csv.h.
#include "core/card_csv.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <sstream>

#include "core/card_number.h"
#include "core/payment_card.h"
#include "core/text_encoding.h"
#include "core/utf8_check.h"

namespace kopilka::core {

namespace {

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

Json edit_body(const std::map<std::string, std::string>& row) {
  Json body = Json::object();
  auto get = [&](const char* key) -> const std::string* {
    auto it = row.find(key);
    return it == row.end() || it->second.empty() ? nullptr : &it->second;
  };
  if (auto v = get("status")) body["status"] = *v;
  if (auto v = get("groups")) {
    Json groups = Json::array();
    std::string g;
    // ';' as documented, or spaces as head office's export writes them.
    for (char c : *v + ";") {
      if (c == ';' || c == ' ') {
        if (!g.empty()) groups.push_back(g);
        g.clear();
      } else {
        g += c;
      }
    }
    body["groups"] = groups;
  }
  Json customer = Json::object();
  if (auto v = get("customer_id")) customer["id"] = *v;
  if (auto v = get("name")) customer["name"] = *v;
  if (auto v = get("phone")) customer["phone"] = *v;
  if (auto v = get("birthday")) customer["birthday"] = *v;
  if (!customer.empty()) body["customer"] = customer;
  return body;
}

}  // namespace

std::string CardCsvError::text() const {
  return "line " + std::to_string(line) + ": " + (field.empty() ? "" : field + ": ") + message;
}

Result<CardCsv> parse_card_csv(std::istream& in_file, bool stop_at_first_error) {
  CardCsv out;
  std::string text{std::istreambuf_iterator<char>(in_file), std::istreambuf_iterator<char>()};
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
    text.erase(0, 3);  // the byte order mark Excel's "CSV UTF-8" starts with
  } else if (!well_formed_utf8(text, /*nothing_to_escape=*/false)) {
    auto converted = windows1251_to_utf8(text);
    if (!converted)
      return Status::invalid("the file is not UTF-8 text: " + converted.status().message() +
                             "; save it as \"CSV UTF-8\"");
    text = std::move(*converted);
    out.read_as_windows1251 = true;
  }
  std::istringstream in(std::move(text));
  std::string line;
  if (!std::getline(in, line)) return Status::invalid("the file is empty");
  // A spreadsheet saved with a Russian locale separates its fields with semicolons.
  if (line.find(';') != std::string::npos && line.find(',') == std::string::npos)
    return Status::invalid("the header \"" + line.substr(0, line.find_last_not_of("\r") + 1) +
                           "\" is separated by semicolons; save the file as CSV with commas "
                           "(comma-separated values, UTF-8) and name the columns number, "
                           "status, groups, customer_id, name, phone, birthday");
  std::vector<std::string> header = split_csv(line);
  static const std::vector<std::string> known = {"number", "status", "groups",  "customer_id",
                                                 "name",   "phone",  "birthday"};
  // What head office's card export writes besides those: its own name for the customer's
  // name, and figures an import cannot set.
  static const std::vector<std::string> export_only = {"balance_points", "spent_kopecks",
                                                       "purchases"};
  for (auto& h : header) {
    if (h == "customer_name") h = "name";
    if (std::find(export_only.begin(), export_only.end(), h) != export_only.end()) {
      out.ignored_columns.push_back(h);
      continue;
    }
    if (std::find(known.begin(), known.end(), h) == known.end())
      return Status::invalid("unknown column \"" + h +
                             "\"; known: number, status, groups, customer_id, "
                             "name, phone, birthday");
  }
  if (std::find(header.begin(), header.end(), "number") == header.end())
    return Status::invalid("the header has no \"number\" column");

  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    ++out.lines;
    auto fields = split_csv(line);
    if (fields.size() != header.size()) {
      out.errors.push_back({line_no, "",
                            "has " + std::to_string(fields.size()) + " fields, the header " +
                                std::to_string(header.size())});
    } else {
      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
      Json body = edit_body(row);
      auto edit = parse_card_edit(body);
      // The same check as every other way a card comes in: a bank card's number is refused
      // and, like everywhere, never repeated in the message.
      // Groups split at spaces: "4111 1111 1111 1111" would be kept as four harmless
      // names, and written out joined again by every export. The cell is checked whole.
      Status groups = check_free_text(row["groups"], "groups");
      if (Status n = check_card_number(row["number"], "number"); !n) {
        out.errors.push_back({line_no, n.field(), n.message()});
      } else if (!groups) {
        out.errors.push_back({line_no, groups.field(), groups.message()});
      } else if (!edit) {
        out.errors.push_back({line_no, edit.status().field(), edit.status().message()});
      } else {
        out.rows.push_back({line_no, row["number"], std::move(body), *edit});
      }
    }
    if (stop_at_first_error && !out.errors.empty()) break;
  }
  return out;
}

}  // namespace kopilka::core
