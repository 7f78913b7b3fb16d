// See scanner_ports.h. The read loop polls the port and a signalfd together, so Ctrl-C ends
// it cleanly (the port is released, the parser's buffer wiped) without a global flag.
#include "cli/scanner_ports.h"

#include <libserialport.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/payment_card.h"
#include "drivers/serial_port.h"

namespace kopilka::cli {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string text_or_empty(const char* s) {
  return s == nullptr ? "" : s;
}

// Blocks SIGINT/SIGTERM for the read loop and delivers them through a descriptor instead;
// restores the old mask when done.
class SignalFd {
 public:
  SignalFd() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, &old_);
    fd_ = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  }
  ~SignalFd() {
    if (fd_ >= 0) ::close(fd_);
    sigprocmask(SIG_SETMASK, &old_, nullptr);
  }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  sigset_t old_;
};

}  // namespace

core::Result<std::vector<PortInfo>> list_serial_ports() {
  sp_port** ports = nullptr;
  if (sp_list_ports(&ports) != SP_OK) return core::Status::unavailable("cannot list serial ports");
  std::vector<PortInfo> out;
  for (int i = 0; ports[i] != nullptr; ++i) {
    sp_port* p = ports[i];
    PortInfo info;
    info.device = text_or_empty(sp_get_port_name(p));
    info.description = text_or_empty(sp_get_port_description(p));
    sp_transport t = sp_get_port_transport(p);
    info.transport = t == SP_TRANSPORT_USB         ? "usb"
                     : t == SP_TRANSPORT_BLUETOOTH ? "bluetooth"
                                                   : "native";
    if (t == SP_TRANSPORT_USB) {
      sp_get_port_usb_vid_pid(p, &info.usb_vendor, &info.usb_product);
      info.manufacturer = text_or_empty(sp_get_port_usb_manufacturer(p));
      info.product = text_or_empty(sp_get_port_usb_product(p));
      info.serial = text_or_empty(sp_get_port_usb_serial(p));
    }
    out.push_back(std::move(info));
  }
  sp_free_port_list(ports);
  // The stable names a config should use: /dev/serial/by-id links to these devices.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/serial/by-id", ec)) {
    auto target = std::filesystem::canonical(entry.path(), ec);
    if (ec) continue;
    for (auto& info : out)
      if (info.device == target.string()) info.by_id = entry.path().string();
  }
  return out;
}

std::string escape_bytes(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

core::Status listen_port(const drivers::ScannerConfig& config, int timeout_ms,
                         const std::function<bool(const SeenFrame&)>& on_frame,
                         bool* stopped_by_signal, bool* timed_out,
                         const std::function<void()>& on_open) {
  *stopped_by_signal = false;
  *timed_out = false;
  auto port = drivers::open_serial_port(config);
  if (!port) return port.status();
  if (on_open) on_open();
  SignalFd signals;
  drivers::FrameParser parser(config);
  std::string raw;  // bytes since the last frame ended, for display
  std::vector<drivers::FrameOutcome> outcomes;
  std::int64_t deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
  // Hands finished frames to the caller; a bank card's bytes are wiped, never shown.
  // The bytes are hidden for every frame of a read that held a bank card, and whenever a
  // card number could be in them (an over-long or garbled frame is not classified).
  auto deliver = [&]() -> bool {
    if (outcomes.empty()) return true;
    // The bytes of the frames that ended; those of a frame begun in the same read stay
    // with it, unseen: they may be the start of a bank card's number.
    const std::size_t next = std::min(parser.pending_bytes(), raw.size());
    std::string rest = raw.substr(raw.size() - next);
    ::explicit_bzero(raw.data() + raw.size() - next, next);  // resize would leave them behind
    raw.resize(raw.size() - next);
    bool more = true;
    bool hide = core::contains_payment_card_number(raw) || raw.find("%B") != std::string::npos;
    for (const auto& o : outcomes) hide = hide || o.reason == "payment_card";
    for (auto& o : outcomes) {
      SeenFrame f{hide ? std::string() : escape_bytes(raw), o};
      drivers::wipe(raw);
      raw.clear();
      more = more && on_frame(f);
    }
    outcomes.clear();
    raw.swap(rest);
    drivers::wipe(rest);
    return more;
  };
  while (true) {
    int wait = parser.pending() ? parser.frame_gap_ms() : 500;
    if (deadline != 0) {
      std::int64_t left = deadline - now_ms();
      if (left <= 0) {
        *timed_out = true;
        break;
      }
      wait = static_cast<int>(std::min<std::int64_t>(wait, left));
    }
    pollfd fds[2] = {{(*port)->fd(), POLLIN, 0}, {signals.fd(), POLLIN, 0}};
    int n = ::poll(fds, 2, wait);
    if (n < 0 && errno != EINTR) return core::Status::unavailable("poll failed");
    if (fds[1].revents & POLLIN) {
      // Consumed here: a signal still pending when the mask is restored would kill us.
      signalfd_siginfo info{};
      if (::read(signals.fd(), &info, sizeof info) < 0) { /* nothing to consume */
      }
      *stopped_by_signal = true;
      break;
    }
    if (fds[0].revents & POLLIN) {
      char buf[256];
      ssize_t got = ::read((*port)->fd(), buf, sizeof buf);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
        drivers::wipe(raw);
        return core::Status::unavailable((*port)->device() + ": the scanner was disconnected");
      }
      if (got > 0) {
        raw.append(buf, static_cast<std::size_t>(got));
        parser.feed(std::string_view(buf, static_cast<std::size_t>(got)), now_ms(), outcomes);
        ::explicit_bzero(buf, sizeof buf);  // card data must not linger on the stack
        if (!deliver()) break;
      }
    } else if (fds[0].revents & (POLLHUP | POLLERR)) {
      drivers::wipe(raw);
      return core::Status::unavailable((*port)->device() + ": the scanner was disconnected");
    }
    if (parser.pending()) {
      parser.flush(now_ms(), outcomes);
      if (!parser.pending() && outcomes.empty()) {
        drivers::wipe(raw);  // a frame broken off and dropped: none of the next one's bytes
        raw.clear();
      }
      if (!deliver()) break;
    }
    if (raw.size() > 4 * drivers::kMaxFrame) {
      drivers::wipe(raw);  // whitespace or noise that made no frame, or an endless one
      raw.clear();
    }
  }
  drivers::wipe(raw);
  return core::Status::ok();
}

}  // namespace kopilka::cli
