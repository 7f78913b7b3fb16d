// The enrolment a register keeps in its data dir: the credential head office issued
// (docs/sync.md). Written by `kopilka enroll`, read by the daemon's sync and by the CLI.
#pragma once

#include <string>

#include "core/status.h"

namespace kopilka::daemon {

std::string credential_path(const std::string& data_dir);
// The credential without its line end; kNotFound before enrolment, kInvalid when empty.
core::Result<std::string> read_credential(const std::string& data_dir);

}  // namespace kopilka::daemon
