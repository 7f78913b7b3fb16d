// Head office's SQLite engine (storage.h): registers and their credentials, programs, cards
// (each card's authoritative state as one document), the set of applied journal entries,
// coupon totals, and the server sequence that numbers every change for the registers'
// pulls, in one file. Single-threaded: the server calls it from its one event-loop thread;
// every write is one BEGIN IMMEDIATE transaction, so numbers commit in order.
#pragma once

#include <memory>

#include "common/db.h"
#include "office/sqlite_sql.h"
#include "office/storage.h"

namespace kopilka::office {

using common::Db;

class SqliteStore final : public Storage {
 public:
  // Opens (creating, checking and migrating) the database at db_path, data_dir/office.db
  // when empty; the settings are the rules engine's. Opening::kAnother skips the check and
  // the migrations, done by the process's first opening.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& data_dir,
                                                   const core::Settings& settings,
                                                   const std::string& db_path = "",
                                                   Opening opening = Opening::kFirst);

  Result<std::string> add_register(const std::string& name, core::Instant now) override;
  Result<Enrolment> enroll(const std::string& code, const std::string& proposed_id,
                           core::Instant now) override;
  Result<std::string> authenticate(const std::string& credential) override;

  Status apply_pushes(std::vector<PendingPush>& pushes, core::Instant now) override;
  Result<ChangePage> changes_after(std::int64_t after, std::int64_t limit,
                                   Remaining remaining) override;
  Status put_chain_settings(const std::string& document) override;

  Result<bool> put_program(const std::string& id, const std::string& document) override;
  Result<std::optional<std::string>> get_program(const std::string& id) override;
  Result<std::vector<std::string>> list_programs() override;
  Result<bool> delete_program(const std::string& id) override;
  // One process writes the file's programs: the cache is reloaded on each change.
  const core::ProgramSet& programs() override { return programs_; }

  Result<std::optional<core::CardState>> load_card(const std::string& number) override;
  Result<std::optional<core::CardState>> find_card_by_phone(const std::string& phone) override;
  Result<bool> put_card(const core::CardState& edited) override;
  Result<core::Json> adjust_points(const std::string& number, const std::string& adjust_id,
                                   std::int64_t points, std::optional<int> lifetime_days,
                                   const std::string& reason, core::Instant at,
                                   core::Instant received) override;
  Status rewrite_cards(const std::vector<std::string>& numbers, const CardRewrite& change) override;

  const core::Settings& settings() const override { return settings_; }
  Sql& sql() override { return sql_; }

  // For benchmarks alone (kopilka-bench-report --baseline, and kopilka-office
  // --benchmark-without-report-sums under bench/report_storm.py): pushes applied without the
  // report sums, so that what the sums cost the shift-close ingest is the difference of two
  // ingests. An office in use never does this: its reports would be wrong.
  void skip_report_sums_for_benchmark() { report_sums_ = false; }

 private:
  SqliteStore(std::unique_ptr<Db> db, const core::Settings& settings)
      : db_(std::move(db)), settings_(settings) {}
  Status reload_programs();
  Result<std::int64_t> read_seq();
  Status write_seq(std::int64_t seq);
  Status save_card(const core::CardState& card, std::int64_t seq);

  std::unique_ptr<Db> db_;
  core::Settings settings_;
  core::ProgramSet programs_;
  SqliteSql sql_{*db_};
  bool report_sums_ = true;
};

}  // namespace kopilka::office
