// Tests of office/register_codes: a new register's code and its lifetime, the checks of
// enrolment, and the credential check, the rules both storage engines share.
#include "office/register_codes.h"

#include <doctest/doctest.h>

using namespace kopilka;

const std::string kCodeRefusal =
    "the enrolment code is unknown, used or expired: a code lasts 24 hours and serves once; "
    "ask head office for a new one (kopilka-office register add NAME, or Registers in the web "
    "admin)";

TEST_CASE("a new register gets an r- id and a code that lives a day") {
  office::NewRegister r = office::new_register(1000);
  CHECK(r.id.rfind("r-", 0) == 0);
  CHECK(r.id.size() == 2 + 8);
  CHECK(!r.code.empty());
  CHECK(r.code_sha256 == office::enrol_code_sha256(r.code));
  CHECK(r.code_expires == 1000 + 24 * 3600);
  CHECK(office::check_enrol_code(r.code_expires, r.code_expires).is_ok());
  core::Status late = office::check_enrol_code(r.code_expires, r.code_expires + 1);
  CHECK(late.code() == core::Code::kConflict);
  CHECK(late.message() == kCodeRefusal);
  core::Status unknown = office::check_enrol_code(std::nullopt, 1000);
  CHECK(unknown.code() == core::Code::kConflict);
  CHECK(unknown.message() == kCodeRefusal);
}

TEST_CASE("a register keeps its own id unless another register has it") {
  CHECK(!office::wants_own_id("", "r-1"));
  CHECK(!office::wants_own_id("r-1", "r-1"));
  CHECK(office::wants_own_id("r-2", "r-1"));
  CHECK(office::check_own_id("r-2", false, false).is_ok());
  core::Status taken = office::check_own_id("r-2", true, false);
  CHECK(taken.code() == core::Code::kConflict);
  CHECK(taken.message().rfind("register id r-2 belongs to another register; ", 0) == 0);
  // A technician whose register lost its credential is told the way out.
  CHECK(taken.message().find("kopilka-office register revoke r-2") != std::string::npos);
  // A revoked register brought back with a new code keeps its id.
  CHECK(office::check_own_id("r-2", true, true).is_ok());
}

TEST_CASE("a credential is accepted only with its own secret") {
  office::NewCredential c = office::new_credential("r-1");
  CHECK(c.credential.rfind("r-1.", 0) == 0);
  auto id = office::check_credential(c.credential, c.secret_sha256);
  REQUIRE(id.ok());
  CHECK(*id == "r-1");

  auto wrong = office::check_credential("r-1.0000", c.secret_sha256);
  REQUIRE(!wrong.ok());
  CHECK(wrong.status().code() == core::Code::kNotFound);
  CHECK(wrong.status().message() == "unknown credential");

  auto not_enrolled = office::check_credential(c.credential, std::nullopt);
  REQUIRE(!not_enrolled.ok());
  CHECK(not_enrolled.status().message() == "unknown credential");

  auto malformed = office::credential_register("no-dot");
  REQUIRE(!malformed.ok());
  CHECK(malformed.status().code() == core::Code::kNotFound);
  CHECK(malformed.status().message() == "malformed credential");
  CHECK(office::check_credential("no-dot", c.secret_sha256).status().message() ==
        "malformed credential");
}
