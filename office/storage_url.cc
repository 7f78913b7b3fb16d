// Parsing `[storage] url`; see storage_url.h.
#include "office/storage_url.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace kopilka::office {

core::Result<StorageUrl> parse_storage_url(const std::string& url) {
  StorageUrl u;
  if (url == "sqlite") return u;
  const std::string file = "sqlite://";
  if (url.rfind(file, 0) == 0) {
    u.sqlite_path = url.substr(file.size());
    if (u.sqlite_path.size() < 2 || u.sqlite_path[0] != '/' || u.sqlite_path.back() == '/')
      return core::Status::invalid("needs an absolute file path: sqlite:///path/office.db",
                                   "storage.url");
    return u;
  }
  std::string lower = url.substr(0, std::min<std::size_t>(url.size(), 13));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string scheme : {"postgresql://", "postgres://"}) {
    if (lower.rfind(scheme, 0) == 0) {
      u.engine = StorageUrl::Engine::kPostgres;
      u.postgres = scheme + url.substr(scheme.size());
      char* error = nullptr;
      PQconninfoOption* options = PQconninfoParse(u.postgres.c_str(), &error);
      if (!options) {
        std::string why = error ? error : "out of memory";
        PQfreemem(error);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        return core::Status::invalid(
            "is not a PostgreSQL URI libpq can read: " + without_password(why, url), "storage.url");
      }
      PQconninfoFree(options);
      return u;
    }
  }
  return core::Status::invalid(
      "must be \"sqlite\", \"sqlite:///path/office.db\" or \"postgresql://user@host:port/db\"",
      "storage.url");
}

std::string sqlite_lock_dir(const StorageUrl& url, const std::string& data_dir) {
  if (url.sqlite_path.empty()) return data_dir;
  const auto slash = url.sqlite_path.rfind('/');
  return slash == std::string::npos ? std::string(".")
         : slash == 0               ? std::string("/")
                                    : url.sqlite_path.substr(0, slash);
}

std::string without_password(std::string text, const std::string& uri) {
  std::vector<std::string> secrets;
  // The user part: scheme://user:password@host…
  const auto start = uri.find("://");
  if (start != std::string::npos) {
    const auto end = uri.find_first_of("/?", start + 3);
    const auto at = uri.rfind('@', end == std::string::npos ? uri.size() : end);
    if (at != std::string::npos && at > start) {
      const auto colon = uri.find(':', start + 3);
      if (colon != std::string::npos && colon < at)
        secrets.push_back(uri.substr(colon + 1, at - colon - 1));
    }
  }
  // …and ?password=… or &password=…
  for (auto p = uri.find("password="); p != std::string::npos; p = uri.find("password=", p + 1))
    if (p > 0 && (uri[p - 1] == '?' || uri[p - 1] == '&'))
      secrets.push_back(uri.substr(p + 9, uri.find('&', p) - (p + 9)));
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto p = text.find(secret); p != std::string::npos; p = text.find(secret, p + 3))
      text.replace(p, secret.size(), "***");
  }
  return text;
}

}  // namespace kopilka::office
