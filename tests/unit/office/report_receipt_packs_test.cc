// A pack of receipts as text and back (office/report_receipt_packs.h): a receipt found by
// its id alone, whatever its fields hold, the first of two with one id, and a damaged line
// refused rather than read as another receipt.
#include <doctest/doctest.h>

#include "office/report_receipt_packs.h"

using namespace kopilka;
using office::PackedReceipt;

TEST_CASE("a receipt is found in its pack by its id, not by a field that ends like it") {
  std::string pack;
  office::append_receipt(pack, "R10", "card:2000000000015", 10000, "b1=500;promo=0");
  office::append_receipt(pack, "R1", std::nullopt, 3333, "");
  office::append_receipt(pack, "X", "R1", 100, "R1");  // a customer and programs named R1
  CHECK(pack == "\nR10\tcard:2000000000015\t10000\tb1=500;promo=0\nR1\t\t3333\t\nX\tR1\t100\tR1");
  auto r10 = office::find_in_pack(pack, "R10");
  REQUIRE(r10.ok());
  REQUIRE(r10->has_value());
  CHECK((*r10)->customer == std::optional<std::string>("card:2000000000015"));
  CHECK((*r10)->total == 10000);
  CHECK((*r10)->programs == "b1=500;promo=0");
  auto r1 = office::find_in_pack(pack, "R1");
  REQUIRE(r1.ok());
  REQUIRE(r1->has_value());
  CHECK_FALSE((*r1)->customer);
  CHECK((*r1)->total == 3333);
  CHECK(office::find_in_pack(pack, "R")->has_value() == false);
  CHECK(office::find_in_pack(pack, "card:2000000000015")->has_value() == false);
}

TEST_CASE("ids and fields with tabs, line breaks and backslashes come back as they were") {
  std::string pack;
  const std::string id = "a\tb\nc\\d";
  office::append_receipt(pack, "a", "c-1", 1, "");
  office::append_receipt(pack, id, "c\t2", -5, "p\\1=2");
  CHECK(pack.find('\n', 1) == pack.rfind('\n'));  // two lines, however the fields read
  auto found = office::find_in_pack(pack, id);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->customer == std::optional<std::string>("c\t2"));
  CHECK((*found)->total == -5);
  CHECK((*found)->programs == "p\\1=2");
  CHECK(office::find_in_pack(pack, "a")->value().total == 1);
}

TEST_CASE("of two receipts with one id the first is found and taken out first") {
  std::string pack;
  office::append_receipt(pack, "R1", std::nullopt, 100, "");
  office::append_receipt(pack, "R2", std::nullopt, 200, "");
  office::append_receipt(pack, "R1", std::nullopt, 300, "");
  CHECK(office::find_in_pack(pack, "R1")->value().total == 100);
  CHECK(office::remove_from_pack(pack, "R1"));
  CHECK(pack == "\nR2\t\t200\t\nR1\t\t300\t");
  CHECK(office::find_in_pack(pack, "R1")->value().total == 300);
  CHECK(office::remove_from_pack(pack, "R1"));
  CHECK(office::remove_from_pack(pack, "R2"));
  CHECK(pack.empty());
  CHECK_FALSE(office::remove_from_pack(pack, "R2"));
}

TEST_CASE("a damaged line is refused") {
  for (const char* pack :
       {"\nR1\tc-1\t100", "\nR1\tc-1\tten\t", "\nR1\tc\\x\t1\t", "\nR1\tc-1\t1\tp\t"}) {
    CAPTURE(pack);
    CHECK(office::find_in_pack(pack, "R1").status().code() == core::Code::kCorrupt);
  }
}
