// RESTinio glue for head office (the only file that includes RESTinio); see
// http_server.h. One single-threaded server on the caller's io_context, plain or TLS.
#include "office/http_server.h"

#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <chrono>

namespace kopilka::office {

namespace {

constexpr std::uint64_t kMaxBody = 8 * 1024 * 1024;  // a push batch of 500 entries fits
constexpr std::size_t kMaxConnections = 1024;

template <typename Base>
struct Limited : Base {
  static constexpr bool use_connection_count_limiter = true;
};
using PlainTraits = Limited<
    restinio::single_thread_traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>>;
using TlsTraits = Limited<
    restinio::single_thread_tls_traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>>;

HttpRequest to_request(const restinio::request_handle_t& req) {
  HttpRequest r;
  r.method = req->header().method().c_str();
  r.path = std::string(req->header().path());
  try {
    auto query = restinio::parse_query(req->header().query());
    for (const auto& [key, value] : query) r.query.emplace(std::string(key), std::string(value));
  } catch (const std::exception&) {
    r.query.emplace("", "");  // malformed query: routes reject unknown parameters
  }
  r.authorization = req->header().get_field_or(restinio::http_field::authorization, "");
  r.protocol = req->header().get_field_or("Kopilka-Protocol", "");
  r.body = req->body();
  return r;
}

template <typename Traits>
class Server final : public HttpServer {
 public:
  template <typename Settings>
  Server(asio::io_context& io, Settings&& settings)
      : server_(restinio::external_io_context(io), std::forward<Settings>(settings)) {}
  void open() { server_.open_sync(); }
  void close() override {
    if (!closed_) {
      closed_ = true;
      server_.close_sync();
    }
  }

 private:
  restinio::http_server_t<Traits> server_;
  bool closed_ = false;
};

template <typename Traits>
auto base_settings(const OfficeConfig& config, Handler handler) {
  restinio::server_settings_t<Traits> s;
  s.port(config.listen_port)
      .address(config.listen_host)
      .max_parallel_connections(kMaxConnections)
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(kMaxBody))
      .read_next_http_message_timelimit(std::chrono::seconds(30))
      .write_http_response_timelimit(std::chrono::seconds(30))
      .handle_request_timeout(std::chrono::seconds(30))
      .request_handler([handler = std::move(handler)](restinio::request_handle_t req) {
        HttpResponse resp;
        try {
          resp = handler(to_request(req));
        } catch (const std::exception& e) {
          resp = error_response(500, "internal", "internal error");
        }
        req
            ->create_response(restinio::http_status_line_t{
                restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
                std::string(restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)}
                                        .raw_code() == 200
                                ? "OK"
                                : "Status")})
            .append_header(restinio::http_field::content_type, "application/json; charset=utf-8")
            .append_header("Kopilka-Protocol", "1")
            .set_body(resp.body.dump(-1, ' ', false, core::Json::error_handler_t::replace))
            .done();
        return restinio::request_accepted();
      });
  return s;
}

template <typename Traits, typename Settings>
core::Result<std::unique_ptr<HttpServer>> open_server(asio::io_context& io, Settings&& settings) {
  try {
    auto server = std::make_unique<Server<Traits>>(io, std::forward<Settings>(settings));
    server->open();
    return std::unique_ptr<HttpServer>(std::move(server));
  } catch (const std::exception& e) {
    return core::Status::unavailable(std::string("cannot listen: ") + e.what());
  }
}

}  // namespace

core::Result<std::unique_ptr<HttpServer>> start_http_server(asio::io_context& io,
                                                            const OfficeConfig& config,
                                                            Handler handler) {
  if (config.tls_cert.empty()) {
    return open_server<PlainTraits>(io, base_settings<PlainTraits>(config, std::move(handler)));
  }
  asio::ssl::context tls(asio::ssl::context::tls_server);
  try {
    tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    tls.use_certificate_chain_file(config.tls_cert);
    tls.use_private_key_file(config.tls_key, asio::ssl::context::pem);
  } catch (const std::exception& e) {
    return core::Status::invalid(std::string("TLS certificate or key: ") + e.what(), "tls");
  }
  auto settings = base_settings<TlsTraits>(config, std::move(handler));
  settings.tls_context(std::move(tls));
  return open_server<TlsTraits>(io, std::move(settings));
}

}  // namespace kopilka::office
