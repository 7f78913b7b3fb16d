// libFuzzer target for the config files: any bytes as kopilka.toml (parse_daemon_config,
// scanners included) or office.toml (parse_office_config) give a config or an error
// naming the bad key, never a crash or an exception out of the TOML library.
#include <cstddef>
#include <cstdint>
#include <string>

#include "office/config.h"
#include "register/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the file; the base dir does not exist, so *_file keys fail cleanly.
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) {
    auto c = kopilka::daemon::parse_daemon_config(text, "/nonexistent-kopilka-fuzz");
    if (c)
      (void)kopilka::daemon::config_to_json(*c).dump();
    else if (c.status().message().empty())
      __builtin_trap();
  } else {
    auto c = kopilka::office::parse_office_config(text, "/nonexistent-kopilka-fuzz");
    if (!c && c.status().message().empty()) __builtin_trap();
  }
  return 0;
}
