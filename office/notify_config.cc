// [notify] parsing (notify_config.h), worded like the rest of office.toml's errors.
#include "office/notify_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>

#include "common/config_util.h"

namespace kopilka::office {

namespace {

using core::Status;

core::Result<std::string> read_secret_file(const toml::table& t, const char* key,
                                           const std::string& field, const std::string& base_dir) {
  auto path = common::toml_string(t, key, field);
  if (!path) return path.status();
  const std::string full = common::path_in_config(base_dir, *path);
  if (Status s = common::check_private_file(full, field); !s) return s;
  auto text = common::read_text_file(full);
  if (!text) return Status::invalid(text.status().message(), field);
  std::string secret = *text;
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return Status::invalid("the file is empty", field);
  return secret;
}

core::Result<const toml::table*> sub_table(const toml::table& t, const char* key,
                                           const std::string& field) {
  auto node = t[key];
  if (!node) return static_cast<const toml::table*>(nullptr);
  if (!node.is_table()) return Status::invalid("must be a table", field);
  return node.as_table();
}

bool is_http_url(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

core::Result<EmailChannel> parse_email(const toml::table& t, const std::string& base_dir) {
  if (Status s = common::check_keys(t, {"url", "from", "user", "password_file"}, "notify.email.");
      !s)
    return s;
  EmailChannel e;
  auto url = common::toml_string(t, "url", "notify.email.url");
  if (!url) return url.status();
  e.url = *url;
  bool smtps = e.url.rfind("smtps://", 0) == 0;
  if (!smtps && e.url.rfind("smtp://", 0) != 0)
    return Status::invalid("must be smtp://host:port or smtps://host:port", "notify.email.url");
  std::string rest = e.url.substr(smtps ? 8 : 7);
  std::string host_port = rest.substr(0, rest.find('/'));
  std::string host = host_port.substr(0, host_port.rfind(':'));
  if (host.empty()) return Status::invalid("names no host", "notify.email.url");
  // STARTTLS is required except to a loopback relay (a local Postfix hands mail on itself).
  e.require_tls = !smtps && !common::is_loopback_host(host);
  auto from = common::toml_string(t, "from", "notify.email.from");
  if (!from) return from.status();
  if (from->find('@') == std::string::npos)
    return Status::invalid("must be an e-mail address", "notify.email.from");
  e.from = *from;
  if (t.contains("user")) {
    auto user = common::toml_string(t, "user", "notify.email.user");
    if (!user) return user.status();
    e.user = *user;
    auto password = read_secret_file(t, "password_file", "notify.email.password_file", base_dir);
    if (!password) return password.status();
    e.password = *password;
  }
  return e;
}

namespace {

// The gateway's url and body may name {phone}, {text} and {id}, and must carry the first two
// somewhere: a mistyped "{txt}" went to customers as it was, and the log said "sent".
Status check_sms_placeholders(const SmsChannel& sms) {
  for (const auto& [text, field] :
       {std::pair<const std::string*, const char*>{&sms.url, "notify.sms.url"},
        {&sms.body, "notify.sms.body"}}) {
    for (std::size_t open = text->find('{'); open != std::string::npos;
         open = text->find('{', open + 1)) {
      std::size_t end = open + 1;
      while (end < text->size() &&
             (std::isalnum(static_cast<unsigned char>((*text)[end])) || (*text)[end] == '_'))
        ++end;
      if (end == open + 1 || end >= text->size() || (*text)[end] != '}') continue;
      const std::string name = text->substr(open, end - open + 1);
      if (name != "{phone}" && name != "{text}" && name != "{id}")
        return Status::invalid(name + " is not a placeholder: use {phone}, {text} or {id}", field);
    }
  }
  for (const char* needed : {"{text}", "{phone}"})
    if (sms.url.find(needed) == std::string::npos && sms.body.find(needed) == std::string::npos)
      return Status::invalid(std::string("must carry ") + needed +
                                 " (in the body or the url), or no customer gets the message",
                             sms.body.empty() ? "notify.sms.url" : "notify.sms.body");
  return Status::ok();
}

}  // namespace

core::Result<SmsChannel> parse_sms(const toml::table& t, const std::string& base_dir) {
  if (Status s = common::check_keys(t, {"url", "method", "headers", "body", "inbound_secret_file"},
                                    "notify.sms.");
      !s)
    return s;
  SmsChannel sms;
  auto url = common::toml_string(t, "url", "notify.sms.url");
  if (!url) return url.status();
  if (!is_http_url(*url)) return Status::invalid("must be an http(s):// URL", "notify.sms.url");
  sms.url = *url;
  if (t.contains("method")) {
    auto m = common::toml_string(t, "method", "notify.sms.method");
    if (!m) return m.status();
    if (*m != "GET" && *m != "POST" && *m != "PUT")
      return Status::invalid("must be GET, POST or PUT", "notify.sms.method");
    sms.method = *m;
  }
  if (auto h = t["headers"]; h) {
    if (!h.is_table())
      return Status::invalid("must be a table of name = \"value\"", "notify.sms.headers");
    for (const auto& [name, value] : *h.as_table()) {
      auto v = value.value<std::string>();
      if (!v)
        return Status::invalid("must be a string", "notify.sms.headers." + std::string(name.str()));
      sms.headers.emplace_back(std::string(name.str()), *v);
    }
  }
  if (t.contains("body")) {
    auto b = common::toml_string(t, "body", "notify.sms.body");
    if (!b) return b.status();
    sms.body = *b;
  }
  if (Status s = check_sms_placeholders(sms); !s) return s;
  if (t.contains("inbound_secret_file")) {
    auto secret =
        read_secret_file(t, "inbound_secret_file", "notify.sms.inbound_secret_file", base_dir);
    if (!secret) return secret.status();
    if (secret->size() < 16)
      return Status::invalid("the secret must be at least 16 characters",
                             "notify.sms.inbound_secret_file");
    sms.inbound_secret = *secret;
  }
  return sms;
}

core::Result<WebhookTarget> parse_webhook(const toml::table& t, const std::string& field,
                                          const std::string& base_dir) {
  if (Status s = common::check_keys(t, {"url", "secret_file", "events"}, field + "."); !s) return s;
  WebhookTarget w;
  auto url = common::toml_string(t, "url", field + ".url");
  if (!url) return url.status();
  if (!is_http_url(*url)) return Status::invalid("must be an http(s):// URL", field + ".url");
  w.url = *url;
  auto secret = read_secret_file(t, "secret_file", field + ".secret_file", base_dir);
  if (!secret) return secret.status();
  w.secret = *secret;
  if (auto ev = t["events"]; ev) {
    if (!ev.is_array())
      return Status::invalid("must be an array of event names", field + ".events");
    for (const auto& e : *ev.as_array()) {
      auto name = e.value<std::string>();
      const auto& known = notification_events();
      if (!name || std::find(known.begin(), known.end(), *name) == known.end())
        return Status::invalid(
            "names an unknown event; known: points_burning, birthday_gift, "
            "level_reached, welcome, points_accrued, campaign",
            field + ".events");
      w.events.push_back(*name);
    }
  }
  return w;
}

}  // namespace

const std::vector<std::string>& notification_events() {
  static const std::vector<std::string> k = {"points_burning", "birthday_gift",  "level_reached",
                                             "welcome",        "points_accrued", "campaign"};
  return k;
}

core::Result<QuietHours> parse_quiet_hours(const std::string& text) {
  auto minute = [](const std::string& hm) -> int {
    if (hm.size() != 5 || hm[2] != ':' || !std::isdigit(static_cast<unsigned char>(hm[0])) ||
        !std::isdigit(static_cast<unsigned char>(hm[1])) ||
        !std::isdigit(static_cast<unsigned char>(hm[3])) ||
        !std::isdigit(static_cast<unsigned char>(hm[4])))
      return -1;
    int h = (hm[0] - '0') * 10 + (hm[1] - '0');
    int m = (hm[3] - '0') * 10 + (hm[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
  };
  auto dash = text.find('-');
  int from = dash == std::string::npos ? -1 : minute(text.substr(0, dash));
  int to = dash == std::string::npos ? -1 : minute(text.substr(dash + 1));
  if (from < 0 || to < 0 || from == to)
    return Status::invalid("must be \"HH:MM-HH:MM\", e.g. \"21:00-09:00\"", "notify.quiet_hours");
  return QuietHours{from, to};
}

core::Result<NotifyConfig> parse_notify_config(const toml::table& root,
                                               const std::string& base_dir) {
  NotifyConfig c;
  auto notify = sub_table(root, "notify", "notify");
  if (!notify) return notify.status();
  if (!*notify) return c;
  const toml::table& t = **notify;
  if (Status s = common::check_keys(t,
                                    {"quiet_hours", "max_per_day", "send_timeout", "scan_rate",
                                     "points_accrued", "public_url", "email", "sms", "webhook"},
                                    "notify.");
      !s)
    return s;
  if (t.contains("quiet_hours")) {
    auto q = common::toml_string(t, "quiet_hours", "notify.quiet_hours");
    if (!q) return q.status();
    auto hours = parse_quiet_hours(*q);
    if (!hours) return hours.status();
    c.quiet_hours = *hours;
  }
  if (t.contains("max_per_day")) {
    auto n = common::toml_int(t, "max_per_day", "notify.max_per_day", 1, 100);
    if (!n) return n.status();
    c.max_per_day = static_cast<int>(*n);
  }
  if (t.contains("send_timeout")) {
    auto n = common::toml_int(t, "send_timeout", "notify.send_timeout", 1, 60);
    if (!n) return n.status();
    c.send_timeout = static_cast<int>(*n);
  }
  if (t.contains("scan_rate")) {
    auto n = common::toml_int(t, "scan_rate", "notify.scan_rate", 0, 1000000);
    if (!n) return n.status();
    c.scan_rate = static_cast<int>(*n);
  }
  if (t.contains("points_accrued")) {
    auto on = t["points_accrued"].value<bool>();
    if (!on) return Status::invalid("must be true or false", "notify.points_accrued");
    c.points_accrued = *on;
  }
  if (t.contains("public_url")) {
    auto u = common::toml_string(t, "public_url", "notify.public_url");
    if (!u) return u.status();
    if (!is_http_url(*u)) return Status::invalid("must be an http(s):// URL", "notify.public_url");
    c.public_url = *u;
    if (c.public_url.back() == '/') c.public_url.pop_back();
  }
  auto email = sub_table(t, "email", "notify.email");
  if (!email) return email.status();
  if (*email) {
    auto e = parse_email(**email, base_dir);
    if (!e) return e.status();
    c.email = std::move(*e);
    // Every e-mail carries an unsubscribe link (office.md), and the link needs the address
    // customers reach head office at: without it e-mail would go out with no way to stop it.
    if (c.public_url.empty())
      return Status::invalid(
          "is required with [notify.email]: every e-mail's unsubscribe link points to it "
          "(the address customers' browsers reach head office at, e.g. https://office.example)",
          "notify.public_url");
  }
  auto sms = sub_table(t, "sms", "notify.sms");
  if (!sms) return sms.status();
  if (*sms) {
    auto s = parse_sms(**sms, base_dir);
    if (!s) return s.status();
    c.sms = std::move(*s);
  }
  if (auto hooks = t["webhook"]; hooks) {
    if (!hooks.is_array_of_tables())
      return Status::invalid("must be [[notify.webhook]] tables", "notify.webhook");
    std::size_t i = 0;
    for (const auto& node : *hooks.as_array()) {
      auto w =
          parse_webhook(*node.as_table(), "notify.webhook[" + std::to_string(i++) + "]", base_dir);
      if (!w) return w.status();
      c.webhooks.push_back(std::move(*w));
    }
  }
  return c;
}

}  // namespace kopilka::office
