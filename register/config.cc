// kopilkad config parsing; see config.h.
#include "register/config.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "common/config_settings.h"
#include "common/config_util.h"

namespace kopilka::daemon {

using core::Status;

const std::set<std::string>& daemon_config_keys() {
  static const std::set<std::string> keys = {"listen",
                                             "data_dir",
                                             "timezone",
                                             "point_value",
                                             "expiry_warning_days",
                                             "no_loyalty_categories",
                                             "pos_token",
                                             "pos_token_file",
                                             "admin_token",
                                             "admin_token_file",
                                             "scanner",
                                             "office",
                                             "locale",
                                             "log_level"};
  return keys;
}

core::Result<DaemonConfig> parse_daemon_config(const std::string& text,
                                               const std::string& base_dir) {
  auto parsed = common::parse_toml(text);
  if (!parsed) return parsed.status();
  const toml::table& root = *parsed;
  if (Status s = common::check_keys(root, daemon_config_keys(), ""); !s) return s;
  DaemonConfig c;
  if (root.contains("listen")) {
    auto v = common::toml_string(root, "listen", "listen");
    if (!v) return v.status();
    auto hp = common::parse_host_port(*v, "listen");
    if (!hp) return hp.status();
    c.listen_host = hp->host;
    c.listen_port = hp->port;
  }
  if (root.contains("data_dir")) {
    auto v = common::toml_string(root, "data_dir", "data_dir");
    if (!v || v->empty()) return Status::invalid("must be a directory path", "data_dir");
    c.data_dir = common::path_in_config(base_dir, *v);
  }
  if (Status s = common::read_timezone(root, c.timezone, c.settings); !s) return s;
  if (Status s = common::read_point_value(root, c.settings); !s) return s;
  if (Status s = common::read_expiry_warning_days(root, c.settings); !s) return s;
  if (Status s = common::read_no_loyalty_categories(root, c.settings); !s) return s;
  if (Status s = common::read_locale(root, c.settings); !s) return s;
  if (root.contains("log_level")) {
    auto v = common::toml_string(root, "log_level", "log_level");
    if (!v || (*v != "debug" && *v != "info" && *v != "warn" && *v != "error"))
      return Status::invalid("must be debug, info, warn or error", "log_level");
    c.log_level = *v;
  }
  auto pos = common::load_token(root, "pos_token", base_dir);
  if (!pos) return pos.status();
  c.pos_token = *pos;
  auto admin = common::load_token(root, "admin_token", base_dir);
  if (!admin) return admin.status();
  c.admin_token = *admin;
  if (c.pos_token == c.admin_token)
    return Status::invalid("must differ from pos_token", "admin_token");

  if (root.contains("scanner")) {
    const toml::array* arr = root["scanner"].as_array();
    if (!arr) return Status::invalid("must be [[scanner]] tables", "scanner");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      std::string where = "scanner[" + std::to_string(i) + "]";
      const toml::table* t = (*arr)[i].as_table();
      if (!t) return Status::invalid("must be a table", where);
      auto sc = drivers::scanner_config_from_toml(*t);
      if (!sc) return sc.status().under(where);
      for (const auto& other : c.scanners) {
        if (other.name == sc->name)
          return Status::invalid("the name is used twice", where + ".name");
        // Two readers of one port take each other's bytes: neither would read a card.
        if (other.port == sc->port)
          return Status::invalid("is scanner " + other.name + "'s port too: one port, one scanner",
                                 where + ".port");
      }
      c.scanners.push_back(std::move(*sc));
    }
  }
  if (root.contains("office")) {
    const toml::table* t = root["office"].as_table();
    if (!t) return Status::invalid("must be a table", "office");
    if (Status s = common::check_keys(*t, {"url", "sync_interval", "proxy", "ca_file"}, "office.");
        !s)
      return s;
    OfficeLink o;
    auto url = common::toml_string(*t, "url", "office.url");
    if (!url) return url.status();
    o.url = *url;
    if (Status s = check_office_url(o.url); !s) return s;
    if (t->contains("sync_interval")) {
      auto v = common::toml_string(*t, "sync_interval", "office.sync_interval");
      if (!v) return v.status();
      auto d = common::parse_duration(*v, "office.sync_interval");
      if (!d) return d.status();
      if (*d < 10 || *d > 86400)
        return Status::invalid("must be 10s to 24h", "office.sync_interval");
      o.sync_interval_s = *d;
    }
    if (t->contains("proxy")) {
      auto v = common::toml_string(*t, "proxy", "office.proxy");
      if (!v) return v.status();
      o.proxy = *v;
    }
    if (t->contains("ca_file")) {
      auto v = common::toml_string(*t, "ca_file", "office.ca_file");
      if (!v) return v.status();
      // Relative to the config, as data_dir and the token files are: not to the directory
      // kopilkad happens to start in (systemd's is /).
      o.ca_file = common::path_in_config(base_dir, *v);
      // Found missing only at the next sync, it would stop every sync with a TLS error. A
      // warning, not a refusal: the till must still start and sell offline.
      if (::access(o.ca_file.c_str(), R_OK) != 0)
        c.warnings.push_back("office.ca_file: cannot read " + o.ca_file + " (" +
                             std::strerror(errno) +
                             "): every sync with head office fails until it can be read");
    }
    c.office = o;
  }
  return c;
}

Status check_office_url(const std::string& url) {
  if (url.rfind("https://", 0) == 0 && url.size() > 8) return Status::ok();
  // Plain HTTP only in the one form pos-api.md names, http://127.0.0.1:PORT: "localhost"
  // is whatever /etc/hosts says, and any other form is not the explicit opt-in.
  constexpr std::string_view kPlain = "http://";
  std::string rest = url.rfind(kPlain, 0) == 0 ? url.substr(kPlain.size()) : "";
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  auto hp = common::parse_host_port(rest, "office.url");  // a path fails as the port's digits
  if (!hp || hp->host != "127.0.0.1")
    return Status::invalid(
        "must be https://…, or http://127.0.0.1:PORT for an office on this machine", "office.url");
  return Status::ok();
}

core::Result<DaemonConfig> load_daemon_config(const std::string& path) {
  auto text = common::read_text_file(path);
  if (!text) return text.status();
  auto exposed = common::check_config_file(path, *text, {"pos_token", "admin_token"});
  if (!exposed) return exposed.status();
  auto slash = path.rfind('/');
  auto c = parse_daemon_config(*text, slash == std::string::npos ? "." : path.substr(0, slash));
  if (!c) return common::with_location(c.status(), path, *text);
  c->path = path;
  if (*exposed) c->warnings.push_back(**exposed);
  return c;
}

core::Json config_to_json(const DaemonConfig& c) {
  core::Json scanners = core::Json::array();
  for (const auto& s : c.scanners) scanners.push_back(drivers::scanner_config_to_json(s));
  core::Json j = {{"listen", c.listen_host + ":" + std::to_string(c.listen_port)},
                  {"data_dir", c.data_dir},
                  {"timezone", c.timezone},
                  {"point_value", c.settings.point_value},
                  {"expiry_warning_days", c.settings.expiry_warning_days},
                  {"no_loyalty_categories", c.settings.no_loyalty_categories},
                  {"locale", c.settings.locale == core::Locale::kEn ? "en" : "ru"},
                  {"log_level", c.log_level},
                  {"pos_token", "(set)"},
                  {"admin_token", "(set)"},
                  {"scanner", std::move(scanners)}};
  if (c.office) {
    j["office"] = {{"url", c.office->url},
                   {"sync_interval", std::to_string(c.office->sync_interval_s) + "s"}};
    if (!c.office->proxy.empty()) j["office"]["proxy"] = c.office->proxy;
    if (!c.office->ca_file.empty()) j["office"]["ca_file"] = c.office->ca_file;
  }
  return j;
}

}  // namespace kopilka::daemon
