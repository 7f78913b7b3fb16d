// See card_data_guard.h.
#include "office/card_data_guard.h"

#include "core/card_data_fields.h"
#include "core/json_exact.h"

namespace kopilka::office {

std::optional<common::HttpResponse> refuse_card_data(const common::HttpRequest& req) {
  if (req.body.empty() || req.method == "GET" || req.method == "HEAD") return std::nullopt;
  auto body = core::parse_json_exact(req.body);
  if (!body) return std::nullopt;
  auto at = core::field_with_card_data(core::json_plain(*body));
  if (!at) return std::nullopt;
  return common::error_response(
      400, "invalid_request",
      "looks like a bank card's number or its stripe, which head office never keeps", *at);
}

}  // namespace kopilka::office
