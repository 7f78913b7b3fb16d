// Notification templates: Russian and English plural forms, placeholders, and templates
// that are refused before they can send a message with a hole in it.
#include <doctest/doctest.h>

#include "core/message_template.h"

using namespace kopilka::core;

namespace {

std::string render(const std::string& t, const TemplateValues& v) {
  auto r = render_template(t, v);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return *r;
}

}  // namespace

TEST_CASE("Russian plural forms agree with the number") {
  const std::string t = "{n} {n|бонус|бонуса|бонусов}";
  CHECK(render(t, {{"n", "1"}}) == "1 бонус");
  CHECK(render(t, {{"n", "2"}}) == "2 бонуса");
  CHECK(render(t, {{"n", "4"}}) == "4 бонуса");
  CHECK(render(t, {{"n", "5"}}) == "5 бонусов");
  CHECK(render(t, {{"n", "0"}}) == "0 бонусов");
  CHECK(render(t, {{"n", "11"}}) == "11 бонусов");
  CHECK(render(t, {{"n", "12"}}) == "12 бонусов");
  CHECK(render(t, {{"n", "14"}}) == "14 бонусов");
  CHECK(render(t, {{"n", "21"}}) == "21 бонус");
  CHECK(render(t, {{"n", "22"}}) == "22 бонуса");
  CHECK(render(t, {{"n", "111"}}) == "111 бонусов");
  CHECK(render(t, {{"n", "101"}}) == "101 бонус");
  CHECK(render(t, {{"n", "900"}}) == "900 бонусов");
  CHECK(render(t, {{"n", "-1"}}) == "-1 бонус");
}

TEST_CASE("English takes two forms") {
  const std::string t = "{n} {n|point|points}";
  CHECK(render(t, {{"n", "1"}}) == "1 point");
  CHECK(render(t, {{"n", "0"}}) == "0 points");
  CHECK(render(t, {{"n", "21"}}) == "21 points");
}

TEST_CASE("a whole message: placeholders and a plural") {
  CHECK(render("{name}, {points} {points|бонус|бонуса|бонусов} сгорят через {days} "
               "{days|день|дня|дней}",
               {{"name", "Анна"}, {"points", "900"}, {"days", "5"}}) ==
        "Анна, 900 бонусов сгорят через 5 дней");
  CHECK(render("без подстановок", {}) == "без подстановок");
  CHECK(render("{n|бонус|бонуса|бонусов}", {{"n", "1,5"}}) == "бонусов");
}

TEST_CASE("a template with a hole or a broken brace is refused") {
  CHECK(render_template("{name} ok", {}).status().code() == Code::kInvalid);
  CHECK_FALSE(check_template("{name").is_ok());
  CHECK_FALSE(check_template("name}").is_ok());
  CHECK_FALSE(check_template("{na me}").is_ok());
  CHECK_FALSE(check_template("{n|один}").is_ok());
  CHECK_FALSE(check_template("{n|a|b|c|d}").is_ok());
  CHECK_FALSE(check_template("{}").is_ok());
  CHECK(check_template("{n|a|b} {n|a|b|c} {x}").is_ok());
}
