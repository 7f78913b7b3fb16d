// The HTTP(S) listener of kopilkad and kopilka-office: RESTinio on the caller's
// io_context, turning each request into an HttpRequest for `handler` and its
// HttpResponse back into HTTP. Only http_server.cc includes RESTinio (it is slow to compile).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "common/http_types.h"

namespace kopilka::common {

// Called on the loop thread for each request; it answers through `respond`.
using Handler = std::function<void(HttpRequest, Respond)>;

struct ListenConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string tls_cert;  // empty: plain HTTP
  std::string tls_key;
  // A body up to max_body_bytes reaches the handler; a bigger one up to 2 × that is read
  // and answered 413 payload_too_large; beyond that the connection is dropped unread
  // (RESTinio's parser limit), so a hostile client cannot make us buffer without bound.
  std::uint64_t max_body_bytes = 1024 * 1024;
  // Connections served at once, idle keep-alive ones and long polls included. Well above
  // what an attacker on the same machine or LAN needs to open before the read deadline
  // closes them; start_http_server lowers it to fit the open-file limit.
  std::size_t max_connections = 4096;
  // Of those, how many one client address may hold at once (0: no limit), so that one
  // address cannot take every slot; addresses `unlimited_address` names (a trusted proxy,
  // through which many clients come) are held to max_connections only.
  std::size_t max_connections_per_address = 0;
  std::function<bool(const std::string& address)> unlimited_address;
  // A request, head and body, must arrive whole within this time of the connection opening
  // or of the previous answer; otherwise the connection is closed. This is also the idle
  // keep-alive limit. A slowloris client or a pile of idle connections so holds a slot for
  // at most this long.
  std::chrono::seconds read_timeout{5};
  // A client that does not read its answer is dropped after this.
  std::chrono::seconds write_timeout{10};
  // How long a handler may take to answer; a long poll (GET /v1/events, up to 60 s) must
  // fit inside it.
  std::chrono::seconds handle_timeout{30};
};

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  // Stops accepting; requests in flight finish.
  virtual void close() = 0;
};

// Raises this process's soft limit on open files to its hard limit (each connection holds
// one) and returns the soft limit now in force. Call once at start, before threads.
std::uint64_t raise_open_file_limit();

// Binds and starts listening (errors, like a port in use, come back as a Status before
// anything runs). TLS when config names a certificate, plain HTTP otherwise.
core::Result<std::unique_ptr<HttpServer>> start_http_server(asio::io_context& io,
                                                            const ListenConfig& config,
                                                            Handler handler);

}  // namespace kopilka::common
