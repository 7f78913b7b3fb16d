// What each applied entry adds to the report aggregates (aggregates.h). The rules, also in
// docs/office.md "Reports": a receipt counts on its day; a refund takes its money back on
// the refund's day; a cancellation takes the receipt (count and the money it returned) back
// on the receipt's own day, so a fully cancelled receipt is not counted at all; the refund
// that returns the last of a receipt takes its count back on its day too (its money stays on
// the refund's day), so a receipt refunded to the last is not counted either. Points count
// on the entry's day; a lot's points that are still in it after its last day burn on the
// next day, counted for the register that issued the lot.
#include "office/aggregates.h"

#include <algorithm>

#include "core/card_fold.h"
#include "core/referral.h"
#include "office/report_receipt_packs.h"

namespace kopilka::office {

using core::Json;
using core::Result;
using core::Status;

namespace {

std::int64_t int_at(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return 0;
  auto v = core::json_integer(j[key]);
  return v ? *v : 0;
}

std::string text_at(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

// The register an entry-made lot came from: "r-1:41/0" → "r-1".
std::string_view lot_register(std::string_view lot_id) {
  std::string_view entry = lot_id.substr(0, lot_id.find('/'));
  auto colon = entry.rfind(':');
  return colon == std::string_view::npos ? entry : entry.substr(0, colon);
}

const core::PointLot* find_lot(const std::vector<core::PointLot>& lots, const std::string& id) {
  for (const auto& l : lots)
    if (l.id == id) return &l;
  return nullptr;
}

// "b10=1500;c2=0" ↔ program → discount.
std::map<std::string, std::int64_t> programs_from(const std::string& text) {
  std::map<std::string, std::int64_t> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    auto eq = item.find('=');
    if (eq != std::string::npos) out[item.substr(0, eq)] = std::stoll(item.substr(eq + 1));
    start = end + 1;
  }
  return out;
}

std::string programs_text(const std::map<std::string, std::int64_t>& programs) {
  std::string out;
  for (const auto& [p, d] : programs) out += (out.empty() ? "" : ";") + p + "=" + std::to_string(d);
  return out;
}

}  // namespace

ReportFacts report_facts(const Json& entry) {
  ReportFacts f;
  if (!entry.is_object() || !entry.contains("detail")) return f;
  const Json& detail = entry["detail"];
  f.receipt_id = text_at(detail, "receipt_id");
  f.total = int_at(detail, "total");
  f.completes_receipt = detail.is_object() && detail.contains("completes_receipt") &&
                        detail["completes_receipt"].is_boolean() &&
                        detail["completes_receipt"].get<bool>();
  if (!detail.is_object() || !detail.contains("response")) return f;
  const Json& response = detail["response"];
  f.money_returned = int_at(response, "money_returned");
  if (!response.is_object() || !response.contains("applied") || !response["applied"].is_array())
    return f;
  for (const Json& a : response["applied"]) {
    std::string p = text_at(a, "program");
    std::int64_t discount = int_at(a, "discount"), points = int_at(a, "points");
    if (p.empty() || (discount <= 0 && points <= 0)) continue;
    f.applied[p] += discount;
  }
  return f;
}

AppliedReferral applied_referral(const core::CardState& card, const core::CardEffects& effects,
                                 const core::CardState* referrer) {
  AppliedReferral out;
  if (!effects.referral) return out;
  out.referee = core::referee_share(card, *effects.referral);
  if (referrer) {
    auto theirs = core::referrer_share(card, *effects.referral);
    if (theirs && theirs->card == referrer->number) {
      out.referrer = std::move(theirs);
      out.referrer_lots_before = referrer->lots;
    }
  }
  return out;
}

Aggregates::Id Aggregates::customer_of(const core::CardState& card) {
  if (card.customer && !card.customer->id.empty()) {
    const Id id = customers_names_.id(card.customer->id);
    if (card_of_.size() <= id) card_of_.resize(id + 1);
    card_of_[id] = card.number;  // where their list may find a home (report_customer_rows.h)
    return id;
  }
  customer_text_.assign("card:").append(card.number);
  return customers_names_.id(customer_text_);
}

// Every register's zone is read with the first entry of a group: one statement, not one
// per register the group touches (a group holds entries from up to hundreds of registers).
Result<core::Zone> Aggregates::zone_of(Id register_id) {
  if (register_id < zone_by_register_.size() && zone_by_register_[register_id])
    return *zone_by_register_[register_id];
  if (!zones_loaded_) {
    auto rows =
        sql_.query("SELECT r.id, s.timezone FROM registers r JOIN stores s ON s.id = r.store_id");
    if (!rows) return rows.status();
    std::map<std::string, core::Zone> by_name;
    for (const SqlRow& r : *rows) {
      auto known = by_name.find(r.text(1));
      if (known == by_name.end()) {
        auto z = core::locate_zone(r.text(1));
        known = by_name.emplace(r.text(1), z ? *z : office_zone_).first;
      }
      zones_[r.text(0)] = known->second;
    }
    zones_loaded_ = true;
  }
  auto it = zones_.find(registers_[register_id]);
  const core::Zone zone = it != zones_.end() ? it->second : office_zone_;
  if (zone_by_register_.size() <= register_id) zone_by_register_.resize(register_id + 1);
  zone_by_register_[register_id] = zone;
  return zone;
}

Result<Aggregates::Receipt*> Aggregates::receipt(Id register_id, const std::string& receipt_id,
                                                 core::Day returned_on) {
  ReceiptKey key{register_id, receipt_id};
  auto it = receipts_.find(key);
  if (it != receipts_.end()) return &it->second;
  // Most offices merged no customer yet: then a found receipt's customer is not looked up
  // among the merges, once per return.
  if (!no_merges_) {
    auto any = sql_.query("SELECT 1 FROM customer_merges LIMIT 1");
    if (!any) return any.status();
    no_merges_ = any->empty();
  }
  // A day ahead too: a store moved to a zone further east since the receipt has its days
  // start earlier.
  auto found =
      find_receipt(sql_, registers_[register_id], receipt_id, returned_on + 1, *no_merges_);
  if (!found) return found.status();
  if (!*found) return static_cast<Receipt*>(nullptr);
  FoundReceipt& f = **found;
  Receipt r;
  r.day = f.day;
  r.pack = f.pack;
  if (f.receipt.customer) r.customer = customers_names_.id(*f.receipt.customer);
  r.total = f.receipt.total;
  r.programs = std::move(f.receipt.programs);
  packs_.try_emplace({f.day, f.pack, register_id}, Pack{std::move(f.text), false});
  return &receipts_.emplace(key, std::move(r)).first->second;
}

void Aggregates::add_points(const AggregateEntry& e, Id register_id, core::Day day) {
  const bool adjust = e.kind == "adjust";
  const bool back = e.kind == "refund" || e.kind == "cancel";
  std::int64_t lots = 0, draws = 0;
  // A program's issued points, or its redeemed ones taken back, by its lots; the other way
  // round for its draws. A draw's program is its lot's, found among `before`, or else the
  // one the draw names.
  auto by_program = [&](const std::string& program, std::int64_t n, bool drawn) {
    // A birthday gift is its program's issued points (office.md: per program); an
    // adjustment is nobody's program.
    if (program.empty() || adjust) return;
    auto& pd = programs_[{day, register_id, programs_names_.id(program)}];
    if (drawn != back)
      pd.redeemed += back ? -n : n;
    else
      pd.issued += back ? -n : n;
  };
  auto count = [&](const core::CardEffects& fx, const std::vector<core::PointLot>* before) {
    for (const auto& l : fx.new_lots) {
      lots += l.remaining;
      by_program(l.program, l.remaining, false);
    }
    for (const auto& d : fx.draws) {
      // A lot emptied earlier has left the card (core/card_fold.h), yet a refund may still
      // take its points back (into debt): the draw names its program then. Points whose
      // lot burned so long ago that it left the card are not taken at all (core::apply_effects
      // takes none of them): neither are they counted.
      static const std::vector<core::PointLot> no_lots;
      if (core::draw_takes_nothing(before ? *before : no_lots, d, day)) continue;
      const core::PointLot* lot = before ? find_lot(*before, d.lot_id) : nullptr;
      draws += d.points;
      static const std::string none;
      by_program(lot ? lot->program : d.dates ? d.dates->program : none, d.points, true);
    }
  };
  count(*e.effects, e.lots_before);
  // Both cards' referral points are the entry's: issued with the sale, taken back with it.
  if (e.referral && e.referral->referee) count(*e.referral->referee, nullptr);
  if (e.referral && e.referral->referrer) count(*e.referral->referrer, nullptr);
  Day& sums = days_[{day, register_id}];
  if (adjust) {
    sums.adjusted += lots - draws;
    return;
  }
  sums.issued += back ? -draws : lots;
  sums.redeemed += back ? -lots : draws;
}

// Every lot whose points changed moves its burn by as much: what a lot holds after its
// last day is what burns, on the day after it, or on the changing entry's day when that is
// later. Lots folded into one (same register and last day) move nothing.
void Aggregates::add_burns(const std::vector<core::PointLot>* lots_before,
                           const core::CardState& after, core::Day applied_on) {
  struct Change {
    const core::PointLot* lot;
    std::int64_t points;
  };
  std::vector<Change> change;  // by lot id, once sorted: a lot before beside itself after
  // A lot that burned long ago left the card when the entry was applied (card_fold.h):
  // its points burned, they were not spent. The fold looks back from the entry's day or
  // head office's today, whichever is earlier (core::apply_effects), so a lot gone by the
  // entry's day may still be on the card: then it moved nothing.
  const auto still_on_card = [&](const core::PointLot& l) {
    return std::any_of(after.lots.begin(), after.lots.end(),
                       [&](const core::PointLot& a) { return a.id == l.id; });
  };
  if (lots_before)
    for (const auto& l : *lots_before)
      if (!core::lot_gone(l.last_day, applied_on) || still_on_card(l))
        change.push_back({&l, -l.remaining});
  for (const auto& l : after.lots) change.push_back({&l, l.remaining});
  // Stable: of one id, the lot after (the later one) is the one whose last day counts.
  std::stable_sort(change.begin(), change.end(),
                   [](const Change& a, const Change& b) { return a.lot->id < b.lot->id; });
  for (std::size_t i = 0; i < change.size();) {
    std::size_t j = i;
    std::int64_t points = 0;
    for (; j < change.size() && change[j].lot->id == change[i].lot->id; ++j)
      points += change[j].points;
    const core::PointLot& lot = *change[j - 1].lot;
    i = j;
    if (points == 0 || !lot.last_day) continue;
    // A change dated after the burn (a refund taking back points that had burned, or giving
    // back spent points whose date has passed) burns, or unburns, on its own day: the days
    // before it had the card as it was then.
    const core::Day burn_day = std::max<core::Day>(*lot.last_day + 1, applied_on);
    days_[{burn_day, registers_.id(lot_register(lot.id))}].burned += points;
  }
}

Status Aggregates::add_sale(const AggregateEntry& e, Id register_id, const ReportFacts& facts,
                            core::Day day) {
  Receipt r;
  r.day = day;
  r.total = facts.total;
  r.fresh = true;
  if (e.card_after && !e.effects->card.empty()) r.customer = customer_of(*e.card_after);
  std::map<std::string, std::int64_t> touched = facts.applied;  // program → discount
  for (const auto& d : e.effects->draws) {
    const core::PointLot* lot = e.lots_before ? find_lot(*e.lots_before, d.lot_id) : nullptr;
    if (lot && !lot->program.empty() && d.points > 0) touched[lot->program] += 0;
  }
  r.programs = programs_text(touched);
  Day& sums = days_[{day, register_id}];
  (r.customer ? sums.receipts_card : sums.receipts_no_card) += 1;
  (r.customer ? sums.revenue_card : sums.revenue_no_card) += r.total;
  if (r.customer) {
    customers_.push_back({day, register_id, *r.customer, 1, r.total});
  }
  for (const auto& [p, discount] : touched) {
    auto& pd = programs_[{day, register_id, programs_names_.id(p)}];
    pd.receipts += 1;
    pd.revenue += r.total;
    pd.discount += discount;
  }
  receipts_[{register_id, facts.receipt_id}] = std::move(r);
  return Status::ok();
}

Status Aggregates::add_return(const AggregateEntry& e, Id register_id, const ReportFacts& facts,
                              core::Day day) {
  const std::int64_t money = facts.money_returned;
  auto found = receipt(register_id, facts.receipt_id, day);
  if (!found) return found.status();
  if (*found && (*found)->taken_off) *found = nullptr;
  const bool cancel = e.kind == "cancel";
  std::optional<Id> customer;
  std::map<std::string, std::int64_t> programs;
  // A refund's money counts on its own day, a cancellation's on the receipt's; the receipt
  // itself leaves the count on its own day, once nothing of it is left.
  core::Day money_on = day, receipt_on = day;
  if (*found) {
    customer = (*found)->customer;
    programs = programs_from((*found)->programs);
    receipt_on = (*found)->day;
    if (cancel) money_on = receipt_on;
  } else if (e.card_after && !e.effects->card.empty()) {
    customer = customer_of(*e.card_after);
  }
  const std::int64_t count = (cancel || facts.completes_receipt) && *found ? 1 : 0;
  if (count) (*found)->taken_off = true;
  Day& money_sums = days_[{money_on, register_id}];
  (customer ? money_sums.revenue_card : money_sums.revenue_no_card) -= money;
  Day& receipt_sums = days_[{receipt_on, register_id}];
  (customer ? receipt_sums.receipts_card : receipt_sums.receipts_no_card) -= count;
  if (customer) {
    if (money_on == receipt_on || money == 0) {
      customers_.push_back({receipt_on, register_id, *customer, -count, -money});
    } else {
      customers_.push_back({money_on, register_id, *customer, 0, -money});
      if (count) customers_.push_back({receipt_on, register_id, *customer, -count, 0});
    }
  }
  for (const auto& [p, discount] : programs) {
    const Id program = programs_names_.id(p);
    programs_[{money_on, register_id, program}].revenue -= money;
    if (!count) continue;
    auto& pd = programs_[{receipt_on, register_id, program}];
    pd.receipts -= count;
    pd.discount -= discount;
  }
  return Status::ok();
}

Status Aggregates::add(const AggregateEntry& e) {
  const Id register_id = registers_.id(e.register_id);
  auto zone = zone_of(register_id);
  if (!zone) return zone.status();
  const core::Day day = core::local_day(e.at, *zone);
  add_points(e, register_id, day);
  if (e.card_after) add_burns(e.lots_before, *e.card_after, day);
  // Points a refund gives back whose date passed so long ago that their lot left the card as
  // it came (core/card_fold.h): they came back and burned on the entry's day, as the same
  // lot still on the card does in add_burns.
  if (e.card_after && !e.entry_id.empty())
    for (const auto& l : e.effects->new_lots) {
      if (!core::lot_gone(l.last_day, day) || l.remaining <= 0) continue;
      const std::string id = std::string(e.entry_id) + "/" + l.id;
      if (!find_lot(e.card_after->lots, id)) days_[{day, register_id}].burned += l.remaining;
    }
  if (e.referral && e.referral->referrer && e.referral->referrer_after)
    add_burns(&e.referral->referrer_lots_before, *e.referral->referrer_after, day);
  if (Status w = add_wallet(e, register_id, day); !w) return w;
  const bool sale = e.kind == "receipt", back = e.kind == "refund" || e.kind == "cancel";
  if (!sale && !back) return Status::ok();
  ReportFacts parsed;
  if (!e.facts) {
    auto body = core::parse_json_exact(e.body);
    if (!body) return body.status();
    parsed = report_facts(*body);
  }
  const ReportFacts& facts = e.facts ? *e.facts : parsed;
  return sale ? add_sale(e, register_id, facts, day) : add_return(e, register_id, facts, day);
}

}  // namespace kopilka::office
