// Moving head office from SQLite to PostgreSQL; see migrate_storage.h. The copy is by
// table and column name, so a table a later migration adds to both schemas moves too, and
// one the target lacks stops the move before anything is written.
#include "office/migrate_storage.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "common/db.h"
#include "office/pg_conn.h"
#include "office/pg_store.h"
#include "office/sqlite_store.h"

namespace kopilka::office {

using core::Result;
using core::Status;

namespace {

// Rows per INSERT: each column travels as one array parameter.
constexpr std::size_t kBatchRows = 500;

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The target's tables, each with its columns' types (as information_schema names them).
Result<std::map<std::string, std::map<std::string, std::string>>> target_tables(PgConn& pg) {
  auto r = pg.exec(
      "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
      "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND "
      "t.table_name = c.table_name WHERE c.table_schema = current_schema() AND "
      "t.table_type = 'BASE TABLE'");
  if (!r) return r.status();
  std::map<std::string, std::map<std::string, std::string>> tables;
  for (int i = 0; i < r->rows(); ++i) tables[r->text(i, 0)][r->text(i, 1)] = r->text(i, 2);
  return tables;
}

// Rows a head office writes when it merely starts (the upgrade steps it found nothing to
// do for) or its schema holds from the first (its epoch): a target started once to try it is
// still empty. The source's rows replace them, so the registers go on with the same history.
bool written_at_start(const std::string& table) {
  return table == "upgrade_steps" || table == "office_epoch";
}

// Nothing but the schema's own rows: a database head office (or anything else) already
// wrote into is never merged into.
Status require_empty(PgConn& pg,
                     const std::map<std::string, std::map<std::string, std::string>>& tables) {
  for (const auto& [name, columns] : tables) {
    if (name == "kopilka_schema" || name == "server_seq" || written_at_start(name)) continue;
    auto r = pg.exec("SELECT EXISTS (SELECT 1 FROM " + quoted(name) + ")");
    if (!r) return r.status();
    if (r->text(0, 0) == "t")
      return Status::conflict("the target database already holds data (table " + name +
                              "): migrate into a new, empty database; nothing was copied");
  }
  auto seq = pg.exec("SELECT seq FROM server_seq");
  if (!seq) return seq.status();
  if (seq->rows() != 1 || seq->int64(0, 0) != 0)
    return Status::conflict(
        "the target database already numbered changes (server_seq): migrate into a new, empty "
        "database; nothing was copied");
  return Status::ok();
}

Result<std::vector<std::string>> source_columns(common::Db& db, const std::string& table) {
  auto st = db.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  if (!st) return st.status();
  st->bind(1, table);
  std::vector<std::string> columns;
  while (true) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    columns.push_back(st->text(0));
  }
  return columns;
}

Status insert_batch(PgConn& pg, const std::string& table, const std::vector<std::string>& columns,
                    const std::map<std::string, std::string>& types,
                    const std::vector<std::vector<std::optional<std::string>>>& values,
                    std::int64_t& copied) {
  if (values.empty() || values[0].empty()) return Status::ok();
  std::string names, arrays;
  PgParams params;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    names += (c ? ", " : "") + quoted(columns[c]);
    arrays +=
        (c ? ", $" : "$") + std::to_string(c + 1) + "::text[]::" + types.at(columns[c]) + "[]";
    params.push_back(pg_text_array(values[c]));
  }
  auto r = pg.exec(
      "INSERT INTO " + quoted(table) + "(" + names + ") SELECT * FROM unnest(" + arrays + ")",
      params);
  if (!r) return r.status();
  copied += r->affected();
  return Status::ok();
}

Result<std::int64_t> copy_table(common::Db& db, PgConn& pg, const std::string& table,
                                const std::map<std::string, std::string>& types) {
  auto columns = source_columns(db, table);
  if (!columns) return columns.status();
  std::string names;
  for (const auto& c : *columns) {
    if (!types.count(c))
      return Status::invalid("the target database's table " + table + " has no column " + c +
                             ": is this kopilka-office older than the SQLite database?");
    names += (names.empty() ? "" : ", ") + quoted(c);
  }
  auto st = db.prepare("SELECT " + names + " FROM " + quoted(table));
  if (!st) return st.status();
  std::vector<std::vector<std::optional<std::string>>> values(columns->size());
  std::int64_t read = 0, copied = 0;
  while (true) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    ++read;
    for (std::size_t c = 0; c < columns->size(); ++c) {
      const int col = static_cast<int>(c);
      values[c].push_back(st->is_null(col) ? std::nullopt
                                           : std::optional<std::string>(st->text(col)));
    }
    if (values[0].size() == kBatchRows) {
      if (Status s = insert_batch(pg, table, *columns, types, values, copied); !s) return s;
      for (auto& v : values) v.clear();
    }
  }
  if (Status s = insert_batch(pg, table, *columns, types, values, copied); !s) return s;
  if (copied != read)
    return Status::internal("table " + table + ": read " + std::to_string(read) +
                            " rows but wrote " + std::to_string(copied));
  return copied;
}

// meta holds the server sequence ('seq'); PostgreSQL keeps it in server_seq.
Result<std::int64_t> source_sequence(common::Db& db) {
  auto st = db.prepare("SELECT key, value FROM meta ORDER BY key");
  if (!st) return st.status();
  std::optional<std::int64_t> seq;
  while (true) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    if (st->text(0) != "seq")
      return Status::invalid("the SQLite database's meta key " + st->text(0) +
                             " has no place in PostgreSQL: is this kopilka-office older than "
                             "the database?");
    seq = std::stoll(st->text(1));
  }
  if (!seq) return Status::corrupt("the SQLite database has no server sequence");
  return *seq;
}

// The tables in an order where each comes after those its foreign keys name (registers
// after stores), else by name: PostgreSQL checks each key as the row goes in.
Result<std::vector<std::string>> in_dependency_order(common::Db& db,
                                                     const std::vector<std::string>& names) {
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& name : names) {
    auto st = db.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)");
    if (!st) return st.status();
    st->bind(1, name);
    while (true) {
      auto row = st->step();
      if (!row) return row.status();
      if (!*row) break;
      if (st->text(0) != name) needs[name].insert(st->text(0));
    }
  }
  std::vector<std::string> ordered;
  std::set<std::string> placed;
  while (ordered.size() < names.size()) {
    bool progress = false;
    for (const auto& name : names) {
      if (placed.count(name)) continue;
      bool ready = true;
      for (const auto& dep : needs[name])
        if (!placed.count(dep) && std::find(names.begin(), names.end(), dep) != names.end())
          ready = false;
      if (!ready) continue;
      ordered.push_back(name);
      placed.insert(name);
      progress = true;
    }
    if (!progress) return Status::invalid("the tables' foreign keys form a cycle");
  }
  return ordered;
}

// A serial column (the audit log's id) was copied with its values: its sequence goes on
// after the largest, or the next row written on PostgreSQL would take a copied id.
Status advance_serials(PgConn& pg) {
  auto serials = pg.exec(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
      "current_schema() AND column_default LIKE 'nextval(%'");
  if (!serials) return serials.status();
  for (int i = 0; i < serials->rows(); ++i) {
    const std::string table = quoted(serials->text(i, 0)), column = quoted(serials->text(i, 1));
    auto r = pg.exec("SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(" + column +
                         "), 0) + 1, false) FROM " + table,
                     {table, serials->text(i, 1)});
    if (!r) return r.status();
  }
  return Status::ok();
}

Result<MigrationReport> copy_all(common::Db& db, PgConn& pg) {
  auto tables = target_tables(pg);
  if (!tables) return tables.status();
  if (Status s = require_empty(pg, *tables); !s) return s;
  for (const auto& [name, columns] : *tables)
    if (written_at_start(name))
      if (Status s = pg.run("DELETE FROM " + quoted(name)); !s) return s;
  MigrationReport report;
  auto seq = source_sequence(db);
  if (!seq) return seq.status();
  report.sequence = *seq;
  auto list = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' AND name <> 'meta' ORDER BY name");
  if (!list) return list.status();
  std::vector<std::string> names;
  while (true) {
    auto row = list->step();
    if (!row) return row.status();
    if (!*row) break;
    names.push_back(list->text(0));
  }
  auto ordered = in_dependency_order(db, names);
  if (!ordered) return ordered.status();
  for (const auto& name : *ordered) {
    auto types = tables->find(name);
    if (types == tables->end() || name == "server_seq" || name == "kopilka_schema")
      return Status::invalid("the target database has no table " + name +
                             ": is this kopilka-office older than the SQLite database?");
    auto copied = copy_table(db, pg, name, types->second);
    if (!copied) return copied.status();
    report.rows.emplace_back(name, *copied);
  }
  if (Status s = pg.run("UPDATE server_seq SET seq = $1::bigint", {std::to_string(*seq)}); !s)
    return s;
  if (Status s = advance_serials(pg); !s) return s;
  return report;
}

}  // namespace

Result<MigrationReport> migrate_sqlite_to_postgres(const std::string& data_dir,
                                                   const std::string& sqlite_path,
                                                   const std::string& postgres_uri,
                                                   const core::Settings& settings) {
  const std::string path = sqlite_path.empty() ? data_dir + "/office.db" : sqlite_path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Status::not_found("no database at " + path + ": nothing to migrate");
  // Both ends checked and migrated to this version's schema by their own engines first.
  if (auto source = SqliteStore::open(data_dir, settings, sqlite_path); !source)
    return source.status();
  if (auto target = PgStore::open(postgres_uri, settings); !target) return target.status();
  auto db = common::Db::open(path);
  if (!db) return db.status();
  auto pg = PgConn::connect(postgres_uri);
  if (!pg) return pg.status();
  // One read transaction: the copy is one moment of the file even if a push lands meanwhile.
  if (Status s = (*db)->exec("BEGIN"); !s) return s;
  Result<MigrationReport> report = Status::internal("not run");
  Status s = pg_transaction(**pg, [&]() -> Status {
    // Every writer takes numbers from server_seq: a kopilka-office started on the target
    // too early waits here until the copy has committed, instead of writing into it.
    if (Status l = (*pg)->run("LOCK TABLE server_seq IN EXCLUSIVE MODE"); !l) return l;
    report = copy_all(**db, **pg);
    return report ? Status::ok() : report.status();
  });
  (*db)->rollback();
  if (!s) return s;
  return report;
}

}  // namespace kopilka::office
