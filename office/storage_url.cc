// Parsing `[storage] url`; see storage_url.h.
#include "office/storage_url.h"

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
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    if (url.rfind(scheme, 0) == 0) {
      u.engine = StorageUrl::Engine::kPostgres;
      u.postgres = url;
      return u;
    }
  }
  return core::Status::invalid(
      "must be \"sqlite\", \"sqlite:///path/office.db\" or \"postgresql://user@host:port/db\"",
      "storage.url");
}

}  // namespace kopilka::office
