// url_escape and url_unescape (url_escape.h).
#include "office/url_escape.h"

#include <curl/curl.h>

#include <climits>
#include <memory>

namespace kopilka::office {

namespace {
struct CurlFree {
  void operator()(char* p) const { curl_free(p); }
};
}  // namespace

std::string url_escape(std::string_view text) {
  if (text.empty() || text.size() > INT_MAX) return {};
  std::unique_ptr<char, CurlFree> out(
      curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())));
  return out ? std::string(out.get()) : std::string();
}

std::string url_unescape(std::string_view text) {
  if (text.find('%') == std::string_view::npos || text.size() > INT_MAX) return std::string(text);
  int length = 0;
  std::unique_ptr<char, CurlFree> out(
      curl_easy_unescape(nullptr, text.data(), static_cast<int>(text.size()), &length));
  return out ? std::string(out.get(), static_cast<std::size_t>(length)) : std::string(text);
}

}  // namespace kopilka::office
