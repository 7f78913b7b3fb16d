// GET of any path outside /v1/: the web admin's files, embedded in the binary
// (web_files.h). No sign-in here: the pages hold no data, the API checks every call.
#include "office/routes.h"
#include "office/web_files.h"

namespace kopilka::office {

HttpResponse serve_web(const HttpRequest& req) {
  const WebFile* file = find_web_file(req.path);
  if (!file) return error_response(404, "not_found", "no such path");
  HttpResponse r;
  r.status = 200;
  r.text = std::string(file->bytes);
  r.content_type = web_content_type(file->path);
  r.headers.emplace_back("Cache-Control", web_cache_control(req.path));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (file->path == "/index.html") {
    // Everything the page loads is local; nothing may frame it.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' "
                           "'unsafe-inline'; frame-ancestors 'none'");
    r.headers.emplace_back("X-Frame-Options", "DENY");
  }
  return r;
}

}  // namespace kopilka::office
