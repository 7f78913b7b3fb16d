// The texts customers receive, per event and language, as templates with plural forms
// (core/message_template.h): «Анна, 900 бонусов сгорят 31.12 — через 5 дней».
#pragma once

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::office {

struct MessageText {
  std::string subject;  // for e-mail
  std::string text;
};

// The built-in template for an event.
MessageText default_template(const std::string& event, core::Locale locale);

// The placeholders an event's template may use ({name} and {card_tail} always).
const std::vector<std::string>& template_placeholders(const std::string& event);

// A marketer's template: valid braces and plural forms, only the event's placeholders.
core::Status check_event_template(const std::string& event, const MessageText& t,
                                  core::Locale locale);

// Values that show what a template will say, for previews.
core::Json sample_payload(const std::string& event);

// Renders `t` with the payload's values and the customer's first name.
core::Result<MessageText> render_text(const MessageText& t, const core::Json& payload,
                                      const std::string& customer_name, core::Locale locale);

}  // namespace kopilka::office
