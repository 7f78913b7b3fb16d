// See card_data_guard.h.
#include "office/card_data_guard.h"

#include "core/json_exact.h"
#include "core/payment_card.h"

namespace kopilka::office {

namespace {

// The path of the first text in `j` that holds a bank card's data ("templates[2].text").
std::optional<std::string> card_data_at(const core::Json& j, const std::string& path) {
  if (j.is_string()) {
    if (core::check_free_text(j.get_ref<const std::string&>(), path)) return std::nullopt;
    return path;
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key().find("password") != std::string::npos) continue;
      const std::string at = path.empty() ? it.key() : path + "." + it.key();
      if (!core::check_free_text(it.key(), at)) return at;
      if (auto found = card_data_at(it.value(), at)) return found;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto found = card_data_at(j[i], path + "[" + std::to_string(i) + "]")) return found;
  }
  return std::nullopt;
}

}  // namespace

std::optional<common::HttpResponse> refuse_card_data(const common::HttpRequest& req) {
  if (req.body.empty() || req.method == "GET" || req.method == "HEAD") return std::nullopt;
  auto body = core::parse_json_exact(req.body);
  if (!body) return std::nullopt;
  auto at = card_data_at(core::json_plain(*body), "");
  if (!at) return std::nullopt;
  return common::error_response(
      400, "invalid_request",
      "looks like a bank card's number or its stripe, which head office never keeps", *at);
}

}  // namespace kopilka::office
