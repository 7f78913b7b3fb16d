// The embedded demo configuration (`kopilkad --demo DIR`): a config with well-known demo
// tokens on 127.0.0.1:8765, the seed programs and a few demo cards, so that a curl from
// the README shows a real calculation at once. Never for a real shop: the tokens are public.
#pragma once

#include <string>

#include "core/status.h"
#include "core/time.h"

namespace kopilka::daemon {

struct App;

// Writes DIR/kopilka.toml unless it exists; returns its path.
core::Result<std::string> prepare_demo_config(const std::string& dir);
// Loads the demo programs and cards into an empty store (a second start changes nothing,
// nor does a start of a demo that was enrolled at head office anyway: its cards and
// programs are head office's from then on).
core::Status seed_demo(App& app);

}  // namespace kopilka::daemon
