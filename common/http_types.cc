// Error bodies and the one place where a Status becomes an HTTP status; see http_types.h.
#include "common/http_types.h"

#include <cctype>
#include <string_view>

namespace kopilka::common {

HttpResponse error_response(int status, const std::string& code, const std::string& message,
                            const std::string& field) {
  core::Json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  return {status, core::Json{{"error", std::move(error)}}};
}

HttpResponse status_response(const core::Status& s) {
  switch (s.code()) {
    case core::Code::kOk:
      return {200, core::Json::object()};
    case core::Code::kInvalid:
      return error_response(400, "invalid_request", s.message(), s.field());
    case core::Code::kNotFound:
      return error_response(404, "not_found", s.message(), s.field());
    case core::Code::kConflict:
      return error_response(409, "conflict", s.message(), s.field());
    case core::Code::kUnavailable:
      return error_response(503, "storage_unavailable", s.message());
    case core::Code::kCorrupt:
      return error_response(500, "storage_corrupt", s.message());
    case core::Code::kInternal:
      break;
  }
  return error_response(500, "internal", s.message());
}

std::string bearer_token(const std::string& authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || authorization[kScheme.size()] != ' ') return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return {};
  return authorization.substr(kScheme.size() + 1);  // as sent: a bent token does not match
}

}  // namespace kopilka::common
