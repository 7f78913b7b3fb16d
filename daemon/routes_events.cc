// GET /v1/events: the POS's long poll for scanner events. Parses `after` and `wait` and
// hands the request to the event bus, which answers now or when an event or the wait's
// end comes, without blocking the loop.
#include <algorithm>

#include "daemon/app.h"

namespace kopilka::daemon {

void route_events(App& app, const HttpRequest& req, Respond respond) {
  if (req.method != "GET") return respond(error_response(405, "method_not_allowed", "use GET"));
  auto number = [&](const char* key, std::int64_t fallback,
                    std::int64_t max) -> core::Result<std::int64_t> {
    auto it = req.query.find(key);
    if (it == req.query.end()) return fallback;
    const std::string& v = it->second;
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
      return Status::invalid("must be a whole number", key);
    // A number past what 18 digits hold is past every limit: "above 60 counts as 60".
    if (v.size() > 18) return max;
    std::int64_t n = std::stoll(v);
    return std::min(n, max);
  };
  auto after = number("after", 0, INT64_MAX);
  if (!after) return respond(status_response(after.status()));
  auto wait = number("wait", 0, 60);
  if (!wait) return respond(status_response(wait.status()));
  app.events->poll(*after, static_cast<int>(*wait), std::move(respond));
}

}  // namespace kopilka::daemon
