// CSV exports (office/export.h) on both engines: RFC 4180 quoting, a header row, pages
// that together give every row once, the row cap, and the journal's date range.
#include <doctest/doctest.h>

#include "core/json_exact.h"
#include "office/export.h"
#include "office/storage.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

namespace {

std::string run(TempStore& t, office::ExportOptions o, office::ExportResult* result = nullptr,
                int* pages = nullptr) {
  o.zone = t.settings.zone;
  std::string text;
  auto r = office::export_csv(
      t.store->sql(), o,
      [&text](const std::string& chunk) {
        text += chunk;
        return core::Status::ok();
      },
      [pages](const office::ExportProgress&) {
        if (pages) ++*pages;
      });
  REQUIRE(r.ok());
  if (result) *result = *r;
  return text;
}

void card(TempStore& t, const std::string& number, const std::string& customer,
          const std::string& name) {
  core::CardState c;
  c.number = number;
  if (!customer.empty())
    c.customer = core::Customer{customer, name, "+79991234567", {}, std::nullopt, {}};
  REQUIRE(t.store->put_card(c).ok());
}

}  // namespace

TEST_CASE("a field is quoted only when it must be, its quotes doubled") {
  CHECK(office::csv_field("Анна") == "Анна");
  CHECK(office::csv_field("Иванова, Анна") == "\"Иванова, Анна\"");
  CHECK(office::csv_field("ООО \"Ромашка\"") == "\"ООО \"\"Ромашка\"\"\"");
  CHECK(office::csv_field("a\nb") == "\"a\nb\"");
  CHECK(office::csv_row({"1", "", "x,y"}) == "1,,\"x,y\"\r\n");
}

TEST_CASE("a field a spreadsheet would run as a formula gets an apostrophe in front") {
  CHECK(office::csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(office::csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(office::csv_field("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
  CHECK(office::csv_field("-2+3") == "'-2+3");
  CHECK(office::csv_field("\tАнна") == "'\tАнна");
  CHECK(office::csv_field("\r=1") == "\"'\r=1\"");
  CHECK(office::csv_field("-") == "'-");
  // Numbers and phone numbers stay as they are.
  CHECK(office::csv_field("-500") == "-500");
  CHECK(office::csv_field("+79991234567") == "+79991234567");
  CHECK(office::csv_field("+7 (999) 123-45-67") == "+7 (999) 123-45-67");
  CHECK(office::csv_field("Анна=") == "Анна=");
  CHECK(office::csv_row({"c-1", "=1+1", "-12"}) == "c-1,'=1+1,-12\r\n");
}

TEST_CASE("cards and customers export every row once, page after page") {
  TempStore t;
  card(t, "2000000000015", "c-1", "Иванова, Анна \"Аня\"");
  card(t, "2000000000022", "c-1", "Иванова, Анна \"Аня\"");
  card(t, "2000000000039", "c-2", "Пётр");
  card(t, "2000000000046", "", "");
  office::ExportOptions o;
  o.kind = office::ExportKind::kCards;
  o.page = 2;
  int pages = 0;
  office::ExportResult result;
  CHECK(run(t, o, &result, &pages) ==
        "number,status,customer_id,customer_name,phone,balance_points,spent_kopecks,purchases,"
        "groups\r\n"
        "2000000000015,active,c-1,\"Иванова, Анна \"\"Аня\"\"\",+79991234567,0,0,0,\r\n"
        "2000000000022,active,c-1,\"Иванова, Анна \"\"Аня\"\"\",+79991234567,0,0,0,\r\n"
        "2000000000039,active,c-2,Пётр,+79991234567,0,0,0,\r\n"
        "2000000000046,active,,,,0,0,0,\r\n");
  CHECK(result.rows == 4);
  CHECK_FALSE(result.truncated);
  CHECK(pages == 2);

  o.kind = office::ExportKind::kCustomers;
  CHECK(run(t, o) ==
        "id,name,phone,birthday,first_card\r\n"
        "c-1,\"Иванова, Анна \"\"Аня\"\"\",+79991234567,,2000000000015\r\n"
        "c-2,Пётр,+79991234567,,2000000000039\r\n");

  o.kind = office::ExportKind::kCards;
  o.max_rows = 3;
  std::string cut = run(t, o, &result);
  CHECK(result.rows == 3);
  CHECK(result.truncated);
  CHECK(cut.find("2000000000046") == std::string::npos);
  o.max_rows = 4;
  run(t, o, &result);
  CHECK_FALSE(result.truncated);
}

TEST_CASE("a bad date names its field; the range covers whole days") {
  office::ExportOptions o;
  o.zone = *core::locate_zone("Europe/Moscow");
  auto bad = office::set_export_range(o, "2026-13-01", "", "from", "to");
  CHECK(bad.field() == "from");
  auto back = office::set_export_range(o, "2026-11-02", "2026-11-01", "from", "to");
  CHECK(back.field() == "to");
  office::ExportOptions ok;
  ok.zone = o.zone;
  REQUIRE(office::set_export_range(ok, "2026-11-01", "2026-11-01", "from", "to").is_ok());
  CHECK(*ok.to - *ok.from == 86400);
}

TEST_CASE("a card's balance in the export leaves out the points that have burned") {
  // 1 000 points that never burn and 500 that burned on 2026-11-02: the card view says
  // 1 000; the export said 1 500 until the burned lot was folded away, months later.
  TempStore t;
  auto lot = [](const char* id, std::int64_t points, const char* last_day) {
    return *core::parse_json_exact(std::string(R"({"id": ")") + id + R"(", "kind": "adjust",
        "at": "2026-10-01T12:00:00+03:00", "effects": {"card": "2000000000053", "new_lots": [
        {"id": "0", "program": "", "earned_day": "2026-10-01", "usable_from": "2026-10-01",
         "last_day": )" + last_day +
                                   R"(, "points": )" + std::to_string(points) + "}]}}");
  };
  REQUIRE(office::push(
              *t.store, "r-1",
              core::Json::array({lot("r-1:1", 1000, "null"), lot("r-1:2", 500, R"("2026-11-02")")}),
              0)
              .ok());
  office::ExportOptions o;
  o.kind = office::ExportKind::kCards;
  o.now = *core::parse_rfc3339("2026-11-02T23:00:00+03:00");
  CHECK(run(t, o).find("2000000000053,active,,,,1500,") != std::string::npos);
  o.now = *core::parse_rfc3339("2026-11-03T00:00:00+03:00");
  CHECK(run(t, o).find("2000000000053,active,,,,1000,") != std::string::npos);
}
