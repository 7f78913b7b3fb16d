// libFuzzer target for what head office ingests and registers pull: any bytes as a pushed
// entry's effects (effects_from_json, then apply_effects to a card, as office/store.cc's
// push does) or as a pulled card state (card_state_from_json) give a value or an error,
// never a crash; a card state written back with card_state_to_json reads back the same.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/card_state_json.h"
#include "core/effects.h"
#include "tests/fuzz/fuzz_util.h"

using namespace kopilka;

namespace {

void round_trip(const core::CardState& card) {
  core::Json written = core::card_state_to_json(card);
  auto back = core::card_state_from_json(*core::parse_json_exact(written.dump()));
  fuzz::require(back.ok());
  fuzz::require(core::card_state_to_json(*back) == written);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = core::parse_json_exact(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json) return 0;
  if (auto state = core::card_state_from_json(*json)) round_trip(*state);
  // A push body ({"entries": [...]}) or one entry's effects.
  core::Json entries = json->is_object() && json->contains("entries") ? (*json)["entries"]
                                                                      : core::Json::array({*json});
  if (!entries.is_array()) return 0;
  core::CardState card = fuzz::sample_card("2000000000015");
  std::size_t i = 0;
  for (const auto& e : entries) {
    const core::Json& fx = e.is_object() && e.contains("effects") ? e["effects"] : e;
    auto effects = core::effects_from_json(fx);
    if (!effects) continue;
    // Effects survive their own JSON form: what a register journals, the office reads.
    auto again =
        core::effects_from_json(*core::parse_json_exact(core::effects_to_json(*effects).dump()));
    fuzz::require(again.ok());
    core::apply_effects(card, *effects, "r-fuzz:" + std::to_string(++i), 20781);
    round_trip(card);
  }
  return 0;
}
