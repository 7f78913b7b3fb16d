// See store_reader.h. Plain sqlite3 calls: the store's writer (common::Db) would create and
// migrate the file, which a read-only tool must never do.
#include "register/store_reader.h"

#include "common/db_busy.h"
#include "register/chain_settings.h"

#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>

namespace kopilka::daemon {
namespace {

struct StmtGuard {
  sqlite3_stmt* s = nullptr;
  ~StmtGuard() { sqlite3_finalize(s); }
};

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
}

}  // namespace

namespace {

// The name to open `path` by. On a read-only file system (a disk the kernel remounted after
// errors) SQLite cannot make the log's index beside a WAL database, and nothing can be read;
// when no log is left (kopilkad stopped cleanly, or never wrote one), the file alone is the
// whole database and is opened as immutable. Otherwise the path as it is.
std::string read_name(const std::string& path) {
  const std::string dir = path.substr(0, path.find_last_of('/') + 1);
  struct statvfs fs {};
  if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs) != 0 || (fs.f_flag & ST_RDONLY) == 0 ||
      ::access((path + "-wal").c_str(), F_OK) == 0)
    return path;
  std::string uri = "file:";
  for (char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      static const char* hex = "0123456789ABCDEF";
      uri += '%';
      uri += hex[static_cast<unsigned char>(c) >> 4];
      uri += hex[static_cast<unsigned char>(c) & 15];
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

core::Result<std::unique_ptr<StoreReader>> StoreReader::open(const std::string& data_dir) {
  return open_file(data_dir + "/kopilka.db");
}

core::Result<std::unique_ptr<StoreReader>> StoreReader::open_file(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0 && errno == ENOENT)
    return core::Status::not_found("no database at " + path + " (kopilkad has not run yet)");
  if (::access(path.c_str(), R_OK) != 0)
    return core::Status::unavailable(path +
                                     ": permission denied; run as root or as the "
                                     "kopilka user");
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(read_name(path).c_str(), &db,
                           SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return core::Status::unavailable("cannot open " + path + ": " + message);
  }
  common::wait_briefly_when_busy(db);
  return std::unique_ptr<StoreReader>(new StoreReader(db));
}

StoreReader::~StoreReader() {
  sqlite3_close(db_);
}

core::Status StoreReader::error(const std::string& what) const {
  int code = sqlite3_errcode(db_);
  std::string message = what + ": " + sqlite3_errmsg(db_);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return core::Status::corrupt(message);
  return core::Status::unavailable(message);
}

core::Result<std::optional<core::Json>> StoreReader::one_state(const char* sql,
                                                               const std::string& key) {
  StmtGuard st;
  if (sqlite3_prepare_v2(db_, sql, -1, &st.s, nullptr) != SQLITE_OK) return error("reading cards");
  sqlite3_bind_text(st.s, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(st.s);
  if (rc == SQLITE_DONE) return std::optional<core::Json>();
  if (rc != SQLITE_ROW) return error("reading cards");
  auto parsed = core::parse_json_exact(column_text(st.s, 0));
  if (!parsed) return core::Status::corrupt("a stored card is not valid JSON");
  return std::optional<core::Json>(std::move(*parsed));
}

core::Result<std::optional<core::Json>> StoreReader::card_state(const std::string& number) {
  return one_state("SELECT state FROM cards WHERE number = ?1", number);
}

core::Result<std::optional<core::Json>> StoreReader::card_state_by_phone(const std::string& phone) {
  return one_state(
      "SELECT state FROM cards WHERE phone = ?1 "
      "ORDER BY state NOT LIKE '%\"status\":\"active\"%', number LIMIT 1",
      phone);
}

core::Result<std::vector<core::Json>> StoreReader::program_documents() {
  StmtGuard st;
  if (sqlite3_prepare_v2(db_, "SELECT document FROM programs ORDER BY id", -1, &st.s, nullptr) !=
      SQLITE_OK)
    return error("reading programs");
  std::vector<core::Json> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    auto parsed = core::parse_json_exact(column_text(st.s, 0));
    if (!parsed) return core::Status::corrupt("a stored program is not valid JSON");
    out.push_back(std::move(*parsed));
  }
  if (rc != SQLITE_DONE) return error("reading programs");
  return out;
}

core::Result<std::vector<JournalRow>> StoreReader::journal(std::int64_t since,
                                                           const std::vector<std::string>& kinds,
                                                           std::int64_t limit) {
  std::string sql =
      "SELECT seq, entry_id, kind, card, at, detail, acked, effects FROM journal WHERE at >= ?1";
  if (!kinds.empty()) {
    sql += " AND kind IN (";
    for (std::size_t i = 0; i < kinds.size(); ++i) sql += (i ? ",?" : "?") + std::to_string(i + 3);
    sql += ")";
  }
  sql += " ORDER BY seq LIMIT ?2";
  StmtGuard st;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st.s, nullptr) != SQLITE_OK)
    return error("reading the journal");
  sqlite3_bind_int64(st.s, 1, since);
  sqlite3_bind_int64(st.s, 2, limit);
  for (std::size_t i = 0; i < kinds.size(); ++i)
    sqlite3_bind_text(st.s, static_cast<int>(i + 3), kinds[i].c_str(), -1, SQLITE_TRANSIENT);
  std::vector<JournalRow> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    JournalRow row;
    row.seq = sqlite3_column_int64(st.s, 0);
    row.entry_id = column_text(st.s, 1);
    row.kind = column_text(st.s, 2);
    row.card = column_text(st.s, 3);
    row.at = sqlite3_column_int64(st.s, 4);
    auto detail = core::parse_json_exact(column_text(st.s, 5));
    row.detail = detail ? std::move(*detail) : core::Json();
    row.acked = sqlite3_column_int64(st.s, 6) != 0;
    auto effects = core::parse_json_exact(column_text(st.s, 7));
    row.effects = effects ? std::move(*effects) : core::Json();
    out.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return error("reading the journal");
  return out;
}

core::Result<std::string> StoreReader::quick_check() {
  StmtGuard st;
  if (sqlite3_prepare_v2(db_, "PRAGMA quick_check(5)", -1, &st.s, nullptr) != SQLITE_OK)
    return error("checking the database");
  std::string out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    if (!out.empty()) out += "; ";
    out += column_text(st.s, 0);
  }
  if (rc != SQLITE_DONE) return error("checking the database");
  return out;
}

core::Result<std::int64_t> StoreReader::last_journal_seq() {
  StmtGuard st;
  if (sqlite3_prepare_v2(
          db_,
          "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), "
          "0)",
          -1, &st.s, nullptr) != SQLITE_OK ||
      sqlite3_step(st.s) != SQLITE_ROW)
    return error("reading the journal's numbering");
  return sqlite3_column_int64(st.s, 0);
}

core::Result<std::int64_t> StoreReader::refused_entries() {
  StmtGuard st;
  // A database from before refusals were recorded has no table, and no refusals.
  if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM sync_refused WHERE set_aside_at IS NULL", -1,
                         &st.s, nullptr) != SQLITE_OK) {
    if (std::string(sqlite3_errmsg(db_)).find("no such table") != std::string::npos)
      return std::int64_t{0};
    return error("counting refused entries");  // busy or locked: not "no refusals"
  }
  if (sqlite3_step(st.s) != SQLITE_ROW) return error("counting refused entries");
  return static_cast<std::int64_t>(sqlite3_column_int64(st.s, 0));
}

core::Result<std::int64_t> StoreReader::unacked_entries() {
  StmtGuard st;
  if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM journal WHERE acked = 0", -1, &st.s, nullptr) !=
          SQLITE_OK ||
      sqlite3_step(st.s) != SQLITE_ROW)
    return error("counting entries not yet at head office");
  return static_cast<std::int64_t>(sqlite3_column_int64(st.s, 0));
}

core::Result<std::int64_t> StoreReader::acked_entries() {
  StmtGuard st;
  if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM journal WHERE acked <> 0", -1, &st.s,
                         nullptr) != SQLITE_OK ||
      sqlite3_step(st.s) != SQLITE_ROW)
    return error("counting entries at head office");
  return static_cast<std::int64_t>(sqlite3_column_int64(st.s, 0));
}

core::Result<std::string> StoreReader::meta(const std::string& key) {
  StmtGuard st;
  if (sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = ?1", -1, &st.s, nullptr) !=
      SQLITE_OK)
    return error("reading " + key);
  sqlite3_bind_text(st.s, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return error("reading " + key);
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
  return std::string(text ? text : "");
}

core::Result<core::Json> StoreReader::chain_settings() {
  StmtGuard st;
  // A database from before chain settings were pulled has no table, and none.
  if (sqlite3_prepare_v2(db_, "SELECT document FROM chain_settings WHERE id = 1", -1, &st.s,
                         nullptr) != SQLITE_OK) {
    if (std::string(sqlite3_errmsg(db_)).find("no such table") != std::string::npos)
      return core::Json();
    return error("reading the chain settings");
  }
  int rc = sqlite3_step(st.s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return error("reading the chain settings");
  core::Json settings;
  if (rc == SQLITE_ROW) {
    auto parsed = core::parse_json_exact(column_text(st.s, 0));
    if (!parsed) return core::Status::corrupt("the stored chain settings are not valid JSON");
    settings = std::move(*parsed);
  }
  StmtGuard zone;
  if (sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = ?1", -1, &zone.s, nullptr) !=
      SQLITE_OK)
    return error("reading the store's time zone");
  sqlite3_bind_text(zone.s, 1, kStoreTimezoneKey.data(), static_cast<int>(kStoreTimezoneKey.size()),
                    SQLITE_STATIC);
  rc = sqlite3_step(zone.s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return error("reading the store's time zone");
  return with_store_timezone(std::move(settings), rc == SQLITE_ROW ? column_text(zone.s, 0) : "");
}

}  // namespace kopilka::daemon
