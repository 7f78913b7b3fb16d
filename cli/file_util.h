// Files the CLI writes: whole or not at all (temp file, fsync, rename), with the mode asked
// for, so a config holding tokens is never briefly readable by others.
#pragma once

#include <sys/types.h>
#include <string>

#include "core/status.h"

namespace kopilka::cli {

core::Status write_file_atomically(const std::string& path, const std::string& text, mode_t mode);

}  // namespace kopilka::cli
