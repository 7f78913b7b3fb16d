// See handshake_deadline.h.
#include "common/handshake_deadline.h"

#include <sys/socket.h>

#include <utility>

namespace kopilka::common {

HandshakeDeadlines::HandshakeDeadlines(asio::io_context& io, std::chrono::milliseconds limit)
    : io_(io), limit_(limit) {}

void HandshakeDeadlines::started(int fd, const asio::ip::tcp::endpoint& peer) {
  auto timer = std::make_unique<asio::steady_timer>(io_, limit_);
  const std::uint64_t generation = ++next_generation_;
  // A timer destroyed with its tracker calls this with operation_aborted, `this` gone.
  timer->async_wait([this, peer, generation](const asio::error_code& ec) {
    if (!ec) expired(peer, generation);
  });
  pending_[peer] = Pending{fd, generation, std::move(timer)};
}

void HandshakeDeadlines::ended(const asio::ip::tcp::endpoint& peer) {
  pending_.erase(peer);  // the timer's destructor cancels its wait
}

void HandshakeDeadlines::expired(const asio::ip::tcp::endpoint& peer, std::uint64_t generation) {
  auto it = pending_.find(peer);
  if (it == pending_.end() || it->second.generation != generation) return;
  // The socket is still the connection's: its close would have ended the entry first, on
  // this same thread. Shutting it down ends the handshake's read with an error.
  ::shutdown(it->second.fd, SHUT_RDWR);
  pending_.erase(it);
}

}  // namespace kopilka::common
