// Tests of cli/usage_errors: CLI11's sentences are translated.
#include "cli/usage_errors.h"

#include <doctest/doctest.h>

namespace kopilka::cli {
namespace {

TEST_CASE("CLI11's usage sentences in Russian") {
  CliContext ru;
  ru.lang = Lang::kRu;
  CliContext en;
  en.lang = Lang::kEn;
  CHECK(translate_cli11(ru, "--timeout: Value 0 not in range 1 to 3600") ==
        "--timeout: значение 0 вне диапазона от 1 до 3600");
  CHECK(translate_cli11(ru, "--baud: Value 5 not in range [1200 - 921600]") ==
        "--baud: значение 5 вне диапазона от 1200 до 921600");
  CHECK(translate_cli11(ru, "NUMBER is required") == "NUMBER: обязательный параметр");
  CHECK(translate_cli11(ru, "--reason is required") == "--reason: обязательный параметр");
  CHECK(translate_cli11(ru, "The following argument was not expected: x") == "лишние аргументы: x");
  CHECK(translate_cli11(en, "NUMBER is required") == "NUMBER is required");
}

}  // namespace
}  // namespace kopilka::cli
