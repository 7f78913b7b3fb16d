// The customer days the packs of schema 029 hold (office/report_day_packs.h), summed per
// day, register and customer as report_customer_days held them before; and that table and
// report_program_days made again from them, for the tests of the migrations before 029. On
// the engine under test.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "office/report_day_packs.h"
#include "office/sql.h"

namespace kopilka::office::test {

struct CustomerDayRow {
  std::int64_t receipts = 0, revenue = 0;
  std::optional<core::Day> first_day;
  bool operator==(const CustomerDayRow&) const = default;
};
using CustomerDayKey = std::tuple<core::Day, std::string, std::string>;  // day, register, customer

inline std::map<CustomerDayKey, CustomerDayRow> customer_day_rows(Sql& sql) {
  std::map<CustomerDayKey, CustomerDayRow> out;
  auto packs = sql.query("SELECT day, register_id, customers FROM report_day_packs");
  REQUIRE(packs.ok());
  for (const SqlRow& pack : *packs) {
    const auto day = static_cast<core::Day>(pack.int64(0));
    const std::string reg = pack.text(1);
    core::Status read = each_customer_day(pack.text(2), [&](const PackedCustomerDay& c) {
      CustomerDayRow& row = out[{day, reg, std::string(c.customer)}];
      row.receipts += c.receipts;
      row.revenue += c.revenue;
      row.first_day = c.first_day;
    });
    REQUIRE(read.ok());
  }
  return out;
}

// The program days the packs hold, summed per day, register and program: receipts, revenue,
// discount, points issued, points redeemed.
inline std::map<CustomerDayKey, std::vector<std::int64_t>> program_day_rows(Sql& sql) {
  std::map<CustomerDayKey, std::vector<std::int64_t>> out;  // day, register, program
  auto packs = sql.query("SELECT day, register_id, programs FROM report_day_packs");
  REQUIRE(packs.ok());
  for (const SqlRow& pack : *packs) {
    core::Status read = each_program_day(pack.text(2), [&](const PackedProgramDay& d) {
      auto& sums =
          out[{static_cast<core::Day>(pack.int64(0)), pack.text(1), std::string(d.program)}];
      sums.resize(5);
      sums[0] += d.receipts, sums[1] += d.revenue, sums[2] += d.discount;
      sums[3] += d.issued, sums[4] += d.redeemed;
    });
    REQUIRE(read.ok());
  }
  return out;
}

// "day register customer receipts revenue first_day" ("-" for none), in the key's order.
inline std::vector<std::string> customer_day_texts(Sql& sql) {
  std::vector<std::string> out;
  for (const auto& [k, r] : customer_day_rows(sql))
    out.push_back(std::to_string(std::get<0>(k)) + " " + std::get<1>(k) + " " + std::get<2>(k) +
                  " " + std::to_string(r.receipts) + " " + std::to_string(r.revenue) + " " +
                  (r.first_day ? std::to_string(*r.first_day) : "-"));
  return out;
}

// report_customer_days and report_program_days as version 28 had them, made from the
// packs, which go.
inline void report_rows_as_before_029(Sql& sql) {
  const auto rows = customer_day_rows(sql);
  REQUIRE(sql.run("CREATE TABLE report_customer_days (day INTEGER NOT NULL, register_id TEXT NOT "
                  "NULL, customer TEXT NOT NULL, receipts BIGINT NOT NULL DEFAULT 0, revenue "
                  "BIGINT NOT NULL DEFAULT 0, first_day INTEGER, PRIMARY KEY (day, register_id, "
                  "customer))")
              .ok());
  for (const auto& [k, r] : rows)
    REQUIRE(sql.run("INSERT INTO report_customer_days VALUES (CAST($1 AS INTEGER), $2, $3, "
                    "CAST($4 AS BIGINT), CAST($5 AS BIGINT), CAST($6 AS INTEGER))",
                    {sql_int(std::get<0>(k)), std::get<1>(k), std::get<2>(k), sql_int(r.receipts),
                     sql_int(r.revenue), r.first_day ? sql_int(*r.first_day) : SqlParam()})
                .ok());
  const auto programs = program_day_rows(sql);
  REQUIRE(sql.run("CREATE TABLE report_program_days (day INTEGER NOT NULL, register_id TEXT NOT "
                  "NULL, program TEXT NOT NULL, receipts BIGINT NOT NULL DEFAULT 0, revenue "
                  "BIGINT NOT NULL DEFAULT 0, discount BIGINT NOT NULL DEFAULT 0, issued BIGINT "
                  "NOT NULL DEFAULT 0, redeemed BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (day, "
                  "register_id, program))")
              .ok());
  for (const auto& [k, v] : programs)
    REQUIRE(sql.run("INSERT INTO report_program_days VALUES (CAST($1 AS INTEGER), $2, $3, "
                    "CAST($4 AS BIGINT), CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST($7 AS "
                    "BIGINT), CAST($8 AS BIGINT))",
                    {sql_int(std::get<0>(k)), std::get<1>(k), std::get<2>(k), sql_int(v[0]),
                     sql_int(v[1]), sql_int(v[2]), sql_int(v[3]), sql_int(v[4])})
                .ok());
  REQUIRE(sql.run("DROP TABLE report_day_packs").ok());
}

}  // namespace kopilka::office::test
