// A pack of customer days and program days as text and back (office/report_day_packs.h):
// every line read as written whatever a name holds, a customer's lines renamed or given a
// new first day without touching another's, and a damaged pack refused.
#include <doctest/doctest.h>

#include <vector>

#include "office/report_day_packs.h"

using namespace kopilka;
using office::PackedCustomerDay;

namespace {

struct Line {
  std::string customer;
  std::int64_t receipts, revenue;
  std::optional<core::Day> first;
  bool operator==(const Line&) const = default;
};

std::vector<Line> lines(std::string_view pack) {
  std::vector<Line> out;
  core::Status read = office::each_customer_day(pack, [&](const PackedCustomerDay& d) {
    out.push_back({std::string(d.customer), d.receipts, d.revenue, d.first_day});
  });
  REQUIRE(read.ok());
  return out;
}

}  // namespace

TEST_CASE("a pack's lines come back as written, names with tabs and line breaks included") {
  std::string pack;
  office::append_customer_day(pack, "card:2000000000015", 2, 15000, 20759);
  office::append_customer_day(pack, "c-1", -1, -7000, std::nullopt);
  office::append_customer_day(pack, "a\tb\nc\\d", 0, 0, -3);
  CHECK(pack.substr(0, 44) == "\ncard:2000000000015\t20759\t2\t15000\nc-1\t\t-1\t-7");
  CHECK(office::line_start("c-1", std::nullopt) == "\nc-1\t\t");
  CHECK(office::line_start("a\tb", 20759) == "\na\\tb\t20759\t");
  CHECK(lines(pack) == std::vector<Line>{{"card:2000000000015", 2, 15000, 20759},
                                         {"c-1", -1, -7000, std::nullopt},
                                         {"a\tb\nc\\d", 0, 0, -3}});
  CHECK(lines("").empty());
}

TEST_CASE("with_customer renames one customer's lines and gives them a first day") {
  std::string pack;
  office::append_customer_day(pack, "card:2000000000015", 1, 100, 20000);
  office::append_customer_day(pack, "card:2000000000015x", 1, 200, 20001);  // a longer name
  office::append_customer_day(pack, "card:2000000000015", -1, -100, 20000);
  auto renamed = office::with_customer(pack, "card:2000000000015", "c-7", 19000);
  REQUIRE(renamed.ok());
  CHECK(lines(*renamed) == std::vector<Line>{{"c-7", 1, 100, 19000},
                                             {"card:2000000000015x", 1, 200, 20001},
                                             {"c-7", -1, -100, 19000}});
  auto cleared = office::with_customer(*renamed, "c-7", "c-7", std::nullopt);
  REQUIRE(cleared.ok());
  CHECK(lines(*cleared).at(0) == Line{"c-7", 1, 100, std::nullopt});
}

TEST_CASE("a damaged pack of customer days is refused, not read as other customers") {
  for (const std::string pack :
       {"c-1\t\t1\t100", "\nc-1\t1\t100", "\nc-1\t5\t1\t100\textra", "\nc-1\t\tone\t100",
        "\nc-1\t\t1\t", "\nc-1\t99999999999\t1\t100", "\nc\\x\t\t1\t100", "\nc-1\t\t1\t100\n"}) {
    CAPTURE(pack);
    CHECK(office::each_customer_day(pack, [](const PackedCustomerDay&) {}).code() ==
          core::Code::kCorrupt);
    CHECK(!office::with_customer(pack, "c-1", "c-2", std::nullopt).ok());
  }
}

TEST_CASE("a pack's program lines come back as written, and a damaged one is refused") {
  std::string pack;
  office::append_program_day(pack, {"bonus", 3, 15000, 0, 150, 20});
  office::append_program_day(pack, {"happy\thour\\", -1, -5000, -500, 0, -10});
  CHECK(pack.substr(0, 24) == "\nbonus\t3\t15000\t0\t150\t20\n");
  std::vector<std::string> read;
  REQUIRE(office::each_program_day(pack, [&](const office::PackedProgramDay& d) {
            read.push_back(std::string(d.program) + "|" + std::to_string(d.receipts) + "|" +
                           std::to_string(d.revenue) + "|" + std::to_string(d.discount) + "|" +
                           std::to_string(d.issued) + "|" + std::to_string(d.redeemed));
          }).ok());
  CHECK(read ==
        std::vector<std::string>{"bonus|3|15000|0|150|20", "happy\thour\\|-1|-5000|-500|0|-10"});
  for (const std::string damaged :
       {"\nbonus\t3\t15000\t0\t150", "\nbonus\t3\t15000\t0\t150\t20\t1",
        "\nbonus\t3\t15000\tx\t150\t20", "bonus\t3\t15000\t0\t150\t20"}) {
    CAPTURE(damaged);
    CHECK(office::each_program_day(damaged, [](const office::PackedProgramDay&) {}).code() ==
          core::Code::kCorrupt);
  }
}
