// The web admin's files (web/), compiled into kopilka-office at build time
// (cmake/KopilkaEmbedFiles.cmake), and how they are served: type and caching per file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kopilka::office {

struct WebFile {
  std::string_view path;   // "/index.html", "/js/main.js"
  std::string_view bytes;  // the file's content, exactly
};

// Every embedded file, sorted by path (generated web_files_data.cc).
const std::vector<WebFile>& web_files();

// The file a GET of `path` serves ("/" is /index.html, /favicon.ico the SVG icon); null
// for anything else, including any path with "..", "." or empty segments or a backslash.
const WebFile* find_web_file(std::string_view path);

// Content-Type by the file's extension; application/octet-stream when unknown.
std::string web_content_type(std::string_view path);

// Cache-Control: pages and the app's own scripts are revalidated on every load (an
// upgrade shows at once); vendored libraries and the icon may be kept for a day.
std::string web_cache_control(std::string_view path);

}  // namespace kopilka::office
