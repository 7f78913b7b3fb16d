// Log lines about register syncs; see sync_log.h.
#include "office/sync_log.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/log_text.h"

namespace kopilka::office {

namespace {

std::string error_text(const common::HttpResponse& answer) {
  const core::Json& error = answer.body.is_object() && answer.body.contains("error")
                                ? answer.body["error"]
                                : core::Json::object();
  std::string code = error.is_object() ? error.value("code", "") : "";
  std::string message = error.is_object() ? error.value("message", "") : "";
  // A refusal's message may quote what the client sent (a protocol header, an entry id):
  // no card number, and no megabytes, goes into the log with it.
  return std::to_string(answer.status) + (code.empty() ? "" : " " + code) +
         (message.empty() ? "" : ": " + core::log_text(message, 2 * core::kLogTextMax));
}

}  // namespace

common::Respond logging_push(std::string register_id, common::Respond respond) {
  auto started = std::chrono::steady_clock::now();
  return [register_id = std::move(register_id), started,
          respond = std::move(respond)](common::HttpResponse answer) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    if (answer.status == 200 && answer.body.is_object()) {
      std::size_t acked = answer.body.value("acked", core::Json::array()).size();
      std::size_t refused = answer.body.value("refused", core::Json::array()).size();
      spdlog::info("push from register {}: {} entries ({} new, {} refused), {} ms", register_id,
                   acked + refused, answer.body.value("applied", std::size_t{0}), refused, ms);
    } else {
      spdlog::info("push from register {} refused with {} ({} ms)", register_id, error_text(answer),
                   ms);
    }
    respond(std::move(answer));
  };
}

void log_enrolled(const std::string& register_id) {
  spdlog::info("register {} enrolled", register_id);
}

void log_refused(const std::string& what, const common::HttpResponse& answer) {
  spdlog::info("sync {} refused with {}", what, error_text(answer));
}

}  // namespace kopilka::office
