// Notification texts from templates (office.md "Notifications"): placeholders `{name}` take
// values, and `{count|бонус|бонуса|бонусов}` picks the plural form that agrees with a
// number, so «1 бонус», «2 бонуса», «5 бонусов» and «21 бонус» come out right. English
// templates give two forms: `{count|point|points}`. Pure: no I/O.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace kopilka::core {

enum class PluralForm { kOne, kFew, kMany };

// The Russian form for n: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 25–30, 11–14 → many.
PluralForm russian_plural(long long n);

using TemplateValues = std::map<std::string, std::string>;

// Checks a template: braces balanced, names of letters, digits and '_', plural forms given
// two (English) or three (Russian) at a time. Errors say where.
Status check_template(const std::string& text);
// The same for a template of one language: every plural gives exactly `forms` forms (three in
// Russian, two in English; «{days|день|дней}» would print «3 дней»), and counts one of
// `numbers` (a plural of a placeholder that is no number always takes the last form).
Status check_template(const std::string& text, std::size_t forms,
                      const std::vector<std::string>& numbers);

// Renders a checked template. A plural's number is the value named before the first '|'; a
// value that is not a whole number takes the last form. A missing name is an error (a
// message must never go out with a hole in it).
Result<std::string> render_template(const std::string& text, const TemplateValues& values);

}  // namespace kopilka::core
