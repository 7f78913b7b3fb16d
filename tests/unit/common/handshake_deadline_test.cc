// The TLS handshake deadline on real loopback sockets: a socket still in its handshake at
// the deadline is shut down (its peer reads end of stream), one whose handshake ended is
// left alone, and a peer address reused by a later connection gets a deadline of its own.
#include "common/handshake_deadline.h"

#include <doctest/doctest.h>

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>

namespace kopilka::common {

namespace {

using asio::ip::tcp;
using namespace std::chrono_literals;

struct Pair {
  tcp::socket client;
  tcp::socket served;
};

Pair connected(asio::io_context& io, tcp::acceptor& acceptor) {
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket served = acceptor.accept();
  return {std::move(client), std::move(served)};
}

// Runs the loop for `span`, then reports whether the client's side reads end of stream.
bool peer_sees_end(asio::io_context& io, tcp::socket& client, std::chrono::milliseconds span) {
  asio::steady_timer stop(io, span);
  stop.async_wait([&](const asio::error_code&) { io.stop(); });
  io.restart();
  io.run();
  client.non_blocking(true);
  char byte = 0;
  asio::error_code ec;
  client.read_some(asio::buffer(&byte, 1), ec);
  return ec == asio::error::eof;
}

}  // namespace

TEST_CASE("a socket still in its handshake at the deadline is shut down") {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  HandshakeDeadlines deadlines(io, 50ms);
  auto pair = connected(io, acceptor);
  deadlines.started(pair.served.native_handle(), pair.served.remote_endpoint());
  CHECK(deadlines.pending() == 1);
  CHECK_FALSE(peer_sees_end(io, pair.client, 10ms));
  CHECK(peer_sees_end(io, pair.client, 100ms));
  CHECK(deadlines.pending() == 0);
}

TEST_CASE("a socket whose handshake ended before the deadline is left open") {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  HandshakeDeadlines deadlines(io, 50ms);
  auto pair = connected(io, acceptor);
  deadlines.started(pair.served.native_handle(), pair.served.remote_endpoint());
  deadlines.ended(pair.served.remote_endpoint());
  CHECK(deadlines.pending() == 0);
  CHECK_FALSE(peer_sees_end(io, pair.client, 100ms));
}

TEST_CASE("only the sockets past their deadline are shut down") {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  HandshakeDeadlines deadlines(io, 60ms);
  auto early = connected(io, acceptor);
  deadlines.started(early.served.native_handle(), early.served.remote_endpoint());
  CHECK_FALSE(peer_sees_end(io, early.client, 40ms));
  auto late = connected(io, acceptor);
  deadlines.started(late.served.native_handle(), late.served.remote_endpoint());
  CHECK(peer_sees_end(io, early.client, 40ms));      // 80 ms after its start
  CHECK_FALSE(peer_sees_end(io, late.client, 0ms));  // 40 ms after its start
  CHECK(deadlines.pending() == 1);
  CHECK(peer_sees_end(io, late.client, 60ms));
}

TEST_CASE("the tracker destroyed with deadlines pending leaves its timers harmless") {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  auto pair = connected(io, acceptor);
  {
    HandshakeDeadlines deadlines(io, 10ms);
    deadlines.started(pair.served.native_handle(), pair.served.remote_endpoint());
  }
  CHECK_FALSE(peer_sees_end(io, pair.client, 50ms));
}

}  // namespace kopilka::common
