// libFuzzer target for parse_json_exact: any bytes give a document or an error with an
// offset, never a crash; an accepted document survives json_plain and a second parse,
// and every number in it reads as scaled integers or a clear error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_util.h"

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
  auto json = core::parse_json_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json) {
    fuzz::require(!json.status().message().empty());
    return 0;
  }
  read_numbers(*json, 0);
  // Decimals are echoed as plain numbers; what is echoed must parse again.
  std::string echoed = core::json_plain(*json).dump();
  auto again = core::parse_json_exact(echoed);
  fuzz::require(again.ok());
  return 0;
}
