// Staff accounts, sign-in failures, sessions and API tokens over the SQL seam, on SQLite and
// (unit_office_postgresql) on PostgreSQL: what office/staff.h and office/session.h promise.
#include <doctest/doctest.h>

#include "office/session.h"
#include "office/staff.h"
#include "test_support/office_store.h"

using namespace kopilka;

namespace {
// Limits with only the idle time mattering.
office::SessionLimits idle(std::int64_t seconds) {
  return {seconds, 1000000};
}
}  // namespace
using office::test::TempStore;

namespace {
const core::Instant kStaffNow = 1'780'000'000;
}

TEST_CASE("a new account has a one-time password that verifies, hashed with Argon2id") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  auto password = office::add_user(sql, "anna", office::kSupport, kStaffNow);
  REQUIRE(password.ok());
  CHECK(password->size() == 16);
  auto hash = office::query_int(sql,
                                "SELECT 1 FROM staff_users WHERE password_hash LIKE "
                                "'$argon2id$%' AND password_hash <> $1",
                                {*password});
  REQUIRE(hash.ok());
  CHECK(*hash == 1);
  auto ok = office::check_password(sql, "anna", *password);
  REQUIRE(ok.ok());
  REQUIRE(ok->has_value());
  CHECK((*ok)->role == office::kSupport);
  CHECK((*ok)->must_change_password);
  auto wrong = office::check_password(sql, "anna", *password + "x");
  REQUIRE(wrong.ok());
  CHECK(!wrong->has_value());
  auto nobody = office::check_password(sql, "boris", *password);
  REQUIRE(nobody.ok());
  CHECK(!nobody->has_value());

  REQUIRE(office::set_password(sql, "anna", "a new password").is_ok());
  auto after = office::check_password(sql, "anna", "a new password");
  REQUIRE(after.ok());
  REQUIRE(after->has_value());
  CHECK(!(*after)->must_change_password);
  CHECK(!office::check_password(sql, "anna", *password)->has_value());
}

TEST_CASE("an existing login is a conflict and a bad login is invalid") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  REQUIRE(office::add_user(sql, "anna", office::kOwner, kStaffNow).ok());
  auto again = office::add_user(sql, "anna", office::kAuditor, kStaffNow);
  REQUIRE(!again.ok());
  CHECK(again.status().code() == core::Code::kConflict);
  CHECK(office::add_user(sql, "Anna Smith", office::kOwner, kStaffNow).status().code() ==
        core::Code::kInvalid);
  auto users = office::list_users(sql);
  REQUIRE(users.ok());
  REQUIRE(users->size() == 1);
  CHECK((*users)[0].role == office::kOwner);
}

TEST_CASE("a disabled account cannot sign in, and its sessions end") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  auto password = office::add_user(sql, "anna", office::kMarketer, kStaffNow);
  REQUIRE(password.ok());
  auto session = office::create_session(sql, "anna", kStaffNow);
  REQUIRE(session.ok());
  REQUIRE(office::update_user(sql, "anna", std::nullopt, true).is_ok());
  CHECK(!office::check_password(sql, "anna", *password)->has_value());
  CHECK(!office::use_session(sql, session->id, kStaffNow, idle(60))->has_value());
  CHECK(office::update_user(sql, "nobody", office::kOwner, std::nullopt).code() ==
        core::Code::kNotFound);
  REQUIRE(office::update_user(sql, "anna", office::kAuditor, false).is_ok());
  auto u = office::find_user(sql, "anna");
  REQUIRE(u.ok());
  CHECK((*u)->role == office::kAuditor);
  CHECK(!(*u)->disabled);
  CHECK(office::check_password(sql, "anna", *password)->has_value());
}

TEST_CASE(
    "sign-in failures block a login from an address after 5, an address after 20, a login after "
    "50") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  for (int i = 0; i < 4; ++i)
    REQUIRE(office::record_sign_in_failure(sql, "anna", "10.0.0.1", kStaffNow + i).is_ok());
  CHECK(*office::sign_in_blocked(sql, "anna", "10.0.0.1", kStaffNow + 10) == 0);
  REQUIRE(office::record_sign_in_failure(sql, "anna", "10.0.0.1", kStaffNow + 4).is_ok());
  // The fifth failure at kNow+4 blocks anna at 10.0.0.1 until the first (kNow) leaves the
  // window; anna at her own desk and boris at the guesser's address still may.
  CHECK(*office::sign_in_blocked(sql, "anna", "10.0.0.1", kStaffNow + 10) == 15 * 60 - 10);
  CHECK(*office::sign_in_blocked(sql, "anna", "10.0.0.9", kStaffNow + 10) == 0);
  CHECK(*office::sign_in_blocked(sql, "boris", "10.0.0.1", kStaffNow + 10) == 0);
  CHECK(*office::sign_in_blocked(sql, "anna", "10.0.0.1", kStaffNow + 15 * 60 - 1) == 1);
  CHECK(*office::sign_in_blocked(sql, "anna", "10.0.0.1", kStaffNow + 15 * 60) == 0);
  // Signing in at 10.0.0.9 forgets nothing of 10.0.0.1; signing in there does.
  REQUIRE(office::clear_sign_in_failures(sql, "anna", "10.0.0.9").is_ok());
  CHECK(*office::sign_in_blocked(sql, "anna", "10.0.0.1", kStaffNow + 10) == 15 * 60 - 10);
  REQUIRE(office::clear_sign_in_failures(sql, "anna", "10.0.0.1").is_ok());
  CHECK(*office::sign_in_blocked(sql, "anna", "10.0.0.1", kStaffNow + 10) == 0);

  for (int i = 0; i < 19; ++i)
    REQUIRE(office::record_sign_in_failure(sql, "u" + std::to_string(i), "10.0.0.3", kStaffNow)
                .is_ok());
  CHECK(*office::sign_in_blocked(sql, "someone", "10.0.0.3", kStaffNow + 1) == 0);
  REQUIRE(office::record_sign_in_failure(sql, "u19", "10.0.0.3", kStaffNow).is_ok());
  CHECK(*office::sign_in_blocked(sql, "someone", "10.0.0.3", kStaffNow + 1) == 15 * 60 - 1);

  // Guesses at one login spread over 50 addresses, 1 each, block it everywhere.
  for (int i = 0; i < 49; ++i)
    REQUIRE(office::record_sign_in_failure(sql, "vera", "10.1.0." + std::to_string(i), kStaffNow)
                .is_ok());
  CHECK(*office::sign_in_blocked(sql, "vera", "10.2.0.1", kStaffNow + 2) == 0);
  REQUIRE(office::record_sign_in_failure(sql, "vera", "10.1.0.49", kStaffNow + 1).is_ok());
  CHECK(*office::sign_in_blocked(sql, "vera", "10.2.0.1", kStaffNow + 2) == 15 * 60 - 2);
}

TEST_CASE("a busy session still ends once it is session_max old") {
  // Used every few seconds all day, a cookie lived for ever: one copied off a desk that is
  // never idle opened the admin for as long as the desk was busy.
  TempStore t;
  office::Sql& sql = t.store->sql();
  auto s = office::create_session(sql, "anna", kStaffNow);
  REQUIRE(s.ok());
  const office::SessionLimits limits{60, 300};
  for (int minute = 0; minute <= 5; ++minute)
    CHECK(office::use_session(sql, s->id, kStaffNow + minute * 50, limits)->has_value());
  CHECK(!office::use_session(sql, s->id, kStaffNow + 301, limits)->has_value());
  CHECK(!office::use_session(sql, s->id, kStaffNow + 302, office::SessionLimits{60, 1000})
             ->has_value());  // and gone
}

TEST_CASE("a session lives while used and ends after its idle time") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  auto s = office::create_session(sql, "anna", kStaffNow);
  REQUIRE(s.ok());
  auto stored = office::query_int(sql, "SELECT 1 FROM staff_sessions WHERE id_hash = $1", {s->id});
  CHECK(!stored->has_value());  // only the hash is kept
  auto used = office::use_session(sql, s->id, kStaffNow + 30, idle(30));
  REQUIRE(used.ok());
  REQUIRE(used->has_value());
  CHECK((*used)->login == "anna");
  CHECK((*used)->csrf == s->csrf);
  CHECK(
      office::use_session(sql, s->id, kStaffNow + 60, idle(30))->has_value());  // refreshed at +30
  CHECK(!office::use_session(sql, s->id, kStaffNow + 91, idle(30))->has_value());
  CHECK(!office::use_session(sql, s->id, kStaffNow + 92, idle(1000))->has_value());  // and gone
  CHECK(!office::use_session(sql, "nonsense", kStaffNow, idle(30))->has_value());
}

TEST_CASE("tokens are found by their text, listed per account, and revoked") {
  TempStore t;
  office::Sql& sql = t.store->sql();
  auto a = office::create_token(sql, "anna", "crm", kStaffNow);
  REQUIRE(a.ok());
  auto b = office::create_token(sql, "boris", "shop-site", kStaffNow);
  REQUIRE(b.ok());
  CHECK(office::create_token(sql, "boris", "crm", kStaffNow).status().code() ==
        core::Code::kConflict);
  CHECK(office::create_token(sql, "boris", "a b", kStaffNow).status().code() ==
        core::Code::kInvalid);
  auto found = office::find_token(sql, *a);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->name == "crm");
  CHECK((*found)->login == "anna");
  CHECK(!office::find_token(sql, *a + "0")->has_value());
  CHECK(office::list_tokens(sql, "anna")->size() == 1);
  CHECK(office::list_tokens(sql, "")->size() == 2);
  REQUIRE(office::revoke_token(sql, "crm").is_ok());
  CHECK(!office::find_token(sql, *a)->has_value());
  CHECK(office::revoke_token(sql, "crm").code() == core::Code::kNotFound);
}
