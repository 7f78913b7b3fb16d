// office.toml parsing with toml++; see config.h. toml++ reports syntax errors by
// exception, which is caught here and turned into a Status.
#include "office/config.h"

#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "common/config_util.h"

namespace kopilka::office {

namespace {

using core::Status;

core::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Status check_keys(const toml::table& table, const std::set<std::string>& known,
                  const std::string& prefix) {
  for (const auto& [key, value] : table) {
    std::string k(key.str());
    if (!known.count(k)) return Status::invalid("unknown key", prefix + k);
  }
  return Status::ok();
}

core::Result<std::string> get_string(const toml::table& t, const char* key,
                                     const std::string& path) {
  const toml::node* node = t.get(key);
  if (node == nullptr || !node->is_string()) return Status::invalid("must be a string", path);
  return node->as_string()->get();
}

}  // namespace

core::Result<OfficeConfig> parse_office_config(const std::string& text,
                                               const std::string& base_dir) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "not valid TOML at line " << e.source().begin.line << ": " << e.description();
    return Status::invalid(msg.str());
  }
  if (Status s = check_keys(root,
                            {"listen", "data_dir", "timezone", "point_value", "admin_token",
                             "admin_token_file", "tls", "insecure_http", "locale", "log_level"},
                            "");
      !s)
    return s;

  OfficeConfig c;
  if (root.contains("listen")) {
    auto v = get_string(root, "listen", "listen");
    if (!v) return v.status();
    auto colon = v->rfind(':');
    if (colon == std::string::npos) return Status::invalid("must be host:port", "listen");
    c.listen_host = v->substr(0, colon);
    if (c.listen_host.size() > 2 && c.listen_host.front() == '[')
      c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
    try {
      int port = std::stoi(v->substr(colon + 1));
      if (port < 1 || port > 65535) throw std::out_of_range("port");
      c.listen_port = static_cast<std::uint16_t>(port);
    } catch (const std::exception&) {
      return Status::invalid("port must be 1-65535", "listen");
    }
  }
  auto data_dir = root.contains("data_dir")
                      ? get_string(root, "data_dir", "data_dir")
                      : core::Result<std::string>(Status::invalid("is required", "data_dir"));
  if (!data_dir) return data_dir.status();
  c.data_dir = *data_dir;
  if (root.contains("timezone")) {
    auto v = get_string(root, "timezone", "timezone");
    if (!v) return v.status();
    c.timezone = *v;
  }
  auto zone = core::locate_zone(c.timezone);
  if (!zone) return Status::invalid(zone.status().message(), "timezone");
  c.settings.zone = *zone;
  if (root.contains("point_value")) {
    auto v = root["point_value"].value<std::int64_t>();
    if (!v || *v < 1 || *v > 1'000'000)
      return Status::invalid("must be 1-1000000 kopecks", "point_value");
    c.settings.point_value = *v;
  }
  if (root.contains("locale")) {
    auto v = get_string(root, "locale", "locale");
    if (!v || (*v != "ru" && *v != "en"))
      return Status::invalid("must be \"ru\" or \"en\"", "locale");
    c.settings.locale = *v == "en" ? core::Locale::kEn : core::Locale::kRu;
  }
  if (root.contains("log_level")) {
    auto v = get_string(root, "log_level", "log_level");
    if (!v) return v.status();
  }
  if (root.contains("admin_token") == root.contains("admin_token_file")) {
    return Status::invalid("set exactly one of admin_token and admin_token_file", "admin_token");
  }
  if (root.contains("admin_token")) {
    auto v = get_string(root, "admin_token", "admin_token");
    if (!v) return v.status();
    c.admin_token = *v;
  } else {
    auto path = get_string(root, "admin_token_file", "admin_token_file");
    if (!path) return path.status();
    std::string full = (!path->empty() && (*path)[0] == '/') ? *path : base_dir + "/" + *path;
    if (Status s = common::check_private_file(full, "admin_token_file"); !s) return s;
    auto token = read_file(full);
    if (!token) return Status::invalid(token.status().message(), "admin_token_file");
    c.admin_token = trim(*token);
  }
  if (c.admin_token.size() < 16)
    return Status::invalid("must be at least 16 characters", "admin_token");
  if (root.contains("insecure_http")) {
    auto v = root["insecure_http"].value<bool>();
    if (!v) return Status::invalid("must be true or false", "insecure_http");
    c.insecure_http = *v;
  }
  if (auto tls = root["tls"]; tls) {
    if (!tls.is_table()) return Status::invalid("must be a table", "tls");
    const toml::table& t = *tls.as_table();
    if (Status s = check_keys(t, {"cert", "key"}, "tls."); !s) return s;
    auto cert = get_string(t, "cert", "tls.cert");
    if (!cert) return cert.status();
    auto key = get_string(t, "key", "tls.key");
    if (!key) return key.status();
    c.tls_cert = *cert;
    c.tls_key = *key;
  }
  if (c.tls_cert.empty()) {
    if (!c.insecure_http)
      return Status::invalid("HTTPS needs [tls] cert and key (or insecure_http = true on loopback)",
                             "tls");
    if (!common::is_loopback_host(c.listen_host))
      return Status::invalid("plain HTTP is only allowed on a loopback address", "listen");
  }
  return c;
}

core::Result<OfficeConfig> load_office_config(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.status();
  auto slash = path.rfind('/');
  return parse_office_config(*text, slash == std::string::npos ? "." : path.substr(0, slash));
}

}  // namespace kopilka::office
