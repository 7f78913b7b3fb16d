// Config file edits; see config_edit.h.
#include "register/config_edit.h"

#include <sys/stat.h>

#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "common/config_util.h"
#include "common/file_sync.h"
#include "common/suggest.h"

namespace kopilka::daemon {

namespace {

using core::Status;

// The file is replaced, not rewritten, so the new one gets the old one's mode and owner:
// a config holding tokens stays 0600 whatever the umask, and a file a technician gave to
// the kopilka group stays the group's.
Status write_atomically(const std::string& path, const std::string& text) {
  struct stat old {};
  if (::stat(path.c_str(), &old) != 0) return common::write_file_atomically(path, text, 0600);
  return common::write_file_atomically(path, text, old.st_mode & 07777,
                                       common::FileOwner{old.st_uid, old.st_gid});
}

// Validates the whole new config before anything is written, then replaces the file.
core::Result<DaemonConfig> write_config(const DaemonConfig& config, const toml::table& root) {
  std::ostringstream out;
  out << root << "\n";
  auto slash = config.path.rfind('/');
  auto updated = parse_daemon_config(
      out.str(), slash == std::string::npos ? "." : config.path.substr(0, slash));
  if (!updated) return updated.status();
  if (Status s = write_atomically(config.path, out.str()); !s) return s;
  updated->path = config.path;
  return updated;
}

}  // namespace

core::Result<DaemonConfig> edit_config_file(const DaemonConfig& config, const core::Json& changes) {
  if (!changes.is_object()) return Status::invalid("the body must be a JSON object");
  if (config.path.empty()) return Status::conflict("this daemon runs without a config file");
  static const std::set<std::string> live = {
      "point_value", "expiry_warning_days", "no_loyalty_categories",
      "locale",      "log_level",           "timezone"};
  auto text = common::read_text_file(config.path);
  if (!text) return text.status();
  auto parsed = common::parse_toml(*text);
  if (!parsed) return parsed.status();
  toml::table root = std::move(*parsed);
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    const std::string& key = it.key();
    if (!daemon_config_keys().count(key)) {
      const auto& keys = daemon_config_keys();
      std::string near =
          common::nearest_word(key, std::vector<std::string>(keys.begin(), keys.end()));
      return Status::invalid(
          near.empty() ? "unknown key" : "unknown key; did you mean " + near + "?", key);
    }
    if (!live.count(key)) {
      return Status::invalid(
          "cannot be changed while running: edit " + config.path + " and restart kopilkad", key);
    }
    const core::Json& v = it.value();
    if (key == "no_loyalty_categories") {
      if (!v.is_array()) return Status::invalid("must be an array of strings", key);
      toml::array arr;
      for (const auto& c : v) {
        if (!c.is_string()) return Status::invalid("must be an array of strings", key);
        arr.push_back(c.get<std::string>());
      }
      root.insert_or_assign(key, std::move(arr));
    } else if (v.is_string()) {
      root.insert_or_assign(key, v.get<std::string>());
    } else if (v.is_number_integer()) {
      root.insert_or_assign(key, v.get<std::int64_t>());
    } else {
      return Status::invalid("has the wrong type", key);
    }
  }
  return write_config(config, root);
}

core::Result<DaemonConfig> set_office_url_in_file(const DaemonConfig& config,
                                                  const std::string& url,
                                                  const std::string& ca_file) {
  if (config.path.empty()) return Status::conflict("this daemon runs without a config file");
  auto text = common::read_text_file(config.path);
  if (!text) return text.status();
  auto parsed = common::parse_toml(*text);
  if (!parsed) return parsed.status();
  toml::table root = std::move(*parsed);
  if (!root.contains("office")) root.insert("office", toml::table{});
  toml::table* office = root["office"].as_table();
  if (!office) return Status::invalid("must be a table", "office");
  office->insert_or_assign("url", url);
  if (!ca_file.empty()) office->insert_or_assign("ca_file", ca_file);
  return write_config(config, root);
}

}  // namespace kopilka::daemon
