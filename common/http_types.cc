// Error bodies and the one place where a Status becomes an HTTP status; see http_types.h.
#include "common/http_types.h"

#include <cctype>
#include <string_view>

namespace kopilka::common {

core::Result<core::Json> request_json(std::string_view body) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (body.substr(0, kByteOrderMark.size()) == kByteOrderMark)
    body.remove_prefix(kByteOrderMark.size());
  auto j = core::parse_json_exact(body);
  if (!j) return core::Status::invalid(j.status().message(), j.status().field());
  return std::move(*j);
}

HttpResponse error_response(int status, const std::string& code, const std::string& message,
                            const std::string& field) {
  core::Json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  HttpResponse r{status, core::Json{{"error", std::move(error)}}};
  // What HTTP asks of these two (RFC 9110): how to authenticate, which methods a path takes.
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"kopilka\"");
  if (status == 405 && message.rfind("use ", 0) == 0) {
    std::string allow = message.substr(4);
    if (auto o = allow.find(" or "); o != std::string::npos) allow.replace(o, 4, ", ");
    r.headers.emplace_back("Allow", allow);
  }
  return r;
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
  // As sent, but for the whitespace around a field's value, which is not part of it (RFC
  // 9110 5.5): a POS that pads the header must not get 401 for a right token.
  std::string token = authorization.substr(kScheme.size() + 1);
  token.erase(token.find_last_not_of(" \t") + 1);
  return token;
}

}  // namespace kopilka::common
