// The audit log is append-only in the database itself, on both engines: a script run with
// sqlite3 or psql cannot update, delete or (PostgreSQL) truncate its entries.
#include <doctest/doctest.h>

#include "office/audit.h"
#include "test_support/office_store.h"

using namespace kopilka;
using office::test::TempStore;

namespace {

// `sql` run behind the store's back; its status, not required to succeed.
core::Status run_directly(TempStore& t, const std::string& sql) {
  if (t.on_postgres()) {
    auto c = office::PgConn::connect(t.pg_url());
    REQUIRE(c.ok());
    return (*c)->run(sql);
  }
  auto db = common::Db::open(t.dir + "/office.db");
  REQUIRE(db.ok());
  return (*db)->exec(sql);
}

std::size_t entries(TempStore& t) {
  auto read = office::read_audit(t.store->sql(), office::AuditQuery{}, t.settings.zone);
  REQUIRE(read.ok());
  return (*read)["entries"].size();
}

}  // namespace

TEST_CASE("the database refuses to change or remove an audit entry") {
  TempStore t;
  office::Actor owner{"olga", office::kOwner, "127.0.0.1", "", false};
  REQUIRE(office::append_audit(
              t.store->sql(), owner, 1795510800,
              {"settings.update", "settings:chain", std::nullopt, core::Json{{"x", 1}}})
              .is_ok());
  REQUIRE(entries(t) == 1);
  CHECK_FALSE(run_directly(t, "UPDATE audit SET who = 'someone else'").is_ok());
  CHECK_FALSE(run_directly(t, "DELETE FROM audit").is_ok());
  // PostgreSQL's TRUNCATE fires no row trigger: it once emptied the log.
  if (t.on_postgres()) CHECK_FALSE(run_directly(t, "TRUNCATE audit").is_ok());
  auto read = office::read_audit(t.store->sql(), office::AuditQuery{}, t.settings.zone);
  REQUIRE(read.ok());
  REQUIRE((*read)["entries"].size() == 1);
  CHECK((*read)["entries"][0]["who"] == "olga");
}

TEST_CASE("who finds a login however it is typed, and a token only by its own name") {
  TempStore t;
  for (const char* who : {"olga", "token:CRM", "token:crm"}) {
    office::Actor actor{who, office::kOwner, "127.0.0.1", "", false};
    REQUIRE(office::append_audit(
                t.store->sql(), actor, 1795510800,
                {"settings.update", "settings:chain", std::nullopt, core::Json{{"x", 1}}})
                .is_ok());
  }
  const auto found = [&](const std::string& who) {
    office::AuditQuery q;
    q.who = who;
    auto read = office::read_audit(t.store->sql(), q, t.settings.zone);
    REQUIRE(read.ok());
    std::vector<std::string> out;
    for (const auto& e : (*read)["entries"]) out.push_back(e["who"]);
    return out;
  };
  CHECK(found("Olga") == std::vector<std::string>{"olga"});
  CHECK(found("olga") == std::vector<std::string>{"olga"});
  CHECK(found("token:CRM") == std::vector<std::string>{"token:CRM"});  // CRM and crm: two tokens
  CHECK(found("token:crm") == std::vector<std::string>{"token:crm"});
}
