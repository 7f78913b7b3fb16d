// A head-office Storage for a test: SQLite in a temp dir, or, with KOPILKA_TEST_PG_ADMIN_URL
// set (CTest's unit_office_postgresql, tests/integration/pg_cluster.py), a database of its
// own on that PostgreSQL cluster. Unit tests named *store_test.cc run on both engines.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "common/db.h"
#include "core/engine.h"
#include "office/pg_store.h"
#include "office/sqlite_store.h"
#include "test_support/temp_dir.h"

namespace kopilka::office::test {

using kopilka::test::TempDir;

// The PostgreSQL cluster to test on, or empty: SQLite.
inline std::string pg_admin_url() {
  const char* url = std::getenv("KOPILKA_TEST_PG_ADMIN_URL");
  return url ? url : "";
}

struct TempStore {
  TempDir tmp{"kopilka-office-test"};
  std::string dir = tmp.sub("data");
  std::string pg_database;  // set on the PostgreSQL engine
  core::Settings settings;
  std::unique_ptr<office::Storage> store;
  TempStore() {
    static int count = 0;
    settings.zone = *core::locate_zone("Europe/Moscow");
    if (!pg_admin_url().empty()) {
      pg_database = "store_test_" + std::to_string(::getpid()) + "_" + std::to_string(++count);
      REQUIRE(admin().run("CREATE DATABASE " + pg_database).is_ok());
    }
    reopen();
  }
  ~TempStore() {
    store.reset();
    if (!pg_database.empty()) admin().run("DROP DATABASE IF EXISTS " + pg_database);
  }
  bool on_postgres() const { return !pg_database.empty(); }
  std::string pg_url() const {
    std::string base = pg_admin_url();
    return base.substr(0, base.rfind('/') + 1) + pg_database;
  }
  office::PgConn& admin() {
    if (!admin_conn) {
      auto c = office::PgConn::connect(pg_admin_url());
      REQUIRE_MESSAGE(c.ok(), c.status().message());
      admin_conn = std::move(*c);
    }
    return *admin_conn;
  }
  // Runs SQL on the store's own database, behind the store's back.
  void tamper(const std::string& sql) {
    if (on_postgres()) {
      auto c = office::PgConn::connect(pg_url());
      REQUIRE(c.ok());
      REQUIRE((*c)->run(sql).is_ok());
      return;
    }
    auto db = common::Db::open(dir + "/office.db");
    REQUIRE(db.ok());
    REQUIRE((*db)->exec(sql).is_ok());
  }
  void reopen() {
    store.reset();
    if (on_postgres()) {
      auto s = office::PgStore::open(pg_url(), settings);
      REQUIRE_MESSAGE(s.ok(), s.status().message());
      store = std::move(*s);
      return;
    }
    auto s = office::SqliteStore::open(dir, settings);
    REQUIRE(s.ok());
    store = std::move(*s);
  }
  std::unique_ptr<office::PgConn> admin_conn;
};

}  // namespace kopilka::office::test
