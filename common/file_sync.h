// Durability of files Kopilka writes whole (configs, the register's credential, backups,
// generated scripts): a file is replaced by a complete new one or not at all, and both the
// file and the directory entry naming it are on disk before the caller goes on, so a power
// cut leaves the old file or the new one, never a torn or vanished one.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kopilka::common {

// fsync of a file or directory by path; false when it cannot be opened or synced.
bool sync_path(const std::string& path);

struct FileOwner {
  uid_t uid = 0;
  gid_t gid = 0;
};

// Replaces `path` with `text`: written to a temp file of its own beside it (mkstemp,
// `path`.XXXXXX), given `owner` when one is asked for and then exactly `mode` (whatever the
// umask), fsynced, renamed over `path`, then the directory fsynced; so the file appears
// with its owner and mode already set, and concurrent writers of one path each put a whole
// file in place (the last rename wins) and never touch another's temp file. A `path` that
// is a symlink stays one: the file it points to is the one replaced. kUnavailable "cannot
// write PATH: reason" on failure ("cannot write PATH.tmp: reason" when no temp file can be
// created there), and `path` is untouched.
core::Status write_file_atomically(const std::string& path, const std::string& text, mode_t mode,
                                   const std::optional<FileOwner>& owner = std::nullopt);

// Puts a finished file (a backup written under a temporary name) in place the same way:
// fsync it, rename it to `to`, fsync the directory. kUnavailable "cannot sync FROM" or
// "cannot rename FROM: reason"; `from` is left for the caller to remove.
core::Status publish_file(const std::string& from, const std::string& to);

// Writes all of `text` to `fd`, going on after short writes and EINTR: 0, or the errno of
// the failure (EIO for a write that makes no progress without saying why).
int write_all(int fd, std::string_view text);

}  // namespace kopilka::common
