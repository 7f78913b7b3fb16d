// RESTinio glue (the only file that includes RESTinio); see http_server.h. One single-threaded
// server on the caller's io_context, plain or TLS.
#include "common/http_server.h"

#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <asio/post.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "common/connections_per_address.h"
#include "common/handshake_deadline.h"

namespace kopilka::common {
namespace {

// Given to the socket options setter as an "option" so that it can reach the accepted
// socket (below).
struct HandshakeStart {
  HandshakeDeadlines* deadlines;
};

}  // namespace
}  // namespace kopilka::common

namespace restinio {
// RESTinio gives the socket options setter only set_option and get_option over each
// accepted socket; this specialisation is how the setter reaches the socket's descriptor
// and peer, to put a deadline on its TLS handshake.
template <>
inline void socket_options_t::set_option<kopilka::common::HandshakeStart>(
    const kopilka::common::HandshakeStart& start) {
  asio::error_code ec;
  auto peer = m_socket.remote_endpoint(ec);
  if (!ec) start.deadlines->started(m_socket.native_handle(), peer);
}
}  // namespace restinio

namespace kopilka::common {

namespace {

// Told by RESTinio of each connection's state: a TLS handshake done (accepted), or a
// connection closed (a failed handshake included). A handshake's deadline goes either way
// (TLS only); a closed connection no longer counts for its address.
struct ConnectionListener {
  std::shared_ptr<HandshakeDeadlines> deadlines;  // null: plain HTTP
  std::shared_ptr<ConnectionsPerAddress> per_address;
  void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
    if (deadlines) deadlines->ended(notice.remote_endpoint());
    const auto cause = notice.cause();
    const auto address = notice.remote_endpoint().address();
    if (restinio::get_if<restinio::connection_state::closed_t>(&cause) && !address.is_loopback()) {
      try {
        per_address->closed(address.to_string());
      } catch (const std::exception&) {  // an address's text could not be made: not counted
      }
    }
  }
};

// Asked by RESTinio before it takes a new connection: refused once its address holds its
// share (ConnectionsPerAddress). This machine's own clients (loopback: a POS beside
// kopilkad, a monitor beside head office) are held to the global limit only.
struct AddressGate {
  std::shared_ptr<ConnectionsPerAddress> per_address;
  restinio::ip_blocker::inspection_result_t inspect(
      const restinio::ip_blocker::incoming_info_t& info) noexcept {
    const auto address = info.remote_endpoint().address();
    if (address.is_loopback()) return restinio::ip_blocker::allow();
    try {
      return per_address->admit(address.to_string()) ? restinio::ip_blocker::allow()
                                                     : restinio::ip_blocker::deny();
    } catch (const std::exception&) {
      return restinio::ip_blocker::allow();  // the global limit still holds
    }
  }
};

template <typename Base>
struct Served : Base {
  static constexpr bool use_connection_count_limiter = true;
  using connection_state_listener_t = ConnectionListener;
  using ip_blocker_t = AddressGate;
};

using PlainTraits = Served<
    restinio::single_thread_traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>>;
using TlsTraits = Served<
    restinio::single_thread_tls_traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>>;

std::string reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 426:
      return "Upgrade Required";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

HttpRequest to_request(const restinio::request_handle_t& req) {
  HttpRequest r;
  r.method = req->header().method().c_str();
  r.path = std::string(req->header().path());
  try {
    // Relaxed: RFC 3339 times arrive with ':' and '+' unescaped from many POS clients.
    auto query =
        restinio::parse_query<restinio::parse_query_traits::relaxed>(req->header().query());
    for (const auto& [key, value] : query) r.query.emplace(std::string(key), std::string(value));
  } catch (const std::exception&) {
    r.query_malformed = true;
  }
  r.authorization = req->header().get_field_or(restinio::http_field::authorization, "");
  r.protocol = req->header().get_field_or("Kopilka-Protocol", "");
  r.cookie = req->header().get_field_or(restinio::http_field::cookie, "");
  r.csrf_token = req->header().get_field_or("X-CSRF-Token", "");
  r.content_type = req->header().get_field_or(restinio::http_field::content_type, "");
  r.remote_address = req->remote_endpoint().address().to_string();
  req->header().for_each_value_of("X-Forwarded-For", [&r](restinio::string_view_t v) {
    if (!r.forwarded_for.empty()) r.forwarded_for += ',';
    r.forwarded_for.append(v.data(), v.size());
    return restinio::http_header_fields_t::continue_enumeration();
  });
  r.register_version = req->header().get_field_or("Kopilka-Register-Version", "");
  r.register_pending = req->header().get_field_or("Kopilka-Pending", "");
  r.register_clock = req->header().get_field_or("Kopilka-Clock", "");
  r.register_sync_interval = req->header().get_field_or("Kopilka-Sync-Interval", "");
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

// Files kept free of connections for the database, its journal, backups, logs, scanners
// and the sync client.
constexpr std::uint64_t kReservedFiles = 256;

// `wanted` lowered so that connections cannot use up the open-file limit: at the limit
// accept() would fail and the server could not even answer /v1/health.
std::size_t connection_limit(std::size_t wanted) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur == RLIM_INFINITY) return wanted;
  // A limit that cannot be read (a seccomp filter denying prlimit64) is taken as Linux's
  // usual default rather than as no limit.
  std::uint64_t soft = getrlimit(RLIMIT_NOFILE, &files) == 0 ? files.rlim_cur : 1024;
  std::uint64_t room = soft > 2 * kReservedFiles ? soft - kReservedFiles : soft / 2;
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(wanted, std::max<std::uint64_t>(room, 1)));
}

// `deadlines`: the TLS handshakes' (null on plain HTTP).
template <typename Traits>
auto base_settings(asio::io_context& io, const ListenConfig& config, Handler handler,
                   std::shared_ptr<HandshakeDeadlines> deadlines = nullptr) {
  restinio::server_settings_t<Traits> s;
  auto per_address = std::make_shared<ConnectionsPerAddress>(config.max_connections_per_address,
                                                             config.unlimited_address);
  s.ip_blocker(std::make_shared<AddressGate>(AddressGate{per_address}));
  s.connection_state_listener(
      std::make_shared<ConnectionListener>(ConnectionListener{deadlines, per_address}));
  if (deadlines) {
    s.socket_options_setter([deadlines](restinio::socket_options_t& options) {
      options.set_option(HandshakeStart{deadlines.get()});
    });
  }
  s.port(config.port)
      .address(config.host)
      .max_parallel_connections(connection_limit(config.max_connections))
      .incoming_http_msg_limits(
          restinio::incoming_http_msg_limits_t{}.max_body_size(2 * config.max_body_bytes))
      .read_next_http_message_timelimit(config.read_timeout)
      .write_http_response_timelimit(config.write_timeout)
      .handle_request_timeout(config.handle_timeout)
      .request_handler([&io, handler = std::move(handler),
                        // Tells clients when an idle connection will be closed, so that
                        // those that read it reconnect instead of racing the deadline.
                        keep_alive = "timeout=" + std::to_string(config.read_timeout.count()),
                        max_body = config.max_body_bytes](restinio::request_handle_t req) {
        // The answer is handed to RESTinio on a later turn of the loop, never from inside
        // this handler: RESTinio 0.6 reads the next pipelined request as soon as an answer
        // arrives during the handler, and restarts that read when the answer's write ends,
        // losing the answer to the second request and never reading the third. Answered
        // later, the pipeline runs one request at a time: read, handle, write, read the next.
        // HEAD is answered as GET without the body (RFC 9110 9.3.2): monitors probe
        // /v1/health so, and a server must not answer it 405 where GET works.
        const bool head = req->header().method() == restinio::http_method_head();
        auto respond = [req, &io, keep_alive, head](HttpResponse resp) {
          asio::post(io, [req, keep_alive, head, resp = std::move(resp)]() mutable {
            auto code = restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)};
            const restinio::http_status_line_t status{code, reason_phrase(resp.status)};
            auto headers = [&](auto& out) {
              out.append_header(restinio::http_field::content_type,
                                resp.content_type.empty() ? "application/json; charset=utf-8"
                                                          : resp.content_type)
                  .append_header("Kopilka-Protocol", "1")
                  .append_header("Keep-Alive", keep_alive)
                  // The clock a peer compares with its own (kopilka doctor: head office's).
                  .append_header_date_field();
              for (auto& [name, value] : resp.headers) out.append_header(name, std::move(value));
            };
            std::string body =
                !resp.text.empty()
                    ? std::move(resp.text)
                    : resp.body.dump(-1, ' ', false, core::Json::error_handler_t::replace);
            if (head) {
              // The length GET's body would have, and no body (RFC 9110 8.6): a set body
              // made RESTinio say "Content-Length: 0", which a HEAD answer must not.
              auto out = req->create_response<restinio::user_controlled_output_t>(status);
              headers(out);
              out.set_content_length(body.size());
              out.done();
              return;
            }
            auto out = req->create_response(status);
            headers(out);
            out.set_body(std::move(body)).done();
          });
        };
        if (req->body().size() > max_body) {
          respond(error_response(413, "payload_too_large",
                                 "the body is over " + std::to_string(max_body) + " bytes"));
          return restinio::request_accepted();
        }
        try {
          HttpRequest request = to_request(req);
          if (head) request.method = "GET";
          handler(std::move(request), respond);
        } catch (const std::exception&) {
          respond(error_response(500, "internal", "internal error"));
        }
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

std::uint64_t raise_open_file_limit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return 0;
  if (files.rlim_cur != files.rlim_max) {
    rlimit raised = files;
    raised.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) files = raised;
  }
  return files.rlim_cur;
}

core::Result<std::unique_ptr<HttpServer>> start_http_server(asio::io_context& io,
                                                            const ListenConfig& config,
                                                            Handler handler) {
  if (config.tls_cert.empty()) {
    return open_server<PlainTraits>(io, base_settings<PlainTraits>(io, config, std::move(handler)));
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
  // The handshake gets the time a request gets (read_timeout) from the connection's accept;
  // RESTinio's own deadlines start after it.
  auto deadlines = std::make_shared<HandshakeDeadlines>(
      io, std::chrono::duration_cast<std::chrono::milliseconds>(config.read_timeout));
  auto settings = base_settings<TlsTraits>(io, config, std::move(handler), deadlines);
  settings.tls_context(std::move(tls));
  return open_server<TlsTraits>(io, std::move(settings));
}

}  // namespace kopilka::common
