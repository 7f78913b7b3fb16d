// Backup names and their order; see backup_files.h.
#include "register/backup_files.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string_view>

namespace kopilka::daemon {

namespace {

std::optional<std::int64_t> number(std::string_view digits) {
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size() || v < 0) return std::nullopt;
  return v;
}

// "kopilka-00000012-1796405079.db" or "kopilka-1796405079.db"; nullopt for anything else.
std::optional<BackupFile> read_name(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  constexpr std::string_view kPrefix = "kopilka-", kSuffix = ".db";
  if (name.size() <= kPrefix.size() + kSuffix.size() || name.rfind(kPrefix, 0) != 0 ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
    return std::nullopt;
  std::string_view middle(name);
  middle = middle.substr(kPrefix.size(), middle.size() - kPrefix.size() - kSuffix.size());
  BackupFile f;
  f.path = path.string();
  if (auto dash = middle.find('-'); dash != std::string_view::npos) {
    auto seq = number(middle.substr(0, dash));
    auto time = number(middle.substr(dash + 1));
    if (!seq || !time || *seq == 0) return std::nullopt;
    f.seq = *seq;
    f.time = *time;
  } else {
    auto time = number(middle);
    if (!time) return std::nullopt;
    f.time = *time;
  }
  return f;
}

}  // namespace

std::vector<BackupFile> list_backups(const std::string& dir) {
  std::vector<BackupFile> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (auto f = read_name(e.path())) out.push_back(std::move(*f));
  std::sort(out.begin(), out.end(), [](const BackupFile& a, const BackupFile& b) {
    if (a.seq != b.seq) return a.seq < b.seq;
    return a.time != b.time ? a.time < b.time : a.path < b.path;
  });
  return out;
}

std::string next_backup_name(const std::string& dir, core::Instant now) {
  std::int64_t seq = 1;
  for (const auto& f : list_backups(dir)) seq = std::max(seq, f.seq + 1);
  char name[64];
  std::snprintf(name, sizeof name, "kopilka-%08lld-%lld.db", static_cast<long long>(seq),
                static_cast<long long>(now < 0 ? 0 : now));
  return name;
}

}  // namespace kopilka::daemon
