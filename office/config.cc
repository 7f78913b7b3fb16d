// office.toml parsing; see config.h. Reading TOML, unknown keys, types and the file and
// line of an error are common/config_util's, worded as for kopilkad's config.
#include "office/config.h"

#include <toml++/toml.h>

#include "common/config_settings.h"
#include "common/config_util.h"
#include "common/tls_files.h"

namespace kopilka::office {

namespace {

using core::Status;

}  // namespace

core::Result<OfficeConfig> parse_office_config(const std::string& text,
                                               const std::string& base_dir) {
  auto parsed = common::parse_toml(text);
  if (!parsed) return parsed.status();
  const toml::table& root = *parsed;
  if (Status s = common::check_keys(
          root,
          {"listen", "data_dir", "timezone", "point_value", "admin_token", "admin_token_file",
           "tls", "insecure_http", "locale", "log_level", "storage", "notify", "auth"},
          "");
      !s)
    return s;

  OfficeConfig c;
  if (root.contains("listen")) {
    auto v = common::toml_string(root, "listen", "listen");
    if (!v) return v.status();
    auto hp = common::parse_host_port(*v, "listen");
    if (!hp) return hp.status();
    c.listen_host = hp->host;
    c.listen_port = hp->port;
  }
  auto data_dir = root.contains("data_dir")
                      ? common::toml_string(root, "data_dir", "data_dir")
                      : core::Result<std::string>(Status::invalid("is required", "data_dir"));
  if (!data_dir) return data_dir.status();
  c.data_dir = data_dir->empty() ? *data_dir : common::path_in_config(base_dir, *data_dir);
  if (Status s = common::read_timezone(root, c.timezone, c.settings); !s) return s;
  if (Status s = common::read_point_value(root, c.settings); !s) return s;
  if (Status s = common::read_locale(root, c.settings); !s) return s;
  if (root.contains("log_level")) {
    auto v = common::toml_string(root, "log_level", "log_level");
    if (!v) return v.status();
  }
  auto admin = common::load_token(root, "admin_token", base_dir);
  if (!admin) return admin.status();
  c.admin_token = std::move(*admin);
  if (root.contains("insecure_http")) {
    auto v = root["insecure_http"].value<bool>();
    if (!v) return Status::invalid("must be true or false", "insecure_http");
    c.insecure_http = *v;
  }
  if (auto tls = root["tls"]; tls) {
    if (!tls.is_table()) return Status::invalid("must be a table", "tls");
    const toml::table& t = *tls.as_table();
    if (Status s = common::check_keys(t, {"cert", "key"}, "tls."); !s) return s;
    auto cert = common::toml_string(t, "cert", "tls.cert");
    if (!cert) return cert.status();
    auto key = common::toml_string(t, "key", "tls.key");
    if (!key) return key.status();
    c.tls_cert = common::path_in_config(base_dir, *cert);
    c.tls_key = common::path_in_config(base_dir, *key);
  }
  if (auto storage = root["storage"]; storage) {
    if (!storage.is_table()) return Status::invalid("must be a table", "storage");
    const toml::table& t = *storage.as_table();
    if (Status s = common::check_keys(t, {"url"}, "storage."); !s) return s;
    if (t.contains("url")) {
      auto url = common::toml_string(t, "url", "storage.url");
      if (!url) return url.status();
      auto parsed = parse_storage_url(*url);
      if (!parsed) return parsed.status();
      c.storage = *parsed;
    }
  }
  auto notify = parse_notify_config(root, base_dir);
  if (!notify) return notify.status();
  c.notify = std::move(*notify);
  if (auto auth = root["auth"]; auth) {
    if (!auth.is_table()) return Status::invalid("must be a table", "auth");
    const toml::table& t = *auth.as_table();
    if (Status s = common::check_keys(
            t, {"session_idle", "session_max", "trusted_proxies", "max_connections_per_address"},
            "auth.");
        !s)
      return s;
    if (auto list = t["trusted_proxies"]; list) {
      const char* field = "auth.trusted_proxies";
      if (!list.is_array()) return Status::invalid("must be a list of addresses", field);
      std::vector<std::string> entries;
      for (const auto& e : *list.as_array()) {
        if (!e.is_string()) return Status::invalid("must be a list of addresses", field);
        entries.push_back(*e.value<std::string>());
      }
      auto proxies = parse_trusted_proxies(entries, field);
      if (!proxies) return proxies.status();
      c.trusted_proxies = std::move(*proxies);
    }
    if (t.contains("max_connections_per_address")) {
      auto n = common::toml_int(t, "max_connections_per_address",
                                "auth.max_connections_per_address", 0, 1'000'000);
      if (!n) return n.status();
      c.max_connections_per_address = *n;
    }
    for (auto [key, seconds_out] :
         {std::pair{"session_idle", &c.session_idle}, std::pair{"session_max", &c.session_max}}) {
      if (!t.contains(key)) continue;
      const std::string field = std::string("auth.") + key;
      auto text = common::toml_string(t, key, field);
      if (!text) return text.status();
      auto seconds = common::parse_duration(*text, field);
      if (!seconds) return seconds.status();
      if (*seconds < 1) return Status::invalid("must be at least 1s", field);
      *seconds_out = *seconds;
    }
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
  auto text = common::read_text_file(path);
  if (!text) return text.status();
  auto exposed = common::check_config_file(path, *text, {"admin_token"});
  if (!exposed) return exposed.status();
  auto slash = path.rfind('/');
  auto config =
      parse_office_config(*text, slash == std::string::npos ? "." : path.substr(0, slash));
  if (!config) return common::with_location(config.status(), path, *text);
  if (!config->tls_cert.empty())
    if (Status s = common::check_tls_files(config->tls_cert, config->tls_key); !s)
      return common::with_location(s, path, *text);
  if (*exposed) config->warnings.push_back(**exposed);
  return config;
}

}  // namespace kopilka::office
