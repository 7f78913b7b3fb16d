// The rules engine's public face: calculate a receipt, describe what confirming it does,
// refund it, and show a card, all at a business time `at` given by the caller.
// Pure: no I/O, no clock. Implemented across engine_*.cc and program_*.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/card_state.h"
#include "core/effects.h"
#include "core/json_exact.h"
#include "core/receipt.h"
#include "core/status.h"
#include "core/time.h"

namespace kopilka::core {

enum class Locale { kRu, kEn };

// Register-wide settings the rules depend on (pos-api.md config keys).
struct Settings {
  Zone zone;
  std::int64_t point_value = 100;  // kopecks per point
  int expiry_warning_days = 7;
  std::vector<std::string> no_loyalty_categories;
  Locale locale = Locale::kRu;
  // The offline wallet limit (programs.md "wallet"): a register that has not synced for
  // this many hours lets a card pay at most wallet_offline_limit from its wallet until it
  // syncs. Applied by the register (daemon), passed to calculate() in Counters.
  std::int64_t wallet_offline_hours = 24;
  std::int64_t wallet_offline_limit = 300000;  // kopecks
};

// One validated program document. Opaque outside the engine; see program.h.
struct Program;

// Every program document the register knows, parsed once and ordered for calculation
// (priority, then id). Immutable once built, so a calculation can hold it while the
// admin API replaces the set.
class ProgramSet {
 public:
  ProgramSet();
  ~ProgramSet();
  ProgramSet(ProgramSet&&) noexcept;
  ProgramSet& operator=(ProgramSet&&) noexcept;

  // Builds from documents; an invalid one fails the whole set with its id and field.
  static Result<ProgramSet> build(const std::vector<Json>& documents);
  std::size_t size() const;
  const std::vector<std::unique_ptr<Program>>& programs() const { return programs_; }

 private:
  std::vector<std::unique_ptr<Program>> programs_;
};

// Validates one program document (programs.md): unknown kinds and fields are errors;
// the Status names the JSON path of the bad field ("levels[1].percent").
Status validate_program(const Json& document);
// The id of a document that validate_program accepted.
std::string program_id(const Json& document);

// Why loyalty did or did not apply (pos-api.md `loyalty`).
enum class Loyalty { kApplied, kNoCard, kCardNotFound, kCardBlocked, kCardLost };

// Chain- or register-wide counters the rules need besides the card.
struct Counters {
  std::map<std::string, std::int64_t> coupon_uses_total;  // coupon program → uses
  // What the receipt's card may still pay from its wallet at this register until it syncs
  // (the offline wallet limit less what it already paid here since the last sync); nullopt:
  // no limit (synced recently, or no head office).
  std::optional<Kopecks> wallet_offline_left;
};

// Everything about one receipt's sale that a later refund needs; stored with the receipt.
struct SaleRecord;
Json sale_to_json(const SaleRecord& sale);
// The same document as text, byte for byte sale_to_json(sale).dump() (with bytes that are not
// UTF-8 as U+FFFD): a confirm stores it without building the tree.
std::string sale_to_text(const SaleRecord& sale);
Result<std::shared_ptr<SaleRecord>> sale_from_json(const Json& json);

struct CalcOutcome {
  std::string response;              // the calculate answer of pos-api.md, exactly, as JSON text
  Kopecks total = 0;                 // for `expect`
  std::int64_t points_accrued = 0;   // for `expect`
  CardEffects effects;               // what confirming this receipt does to the card
  std::shared_ptr<SaleRecord> sale;  // what a refund will need
};

// Calculates `request` at request.at. `card` is null when the receipt has no card
// (request.card empty) or the card is unknown (then loyalty = card_not_found). Time
// effects due at `at` (birthday grants) are taken into account as if applied.
CalcOutcome calculate(const ReceiptRequest& request, const CardState* card,
                      const ProgramSet& programs, const Counters& counters,
                      const Settings& settings);

// Effects due on a card merely because time has passed (birthday grants), as of `at`;
// empty when nothing is due. The caller journals them once as their own entry.
CardEffects due_time_effects(const CardState& card, const ProgramSet& programs, Instant at,
                             const Settings& settings);

// Refund bookkeeping kept with a confirmed receipt: what has been returned so far.
struct RefundState {
  std::map<std::int32_t, std::int64_t> returned_milli;  // line → quantity returned
  Kopecks money_returned = 0;                           // Σ of line `amount` refunded so far
  std::int64_t points_reversed = 0;                     // accrued points taken back so far
  std::int64_t points_returned = 0;                     // redeemed points given back so far
  Kopecks spent_reversed = 0;
  Kopecks wallet_returned = 0;  // wallet money given back so far
  bool complete = false;        // every unit returned
};
Json refund_state_to_json(const RefundState& state);
Result<RefundState> refund_state_from_json(const Json& json);

struct RefundOutcome {
  Json response;  // pos-api.md refund answer (refund_id, receipt_id, points_reversed,
                  // points_returned, wallet_returned, spent_after, messages)
  CardEffects effects;
  RefundState after;
};

// A refund of `request` against a sale confirmed as journal entry `sale_entry_id`.
// `card` is the card's current state (null when the sale had no card). Fails with
// kInvalid ("refund_exceeds_sale") when more is returned than is left.
Result<RefundOutcome> refund(const SaleRecord& sale, const std::string& sale_entry_id,
                             const RefundState& before, const RefundRequest& request,
                             const CardState* card, const Settings& settings);

// GET /v1/cards answer for a card at `at` (pos-api.md, "Cards"): balance, usable,
// pending, burning, spent, visits, levels and messages. Apply due_time_effects first.
Json card_view(const CardState& card, const ProgramSet& programs, Instant at,
               const Settings& settings);
// card_view of `card` with the time effects due by `at` (a birthday grant) shown as they will
// be once journalled, for an answer that changes nothing: head office's card answers, and
// its adjustments' (whose balances once left out a gift the card showed beside them).
Json card_view_with_due(CardState card, const ProgramSet& programs, Instant at,
                        const Settings& settings);

// A manual points adjustment (admin API): positive adds a lot with no redeem cap,
// negative takes points (soonest-to-burn first; below zero becomes debt).
CardEffects adjustment_effects(const CardState& card, std::int64_t points,
                               std::optional<int> lifetime_days, Instant at,
                               const Settings& settings);
// Whether `card` takes a points adjustment: not a gift card, which holds no points
// (programs.md "wallet"). The error names "points".
Status check_points_adjustable(const CardState& card);

}  // namespace kopilka::core
