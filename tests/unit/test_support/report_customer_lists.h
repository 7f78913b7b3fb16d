// Whether every customer's list of report rows (office/report_customer_rows.h) names exactly
// their rows of report_customer_days, each with its net receipts, and sits where it should:
// a card's own customer's in its card's row when the card has one. For the report tests, on
// the engine under test.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "office/report_customer_rows.h"
#include "office/sql.h"

namespace kopilka::office::test {

inline void check_customer_lists(Sql& sql) {
  std::map<std::string, std::vector<std::string>> stored;  // customer → "day register receipts"
  auto rows = sql.query(
      "SELECT customer, day, register_id, receipts FROM report_customer_days "
      "ORDER BY customer, day, register_id");
  REQUIRE(rows.ok());
  for (const SqlRow& r : *rows)
    stored[r.text(0)].push_back(r.text(1) + " " + r.text(2) + " " + r.text(3));
  // Every customer with a list: in the table, or on a card's row.
  std::vector<std::string> names;
  auto listed = sql.query("SELECT customer FROM report_customer_rows");
  REQUIRE(listed.ok());
  for (const SqlRow& r : *listed) names.push_back(r.text(0));
  auto on_cards = sql.query("SELECT number FROM cards WHERE report_rows IS NOT NULL");
  REQUIRE(on_cards.ok());
  for (const SqlRow& r : *on_cards) names.push_back("card:" + r.text(0));
  for (const auto& [customer, _] : stored) names.push_back(customer);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const std::vector<std::string_view> views(names.begin(), names.end());
  auto lists = read_customer_rows(sql, views);
  REQUIRE_MESSAGE(lists.ok(), lists.status().message());
  for (std::size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    const CustomerRows& list = (*lists)[i];
    std::vector<std::string> got;
    for (const CustomerRow& r : list.rows)
      got.push_back(std::to_string(r.day) + " " + r.register_id + " " + std::to_string(r.receipts));
    std::vector<std::string>& want = stored[names[i]];
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());  // PostgreSQL's collation orders texts its own way
    CHECK(got == want);
    // A list is in one place, and a card's own customer's on the card's row if it has one
    // that holds no customer record's list.
    CHECK(!(list.on_card() && list.in_table));
    if (names[i].rfind("card:", 0) == 0) {
      auto card = sql.query("SELECT coalesce(report_rows, '') FROM cards WHERE number = $1",
                            {names[i].substr(5)});
      REQUIRE(card.ok());
      if (!card->empty() && !got.empty() && list_owner(card->at(0).text(0)).empty())
        CHECK(!list.in_table);
    }
  }
}

}  // namespace kopilka::office::test
