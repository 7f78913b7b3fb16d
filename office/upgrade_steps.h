// One-time data steps that an upgrade of head office runs at start, after the schema
// migrations: filling what a new version keeps beside data written by an older one (the
// customers index for cards stored before it existed). Each step is idempotent, runs in
// pages of its own transactions, and is marked done in `upgrade_steps` when it finishes.
#pragma once

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

// Runs every step not yet marked done; logs each one that had work to do.
core::Status run_upgrade_steps(Sql& sql, core::Instant now);

}  // namespace kopilka::office
