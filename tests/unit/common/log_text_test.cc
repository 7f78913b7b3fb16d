// Log lines a request cannot forge: escape_control and the formatter that applies it.
#include <doctest/doctest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
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

TEST_CASE("to the journal a line starts with its syslog priority and carries no time") {
  // Every line reached the journal at priority info: `journalctl -p err` showed no error.
  struct stat st {};
  REQUIRE(::fstat(STDERR_FILENO, &st) == 0);
  const std::string stream = std::to_string(static_cast<unsigned long long>(st.st_dev)) + ":" +
                             std::to_string(static_cast<unsigned long long>(st.st_ino));
  const char* before = std::getenv("JOURNAL_STREAM");
  const std::string kept = before ? before : "";
  ::setenv("JOURNAL_STREAM", stream.c_str(), 1);
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("kopilkad", sink);
  kopilka::common::escape_log_messages(logger);
  logger.error("database damaged");
  logger.warn("listening on a non-loopback address");
  logger.info("ready");
  if (before)
    ::setenv("JOURNAL_STREAM", kept.c_str(), 1);
  else
    ::unsetenv("JOURNAL_STREAM");
  CHECK(out.str() ==
        "<3>[kopilkad] [error] database damaged\n"
        "<4>[kopilkad] [warning] listening on a non-loopback address\n"
        "<6>[kopilkad] [info] ready\n");
  // Anywhere else (a terminal, a file) the line keeps spdlog's time stamp and no prefix.
  std::ostringstream plain;
  spdlog::logger other("kopilkad", std::make_shared<spdlog::sinks::ostream_sink_mt>(plain));
  kopilka::common::escape_log_messages(other);
  other.error("x");
  CHECK(plain.str().rfind("[20", 0) == 0);
}
