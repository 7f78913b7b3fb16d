// Tests of cli/words: a Russian screen shows Russian words for codes and the right plural
// of points.
#include "cli/words.h"

#include <doctest/doctest.h>

namespace kopilka::cli {
namespace {

TEST_CASE("points are counted with the plural of the language") {
  CliContext ru;
  ru.lang = Lang::kRu;
  CliContext en;
  en.lang = Lang::kEn;
  CHECK(points_phrase(ru, 1) == "1 бонус");
  CHECK(points_phrase(ru, 2) == "2 бонуса");
  CHECK(points_phrase(ru, 5) == "5 бонусов");
  CHECK(points_phrase(ru, 11) == "11 бонусов");
  CHECK(points_phrase(ru, 21) == "21 бонус");
  CHECK(points_phrase(ru, 154) == "154 бонуса");
  CHECK(points_phrase(en, 1) == "1 point");
  CHECK(points_phrase(en, 154) == "154 points");
}

TEST_CASE("codes become words in Russian; English shows them, booleans as yes/no") {
  CliContext ru;
  ru.lang = Lang::kRu;
  CliContext en;
  en.lang = Lang::kEn;
  CHECK(code_word(ru, "applied") == "применяется");
  CHECK(code_word(ru, "true") == "да");
  CHECK(code_word(ru, "false") == "нет");
  CHECK(code_word(ru, "stopped") == "остановлена");
  CHECK(code_word(ru, "unknown") == "неизвестно (kopilkad не запущен)");
  CHECK(code_word(ru, "blocked") == "заблокирована");
  CHECK(code_word(ru, "something-new") == "something-new");
  CHECK(code_word(en, "applied") == "applied");
  CHECK(code_word(en, "true") == "yes");
}

}  // namespace
}  // namespace kopilka::cli
