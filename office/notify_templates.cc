// Stored notification templates (notify_templates.h).
#include "office/notify_templates.h"

#include "office/notify_config.h"

namespace kopilka::office {

const char* locale_name(core::Locale locale) {
  return locale == core::Locale::kEn ? "en" : "ru";
}

std::optional<core::Locale> locale_from(const std::string& name) {
  if (name == "ru") return core::Locale::kRu;
  if (name == "en") return core::Locale::kEn;
  return std::nullopt;
}

core::Result<MessageText> event_template(Sql& sql, const std::string& event, core::Locale locale) {
  auto rows =
      sql.query("SELECT subject, text FROM notify_templates WHERE event = $1 AND locale = $2",
                {event, std::string(locale_name(locale))});
  if (!rows) return rows.status();
  if (rows->empty()) return default_template(event, locale);
  return MessageText{rows->front().text(0), rows->front().text(1)};
}

core::Status put_event_template(Sql& sql, const std::string& event, core::Locale locale,
                                const MessageText& t) {
  auto r = sql.run(
      "INSERT INTO notify_templates (event, locale, subject, text) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (event, locale) DO UPDATE SET subject = excluded.subject, text = excluded.text",
      {event, std::string(locale_name(locale)), t.subject, t.text});
  return r ? core::Status::ok() : r.status();
}

core::Result<bool> reset_event_template(Sql& sql, const std::string& event, core::Locale locale) {
  auto r = sql.run("DELETE FROM notify_templates WHERE event = $1 AND locale = $2",
                   {event, std::string(locale_name(locale))});
  if (!r) return r.status();
  return *r > 0;
}

core::Result<core::Json> list_event_templates(Sql& sql) {
  auto rows = sql.query("SELECT event, locale FROM notify_templates");
  if (!rows) return rows.status();
  core::Json list = core::Json::array();
  for (const auto& event : notification_events()) {
    for (core::Locale locale : {core::Locale::kRu, core::Locale::kEn}) {
      auto t = event_template(sql, event, locale);
      if (!t) return t.status();
      bool custom = false;
      for (const auto& r : *rows)
        custom = custom || (r.text(0) == event && r.text(1) == locale_name(locale));
      list.push_back({{"event", event},
                      {"locale", locale_name(locale)},
                      {"subject", t->subject},
                      {"text", t->text},
                      {"custom", custom},
                      {"placeholders", template_placeholders(event)}});
    }
  }
  return core::Json{{"templates", std::move(list)}};
}

}  // namespace kopilka::office
