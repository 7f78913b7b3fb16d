// A loyalty card's complete state as the rules engine sees it: status, groups, customer,
// accumulated purchases, visits, point lots and program marks. Storage loads and saves
// exactly this; the engine reads it and describes changes as CardEffects (effects.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/time.h"

namespace kopilka::core {

enum class CardStatus { kActive, kBlocked, kLost };
const char* to_string(CardStatus status);  // "active" | "blocked" | "lost"
std::optional<CardStatus> card_status_from(std::string_view text);

// A gift card (programs.md "wallet") has no customer and no points: it is a wallet anyone
// holding it pays with. Every other card is a loyalty card.
enum class CardType { kLoyalty, kGift };
const char* to_string(CardType type);  // "loyalty" | "gift"
std::optional<CardType> card_type_from(std::string_view text);

// What the customer agreed to receive, per channel (office.md "Notifications"); nothing
// until they say so.
struct Consents {
  bool email = false;
  bool sms = false;
  bool operator==(const Consents&) const = default;
};

struct Customer {
  std::string id;
  std::string name;
  std::optional<std::string> phone;   // "+79991234567"
  std::optional<CivilDate> birthday;  // the year may be unknown to the customer; kept as given
  std::optional<std::string> email;
  Consents consents;
};

// Points granted together, with one life: usable from `usable_from` through `last_day`
// inclusive (no last day: they never burn). `remaining` > 0 while the lot exists.
struct PointLot {
  std::string id;       // globally unique: "<entry id>/<index>" (see apply_effects)
  std::string program;  // granting program; empty for manual adjustments (no redeem cap)
  Day earned_day = 0;
  Day usable_from = 0;
  std::optional<Day> last_day;
  std::int64_t remaining = 0;
};

// What a card spent on one day (receipts less refunds of that day's receipts), > 0.
struct DaySpent {
  Day day = 0;
  Kopecks amount = 0;
  bool operator==(const DaySpent&) const = default;
};

// A one-time next-purchase discount (programs.md, next_purchase).
struct Voucher {
  std::string id;  // "<entry id>/v"
  std::string program;
  Day issued_day = 0;  // usable from the next day
  Day last_day = 0;    // inclusive
};

// Who referred this card (programs.md "referral"), and what became of it. Set at head
// office while the card has no purchase; travels with the card to every register.
struct Referral {
  std::string by;              // the referrer's card number
  bool closed = false;         // the card's first confirmed purchase happened: no later one counts
  std::string rewarded_entry;  // the entry whose referral reward the card holds; empty: none
  bool operator==(const Referral&) const = default;
};

struct CardState {
  std::string number;
  CardStatus status = CardStatus::kActive;
  CardType type = CardType::kLoyalty;
  std::vector<std::string> groups;
  std::optional<Customer> customer;

  Kopecks spent = 0;                 // programs.md `spent`
  std::vector<DaySpent> spent_days;  // `spent` by day, ascending, the last kSpentDaysKept days
  std::int64_t purchases = 0;        // confirmed purchases not fully cancelled
  std::vector<Day> visit_days;       // distinct days with a confirmed purchase, ascending
  std::int64_t debt = 0;             // points owed (≥ 0): balance = Σ lots − debt
  std::vector<PointLot> lots;        // lots with points left, folded (card_fold.h)

  std::map<std::string, Day> visit_rewarded_on;      // visits program → day of its last reward
  std::map<std::string, int> birthday_granted_year;  // birthday program → last year granted
  std::map<std::string, std::int64_t> coupon_uses;   // coupon program → uses by this card
  std::vector<Voucher> vouchers;                     // unused vouchers
  std::optional<Referral> referral;                  // only on a card created as referred
  // A lost card's replacement (office card.replace): what is later journalled for this card
  // (a refund of its purchase, an offline register's sale) changes the replacement instead.
  std::string replaced_by;
  // Prepaid money on the card (programs.md "wallet"), in kopecks. Below zero only after an
  // offline double spend at two registers, like points' debt.
  Kopecks wallet = 0;
};

}  // namespace kopilka::core
