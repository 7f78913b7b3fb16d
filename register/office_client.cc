// libcurl under the register's calls to head office: one easy handle per call,
// CURLOPT_NOSIGNAL (the daemon has threads and its own signal handling), a size cap on
// answers, and the answer parsed with the exact JSON reader so no amount ever passes
// through floating point.
#include "register/office_client.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

namespace kopilka::daemon {

namespace {

constexpr std::size_t kMaxAnswerBytes = 256u * 1024u * 1024u;  // a pull page of 5 000 cards fits

struct Sink {
  std::string text;
  bool too_big = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->text.size() + n > kMaxAnswerBytes) {
    sink->too_big = true;
    return 0;  // aborts the transfer
  }
  sink->text.append(data, n);
  return n;
}

// The value of a header line "Name: value\r\n" when its name is `name` (any case), else
// nullopt.
std::optional<std::string> header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return std::nullopt;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) !=
        std::tolower(static_cast<unsigned char>(name[i])))
      return std::nullopt;
  std::string_view value = line.substr(name.size() + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
    value.remove_suffix(1);
  return std::string(value);
}

// Reads the Date header, for the clock comparison `kopilka doctor` makes, and head office's
// epoch.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::size_t n = size * count;
  std::string_view line(data, n);
  auto* answer = static_cast<OfficeAnswer*>(user);
  if (auto date = header_value(line, "Date")) answer->date = curl_getdate(date->c_str(), nullptr);
  if (auto epoch = header_value(line, "Kopilka-Office-Epoch")) answer->epoch = std::move(*epoch);
  return n;
}

// A proxy URL may carry user:password@; an error text must not.
std::string without_password(const std::string& url) {
  auto scheme = url.find("://");
  auto start = scheme == std::string::npos ? 0 : scheme + 3;
  auto at = url.find('@', start);
  return at == std::string::npos ? url : url.substr(0, start) + url.substr(at + 1);
}

bool tls_failure(CURLcode rc) {
  return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR ||
         rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM ||
         rc == CURLE_SSL_ISSUER_ERROR;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel && cancel->load() ? 1 : 0;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

void office_client_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

OfficeEndpoint office_endpoint(const OfficeLink& link, std::string credential) {
  OfficeEndpoint e;
  e.url = link.url;
  e.ca_file = link.ca_file;
  e.proxy = link.proxy;
  e.credential = std::move(credential);
  return e;
}

core::Result<OfficeAnswer> office_call(const OfficeEndpoint& endpoint, const OfficeRequest& request,
                                       const std::atomic<bool>* cancel) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return core::Status::internal("libcurl could not start a request");
  std::string url = endpoint.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += request.path;

  std::unique_ptr<curl_slist, ListDeleter> headers;
  auto add = [&headers](const std::string& h) {
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  };
  add("Kopilka-Protocol: " + std::to_string(kSyncProtocol));
  add("Accept: application/json");
  if (!endpoint.credential.empty()) add("Authorization: Bearer " + endpoint.credential);
  if (request.method == "POST") add("Content-Type: application/json");
  for (const auto& [name, value] : request.headers) add(name + ": " + value);
  add("Expect:");  // no 100-continue round trip for large pushes

  Sink sink;
  OfficeAnswer answer;
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(endpoint.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(endpoint.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  if (!endpoint.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, endpoint.ca_file.c_str());
  // Only the configured proxy: never one from the environment.
  curl_easy_setopt(c, CURLOPT_PROXY, endpoint.proxy.c_str());
  if (cancel) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, cancel);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode rc = curl_easy_perform(c);
  if (sink.too_big) return core::Status::unavailable("head office's answer was too large");
  if (rc != CURLE_OK) {
    if (rc == CURLE_ABORTED_BY_CALLBACK) return core::Status::unavailable("cancelled");
    // For TLS, curl's own sentence names the cause ("SSL certificate problem: self-signed
    // certificate"); otherwise its code's text, which carries no timings, so the daemon's
    // sync and `kopilka doctor` report one failure in the same words.
    std::string via =
        endpoint.proxy.empty() ? "" : " (through proxy " + without_password(endpoint.proxy) + ")";
    // The handshake itself failed (no certificate was judged): most often https:// typed for
    // a head office that speaks plain HTTP on a loopback trial.
    if (rc == CURLE_SSL_CONNECT_ERROR)
      return core::Status(
          core::Code::kUnavailable,
          "head office at " + endpoint.url + via +
              ": the TLS handshake failed: " + (error[0] != 0 ? error : curl_easy_strerror(rc)) +
              " (is it plain HTTP? A head office with insecure_http = true speaks http:// "
              "only; otherwise check that the address is head office's and its [tls] is set)",
          kOfficeTlsField);
    if (tls_failure(rc))
      return core::Status(
          core::Code::kUnavailable,
          "head office at " + endpoint.url + via + ": TLS certificate not accepted: " +
              (error[0] != 0 ? error : curl_easy_strerror(rc)) +
              " (a head office with its own CA: kopilka enroll … --ca-file FILE, or on an "
              "enrolled register kopilka config set office.ca_file FILE; check the clock, and "
              "https:// against http://)",
          kOfficeTlsField);
    // A head office with [tls] answers plain HTTP with nothing at all, as does one that
    // stops during the request: say both, since the error cannot tell them apart.
    const bool plain = endpoint.url.rfind("http://", 0) == 0;
    const bool no_http_answer =
        rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR || rc == CURLE_WEIRD_SERVER_REPLY;
    return core::Status::unavailable(
        "head office unreachable at " + endpoint.url + via + ": " + curl_easy_strerror(rc) +
        (plain && no_http_answer
             ? " (the connection closed with no answer: head office may have stopped "
               "during the request, see its log; or it has [tls] and speaks only HTTPS, so "
               "use https://… with --ca-file for its own certificate; http:// works only "
               "with insecure_http = true in its office.toml, on loopback)"
             : ""));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer.status);
  if (sink.text.rfind("{\"format\":2,", 0) == 0) {
    answer.text = std::move(sink.text);  // lines, read by read_pulled_page
  } else if (!sink.text.empty()) {
    auto parsed = core::parse_json_exact(sink.text);
    if (parsed) answer.body = std::move(*parsed);
  }
  return answer;
}

std::string office_error_text(const OfficeAnswer& answer) {
  const core::Json& b = answer.body;
  if (b.is_object() && b.contains("error") && b["error"].is_object() &&
      b["error"].contains("message") && b["error"]["message"].is_string())
    return b["error"]["message"].get<std::string>();
  return "head office answered HTTP " + std::to_string(answer.status);
}

}  // namespace kopilka::daemon
