// The marketer's notification texts over the SQL seam: per event and language, a template
// written at head office replaces the built-in one (office/notify_texts.h) until deleted.
#pragma once

#include <string>

#include "core/engine.h"
#include "core/json_exact.h"
#include "office/notify_texts.h"
#include "office/sql.h"

namespace kopilka::office {

// "ru" | "en".
const char* locale_name(core::Locale locale);
std::optional<core::Locale> locale_from(const std::string& name);

// The template in force: the stored one, else the built-in one.
core::Result<MessageText> event_template(Sql& sql, const std::string& event, core::Locale locale);
core::Status put_event_template(Sql& sql, const std::string& event, core::Locale locale,
                                const MessageText& t);
// true when a stored template was removed (the built-in one is back).
core::Result<bool> reset_event_template(Sql& sql, const std::string& event, core::Locale locale);

// {"templates": [{"event","locale","subject","text","custom","placeholders"}]} for every
// event and language.
core::Result<core::Json> list_event_templates(Sql& sql);

}  // namespace kopilka::office
