// The message catalogue: every message exists in both languages, and both take the same
// arguments, so a Russian technician never sees a format error instead of a sentence.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "cli/messages.h"

namespace kopilka::cli {
namespace {

int placeholders(std::string_view text) {
  int n = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == '{' && text[i + 1] != '{') ++n;
  return n;
}

TEST_CASE("every message has English and Russian text with the same placeholders") {
  for (int i = 0; i < static_cast<int>(Msg::kCount_); ++i) {
    auto id = static_cast<Msg>(i);
    std::string_view en = message_text(Lang::kEn, id);
    std::string_view ru = message_text(Lang::kRu, id);
    CAPTURE(en);
    CHECK(!en.empty());
    CHECK(!ru.empty());
    CHECK(placeholders(en) == placeholders(ru));
  }
}

TEST_CASE("tr fills the message in the context's language") {
  CliContext ctx;
  ctx.lang = Lang::kEn;
  CHECK(tr(ctx, Msg::kNotFoundCard, "2000000000015") == "card 2000000000015 not found");
  ctx.lang = Lang::kRu;
  CHECK(tr(ctx, Msg::kNotFoundCard, "2000000000015") == "карта 2000000000015 не найдена");
  // Positional arguments in one language only.
  CHECK(tr(ctx, Msg::kPortNoAccess, "/dev/ttyACM0", "kopilka") ==
        "пользователь службы kopilka не может открыть /dev/ttyACM0");
}

TEST_CASE("the language comes from LC_ALL, then LC_MESSAGES, then LANG") {
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ::setenv("LANG", "ru_RU.UTF-8", 1);
  CHECK(lang_from_environment() == Lang::kRu);
  ::setenv("LC_MESSAGES", "en_US.UTF-8", 1);
  CHECK(lang_from_environment() == Lang::kEn);
  ::setenv("LC_ALL", "ru_RU.UTF-8", 1);
  CHECK(lang_from_environment() == Lang::kRu);
  ::setenv("LC_ALL", "", 1);  // empty means unset
  CHECK(lang_from_environment() == Lang::kEn);
  ::setenv("LC_ALL", "C", 1);
  CHECK(lang_from_environment() == Lang::kEn);
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ::unsetenv("LANG");
  CHECK(lang_from_environment() == Lang::kEn);
}

}  // namespace
}  // namespace kopilka::cli
