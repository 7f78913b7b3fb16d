// What `kopilka enroll` says about the data the register held before it joined head
// office (docs/sync.md, "Enrolling a register that already holds data").
#pragma once

#include <string>
#include <vector>

#include "cli/cli_context.h"
#include "core/json_exact.h"
#include "register/config.h"

namespace kopilka::cli {

// The ids of the register's own programs, read-only; empty when there is no database yet.
std::vector<std::string> local_program_ids(const std::string& data_dir);

// Cards uploaded, conflicts head office won, and the fate of the local programs, from the
// sync summary's `enrolment`; without one (the sync did not get that far), what will
// happen to `local_programs` at the next sync.
// `programs_now`: the register's programs after the enrolment's sync (head office's).
void print_enrolment(const CliContext& ctx, const core::Json& enrolment,
                     const std::vector<std::string>& local_programs, bool upload_programs,
                     const std::vector<std::string>& programs_now);

// The settings of the register's own config that head office's chain settings now replace
// (pulled by the enrolment's sync): [{"key", "register", "office"}], empty when none differ
// or nothing was pulled. A shop's `no_loyalty_categories` (tobacco) went without a word.
core::Json settings_replaced(const daemon::DaemonConfig& file_config);

// The head office a register synced with before an enrolment: its epoch and how many of
// the register's entries it acknowledged (nothing read: empty and 0).
struct PastOffice {
  std::string epoch;
  std::int64_t acked = 0;
};
PastOffice past_office(const std::string& data_dir);
// How many acknowledged entries the head office just enrolled with does not have: those of
// `before` when the register now keeps another head office's epoch (a different one, or
// one rebuilt without a backup), else 0. Enrolment does not send them by itself: a store
// moving between chains must not carry its old receipts into the new chain's cards.
std::int64_t entries_left_behind(const PastOffice& before, const std::string& data_dir);
void print_entries_left_behind(const CliContext& ctx, std::int64_t n);
void print_settings_replaced(const CliContext& ctx, const core::Json& replaced);

}  // namespace kopilka::cli
