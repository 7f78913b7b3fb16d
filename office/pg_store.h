// Head office's PostgreSQL engine (storage.h), for chains: several kopilka-office
// processes may serve one database at once, and none keeps state the others need.
// - Exactly once: an entry id is the entries table's primary key; a card's entries are
//   checked under that card's lock, so a batch arriving at two processes applies once.
// - Per card: a transaction takes a transaction-level advisory lock per card it touches,
//   in one global order (no deadlock between two groups), before reading the card.
// - The change feed: numbers are taken last, by updating server_seq's one row, whose lock
//   is held until commit; so numbers commit in order, and a pull that returns N has seen
//   every number below N (docs/office.md "PostgreSQL").
// Single-threaded per process, like the SQLite engine: one connection.
#pragma once

#include <memory>

#include "office/pg_conn.h"
#include "office/pg_sql.h"
#include "office/storage.h"

namespace kopilka::office {

class PgStore final : public Storage {
 public:
  // Connects and migrates (one process at a time; others wait); settings are the engine's.
  static Result<std::unique_ptr<PgStore>> open(const std::string& uri,
                                               const core::Settings& settings);

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
  // Reloaded whenever another process (or this one) has changed a program since.
  const core::ProgramSet& programs() override;

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

  // The SQL that takes `n` numbers; the last one it returns is the highest. Public for the
  // test that holds a transaction open after it (tests/unit/office/pg_feed_test.cc).
  static const char* const kTakeNumbers;

 private:
  PgStore(std::unique_ptr<PgConn> db, const core::Settings& settings)
      : db_(std::move(db)), settings_(settings) {}
  // Inside a transaction: the first of `n` new numbers.
  Result<std::int64_t> take_numbers(std::int64_t n);
  // Inside a transaction: serialises this transaction with others touching these cards.
  Status lock_cards(const std::vector<std::string>& numbers);
  Status save_card(const core::CardState& card, std::int64_t seq);
  Status reload_programs();

  std::unique_ptr<PgConn> db_;
  core::Settings settings_;
  core::ProgramSet programs_;
  PgSql sql_{*db_};
  std::int64_t programs_seq_ = -1;  // the highest program seq programs_ reflects
};

}  // namespace kopilka::office
