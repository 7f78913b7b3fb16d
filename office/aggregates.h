// The report aggregates (schema 008): what each applied journal entry adds to the sums a
// report reads, gathered while a group commit applies its entries and written in the same
// transaction, on either engine through the SQL seam. The rules are docs/office.md
// "Reports": receipts net of cancellations, revenue net of refunds, points by lot.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/card_state.h"
#include "core/effects.h"
#include "core/time.h"
#include "office/adjustment.h"
#include "office/name_ids.h"
#include "office/report_customer_rows.h"
#include "office/report_facts.h"
#include "office/sql.h"

namespace kopilka::office {

// The referral shares an entry applies (core/referral.h), decided on the cards as they were
// before it: the referee's points on the entry's own card, and the referrer's on another
// card, whose lots are kept from before so that their burns move too (docs/office.md).
struct AppliedReferral {
  std::optional<core::CardEffects> referee, referrer;
  std::vector<core::PointLot> referrer_lots_before;
  const core::CardState* referrer_after = nullptr;  // the referrer's card, once applied
};

// What `effects`' referral part will do to `card` and `referrer` (nullptr: the referrer's
// share is not applied); read before the entry is applied.
AppliedReferral applied_referral(const core::CardState& card, const core::CardEffects& effects,
                                 const core::CardState* referrer);

// One applied entry as the aggregates see it.
struct AggregateEntry {
  // Borrowed from the caller for the length of Aggregates::add.
  std::string_view register_id;  // "office" for head office's own entries
  std::string_view kind;         // receipt | refund | cancel | adjust | birthday | topup
  std::string_view body;         // the entry as stored (its detail holds totals and programs)
  core::Instant at = 0;
  const core::CardEffects* effects = nullptr;
  const std::vector<core::PointLot>* lots_before = nullptr;  // the card's, before the entry
  const core::CardState* card_after = nullptr;               // nullptr: no card
  const ReportFacts* facts = nullptr;         // read from the body already; nullptr: read it here
  const AppliedReferral* referral = nullptr;  // nullptr: the entry has no referral share
  std::string_view entry_id = {};             // its lots' ids start with it; empty: not known
};

// A pushed entry as the aggregates see it, right after it was applied to `card`.
inline AggregateEntry aggregate_entry(const std::string& register_id, const std::string& kind,
                                      const std::string& body, core::Instant at,
                                      const core::CardEffects& effects,
                                      const std::vector<core::PointLot>& lots_before,
                                      const core::CardState* card,
                                      const ReportFacts* facts = nullptr,
                                      const AppliedReferral* referral = nullptr,
                                      std::string_view entry_id = {}) {
  return {register_id, kind, body, at, &effects, &lots_before, card, facts, referral, entry_id};
}

// A birthday entry's effects as they count, when the card was given some of its gifts for
// their year already (core::gifts_given_already: applying it adds none of their points, so
// neither are they issued); nullopt when they count as pushed. Asked before applying.
inline std::optional<core::CardEffects> gifts_as_counted(const core::CardState* card_before,
                                                         std::string_view kind,
                                                         const core::CardEffects& effects) {
  if (!card_before || kind != "birthday") return std::nullopt;
  auto given = core::gifts_given_already(*card_before, effects);
  if (given.empty()) return std::nullopt;
  return core::without_gift_lots(effects, given);
}

class Aggregates {
 public:
  // `office_zone` is head office's time zone, for registers without a store.
  Aggregates(Sql& sql, core::Zone office_zone) : sql_(sql), office_zone_(office_zone) {}

  // Adds an applied entry. Reads what it needs (the register's zone, an earlier receipt).
  core::Status add(const AggregateEntry& entry);
  // Writes the sums gathered; call inside the transaction that wrote the entries. The lists
  // of `group`'s cards' own customers are left in its to_write, for the caller to write with
  // the cards (report_customer_rows.h); nullptr: written here, to cards that have a row.
  core::Status flush(CardRowLists* group = nullptr);
  // The time zone a register's days are counted in: its store's, else head office's. Pushed
  // entries are applied on that day too (push_apply.h), so the sums and the cards agree.
  core::Result<core::Zone> register_zone(const std::string& register_id) {
    return zone_of(registers_.id(register_id));
  }

 private:
  // Registers, customers and programs are numbered among the names one flush met
  // (name_ids.h): the sums below are keyed by those numbers, not by their texts, whose copies
  // and comparisons were half the cost of the aggregates. Rows are written in their texts'
  // order all the same (flush()), so that PostgreSQL transactions take row locks in one order.
  using Id = NameIds::Id;
  struct Day {
    std::int64_t revenue_card = 0, revenue_no_card = 0, receipts_card = 0, receipts_no_card = 0;
    std::int64_t issued = 0, redeemed = 0, adjusted = 0, burned = 0;
  };
  struct CustomerDay {  // one entry's change to a customer's day at a register
    core::Day day = 0;
    Id register_id = 0, customer = 0;
    std::int64_t receipts = 0, revenue = 0;
  };
  struct ProgramDay {
    std::int64_t receipts = 0, revenue = 0, discount = 0, issued = 0, redeemed = 0;
  };
  struct WalletDay {  // schema 014
    std::int64_t topped_up = 0, bonus = 0, paid = 0, returned = 0;
  };
  struct Receipt {
    core::Day day = 0;
    std::optional<Id> customer;
    std::int64_t total = 0;
    std::string programs;
    bool fresh = false;  // to be inserted
    // Taken off the count (cancelled, or refunded to the last): its line leaves its pack at
    // the flush, so that a later return of it (a cancel after the refunds, a forged push)
    // finds no receipt to take off the count again.
    bool taken_off = false;
    std::int64_t pack = 0;  // the pack it was read from (report_receipt_packs.h)
  };
  // A pack of receipts a return read, as this flush leaves it.
  struct Pack {
    std::string text;
    bool changed = false;
  };
  using Key = std::pair<core::Day, Id>;           // day, register
  using Key3 = std::tuple<core::Day, Id, Id>;     // day, register, customer or program
  using ReceiptKey = std::pair<Id, std::string>;  // register, receipt id
  struct KeyHash {
    static std::size_t mix(std::uint64_t x) {
      x *= 0x9E3779B97F4A7C15ull;
      return static_cast<std::size_t>(x ^ (x >> 29));
    }
    static std::uint64_t pack(core::Day day, Id id) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(day)) << 32 | id;
    }
    std::size_t operator()(const Key& k) const { return mix(pack(k.first, k.second)); }
    std::size_t operator()(const Key3& k) const {
      return mix(pack(std::get<0>(k), std::get<1>(k)) ^ mix(std::get<2>(k) + 1));
    }
    std::size_t operator()(const ReceiptKey& k) const {
      return std::hash<std::string>{}(k.second) ^ mix(k.first);
    }
  };

  core::Result<core::Zone> zone_of(Id register_id);
  // The receipt a return on `returned_on` gives back, from this flush or an earlier one;
  // nullptr: none.
  core::Result<Receipt*> receipt(Id register_id, const std::string& receipt_id,
                                 core::Day returned_on);
  void add_points(const AggregateEntry& e, Id register_id, core::Day day);
  // `day`: the entry's day at its store, the day head office applied it on.
  void add_burns(const std::vector<core::PointLot>* lots_before, const core::CardState& after,
                 core::Day day);
  core::Status add_sale(const AggregateEntry& e, Id register_id, const ReportFacts& facts,
                        core::Day day);
  core::Status add_return(const AggregateEntry& e, Id register_id, const ReportFacts& facts,
                          core::Day day);
  // The entry's wallet money (aggregates_wallet.cc).
  core::Status add_wallet(const AggregateEntry& e, Id register_id, core::Day day);
  core::Status flush_wallet();
  // The visit counts (schema 011) for the customers whose days changed, and every
  // customer's first visit; before the customer days are written, as it reads what they
  // were (aggregates_visits.cc).
  core::Status flush_visits(CardRowLists* group);
  // The receipts sold, in packs, and the packs returns took receipts out of.
  core::Status flush_receipts();
  // Whether day and register `a` come before `b` in the rows' order (their texts' order, by
  // the places flush() found); for Key3, the third part is a program.
  bool before(const Key& a, const Key& b) const;
  bool before(const Key3& a, const Key3& b) const;
  // The customer a card counts for, numbered: its customer's id, else "card:" and the card's
  // number.
  Id customer_of(const core::CardState& card);

  Sql& sql_;
  core::Zone office_zone_;
  std::map<std::string, core::Zone, std::less<>> zones_;  // register → its store's zone
  bool zones_loaded_ = false;
  NameIds registers_, customers_names_, programs_names_;
  std::string customer_text_;  // customer_of's, kept for its capacity
  std::vector<std::uint32_t> register_place_, program_place_;  // NameIds::places(), in flush()
  std::vector<std::optional<core::Zone>> zone_by_register_;    // by register Id, once looked up
  // In no order: flush() writes them in their texts' order.
  std::unordered_map<Key, Day, KeyHash> days_;
  std::vector<CustomerDay> customers_;  // summed per day, register and customer by flush()
  std::unordered_map<Key3, ProgramDay, KeyHash> programs_;  // day, register, program
  std::unordered_map<Key, WalletDay, KeyHash> wallet_;
  std::unordered_map<ReceiptKey, Receipt, KeyHash> receipts_;
  std::map<std::tuple<core::Day, std::int64_t, Id>, Pack> packs_;  // day, pack, register
  std::optional<bool> no_merges_;  // customer_merges empty, once receipt() has asked
  // Every customer of customers_, by Id: their first visit once this flush is written
  // (nullopt: none left), which each of their customer days carries (schema 015); found by
  // flush_visits, which reads their days anyway.
  std::vector<std::optional<core::Day>> first_of_;
  // Every customer of customers_, by Id: the list of their customer days (schema 027), with
  // this flush's; read and written by flush_visits.
  std::vector<CustomerRows> lists_;
  // Customer records of customers_, by Id: the card of theirs an entry of this flush came
  // with, where their list may live (report_customer_rows.h); "" for the others.
  std::vector<std::string> card_of_;
  // Customers whose first visit moved and who have customer days from earlier flushes,
  // which are rewritten to carry the new one: rare, as most receipts are not a first visit.
  std::vector<Id> older_rows_moved_;
};

// Adds a head-office points adjustment to the sums; call in the transaction that writes it.
core::Status sum_adjustment(Sql& sql, core::Zone office_zone, const Adjustment& made,
                            core::Instant at);

}  // namespace kopilka::office
