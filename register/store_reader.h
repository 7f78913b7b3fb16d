// The register's store opened read-only (data_dir/kopilka.db, or a backup of it), for the
// commands that must work while kopilkad is stopped: `card show` as a fallback, `journal`,
// `doctor`. Unlike Store::open it never creates, migrates or writes the file.
// Opened with SQLITE_OPEN_READONLY and a busy timeout, so it never blocks or changes what
// the daemon writes; SQLite's own locking keeps the reads consistent.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json_exact.h"
#include "core/status.h"

struct sqlite3;

namespace kopilka::daemon {

struct JournalRow {
  std::int64_t seq = 0;
  std::string entry_id;
  std::string kind;  // receipt | refund | cancel | adjust | birthday | topup
  std::string card;
  std::int64_t at = 0;  // unix seconds
  core::Json detail;    // request and answer
  core::Json effects;   // what it did to the card (core::effects_to_json)
  bool acked = false;   // head office has it
};

class StoreReader {
 public:
  // kNotFound when there is no database yet (kopilkad never started).
  static core::Result<std::unique_ptr<StoreReader>> open(const std::string& data_dir);
  // Any database file (a backup), read-only.
  static core::Result<std::unique_ptr<StoreReader>> open_file(const std::string& path);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  // The card's stored state (core::card_state_to_json), by number or by phone.
  core::Result<std::optional<core::Json>> card_state(const std::string& number);
  core::Result<std::optional<core::Json>> card_state_by_phone(const std::string& phone);
  core::Result<std::vector<core::Json>> program_documents();
  // Journal entries of the given kinds at or after `since`, oldest first, at most `limit`.
  core::Result<std::vector<JournalRow>> journal(std::int64_t since,
                                                const std::vector<std::string>& kinds,
                                                std::int64_t limit);
  // Journal entries head office refused and nobody set aside (docs/sync.md).
  core::Result<std::int64_t> refused_entries();
  // Journal entries head office has not acknowledged yet, and those it has.
  core::Result<std::int64_t> unacked_entries();
  core::Result<std::int64_t> acked_entries();
  // A value of the meta table ("office_epoch" …); empty when unset.
  core::Result<std::string> meta(const std::string& key);
  // Head office's chain settings as pulled (register/chain_settings.h); null when none.
  core::Result<core::Json> chain_settings();
  // The highest journal number the file has given (0 for none).
  core::Result<std::int64_t> last_journal_seq();
  // PRAGMA quick_check: "ok" or the first problems SQLite found.
  core::Result<std::string> quick_check();

 private:
  explicit StoreReader(sqlite3* db) : db_(db) {}
  core::Result<std::optional<core::Json>> one_state(const char* sql, const std::string& key);
  core::Status error(const std::string& what) const;
  sqlite3* db_;
};

}  // namespace kopilka::daemon
