// The escaping formatter behind every log line; see log_text.h.
#include "common/log_text.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace kopilka::common {

std::string escape_control(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

// The syslog priority journald reads from a "<N>" at the start of a line.
char syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical:
      return '2';
    case spdlog::level::err:
      return '3';
    case spdlog::level::warn:
      return '4';
    case spdlog::level::info:
      return '6';
    default:
      return '7';
  }
}

// Escapes the payload, then lets spdlog's own pattern formatter write the line; to the
// journal, after the line's priority.
class EscapingFormatter final : public spdlog::formatter {
 public:
  EscapingFormatter(std::unique_ptr<spdlog::formatter> inner, bool to_journal)
      : inner_(std::move(inner)), to_journal_(to_journal) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    std::string escaped = escape_control(payload);
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
    if (to_journal_) {
      const char prefix[] = {'<', syslog_priority(msg.level), '>'};
      dest.append(prefix, prefix + 3);
    }
    inner_->format(copy, dest);
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<EscapingFormatter>(inner_->clone(), to_journal_);
  }

 private:
  std::unique_ptr<spdlog::formatter> inner_;
  bool to_journal_;
};

// Whether stderr is the systemd journal's stream (JOURNAL_STREAM names its device and inode).
bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  struct stat st {};
  if (!stream || ::fstat(STDERR_FILENO, &st) != 0) return false;
  const std::string expected = std::to_string(static_cast<unsigned long long>(st.st_dev)) + ":" +
                               std::to_string(static_cast<unsigned long long>(st.st_ino));
  return expected == stream;
}

}  // namespace

void escape_log_messages(spdlog::logger& logger) {
  // The journal keeps each line's time and priority itself: the line says its priority
  // ("journalctl -p err" then finds errors) and carries no second time stamp.
  const bool journal = stderr_is_journal();
  auto pattern = journal ? std::make_unique<spdlog::pattern_formatter>("[%n] [%l] %v")
                         : std::make_unique<spdlog::pattern_formatter>();
  logger.set_formatter(std::make_unique<EscapingFormatter>(std::move(pattern), journal));
}

}  // namespace kopilka::common
