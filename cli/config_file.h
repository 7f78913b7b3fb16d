// Edits of the register's TOML file shared by `kopilka config set` and `kopilka scanner
// add|remove`: read it, change the table, and write it back only if the daemon's own
// parser accepts the whole result (atomically, the file's mode kept).
#pragma once

#include <string>

#include <toml++/toml.h>

#include "cli/cli_context.h"

namespace kopilka::cli {

// kNotFound (with the `kopilka init` hint) when there is no file; a syntax error names its line.
core::Result<toml::table> read_config_toml(const CliContext& ctx);

// Validates `root` as a whole config and replaces the file with it. Comments are not kept
// (the file is written from its parsed form); a refused edit leaves the file untouched.
core::Result<daemon::DaemonConfig> write_config_toml(const CliContext& ctx, const toml::table& root,
                                                     const std::string& written_by,
                                                     bool despite_unknown_keys = false);
// Whether `s` refuses a config for a key it does not know (a misspelt one): such a file is
// still written by write_config_toml(…, despite_unknown_keys = true), which returns `s`, so
// that of two misspelt keys each can be taken out in turn.
bool is_unknown_key(const core::Status& s);

// A file or directory path typed on the command line, as the config keeps it: absolute and
// normalised, since it is typed relative to where the technician stands and kopilkad starts
// elsewhere (systemd's /). Unchanged when empty, or when the working directory is gone.
std::string path_as_kept(const std::string& typed);

}  // namespace kopilka::cli
