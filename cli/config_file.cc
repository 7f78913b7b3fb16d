// See config_file.h.
#include "cli/config_file.h"

#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <sstream>

#include "cli/messages.h"
#include "common/config_util.h"
#include "common/file_sync.h"

namespace kopilka::cli {
namespace {

std::string base_dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

core::Result<toml::table> read_config_toml(const CliContext& ctx) {
  auto config = load_config(ctx);  // the same missing/permission messages as every command
  if (!config && config.status().code() != core::Code::kInvalid) return config.status();
  auto text = common::read_text_file(ctx.config_path);
  if (!text) return text.status();
  auto root = common::parse_toml(*text);
  // Named as every other command names it: the technician may have several configs.
  if (!root) return common::with_location(root.status(), ctx.config_path, *text);
  return root;
}

bool is_unknown_key(const core::Status& s) {
  return !s && s.message().rfind("unknown key", 0) == 0 && !s.field().empty();
}

namespace {

std::string config_text(const toml::table& root, const std::string& written_by) {
  std::ostringstream out;
  out << "# Kopilka register configuration (rewritten by `" << written_by << "`).\n"
      << "# Every key: docs/configuration.md.\n"
      << root << "\n";
  return out.str();
}

// Takes `key` ("point_valeu", "scanner[0].buad") out of `root`; false when it is not there.
bool erase_key(toml::table& root, const std::string& key) {
  const auto dot = key.rfind('.');
  toml::table* parent =
      dot == std::string::npos ? &root : root.at_path(key.substr(0, dot)).as_table();
  return parent != nullptr && parent->erase(key.substr(dot == std::string::npos ? 0 : dot + 1));
}

// What refuses `root` once every unknown key is left aside: ok when only unknown keys do.
core::Status refused_but_for_unknown_keys(toml::table root, const std::string& base_dir) {
  for (int left = 64; left > 0; --left) {
    auto checked = daemon::parse_daemon_config(config_text(root, ""), base_dir);
    if (checked) return core::Status::ok();
    if (!is_unknown_key(checked.status()) || !erase_key(root, checked.status().field()))
      return checked.status();
  }
  return core::Status::invalid("too many unknown keys");
}

}  // namespace

core::Result<daemon::DaemonConfig> write_config_toml(const CliContext& ctx, const toml::table& root,
                                                     const std::string& written_by,
                                                     bool despite_unknown_keys) {
  const std::string text = config_text(root, written_by);
  auto checked = daemon::parse_daemon_config(text, base_dir_of(ctx.config_path));
  if (!checked) {
    if (!despite_unknown_keys || !is_unknown_key(checked.status())) return checked.status();
    // Written with its unknown keys only when nothing else is wrong (a required key stays).
    if (core::Status other = refused_but_for_unknown_keys(root, base_dir_of(ctx.config_path));
        !other)
      return other;
  }
  // The file is replaced, not rewritten: the new one gets the old one's mode and owner
  // before it takes the name, or a 0600 config owned by the service user would become
  // root's and unreadable to kopilkad.
  struct stat st {};
  mode_t mode = 0600;
  std::optional<common::FileOwner> owner;
  if (::stat(ctx.config_path.c_str(), &st) == 0) {
    // Never open to other users: a config anyone can change (kopilkad refuses to start on
    // it) or read (it holds the tokens) was written back as it was.
    mode = st.st_mode & 07777 & ~static_cast<mode_t>(S_IRWXO);
    owner = common::FileOwner{st.st_uid, st.st_gid};
    // Only root can give a file to another user: say how to run rather than fail on chown.
    if (::geteuid() != 0 && st.st_uid != ::geteuid())
      return core::Status::unavailable(tr(ctx, Msg::kNoPermissionRoot, ctx.config_path));
  }
  if (core::Status s = common::write_file_atomically(ctx.config_path, text, mode, owner); !s)
    return s;
  return checked;
}

std::string path_as_kept(const std::string& typed) {
  if (typed.empty()) return typed;
  std::error_code ec;
  auto absolute = std::filesystem::absolute(typed, ec);
  return ec ? typed : absolute.lexically_normal().string();
}

}  // namespace kopilka::cli
