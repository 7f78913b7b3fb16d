// POST /v1/admin/programs/preview: what one program would do to a sample receipt, computed
// by the register's own rules engine (core/engine.h) and saving nothing. The web admin's
// program form shows it before the program is saved.
#include "core/engine.h"
#include "core/entry_limits.h"
#include "core/receipt_request.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

// The sample card the receipt is calculated against: active, holding `points` usable now
// (a manual lot, so no program's redeem cap applies to it), with `spent` bought before,
// yesterday (so a level by what was spent, over all time or a window, can be tried).
core::CardState sample_card(const std::string& number, std::int64_t points, core::Kopecks spent,
                            core::Day today) {
  core::CardState card;
  card.number = number;
  card.spent = spent;
  if (spent > 0) card.spent_days.push_back({today - 1, spent});
  if (points > 0) {
    core::PointLot lot;
    lot.id = "preview/0";
    lot.earned_day = today;
    lot.usable_from = today;
    lot.remaining = points;
    card.lots.push_back(lot);
  }
  return card;
}

HttpResponse preview(OfficeContext& ctx, const Call& call) {
  auto body = parse_body(call.req);
  if (!body) return status_response(body.status());
  if (!body->is_object() || !body->contains("program") || !body->contains("receipt"))
    return error_response(400, "invalid_request", "send {\"program\": {...}, \"receipt\": {...}}");
  const core::Json& program = (*body)["program"];
  // Same code and field as PUT /v1/admin/programs/{id}, so the form shows one message.
  if (core::Status s = core::validate_program(program); !s)
    return error_response(400, "invalid_program", s.message(), s.field());
  std::int64_t points = 0;
  if (body->contains("card_points")) {
    const core::Json& p = (*body)["card_points"];
    if (!p.is_number_integer() || p.get<std::int64_t>() < 0 ||
        p.get<std::int64_t>() > 1'000'000'000)
      return error_response(400, "invalid_request", "must be a whole number from 0 to 1000000000",
                            "card_points");
    points = p.get<std::int64_t>();
  }
  core::Kopecks spent = 0;
  if (body->contains("card_spent")) {
    const core::Json& s = (*body)["card_spent"];
    if (!s.is_number_integer() || s.get<std::int64_t>() < 0 ||
        s.get<std::int64_t>() > core::kMaxEntryAmount)
      return error_response(400, "invalid_request",
                            "must be a whole number of kopecks from 0 to 10^16", "card_spent");
    spent = s.get<std::int64_t>();
  }
  auto receipt = core::parse_receipt_request((*body)["receipt"], ctx.now());
  if (!receipt) return status_response(receipt.status().under("receipt"));
  auto programs = core::ProgramSet::build({program});
  if (!programs) return status_response(programs.status());
  const core::Settings& settings = ctx.store.settings();
  std::optional<core::CardState> card;
  if (receipt->card)
    card = sample_card(*receipt->card, points, spent, core::local_day(receipt->at, settings.zone));
  core::CalcOutcome out =
      core::calculate(*receipt, card ? &*card : nullptr, *programs, core::Counters{}, settings);
  HttpResponse sent{200, {}};
  sent.text = R"({"result":)" + out.response + "}";
  return sent;
}

}  // namespace

std::vector<Route> preview_routes() {
  return {{"POST", "/v1/admin/programs/preview", kOwner | kMarketer, preview}};
}

}  // namespace kopilka::office
