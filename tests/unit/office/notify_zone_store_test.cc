// Which zone a customer's quiet hours are kept in: the store of the card's latest receipt,
// else of the register that first journalled the card, else head office's.
#include <doctest/doctest.h>

#include "office/notify_zone.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

namespace {

void run_zone(office::Sql& sql, const std::string& text, const office::SqlParams& params = {}) {
  auto r = sql.run(text, params);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
}

void zone_entry(office::Sql& sql, const std::string& id, const std::string& register_id,
                const std::string& kind, const std::string& card, core::Instant at) {
  run_zone(
      sql,
      "INSERT INTO entries (id, register_id, kind, card, at, body, received) VALUES ($1, $2, $3, "
      "$4, CAST($5 AS BIGINT), '{}', CAST($5 AS BIGINT))",
      {id, register_id, kind, card, office::sql_int(at)});
}

// The zone's UTC offset in November 2026, as format_rfc3339 writes it ("+10:00").
std::string zone_of(office::Sql& sql, const std::string& card, core::Zone head_office) {
  auto z = office::customer_zone(sql, card, head_office);
  REQUIRE_MESSAGE(z.ok(), z.status().message());
  return core::format_rfc3339(1795000000, *z).substr(19);
}

}  // namespace

TEST_CASE("the customer's store: latest receipt, else first entry, else head office") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  const core::Zone moscow = *core::locate_zone("Europe/Moscow");
  run_zone(sql,
           "INSERT INTO stores (id, name, address, timezone, created) VALUES "
           "('s-1', 'Тверская', '', 'Europe/Moscow', 0), ('s-2', 'Светланская', '', "
           "'Asia/Vladivostok', 0), ('s-3', 'Кёнигсберг', '', 'Europe/Kaliningrad', 0)");
  run_zone(sql,
           "INSERT INTO registers (id, name, created, store_id) VALUES ('r-msk', 'a', 0, 's-1'), "
           "('r-vvo', 'b', 0, 's-2'), ('r-kgd', 'c', 0, 's-3'), ('r-none', 'd', 0, NULL)");

  // Two receipts: the later one's store wins, whatever order they were stored in.
  zone_entry(sql, "r-vvo:1", "r-vvo", "receipt", "2000000000015", 2000);
  zone_entry(sql, "r-msk:1", "r-msk", "receipt", "2000000000015", 1000);
  zone_entry(sql, "r-kgd:1", "r-kgd", "adjust", "2000000000015", 3000);  // not a receipt
  CHECK(zone_of(sql, "2000000000015", moscow) == "+10:00");              // Vladivostok

  // No receipt yet: the register that first journalled the card.
  zone_entry(sql, "r-kgd:2", "r-kgd", "adjust", "2000000000022", 1000);
  zone_entry(sql, "r-vvo:2", "r-vvo", "adjust", "2000000000022", 2000);
  CHECK(zone_of(sql, "2000000000022", moscow) == "+02:00");  // Kaliningrad

  // A register without a store, or a card no register has seen: head office's zone.
  zone_entry(sql, "r-none:1", "r-none", "receipt", "2000000000039", 1000);
  CHECK(zone_of(sql, "2000000000039", moscow) == "+03:00");
  CHECK(zone_of(sql, "2000000000046", *core::locate_zone("Asia/Yekaterinburg")) == "+05:00");
}
