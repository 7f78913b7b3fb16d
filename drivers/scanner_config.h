// One scanner's settings, the `[[scanner]]` table of the daemon's config (scanners.md).
#pragma once

#include <cstdint>
#include <string>

#include "core/json_exact.h"
#include "core/status.h"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace kopilka::drivers {

enum class Parity { kNone, kOdd, kEven };
enum class Flow { kNone, kRtsCts, kXonXoff };
enum class ScannerKind { kAuto, kBarcode, kMsr };
enum class Terminator { kAuto, kCr, kLf, kCrLf, kTab, kEtx, kNone };
enum class CardCheck { kNone, kEan, kLuhn };

struct ScannerConfig {
  std::string name;
  std::string port;
  int baud = 9600;
  int data_bits = 8;
  Parity parity = Parity::kNone;
  int stop_bits = 1;
  Flow flow = Flow::kNone;
  ScannerKind kind = ScannerKind::kAuto;
  Terminator terminator = Terminator::kAuto;
  std::string prefix;  // escapes already decoded
  std::string suffix;
  bool aim_ids = true;  // `auto`: strip and use AIM ids when present
  int frame_gap_ms = 50;
  int repeat_window_ms = 1500;
  std::string card_pattern = "^[0-9]{4,32}$";
  CardCheck card_check = CardCheck::kNone;
};

// Reads one `[[scanner]]` table; unknown keys and bad values fail with the key named
// (the Status field is the key, e.g. "baud").
core::Result<ScannerConfig> scanner_config_from_toml(const toml::table& table);
// Every setting in use, defaults included, in the words and units the table takes
// (`kopilka config get 'scanner[0].frame_gap'` on a file that leaves it out).
core::Json scanner_config_to_json(const ScannerConfig& config);

}  // namespace kopilka::drivers
