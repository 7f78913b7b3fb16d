// The fleet's SQL over the storage engine in use (SQLite here; PostgreSQL under
// unit_office_postgresql): contact and reports recorded from sync calls, renaming, moving,
// revoking (the credential refused at once), enrolment codes listed without the code, and
// stores with their time zone checked.
#include <doctest/doctest.h>

#include "office/fleet.h"
#include "office/fleet_stores.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

namespace {

constexpr core::Instant kFleetStoreNow = 1'800'000'000;

struct Enrolled {
  std::string id, credential;
};

Enrolled enrolled(TempStore& t, const std::string& name) {
  auto code = t.store->add_register(name, kFleetStoreNow - 1000);
  REQUIRE(code.ok());
  auto e = t.store->enroll(*code, "", kFleetStoreNow - 900);
  REQUIRE(e.ok());
  return {e->register_id, e->credential};
}

office::FleetRegister get(TempStore& t, const std::string& id) {
  auto r = office::find_register(t.store->sql(), id);
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  return **r;
}

}  // namespace

TEST_CASE("a pull records contact and every report; a push at most once a minute") {
  TempStore t;
  Enrolled r = enrolled(t, "Касса 1");
  office::RegisterReport report{"0.1.0", 4, kFleetStoreNow + 7, 120};
  REQUIRE(
      office::record_contact(t.store->sql(), r.id, report, office::SyncCall::kPush, kFleetStoreNow)
          .is_ok());
  auto f = get(t, r.id);
  CHECK(f.last_contact == std::optional<core::Instant>(kFleetStoreNow));
  CHECK_FALSE(f.last_pull);
  CHECK(f.version == std::optional<std::string>("0.1.0"));
  CHECK(f.pending == std::optional<std::int64_t>(4));
  CHECK(f.clock_skew_s == std::optional<std::int64_t>(7));
  CHECK(f.sync_interval_s == std::optional<std::int64_t>(120));

  // A push 30 s later is not written; a pull is, and a report without a clock keeps the skew.
  office::RegisterReport later{std::nullopt, 1, std::nullopt, std::nullopt};
  REQUIRE(office::record_contact(t.store->sql(), r.id, later, office::SyncCall::kPush,
                                 kFleetStoreNow + 30)
              .is_ok());
  CHECK(get(t, r.id).pending == std::optional<std::int64_t>(4));
  REQUIRE(office::record_contact(t.store->sql(), r.id, later, office::SyncCall::kPull,
                                 kFleetStoreNow + 31)
              .is_ok());
  f = get(t, r.id);
  CHECK(f.last_contact == std::optional<core::Instant>(kFleetStoreNow + 31));
  CHECK(f.last_pull == std::optional<core::Instant>(kFleetStoreNow + 31));
  CHECK(f.pending == std::optional<std::int64_t>(1));
  CHECK(f.clock_skew_s == std::optional<std::int64_t>(7));
  CHECK(f.version == std::optional<std::string>("0.1.0"));
  REQUIRE(office::record_contact(t.store->sql(), r.id, report, office::SyncCall::kPush,
                                 kFleetStoreNow + 91)
              .is_ok());
  CHECK(get(t, r.id).last_contact == std::optional<core::Instant>(kFleetStoreNow + 91));
  CHECK(std::string(office::register_state(get(t, r.id), kFleetStoreNow + 91)) == "ok");
}

TEST_CASE("a revoked register's credential is refused at once and its code is gone") {
  TempStore t;
  Enrolled r = enrolled(t, "Касса 1");
  REQUIRE(t.store->authenticate(r.credential).ok());
  CHECK(office::is_revoked(t.store->sql(), r.id).value() == false);
  REQUIRE(office::revoke_register(t.store->sql(), r.id, kFleetStoreNow).is_ok());
  auto refused = t.store->authenticate(r.credential);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == core::Code::kNotFound);
  CHECK(office::is_revoked(t.store->sql(), r.id).value() == true);
  auto f = get(t, r.id);
  CHECK(f.revoked == std::optional<core::Instant>(kFleetStoreNow));
  CHECK(std::string(office::register_state(f, kFleetStoreNow)) == "revoked");
  // Revoking again changes nothing; an unknown register is not found.
  REQUIRE(office::revoke_register(t.store->sql(), r.id, kFleetStoreNow + 50).is_ok());
  CHECK(get(t, r.id).revoked == std::optional<core::Instant>(kFleetStoreNow));
  CHECK(office::revoke_register(t.store->sql(), "r-nothere", kFleetStoreNow).code() ==
        core::Code::kNotFound);

  // A register revoked before it enrolled: its code no longer enrols.
  auto code = t.store->add_register("Касса 2", kFleetStoreNow);
  REQUIRE(code.ok());
  auto id = office::register_of_code(t.store->sql(), *code);
  REQUIRE(id.ok());
  REQUIRE(office::revoke_register(t.store->sql(), *id, kFleetStoreNow).is_ok());
  CHECK(t.store->enroll(*code, "", kFleetStoreNow + 1).status().code() == core::Code::kConflict);
}

TEST_CASE("enrolment codes are listed by register and expiry, never the code") {
  TempStore t;
  auto code = t.store->add_register("Касса 3", kFleetStoreNow);
  REQUIRE(code.ok());
  auto id = office::register_of_code(t.store->sql(), *code);
  REQUIRE(id.ok());
  enrolled(t, "Касса 1");  // its code is used: not listed
  auto codes = office::enrolment_codes(t.store->sql(), kFleetStoreNow + 10, t.settings.zone);
  REQUIRE(codes.ok());
  REQUIRE((*codes)["codes"].size() == 1);
  const auto& c = (*codes)["codes"][0];
  CHECK(c["register"] == *id);
  CHECK(c["name"] == "Касса 3");
  CHECK(c["store"].is_null());
  CHECK(c["expires"] == core::format_rfc3339(kFleetStoreNow + 24 * 3600, t.settings.zone));
  CHECK(codes->dump().find(*code) == std::string::npos);
  // Expired codes drop out.
  auto later =
      office::enrolment_codes(t.store->sql(), kFleetStoreNow + 24 * 3600 + 1, t.settings.zone);
  REQUIRE(later.ok());
  CHECK((*later)["codes"].empty());
}

TEST_CASE("stores: added with a known time zone, changed, and registers moved between them") {
  TempStore t;
  auto& sql = t.store->sql();
  auto bad = office::add_store(sql, "Тверская", "", "Europe/Atlantis", kFleetStoreNow);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().field() == "timezone");
  CHECK(office::add_store(sql, "", "", "Europe/Moscow", kFleetStoreNow).status().field() == "name");
  CHECK(office::list_stores(sql)->empty());

  auto a = office::add_store(sql, "Тверская", "Тверская, 1", "Europe/Moscow", kFleetStoreNow);
  REQUIRE(a.ok());
  CHECK(a->id.rfind("s-", 0) == 0);
  auto b = office::add_store(sql, "Невский", "", "Europe/Moscow", kFleetStoreNow);
  REQUIRE(b.ok());
  auto changed =
      office::update_store(sql, b->id, {std::nullopt, "Невский, 2", "Asia/Yekaterinburg"});
  REQUIRE(changed.ok());
  CHECK(changed->name == "Невский");
  CHECK(changed->address == "Невский, 2");
  CHECK(changed->timezone == "Asia/Yekaterinburg");
  CHECK(office::update_store(sql, b->id, {std::nullopt, std::nullopt, "Mars/Base"})
            .status()
            .field() == "timezone");
  CHECK(office::find_store(sql, b->id)->value().timezone == "Asia/Yekaterinburg");
  CHECK(office::update_store(sql, "s-none", {"x", std::nullopt, std::nullopt}).status().code() ==
        core::Code::kNotFound);

  Enrolled r = enrolled(t, "Касса 1");
  REQUIRE(office::update_register(sql, r.id, std::string("Касса 1, Тверская"),
                                  std::optional(std::optional(a->id)))
              .is_ok());
  CHECK(get(t, r.id).name == "Касса 1, Тверская");
  CHECK(get(t, r.id).store == std::optional<std::string>(a->id));
  // An unknown store changes nothing, not even the name given with it.
  auto unknown = office::update_register(sql, r.id, std::string("Другое"),
                                         std::optional(std::optional<std::string>("s-none")));
  CHECK(unknown.field() == "store");
  CHECK(get(t, r.id).name == "Касса 1, Тверская");
  CHECK(office::update_register(sql, r.id, std::string(""), std::nullopt).field() == "name");
  REQUIRE(
      office::update_register(sql, r.id, std::nullopt, std::optional(std::optional<std::string>()))
          .is_ok());
  CHECK_FALSE(get(t, r.id).store);
  CHECK(office::update_register(sql, "r-none", std::string("x"), std::nullopt).code() ==
        core::Code::kNotFound);
}
