// Realistic benchmark data shared by the generator and the calculation benchmark: programs
// of every kind, cards with customers and a year of history, receipts of 1–N lines. All of
// it is deterministic from a seed, so two runs measure the same work.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/json_exact.h"
#include "core/time.h"

namespace kopilka::bench {

// A fast deterministic generator; std::mt19937_64 is plenty and reproducible across runs.
using Rng = std::mt19937_64;

// `count` program documents cycling through every kind of programs.md, each with its own
// id, percent and scope, as a chain would configure them over a year.
std::vector<core::Json> make_programs(int count);

// The EAN-13 card number of index i (prefix 2, check digit valid).
std::string card_number(std::int64_t index);

// A card with a customer and a plausible year of purchases, visits and point lots as of `today`.
core::CardState make_card(std::int64_t index, core::Day today, Rng& rng);

// A calculate body of `lines` lines for `card` (empty: no card) at `at` (RFC 3339).
core::Json make_receipt(const std::string& receipt_id, const std::string& card, int lines,
                        const std::string& at, Rng& rng);

}  // namespace kopilka::bench
