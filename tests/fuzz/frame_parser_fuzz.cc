// libFuzzer target for the scanner frame parser: any bytes, split anywhere, with any
// terminator setting, must never crash, hang or emit a card number that breaks its pattern.
#include <cstddef>
#include <cstdint>
#include <regex>
#include <string_view>
#include <vector>

#include "drivers/frame_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  kopilka::drivers::ScannerConfig config;
  config.terminator = static_cast<kopilka::drivers::Terminator>(data[0] % 7);
  config.kind = static_cast<kopilka::drivers::ScannerKind>(data[1] % 3);
  config.card_check = static_cast<kopilka::drivers::CardCheck>((data[1] >> 2) % 3);
  kopilka::drivers::FrameParser parser(config);
  static const std::regex pattern(config.card_pattern);
  std::vector<kopilka::drivers::FrameOutcome> out;
  std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  std::int64_t now = 0;
  // Feed in chunks whose sizes come from the data itself, as reads from a port would.
  while (!bytes.empty()) {
    std::size_t n = 1 + static_cast<unsigned char>(bytes[0]) % 17;
    n = n > bytes.size() ? bytes.size() : n;
    parser.feed(bytes.substr(0, n), now, out);
    bytes.remove_prefix(n);
    now += 7;
    parser.flush(now, out);
  }
  parser.flush(now + 100000, out);
  for (const auto& o : out) {
    if (o.card && !std::regex_match(o.number, pattern)) __builtin_trap();
    if (!o.card && !o.number.empty()) __builtin_trap();  // a rejection never carries data
  }
  return 0;
}
