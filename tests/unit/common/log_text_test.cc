// Log lines a request cannot forge: escape_control and the formatter that applies it.
#include <doctest/doctest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "common/log_text.h"

using kopilka::common::escape_control;

TEST_CASE("control characters are escaped, printable text passes unchanged") {
  CHECK(escape_control("R-1\n2026-11-30 [info] receipt FAKE confirmed") ==
        "R-1\\n2026-11-30 [info] receipt FAKE confirmed");
  CHECK(escape_control("a\x1b[31mred") == "a\\x1b[31mred");
  CHECK(escape_control(std::string("\0\r\t\x7f", 4)) == "\\x00\\r\\t\\x7f");
  CHECK(escape_control("a\\nb") == "a\\\\nb");  // a literal backslash cannot fake an escape
  CHECK(escape_control("Шампунь R-0001 ✓") == "Шампунь R-0001 ✓");
  CHECK(escape_control("") == "");
}

TEST_CASE("a logger with escaping writes one line per record") {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("test", sink);
  kopilka::common::escape_log_messages(logger);
  logger.info("receipt {} confirmed", "X\n[info] receipt Y confirmed\x1b[2J");
  std::string text = out.str();
  REQUIRE(!text.empty());
  CHECK(text.find('\n') == text.size() - 1);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("receipt X\\n[info] receipt Y confirmed\\x1b[2J confirmed") != std::string::npos);
}
