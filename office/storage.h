// Head office's storage, one interface with two engines (docs/office.md "Storage"):
// SQLite (sqlite_store.h, one process, one file) and PostgreSQL (pg_store.h, several
// kopilka-office processes on one database). Routes, the push queue and main see only this.
// What every engine guarantees: each journal entry id applies once, whatever process or
// batch it comes in; concurrent changes to one card are serialised; every change takes the
// next server sequence number, and changes_after never returns a number while a lower one
// may still commit (a register's cursor never passes a change it has not seen).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "office/changes.h"
#include "office/push_batch.h"
#include "office/sql.h"
#include "office/storage_url.h"

namespace kopilka::office {

using core::Result;
using core::Status;

struct Enrolment {
  std::string register_id;
  std::string credential;  // "<register_id>.<secret>", shown once
  // For the audit: the row the code was issued as, who issued it (empty: the shell or an
  // older code), and whether a revoked register took its id back in the code's place.
  std::string code_row;
  std::string code_by;
  bool came_back = false;
};

// How a process opens its database: the first time, checked (SQLite) and migrated; then
// further connections for its threads. On SQLite a further connection skips the check and
// the migrations; on PostgreSQL it runs the migration step again under its lock, which
// finds the schema current and changes nothing (one round trip).
enum class Opening { kFirst, kAnother };

class Storage {
 public:
  virtual ~Storage() = default;

  // Registers.
  virtual Result<std::string> add_register(const std::string& name, core::Instant now) = 0;
  // Binds a one-time code to a register. A register that already journals under an id of
  // its own ("r-1a2b3c4d") keeps it, so entries written before enrolment sync too; the id
  // must not belong to another register.
  virtual Result<Enrolment> enroll(const std::string& code, const std::string& proposed_id,
                                   core::Instant now) = 0;
  // The register id a bearer credential belongs to; kNotFound when it is not valid.
  virtual Result<std::string> authenticate(const std::string& credential) = 0;

  // Sync. Applies validated batches of any registers in one transaction (group commit);
  // each entry id is applied once, whatever batch or group it comes in again. An entry
  // with a problem, or one that would overflow its card, is refused: not applied, not
  // recorded, named in its push's `refused`; the others apply.
  virtual Status apply_pushes(std::vector<PendingPush>& pushes, core::Instant now) = 0;
  // Changes after `after`, at most `limit`, in sequence order (office/pull_page.h writes
  // them for the register). `more` is exact; `remaining` counted or bounded as asked.
  virtual Result<ChangePage> changes_after(std::int64_t after, std::int64_t limit,
                                           Remaining remaining) = 0;
  // Saves the chain settings' document (office/chain_settings.h) under the next change
  // number, so registers pull it like a program; read back through sql().
  virtual Status put_chain_settings(const std::string& document) = 0;

  // Programs (admin).
  virtual Result<bool> put_program(const std::string& id, const std::string& document) = 0;
  virtual Result<std::optional<std::string>> get_program(const std::string& id) = 0;
  virtual Result<std::vector<std::string>> list_programs() = 0;
  virtual Result<bool> delete_program(const std::string& id) = 0;
  // The programs as they are now (another process may have changed them).
  virtual const core::ProgramSet& programs() = 0;

  // Cards (admin and lookups).
  virtual Result<std::optional<core::CardState>> load_card(const std::string& number) = 0;
  virtual Result<std::optional<core::CardState>> find_card_by_phone(const std::string& phone) = 0;
  // Creates or updates status, groups and customer; true when created.
  virtual Result<bool> put_card(const core::CardState& edited) = 0;
  // `at` dates the adjustment (the day its points count on); `received` is when head office
  // made it, which its journal entry keeps (an adjustment dated back was made now).
  virtual Result<core::Json> adjust_points(const std::string& number, const std::string& adjust_id,
                                           std::int64_t points, std::optional<int> lifetime_days,
                                           const std::string& reason, core::Instant at,
                                           core::Instant received) = 0;

  // Whole card states changed together (a lost card's replacement, a customer's edit or
  // merge): loads `numbers` (absent ones as nullopt) under their locks, lets `change` say
  // which states to write (only cards among `numbers`), and writes them, each with a new
  // change number, in one transaction with whatever `change` wrote over sql(). Nothing is
  // written when `change` or a write fails; `change`'s error is returned as it is.
  using CardRewrite = std::function<Result<std::vector<core::CardState>>(
      const std::vector<std::optional<core::CardState>>& loaded)>;
  virtual Status rewrite_cards(const std::vector<std::string>& numbers,
                               const CardRewrite& change) = 0;

  virtual const core::Settings& settings() const = 0;

  // The engine's connection for what is written once for both engines (office/sql.h).
  virtual Sql& sql() = 0;
};

// The card put_card stores: the stored card (or a new one) with the edit's status, groups
// and customer; balances, lots and marks stay head office's. Both engines use it.
core::CardState admin_edited(std::optional<core::CardState> stored, const core::CardState& edited);

// rewrite_cards' rule for `change`'s answer: every state is one of `numbers`, once.
Status check_rewritten(const std::vector<std::string>& numbers,
                       const std::vector<core::CardState>& states);

// parse_push and apply_pushes for one batch alone.
Result<PushResult> push(Storage& storage, const std::string& register_id, const core::Json& entries,
                        core::Instant now);

// Opens (migrating) the storage `url` names; data_dir holds SQLite's default office.db.
// kAnother: a further connection of a process that opened it already (the push thread's).
Result<std::unique_ptr<Storage>> open_storage(const StorageUrl& url, const std::string& data_dir,
                                              const core::Settings& settings,
                                              Opening opening = Opening::kFirst);

}  // namespace kopilka::office
