// libFuzzer target for parse_json_exact: any bytes give a document or an error with an
// offset, never a crash; an accepted document survives json_plain and a second parse,
// and every number in it reads as scaled integers or a clear error. The nlohmann reader it
// replaced accepts the same texts and builds the same trees, but where the new one is
// stricter by design (a NUL byte, an exponent past 308).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_util.h"
#include "tests/unit/core/json_exact_reference.h"

using namespace kopilka;

namespace {

void read_numbers(const core::Json& v, int depth) {
  fuzz::require(depth <= core::kMaxJsonDepth + 1);
  if (v.is_structured()) {
    for (const auto& child : v) read_numbers(child, depth + 1);
    return;
  }
  if (v.is_number() || core::is_decimal(v)) {
    fuzz::require(!core::number_text(v).empty());
    for (int places = 0; places <= 3; ++places) (void)core::json_scaled(v, places, true);
    (void)core::json_integer(v);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = core::parse_json_exact(text);
  auto reference = core::reference::parse_json_exact_reference(text);
  if (!json) {
    fuzz::require(!json.status().message().empty());
    const std::string& why = json.status().message();
    fuzz::require(!reference || text.find('\0') != std::string_view::npos ||
                  why.find("a number too large") != std::string::npos);
    return 0;
  }
  fuzz::require(reference.has_value() && *reference == *json);
  read_numbers(*json, 0);
  // Decimals are echoed as plain numbers; what is echoed must parse again.
  std::string echoed = core::json_plain(*json).dump();
  auto again = core::parse_json_exact(echoed);
  fuzz::require(again.ok());
  return 0;
}
