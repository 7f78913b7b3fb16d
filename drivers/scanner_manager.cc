// Scanners on the event loop; see scanner_manager.h. Each scanner is a small state machine:
// waiting (retrying the port with backoff up to 2 s) → connected (an async read always
// pending; a frame-gap timer while a frame is incomplete) → back to waiting on any read
// error or EOF. No thread per port and no polling: Asio watches each descriptor.
#include "drivers/scanner_manager.h"

#include <spdlog/spdlog.h>
#include <asio/posix/stream_descriptor.hpp>

#include <array>
#include <chrono>
#include <optional>

#include "common/loop_clock.h"
#include "drivers/frame_parser.h"
#include "drivers/serial_port.h"

namespace kopilka::drivers {

namespace {
constexpr int kFirstRetryMs = 250;
constexpr int kMaxRetryMs = 2000;
}  // namespace

struct Scanner {
  Scanner(asio::io_context& io, common::Clock& clock, ScannerConfig c)
      : config(std::move(c)),
        parser(config),
        stream(io),
        gap_timer(clock.make_timer()),
        retry_timer(clock.make_timer()) {}

  ScannerConfig config;
  FrameParser parser;
  std::unique_ptr<SerialPort> port;
  asio::posix::stream_descriptor stream;
  std::unique_ptr<common::Timer> gap_timer;
  std::unique_ptr<common::Timer> retry_timer;
  std::string state = "waiting";
  std::string message;
  int retry_ms = kFirstRetryMs;
  bool connected = false;
  std::array<char, 256> buffer{};
};

struct ScannerManager::Impl {
  Impl(asio::io_context& io, ScanEventSink& sink, PortOpener& opener, common::Clock& clock)
      : io(io), sink(sink), opener(opener), clock(clock) {}

  std::int64_t now_ms() const { return clock.now().count(); }

  void open(Scanner& s) {
    if (stopped) return;
    auto port = opener.open(s.config);
    if (!port) {
      // Waiting is for a port that may come (unplugged); what retrying cannot mend (no
      // permission, a setting the port cannot take, such as its baud) is an error.
      const bool denied = port.status().message().find("permission denied") != std::string::npos ||
                          port.status().code() == core::Code::kInvalid;
      s.state = denied ? "error" : "waiting";
      // Once per new reason, not once per retry: a scanner left unplugged must not fill the log.
      if (s.message != port.status().message())
        spdlog::warn("scanner {}: {}", s.config.name, port.status().message());
      s.message = port.status().message();
      retry(s, denied ? kMaxRetryMs : s.retry_ms);
      s.retry_ms = std::min(s.retry_ms * 2, kMaxRetryMs);
      return;
    }
    s.port = std::move(*port);
    std::error_code ec;
    s.stream.assign(s.port->fd(), ec);
    if (ec) {
      s.port.reset();
      retry(s, kMaxRetryMs);
      return;
    }
    s.state = "connected";
    s.message.clear();
    spdlog::info("scanner {}: connected on {}", s.config.name, s.port->device());
    s.retry_ms = kFirstRetryMs;
    s.connected = true;
    sink.on_scan_event({ScanEvent::Type::kConnected, s.config.name, "", "", ""});
    read(s);
  }

  void retry(Scanner& s, int ms) {
    s.retry_timer->start(std::chrono::milliseconds(ms), [this, &s] { open(s); });
  }

  void read(Scanner& s) {
    s.stream.async_read_some(
        asio::buffer(s.buffer), [this, &s](const std::error_code& ec, std::size_t n) {
          if (ec == asio::error::operation_aborted || stopped) return;
          if (ec || n == 0) {
            disconnect(s, ec ? ec.message() : "end of file");
            return;
          }
          std::vector<FrameOutcome> out;
          s.parser.feed(std::string_view(s.buffer.data(), n), now_ms(), out);
          std::fill(s.buffer.begin(), s.buffer.end(), 0);  // card data must not linger
          report(s, out);
          if (s.parser.pending()) arm_gap(s);
          read(s);
        });
  }

  void arm_gap(Scanner& s) {
    s.gap_timer->start(std::chrono::milliseconds(s.parser.frame_gap_ms()), [this, &s] {
      std::vector<FrameOutcome> out;
      s.parser.flush(now_ms(), out);
      report(s, out);
      if (s.parser.pending()) arm_gap(s);  // a terminated frame waits; a broken one expires
    });
  }

  void report(Scanner& s, std::vector<FrameOutcome>& out) {
    for (auto& o : out) {
      if (o.card) {
        sink.on_scan_event({ScanEvent::Type::kCardScanned, s.config.name, o.number, o.source, ""});
      } else {
        sink.on_scan_event({ScanEvent::Type::kScanRejected, s.config.name, "", "", o.reason});
      }
      wipe(o.number);
    }
  }

  void close_port(Scanner& s) {
    std::error_code ignored;
    s.gap_timer->cancel();
    s.parser.reset();  // a half frame must not join the first scan after a reconnect
    if (s.stream.is_open()) {
      s.stream.cancel(ignored);
      s.stream.release();  // the port owns the descriptor and closes it
    }
    s.port.reset();
  }

  void disconnect(Scanner& s, const std::string& why) {
    close_port(s);
    if (s.connected)
      sink.on_scan_event({ScanEvent::Type::kDisconnected, s.config.name, "", "", why});
    s.connected = false;
    s.state = "waiting";
    s.message = "disconnected: " + why;
    spdlog::warn("scanner {}: {}", s.config.name, s.message);
    s.retry_ms = kFirstRetryMs;
    retry(s, s.retry_ms);
  }

  asio::io_context& io;
  ScanEventSink& sink;
  PortOpener& opener;
  common::Clock& clock;
  // The real opener and clock, when the daemon's constructor made them.
  std::unique_ptr<PortOpener> own_opener;
  std::unique_ptr<common::Clock> own_clock;
  std::vector<std::unique_ptr<Scanner>> scanners;
  bool stopped = false;
};

ScannerManager::ScannerManager(asio::io_context& io, std::vector<ScannerConfig> configs,
                               ScanEventSink& sink) {
  auto opener = std::make_unique<SystemPortOpener>();
  auto clock = std::make_unique<common::LoopClock>(io);
  impl_ = std::make_unique<Impl>(io, sink, *opener, *clock);
  impl_->own_opener = std::move(opener);
  impl_->own_clock = std::move(clock);
  for (auto& c : configs)
    impl_->scanners.push_back(std::make_unique<Scanner>(io, impl_->clock, std::move(c)));
}

ScannerManager::ScannerManager(asio::io_context& io, std::vector<ScannerConfig> configs,
                               ScanEventSink& sink, PortOpener& opener, common::Clock& clock)
    : impl_(std::make_unique<Impl>(io, sink, opener, clock)) {
  for (auto& c : configs)
    impl_->scanners.push_back(std::make_unique<Scanner>(io, clock, std::move(c)));
}

ScannerManager::~ScannerManager() {
  stop();
}

void ScannerManager::start() {
  for (auto& s : impl_->scanners) impl_->open(*s);
}

void ScannerManager::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  for (auto& s : impl_->scanners) {
    s->retry_timer->cancel();
    impl_->close_port(*s);
  }
}

std::vector<ScannerHealth> ScannerManager::health() const {
  std::vector<ScannerHealth> out;
  for (const auto& s : impl_->scanners) out.push_back({s->config.name, s->state, s->message});
  return out;
}

}  // namespace kopilka::drivers
