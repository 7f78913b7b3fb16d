// Tests of the `referral` kind (programs.md "referral"): the document's fields, the reward on
// the referred card's first confirmed purchase from min_total, the one entry carrying both
// cards' points, once per referred card (offline duplicates included), and the reversal on
// a full refund only.
#include "core/referral.h"
#include "core/card_state_json.h"
#include "core/effects.h"
#include "core/engine.h"
#include "core/entry_limits.h"
#include "core/program.h"
#include "core/sale_record.h"
#include "engine_test_util.h"

using namespace kopilka::test;

namespace {

constexpr const char* kFriend = "2000000000022";
const char* kReferral =
    R"({"id": "friend", "name": "Приведи друга", "kind": "referral", "referrer_points": 500,
        "referee_points": 300, "min_total": 100000, "audience": {"anyone": true},
        "points": {"lifetime_days": 30}})";

CardState referred() {
  CardState c = card();
  c.referral = Referral{kFriend, false, ""};
  return c;
}

CardState referrer() {
  CardState c;
  c.number = kFriend;
  return c;
}

std::vector<ReceiptLine> lines_of(Kopecks total) {
  return {line(1, "A", "food", 1000, total)};
}

Status validate(const std::string& text) {
  return validate_program(doc(text));
}

}  // namespace

TEST_CASE("referral: the document's fields, each error naming its field") {
  CHECK(validate(kReferral).is_ok());
  auto set = programs({kReferral});
  CHECK(explain_program(*set.programs()[0], Locale::kEn) ==
        "friend (referral): 500 points to the referrer and 300 to the new card on its first "
        "purchase; receipts from 1 000,00 ₽");
  Status missing = validate(R"({"id": "r", "name": "R", "kind": "referral", "referee_points": 1})");
  CHECK(missing.field() == "referrer_points");
  Status negative = validate(
      R"({"id": "r", "name": "R", "kind": "referral", "referrer_points": 1, "referee_points": -1})");
  CHECK(negative.field() == "referee_points");
  Status both_zero = validate(
      R"({"id": "r", "name": "R", "kind": "referral", "referrer_points": 0, "referee_points": 0})");
  CHECK(both_zero.field() == "referrer_points");
  Status foreign = validate(
      R"({"id": "r", "name": "R", "kind": "referral", "referrer_points": 1, "referee_points": 1,
          "percent": 5})");
  CHECK(foreign.field() == "percent");
  Status capped = validate(
      R"({"id": "r", "name": "R", "kind": "referral", "referrer_points": 1, "referee_points": 1,
          "max_discount": 5})");
  CHECK(capped.field() == "max_discount");
}

TEST_CASE("referral: the first purchase from min_total rewards both cards in one entry") {
  auto set = programs({kReferral});
  CardState c = referred();
  auto out = calculate(receipt(kWhen, lines_of(100000)), &c, set, {}, moscow());
  CHECK(answer(out)["points_accrued"] == 0);
  CHECK(answer(out)["points_balance_after"] == 300);
  CHECK(answer(out)["applied"][0] ==
        Json{{"program", "friend"},
             {"kind", "referral"},
             {"points", 300},
             {"referrer_points", 500},
             {"text", "Приведи друга: +300 бонусов за первую покупку"}});
  Settings en = moscow();
  en.locale = Locale::kEn;
  CHECK(
      answer(calculate(receipt(kWhen, lines_of(100000)), &c, set, {}, en))["applied"][0]["text"] ==
      "Приведи друга: +300 points for the first purchase");
  REQUIRE(out.effects.referral);
  const ReferralEffects& r = *out.effects.referral;
  CHECK(r.referrer == kFriend);
  CHECK(r.referee_points == 300);
  CHECK(r.referrer_points == 500);
  CHECK(r.usable_from == day("2027-03-10"));
  CHECK(r.last_day == day("2027-04-09"));  // lifetime 30 days from the receipt's day, as a bonus
  // The entry travels as JSON and reads back the same.
  auto back = effects_from_json(effects_to_json(out.effects));
  REQUIRE(back.ok());
  CHECK(back->referral == out.effects.referral);
  CHECK(check_entry("receipt", out.effects).is_ok());
  CardEffects as_refund = out.effects;  // a referral part that reverses nothing, on a refund
  as_refund.spent_delta = 0;
  as_refund.purchases_delta = 0;
  CHECK(check_entry("refund", as_refund).field() == "effects.referral.reverses");

  CardState other = referrer();
  REQUIRE(apply_entry(c, &other, out.effects, "reg:7", day("2027-03-10")).is_ok());
  REQUIRE(c.lots.size() == 1);
  CHECK(c.lots[0].id == "reg:7/q");
  CHECK(c.lots[0].remaining == 300);
  CHECK(c.lots[0].last_day == day("2027-04-09"));
  CHECK(c.referral == Referral{kFriend, true, "reg:7"});
  REQUIRE(other.lots.size() == 1);
  CHECK(other.lots[0].id == "reg:7/r");
  CHECK(other.lots[0].remaining == 500);
  CHECK(other.lots[0].program == "friend");

  // A second purchase never rewards.
  auto second = calculate(receipt(kWhen, lines_of(500000)), &c, set, {}, moscow());
  CHECK(!second.effects.referral);
  CHECK(answer(second)["applied"].empty());
}

TEST_CASE("referral: under min_total never a reward, and that first purchase closes it") {
  auto set = programs({kReferral});
  CardState c = referred();
  auto small = calculate(receipt(kWhen, lines_of(99999)), &c, set, {}, moscow());
  CHECK(!small.effects.referral);
  CardState other = referrer();
  REQUIRE(apply_entry(c, &other, small.effects, "reg:1", day("2027-03-10")).is_ok());
  CHECK(c.referral == Referral{kFriend, true, ""});
  // Even after the small purchase is wholly refunded, a later big one is not a first one.
  auto refunded = refund(*small.sale, "reg:1", {}, RefundRequest{}, &c, moscow());
  REQUIRE(refunded.ok());
  REQUIRE(apply_effects(c, refunded->effects, "reg:2", day("2027-03-10")).is_ok());
  CHECK(c.purchases == 0);
  CHECK(!calculate(receipt(kWhen, lines_of(100000)), &c, set, {}, moscow()).effects.referral);
  // A card that was not referred, or refers itself, gets nothing.
  CardState plain = card();
  CHECK(!calculate(receipt(kWhen, lines_of(100000)), &plain, set, {}, moscow()).effects.referral);
  CardState self = referred();
  self.referral->by = self.number;
  CHECK(!calculate(receipt(kWhen, lines_of(100000)), &self, set, {}, moscow()).effects.referral);
}

TEST_CASE("referral: a full refund reverses both lots, a partial one never") {
  auto set = programs({kReferral});
  CardState c = referred();
  auto req = receipt(kWhen, {line(1, "A", "food", 2000, 60000)});
  auto out = calculate(req, &c, set, {}, moscow());
  REQUIRE(out.effects.referral);
  CardState other = referrer();
  REQUIRE(apply_entry(c, &other, out.effects, "reg:1", day("2027-03-10")).is_ok());

  RefundRequest half;
  half.lines = std::vector<RefundLine>{{1, Quantity{1000}}};
  auto part = refund(*out.sale, "reg:1", {}, half, &c, moscow());
  REQUIRE(part.ok());
  CHECK(!part->effects.referral);
  REQUIRE(apply_entry(c, &other, part->effects, "reg:2", day("2027-03-11")).is_ok());
  CHECK(c.lots.size() == 1);
  CHECK(other.lots.size() == 1);

  auto rest = refund(*out.sale, "reg:1", part->after, half, &c, moscow());
  REQUIRE(rest.ok());
  REQUIRE(rest->effects.referral);
  CHECK(rest->effects.referral->reverses == "reg:1");
  // The answer counts the referral points the card loses, not only the cashback's.
  CHECK(part->response["points_reversed"] == 0);
  CHECK(rest->response["points_reversed"] == 300);
  CHECK(rest->response["messages"][0]["text"].get<std::string>().find("300") != std::string::npos);
  CHECK(check_entry("refund", rest->effects).is_ok());
  // The sale's referral is kept with the sale, so the refund finds it after a restart.
  auto stored = sale_from_json(sale_to_json(*out.sale));
  REQUIRE(stored.ok());
  CHECK((*stored)->referral == out.sale->referral);
  // The referrer spent 200 of the 500 meanwhile: the reversal leaves 200 owed.
  other.lots[0].remaining = 300;
  REQUIRE(apply_entry(c, &other, rest->effects, "reg:3", day("2027-03-12")).is_ok());
  CHECK(c.lots.empty());
  CHECK(c.debt == 0);
  CHECK(c.referral == Referral{kFriend, true, ""});
  CHECK(other.lots.empty());
  CHECK(other.debt == 200);
  // Applying the reversal again takes nothing more.
  REQUIRE(apply_entry(c, &other, rest->effects, "reg:3", day("2027-03-12")).is_ok());
  CHECK(other.debt == 200);
}

TEST_CASE("referral: two first purchases journalled offline reward the card once") {
  auto set = programs({kReferral});
  CardState at_a = referred(), at_b = referred();
  auto a = calculate(receipt(kWhen, lines_of(150000)), &at_a, set, {}, moscow());
  auto b = calculate(receipt(kWhen, lines_of(200000)), &at_b, set, {}, moscow());
  REQUIRE(a.effects.referral);
  REQUIRE(b.effects.referral);
  // Head office applies A's entry, then B's: B's referral part adds nothing to either card.
  CardState office = referred(), other = referrer();
  REQUIRE(apply_entry(office, &other, a.effects, "a:1", day("2027-03-10")).is_ok());
  CHECK(referrer_due(office, b.effects) == std::nullopt);
  REQUIRE(apply_entry(office, &other, b.effects, "b:1", day("2027-03-10")).is_ok());
  CHECK(office.lots.size() == 1);
  CHECK(office.lots[0].remaining == 300);
  CHECK(office.purchases == 2);
  CHECK(other.lots.size() == 1);
  CHECK(other.lots[0].remaining == 500);
  // B's full refund reverses nothing: its reward never applied.
  auto back = refund(*b.sale, "b:1", {}, RefundRequest{}, &office, moscow());
  REQUIRE(back.ok());
  REQUIRE(apply_entry(office, &other, back->effects, "b:2", day("2027-03-10")).is_ok());
  CHECK(office.lots.size() == 1);
  CHECK(other.lots[0].remaining == 500);
  CHECK(office.referral == Referral{kFriend, true, "a:1"});
}

TEST_CASE("referral: a card state keeps its referral through JSON and text") {
  CardState c = referred();
  c.referral->closed = true;
  c.referral->rewarded_entry = "reg:7";
  auto back = card_state_from_json(card_state_to_json(c));
  REQUIRE(back.ok());
  CHECK(back->referral == c.referral);
  CHECK(card_state_to_json(c)["referral"] ==
        Json{{"by", kFriend}, {"closed", true}, {"rewarded_entry", "reg:7"}});
  CHECK(!card_state_to_json(card()).contains("referral"));
}
