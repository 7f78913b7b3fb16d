// The HTTP client for the local daemon: one libcurl easy handle per call, bearer token from
// the config, the answer's JSON parsed exactly. A connection refused becomes kUnavailable
// with the address named, so every command can say "kopilkad is not running".
#include <curl/curl.h>

#include <memory>

#include "cli/cli_context.h"
#include "cli/messages.h"
#include "common/instance_lock.h"

namespace kopilka::cli {
namespace {

std::size_t collect_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string host_for_url(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

std::string health_service(const core::Json& health) {
  if (!health.is_object()) return "a program that is not kopilkad";
  if (health.contains("service") && health["service"].is_string())
    return health["service"].get<std::string>();
  // A kopilkad from before `service` (still running after an upgrade) answers these.
  if (health.contains("register_id") && health.contains("scanners")) return "kopilkad";
  return "a program that is not kopilkad";
}

core::Result<DaemonAnswer> call_daemon(const daemon::DaemonConfig& config,
                                       const std::string& method, const std::string& path,
                                       const std::string& body, Token token, long timeout_s) {
  // A token goes only to kopilkad: whatever else holds its address (head office started on
  // the same port, another service) is named and gets nothing.
  if (token != Token::kNone) {
    auto health = call_daemon(config, "GET", "/v1/health", "", Token::kNone, 5);
    if (health) {
      // Anything that is not kopilkad's JSON, or a health that names another service.
      const std::string service = health_service(health->body);
      if (!health->body.is_object() || (health->status == 200 && service != "kopilkad")) {
        CliContext lang_only;
        lang_only.lang = lang_from_environment();
        return core::Status::unavailable(tr(
            lang_only, Msg::kNotKopilkad,
            host_for_url(config.listen_host) + ":" + std::to_string(config.listen_port), service));
      }
    }
  }
  // A daemon listening on every address is reached over loopback.
  std::string host = config.listen_host == "0.0.0.0" ? "127.0.0.1"
                     : config.listen_host == "::"    ? "::1"
                                                     : config.listen_host;
  std::string address = host_for_url(host) + ":" + std::to_string(config.listen_port);
  std::string url = "http://" + address + path;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return core::Status::internal("libcurl could not start");
  std::string received;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  if (token != Token::kNone) {
    const std::string& t = token == Token::kAdmin ? config.admin_token : config.pos_token;
    headers = curl_slist_append(headers, ("Authorization: Bearer " + t).c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers,
                                                                           curl_slist_free_all);
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");  // the daemon is local; never via a proxy
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 3L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &received);
  if (!body.empty() || method == "POST" || method == "PUT") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    CliContext lang_only;
    lang_only.lang = lang_from_environment();
    // Running on this data_dir but not there: started before `listen` changed, or with
    // another config. "Start it" would change nothing.
    if (auto pid = common::InstanceLock::holder(config.data_dir, "kopilkad"))
      return core::Status::unavailable(tr(lang_only, Msg::kDaemonElsewhere, std::to_string(*pid),
                                          config.data_dir, address, curl_easy_strerror(rc)));
    return core::Status::unavailable(
        tr(lang_only, Msg::kDaemonDown, address, curl_easy_strerror(rc)));
  }
  DaemonAnswer answer;
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  answer.status = static_cast<int>(status);
  if (!received.empty()) {
    auto parsed = core::parse_json_exact(received);
    // Not kopilkad's answer at all: say so rather than fail to read it.
    if (!parsed) {
      if (path == "/v1/health") return answer;
      return core::Status::internal("kopilkad answered something that is not JSON");
    }
    answer.body = std::move(*parsed);
  }
  return answer;
}

core::Status daemon_error(const DaemonAnswer& answer) {
  std::string message = "kopilkad answered HTTP " + std::to_string(answer.status);
  std::string field, code;
  if (answer.body.is_object() && answer.body.contains("error") &&
      answer.body["error"].is_object()) {
    const auto& e = answer.body["error"];
    if (e.contains("message") && e["message"].is_string()) message = e["message"];
    if (e.contains("field") && e["field"].is_string()) field = e["field"];
    if (e.contains("code") && e["code"].is_string()) code = e["code"];
  }
  switch (answer.status) {
    case 400:
    case 422:
      return core::Status::invalid(message, field);
    case 401:
    case 403:
      return core::Status::unavailable(message +
                                       " (the token in the config does not match "
                                       "the running kopilkad; restart it)");
    case 404:
      return core::Status::not_found(message);
    case 409:
      return core::Status::conflict(message);
    case 503:
      return core::Status::unavailable(message);
    default:
      return core::Status::internal(message);
  }
}

core::Result<core::Json> daemon_json(const daemon::DaemonConfig& config, const std::string& method,
                                     const std::string& path, const core::Json& body, Token token,
                                     long timeout_s) {
  auto answer =
      call_daemon(config, method, path, body.is_null() ? "" : body.dump(), token, timeout_s);
  if (!answer) return answer.status();
  if (answer->status < 200 || answer->status >= 300) return daemon_error(*answer);
  return std::move(answer->body);
}

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace kopilka::cli
