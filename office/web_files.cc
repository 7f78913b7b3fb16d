// Looking up the embedded web admin files; see web_files.h.
#include "office/web_files.h"

#include <algorithm>

namespace kopilka::office {

namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Only plain relative segments: the table lookup cannot escape web/ anyway, but a path
// that tries is refused by rule, not by luck.
bool clean(std::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos)
    return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

const WebFile* find_web_file(std::string_view path) {
  if (path == "/" || path.empty()) path = "/index.html";
  if (path == "/favicon.ico") path = "/favicon.svg";
  if (!clean(path)) return nullptr;
  const auto& all = web_files();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const WebFile& f, std::string_view p) { return f.path < p; });
  if (it == all.end() || it->path != path) return nullptr;
  return &*it;
}

std::string web_content_type(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".ico", "image/svg+xml"},  // /favicon.ico is the SVG icon
      {".json", "application/json; charset=utf-8"},
      {".png", "image/png"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {"LICENSE", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes)
    if (ends_with(path, ext)) return std::string(type);
  return "application/octet-stream";
}

std::string web_cache_control(std::string_view path) {
  if (path.substr(0, 8) == "/vendor/" || path == "/favicon.svg" || path == "/favicon.ico")
    return "public, max-age=86400";
  return "no-cache";
}

}  // namespace kopilka::office
