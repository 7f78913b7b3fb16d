// CSV card import; see card_import.h. Fields may be quoted ("Иванова, Анна"); a quote
// inside a quoted field is doubled, as spreadsheets write it.
#include "office/card_import.h"

#include <algorithm>
#include <map>

#include "core/card_edit.h"
#include "core/card_number.h"

namespace kopilka::office {

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

core::Json edit_body(const std::map<std::string, std::string>& row) {
  core::Json body = core::Json::object();
  auto get = [&](const char* key) -> const std::string* {
    auto it = row.find(key);
    return it == row.end() || it->second.empty() ? nullptr : &it->second;
  };
  if (auto v = get("status")) body["status"] = *v;
  if (auto v = get("groups")) {
    core::Json groups = core::Json::array();
    std::string g;
    for (char c : *v + ";") {
      if (c == ';') {
        if (!g.empty()) groups.push_back(g);
        g.clear();
      } else {
        g += c;
      }
    }
    body["groups"] = groups;
  }
  core::Json customer = core::Json::object();
  if (auto v = get("customer_id")) customer["id"] = *v;
  if (auto v = get("name")) customer["name"] = *v;
  if (auto v = get("phone")) customer["phone"] = *v;
  if (auto v = get("birthday")) customer["birthday"] = *v;
  if (!customer.empty()) body["customer"] = customer;
  return body;
}

}  // namespace

core::Result<ImportReport> import_cards_csv(Store& store, std::istream& in, bool strict) {
  ImportReport report;
  std::string line;
  if (!std::getline(in, line)) return core::Status::invalid("the file is empty");
  std::vector<std::string> header = split_csv(line);
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);  // a BOM
  static const std::vector<std::string> known = {"number", "status", "groups",  "customer_id",
                                                 "name",   "phone",  "birthday"};
  for (const auto& h : header) {
    if (std::find(known.begin(), known.end(), h) == known.end())
      return core::Status::invalid("unknown column \"" + h +
                                   "\"; known: number, status, groups, customer_id, "
                                   "name, phone, birthday");
  }
  if (std::find(header.begin(), header.end(), "number") == header.end())
    return core::Status::invalid("the header has no \"number\" column");

  struct Parsed {
    std::size_t line;
    std::string number;
    core::CardEdit edit;
  };
  std::vector<Parsed> good;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    auto fields = split_csv(line);
    std::string where = "line " + std::to_string(line_no) + ": ";
    if (fields.size() != header.size()) {
      report.errors.push_back(where + "has " + std::to_string(fields.size()) +
                              " fields, the header " + std::to_string(header.size()));
    } else {
      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
      auto edit = core::parse_card_edit(edit_body(row));
      if (!core::is_card_number(row["number"])) {
        report.errors.push_back(where + "number: a card number is 4 to 32 digits");
      } else if (!edit) {
        report.errors.push_back(where + edit.status().field() + ": " + edit.status().message());
      } else {
        good.push_back({line_no, row["number"], *edit});
      }
    }
    if (strict && !report.errors.empty()) return report;
  }
  for (const auto& p : good) {
    auto old = store.load_card(p.number);
    if (!old) return old.status();
    core::CardState card = old->value_or(core::CardState{});
    card.number = p.number;
    core::apply_card_edit(card, p.edit);
    auto put = store.put_card(card);
    if (!put) return put.status();
    ++report.imported;
  }
  return report;
}

}  // namespace kopilka::office
