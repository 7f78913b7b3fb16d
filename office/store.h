// Head office's store: registers and their credentials, programs, cards (each card's
// authoritative state as one document), the set of applied journal entries, coupon
// totals, and the server sequence that numbers every change for the registers' pulls.
// Single-threaded: the server calls it from its one event-loop thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/db.h"
#include "core/card_state.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"
#include "office/changes.h"
#include "office/push_batch.h"

namespace kopilka::office {

using common::Db;
using core::Result;
using core::Status;

struct Enrolment {
  std::string register_id;
  std::string credential;  // "<register_id>.<secret>", shown once
};

class Store {
 public:
  // Opens data_dir/office.db, migrating it; the settings are the rules engine's.
  static Result<std::unique_ptr<Store>> open(const std::string& data_dir,
                                             const core::Settings& settings);

  // Registers.
  Result<std::string> add_register(const std::string& name, core::Instant now);
  // Binds a one-time code to a register. A register that already journals under an id of
  // its own ("r-1a2b3c4d") keeps it, so entries written before enrolment sync too; the id
  // must not belong to another register.
  Result<Enrolment> enroll(const std::string& code, const std::string& proposed_id,
                           core::Instant now);
  // The register id a bearer credential belongs to; kNotFound when it is not valid.
  Result<std::string> authenticate(const std::string& credential);

  // Sync.
  // parse_push and apply_pushes for one batch alone.
  Result<PushResult> push(const std::string& register_id, const core::Json& entries,
                          core::Instant now);
  // Applies validated batches of any registers in one transaction (group commit); each
  // entry id is applied once, whatever batch or group it comes in again. An entry with a
  // problem, or one that would overflow its card, is refused: not applied, not recorded,
  // named in its push's `refused`; the others apply.
  Status apply_pushes(std::vector<PendingPush>& pushes, core::Instant now);
  // Changes after `after`, at most `limit`, in sequence order (office/pull_page.h writes
  // them for the register).
  Result<ChangePage> changes_after(std::int64_t after, std::int64_t limit);

  // Programs (admin).
  Result<bool> put_program(const std::string& id, const std::string& document);
  Result<std::optional<std::string>> get_program(const std::string& id);
  Result<std::vector<std::string>> list_programs();
  Result<bool> delete_program(const std::string& id);
  const core::ProgramSet& programs() const { return programs_; }

  // Cards (admin and lookups).
  Result<std::optional<core::CardState>> load_card(const std::string& number);
  Result<std::optional<core::CardState>> find_card_by_phone(const std::string& phone);
  // Creates or updates status, groups and customer; true when created.
  Result<bool> put_card(const core::CardState& edited);
  Result<core::Json> adjust_points(const std::string& number, const std::string& adjust_id,
                                   std::int64_t points, std::optional<int> lifetime_days,
                                   const std::string& reason, core::Instant at);

  const core::Settings& settings() const { return settings_; }

 private:
  Store(std::unique_ptr<Db> db, const core::Settings& settings)
      : db_(std::move(db)), settings_(settings) {}
  Status reload_programs();
  Result<std::int64_t> read_seq();
  Status write_seq(std::int64_t seq);
  Status save_card(const core::CardState& card, std::int64_t seq);

  std::unique_ptr<Db> db_;
  core::Settings settings_;
  core::ProgramSet programs_;
};

}  // namespace kopilka::office
