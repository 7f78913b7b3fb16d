// Shared config helpers; see config_util.h. toml++ reports syntax errors by exception,
// caught here and turned into a Status.
#include "common/config_util.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/duration.h"
#include "common/suggest.h"

namespace kopilka::common {

using core::Status;

core::Result<std::string> read_text_file(const std::string& path) {
  // A directory opens and reads as empty: a config then lacked every key, and the error
  // named the first required one instead of the path given.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return Status::invalid(path + " is a directory, not a file");
  std::ifstream in(path);
  if (!in) {
    const int why = errno;  // a missing file says so as it is; anything else says why
    return Status::not_found(
        "cannot read " + path +
        (why != 0 && why != ENOENT ? ": " + std::string(std::strerror(why)) : ""));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::unavailable("cannot read " + path);
  return ss.str();
}

Status check_private_file(const std::string& path, const std::string& field) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::invalid("cannot read " + path, field);
  if ((st.st_mode & (S_IWGRP | S_IRWXO)) != 0) {
    return Status::invalid(path + " can be read or changed by other users; run: chmod 0600 " +
                               path + " (or 0640 to let the service's group read it)",
                           field);
  }
  return Status::ok();
}

core::Result<std::optional<std::string>> check_config_file(
    const std::string& path, const std::string& text, const std::vector<std::string>& secret_keys) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::invalid("cannot read " + path);
  if ((st.st_mode & S_IWOTH) != 0)
    return Status::invalid(path + " can be changed by any user; run: chmod 0640 " + path);
  if ((st.st_mode & S_IROTH) == 0) return std::optional<std::string>();
  auto root = parse_toml(text);
  if (!root) return std::optional<std::string>();  // the parse reports it, with its line
  for (const auto& key : secret_keys) {
    if (root->contains(key))
      return std::optional<std::string>(path + " holds " + key +
                                        " and any user can read it; run: chmod 0640 " + path +
                                        " (or keep the token in " + key + "_file)");
  }
  return std::optional<std::string>();
}

namespace {

// Whether line `n` (from 1) of `text` opens a quote it does not close: the parser's words
// for that ("control characters other than TAB … are explicitly prohibited", met at the
// line's end) send a technician looking for invisible characters.
bool quote_left_open(const std::string& text, std::size_t n) {
  std::size_t start = 0;
  for (std::size_t i = 1; i < n && start != std::string::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return false;
  const std::string line = text.substr(start, text.find('\n', start) - start);
  char open = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (open == 0 && c == '#') break;  // a comment
    if (open == '"' && c == '\\') {
      ++i;  // an escape inside a basic string
      continue;
    }
    if (c == '"' || c == '\'') {
      if (open == 0) {
        open = c;
      } else if (open == c) {
        open = 0;
      }
    }
  }
  return open != 0;
}

}  // namespace

core::Result<toml::table> parse_toml(const std::string& text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    const std::size_t line = e.source().begin.line;
    std::ostringstream msg;
    msg << "not valid TOML at line " << line << ": " << e.description();
    if (quote_left_open(text, line)) msg << " (a quote opened on that line is not closed)";
    return Status::invalid(msg.str());
  }
}

Status check_keys(const toml::table& table, const std::set<std::string>& known,
                  const std::string& prefix) {
  for (const auto& [key, value] : table) {
    std::string k(key.str());
    if (!known.count(k)) {
      std::string near = nearest_word(k, std::vector<std::string>(known.begin(), known.end()));
      return Status::invalid(
          near.empty() ? "unknown key" : "unknown key; did you mean " + near + "?", prefix + k);
    }
  }
  return Status::ok();
}

core::Result<std::string> toml_string(const toml::table& t, const char* key,
                                      const std::string& path) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return Status::invalid("is required: a string", path);
  if (!node->is_string())
    return Status::invalid("must be a string in quotes, not " + type_name(*node), path);
  return node->as_string()->get();
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

core::Result<std::int64_t> toml_int(const toml::table& t, const char* key, const std::string& path,
                                    std::int64_t lo, std::int64_t hi, const std::string& unit) {
  const toml::node* node = t.get(key);
  std::string range = "must be a whole number from " + std::to_string(lo) + " to " +
                      std::to_string(hi) + (unit.empty() ? "" : " " + unit);
  // 1.5 (or a number past 64 bits) said "must be a whole number, not a number".
  if (node == nullptr || node->is_floating_point()) return Status::invalid(range, path);
  if (!node->is_integer()) {
    std::string hint = node->is_string() ? " (write it without quotes)" : "";
    return Status::invalid("must be a whole number, not " + type_name(*node) + hint, path);
  }
  std::int64_t v = node->as_integer()->get();
  if (v < lo || v > hi) return Status::invalid(range, path);
  return v;
}

std::optional<std::size_t> toml_line(const toml::table& root, const std::string& path) {
  std::string p = path;
  while (!p.empty()) {
    toml::node_view<const toml::node> n = root.at_path(p);
    if (n && n.node()->source().begin.line > 0) return n.node()->source().begin.line;
    // A missing key: point at the table that should hold it.
    auto cut = p.find_last_of(".[");
    if (cut == std::string::npos) break;
    p.resize(cut);
  }
  return std::nullopt;
}

Status with_location(const Status& s, const std::string& file, const std::string& text) {
  if (s.is_ok()) return s;
  if (s.field().empty()) {
    if (s.message().rfind("not valid TOML", 0) == 0)
      return Status(s.code(), file + ": " + s.message(), s.field());
    return s;
  }
  std::string where = " (" + file;
  try {
    toml::table root = toml::parse(text);
    if (auto line = toml_line(root, s.field())) where += ", line " + std::to_string(*line);
  } catch (const toml::parse_error&) {
  }
  return Status(s.code(), s.message() + where + ")", s.field());
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  // Only a literal address in 127.0.0.0/8: "127.0.0.1.example.ru" is a name that resolves
  // wherever its owner likes.
  in_addr v4{};
  return ::inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

core::Result<HostPort> parse_host_port(const std::string& text, const std::string& field) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::invalid("must be host:port", field);
  HostPort hp;
  hp.host = text.substr(0, colon);
  if (hp.host.size() > 2 && hp.host.front() == '[' && hp.host.back() == ']')
    hp.host = hp.host.substr(1, hp.host.size() - 2);
  std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return Status::invalid("port must be 1-65535", field);
  int p = std::stoi(port);
  if (p < 1 || p > 65535) return Status::invalid("port must be 1-65535", field);
  hp.port = static_cast<std::uint16_t>(p);
  return hp;
}

std::string path_in_config(const std::string& base_dir, const std::string& path) {
  return !path.empty() && path[0] == '/' ? path : base_dir + "/" + path;
}

core::Result<std::string> load_token(const toml::table& root, const std::string& key,
                                     const std::string& base_dir) {
  const std::string file_key = key + "_file";
  bool inline_token = root.contains(key), file_token = root.contains(file_key);
  if (inline_token == file_token)
    return Status::invalid("set exactly one of " + key + " and " + file_key, key);
  std::string token;
  if (inline_token) {
    auto v = toml_string(root, key.c_str(), key);
    if (!v) return v.status();
    token = *v;
  } else {
    auto path = toml_string(root, file_key.c_str(), file_key);
    if (!path) return path.status();
    const std::string full = path_in_config(base_dir, *path);
    if (Status s = check_private_file(full, file_key); !s) return s;
    auto text = read_text_file(full);
    if (!text) return Status::invalid(text.status().message(), file_key);
    token = *text;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
      token.pop_back();
  }
  if (token.size() < 16) return Status::invalid("must be at least 16 characters", key);
  return token;
}

core::Result<std::int64_t> parse_duration(const std::string& text, const std::string& field) {
  // Seconds, minutes or hours: the spec's sync_interval has no "ms" (a "10000ms" would be
  // a second way to write "10s"), which only the scanner timings take.
  auto d = read_duration(text);
  if (!d || text.ends_with("ms"))
    return Status::invalid("must be a duration like \"30s\", \"5m\" or \"2h\"", field);
  return d->count() / 1000;
}

}  // namespace kopilka::common
