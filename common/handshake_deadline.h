// A deadline on each TLS connection's handshake. RESTinio 0.6 starts a connection's read
// deadline only once its handshake is done, so a client that connected to an HTTPS port
// and sent nothing (an attacker, or a shop's modem that dropped mid-handshake) held one of
// the server's connection slots for good: enough of them and head office accepted nobody.
// The listener tells this tracker of each accepted socket and of each handshake that ends;
// a socket still in its handshake at the deadline is shut down, which fails the handshake
// and lets the connection close as any failed one does.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

namespace kopilka::common {

class HandshakeDeadlines {
 public:
  HandshakeDeadlines(asio::io_context& io, std::chrono::milliseconds limit);
  HandshakeDeadlines(const HandshakeDeadlines&) = delete;
  HandshakeDeadlines& operator=(const HandshakeDeadlines&) = delete;

  // A connection from `peer` accepted on socket `fd`, its handshake about to start. A live
  // connection's peer address and port are unique on one listening port, so they name it.
  void started(int fd, const asio::ip::tcp::endpoint& peer);
  // Its handshake finished, or the connection closed: no deadline any more.
  void ended(const asio::ip::tcp::endpoint& peer);
  // Connections still in their handshake.
  std::size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    int fd;
    std::uint64_t generation;  // tells a reused peer address from the one the timer was for
    std::unique_ptr<asio::steady_timer> timer;
  };
  void expired(const asio::ip::tcp::endpoint& peer, std::uint64_t generation);

  asio::io_context& io_;
  std::chrono::milliseconds limit_;
  std::uint64_t next_generation_ = 0;
  std::map<asio::ip::tcp::endpoint, Pending> pending_;
};

}  // namespace kopilka::common
