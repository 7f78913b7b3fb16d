// Head office's HTTP(S) listener: RESTinio on the caller's io_context, turning each
// request into an HttpRequest for `handler` and its HttpResponse back into HTTP.
#pragma once

#include <functional>
#include <memory>

#include <asio/io_context.hpp>

#include "office/config.h"
#include "office/http_types.h"

namespace kopilka::office {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  // Stops accepting; requests in flight finish.
  virtual void close() = 0;
};

// Binds and starts listening (errors, like a port in use, come back as a Status before
// anything runs). TLS when config names a certificate, plain HTTP otherwise.
core::Result<std::unique_ptr<HttpServer>> start_http_server(asio::io_context& io,
                                                            const OfficeConfig& config,
                                                            Handler handler);

}  // namespace kopilka::office
