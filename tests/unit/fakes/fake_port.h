// A PortOpener and SerialPort (drivers/serial_port.h) for unit tests: ports that are absent
// until plugged in, fail to open as scripted, carry the bytes a test writes, and vanish when
// it pulls the plug. Each opened port is a pipe, so the scanner manager reads it through
// Asio exactly as it reads a device. The opener records every attempt.
#pragma once

#include <unistd.h>

#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/serial_port.h"

namespace kopilka::fakes {

// One opened port as the test sees it: the far end of the wire.
struct FakeLine {
  int write_fd = -1;
  bool port_closed = false;  // the manager closed its side
  std::string device;

  ~FakeLine() { unplug(); }
  // What a scanner sends; false once unplugged.
  bool send(std::string_view bytes) {
    return write_fd >= 0 &&
           ::write(write_fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  }
  // The device goes away: the port reads end of file.
  void unplug() {
    if (write_fd >= 0) ::close(write_fd);
    write_fd = -1;
  }
};

class FakePort final : public drivers::SerialPort {
 public:
  FakePort(int read_fd, std::shared_ptr<FakeLine> line) : fd_(read_fd), line_(std::move(line)) {}
  ~FakePort() override {
    ::close(fd_);
    line_->port_closed = true;
  }
  int fd() const override { return fd_; }
  const std::string& device() const override { return line_->device; }

 private:
  int fd_;
  std::shared_ptr<FakeLine> line_;
};

class FakePortOpener final : public drivers::PortOpener {
 public:
  // Whether the device is plugged in: while not, opening fails as open_serial_port does
  // for an absent device.
  bool present = true;
  // Ports (config.port) unplugged whatever `present` says.
  std::set<std::string> absent;
  // Failures the next attempts give, in order, before `present` is looked at.
  std::deque<core::Status> failures;
  // Every attempt's config.port, in order.
  std::vector<std::string> attempts;
  // Every port opened, in order; the last is the one in use.
  std::vector<std::shared_ptr<FakeLine>> lines;

  core::Result<std::unique_ptr<drivers::SerialPort>> open(
      const drivers::ScannerConfig& config) override {
    attempts.push_back(config.port);
    if (!failures.empty()) {
      core::Status s = failures.front();
      failures.pop_front();
      return s;
    }
    if (!present || absent.count(config.port) != 0)
      return core::Status::not_found(config.port + " is not there");
    int fds[2];
    if (::pipe(fds) != 0) return core::Status::internal("pipe failed");
    auto line = std::make_shared<FakeLine>();
    line->write_fd = fds[1];
    line->device = "/dev/fake/" + config.name;
    lines.push_back(line);
    return std::unique_ptr<drivers::SerialPort>(new FakePort(fds[0], line));
  }
  FakeLine& line() { return *lines.back(); }
};

}  // namespace kopilka::fakes
