// POST /v1/sync/upload: what an enrolling register held before it joined head office
// (docs/sync.md, "Enrolling a register that already holds data"): its cards' profiles,
// merged into head office's (head office wins a conflict, and each conflict is answered),
// and, when the technician chose to, its programs.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/card_number.h"
#include "core/engine.h"
#include "office/audit.h"
#include "office/card_merge.h"
#include "office/card_profile.h"
#include "office/customers.h"
#include "office/fleet.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

constexpr std::size_t kMaxUploadCards = 1000;
constexpr std::size_t kMaxUploadPrograms = 200;

struct UploadCard {
  std::string number;
  core::CardEdit edit;
};

// Every card of the body checked before any is merged: a bad one refuses the batch.
core::Result<std::vector<UploadCard>> parse_cards(const core::Json& list) {
  std::vector<UploadCard> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string where = "cards[" + std::to_string(i) + "]";
    const core::Json& c = list[i];
    if (!c.is_object() || !c.contains("number") || !c["number"].is_string())
      return core::Status::invalid("needs a number of 4 to 32 digits", where + ".number");
    if (core::Status n = core::check_card_number(c["number"].get<std::string>(), where + ".number");
        !n)
      return n;
    core::Json profile = c;
    profile.erase("number");
    auto edit = core::parse_card_edit(profile);
    if (!edit) return edit.status().under(where);
    out.push_back({c["number"].get<std::string>(), std::move(*edit)});
  }
  return out;
}

core::Status check_programs(const core::Json& list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (core::Status s = core::validate_program(list[i]); !s)
      return s.under("programs[" + std::to_string(i) + "]");
  }
  return core::Status::ok();
}

// An upload belongs to the register's enrolment: it comes before the register's first pull
// or push (docs/sync.md). After that a register credential that could still upload would
// create programs for every register and rewrite customers, long after anyone looked.
core::Result<bool> upload_open(OfficeContext& ctx, const std::string& register_id) {
  auto open =
      query_int(ctx.store.sql(), "SELECT COALESCE(uploads_open, 0) FROM registers WHERE id = $1",
                {register_id});
  if (!open) return open.status();
  return open->value_or(0) == 1;
}

// A card new to head office that names its referrer: another card's number, of a loyalty
// card where head office or this upload has it. A referrer head office does not know yet
// passes: the register uploads its cards in batches in number order, so it may come in a
// later one (and until it exists, nobody earns its reward).
core::Status check_uploaded_referrer(OfficeContext& ctx, const std::vector<UploadCard>& cards,
                                     std::size_t i) {
  const std::string field = "cards[" + std::to_string(i) + "].referred_by";
  const core::CardEdit& edit = cards[i].edit;
  auto stored = ctx.store.load_card(*edit.referred_by);
  if (!stored) return stored.status();
  std::optional<core::CardState> referrer = std::move(*stored);
  for (const auto& other : cards) {
    if (referrer || other.number != *edit.referred_by) continue;
    referrer.emplace();
    referrer->number = other.number;
    referrer->type = other.edit.type.value_or(core::CardType::kLoyalty);
  }
  if (!referrer) {
    referrer.emplace();
    referrer->number = *edit.referred_by;
  }
  core::CardState card;
  card.number = cards[i].number;
  core::Status s = core::check_card_type(card, edit, true);  // a gift card refers nobody's
  if (s) s = core::check_referred_by(card, edit, &*referrer);
  return s ? s : core::Status(s.code(), s.message(), field);
}

bool same_groups(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// The customer head office already holds under the id an uploaded card names, for a card
// that does not carry one at head office yet.
core::Result<std::optional<core::Customer>> known_customer(
    OfficeContext& ctx, const std::optional<core::CardState>& old, const core::CardEdit& up) {
  if (!up.has_customer || !up.customer_id || (old && old->customer))
    return std::optional<core::Customer>();
  auto known = load_customer(ctx.store.sql(), *up.customer_id);
  if (!known) return known.status();
  if (!*known) return std::optional<core::Customer>();
  return std::optional<core::Customer>((*known)->contacts);
}

}  // namespace

HttpResponse route_upload(OfficeContext& ctx, const HttpRequest& req,
                          const std::string& register_id) {
  if (req.method != "POST") return error_response(405, "method_not_allowed", "use POST");
  auto open = upload_open(ctx, register_id);
  if (!open) return status_response(open.status());
  if (!*open) {
    spdlog::warn("sync: register {} refused: upload after its enrolment's first sync", register_id);
    return error_response(409, "upload_closed",
                          "an upload belongs to enrolment and comes before the first pull or push; "
                          "enrol the register again to upload");
  }
  auto body = parse_body(req);
  if (!body) return status_response(body.status());
  if (!body->is_object()) return error_response(400, "invalid_request", "must be an object");
  core::Json cards = body->value("cards", core::Json::array());
  core::Json programs = body->value("programs", core::Json::array());
  if (!cards.is_array() || cards.size() > kMaxUploadCards)
    return error_response(400, "invalid_request", "must be an array of up to 1000 cards", "cards");
  if (!programs.is_array() || programs.size() > kMaxUploadPrograms)
    return error_response(400, "invalid_request", "must be an array of up to 200 programs",
                          "programs");
  auto parsed = parse_cards(cards);
  if (!parsed) return status_response(parsed.status());
  if (core::Status s = check_programs(programs); !s)
    return error_response(400, "invalid_program", s.message(), s.field());

  auto limited = enrolled_by_technician(ctx.store.sql(), register_id);
  if (!limited) return status_response(limited.status());
  if (*limited && !programs.empty())
    return error_response(403, "forbidden",
                          "programs reach every register: they come up with an enrolment code "
                          "made by the owner or a marketer; enrol again with such a code, or "
                          "without --upload-programs",
                          "programs");

  // Every card merged before any is written, so a refusal changes nothing.
  std::vector<std::pair<std::optional<core::CardState>, MergedCard>> merged;
  for (std::size_t i = 0; i < parsed->size(); ++i) {
    const UploadCard& up = (*parsed)[i];
    auto old = ctx.store.load_card(up.number);
    if (!old) return status_response(old.status());
    auto known = known_customer(ctx, *old, up.edit);
    if (!known) return status_response(known.status());
    // A technician's register brings the cards and customers head office lacks; the
    // contacts of a customer it holds are support's to change (office.md "Who uses it"):
    // filled in from here, a blank e-mail became anyone's address.
    const bool customer_held = (*old && (*old)->customer) || *known;
    MergedCard m = merge_uploaded_card(
        up.number, *old, *limited && customer_held ? core::without_customer(up.edit) : up.edit,
        *known);
    const std::vector<std::string> before = *old ? (*old)->groups : std::vector<std::string>{};
    if (*limited && !same_groups(before, m.card.groups))
      return error_response(403, "forbidden",
                            "a card's groups choose its discounts: a register whose cards bring "
                            "groups head office does not have is enrolled with a code made by "
                            "the owner",
                            "cards[" + std::to_string(i) + "].groups");
    if (!*old && up.edit.referred_by) {
      // The referrer earns points on the card's purchases: chosen by the owner, as support
      // may not choose it either (office.md).
      if (*limited)
        return error_response(403, "forbidden",
                              "a card's referrer earns points on its purchases: a register whose "
                              "cards name referrers is enrolled with a code made by the owner",
                              "cards[" + std::to_string(i) + "].referred_by");
      if (core::Status r = check_uploaded_referrer(ctx, *parsed, i); !r) return status_response(r);
    }
    merged.emplace_back(std::move(*old), std::move(m));
  }

  // Who changed what stays on record: the register, on behalf of whoever enrolled it.
  const Actor by{"register:" + register_id, kTechnician, req.remote_address, ""};
  core::Json conflicts = core::Json::array();
  std::int64_t created = 0, updated = 0;
  for (const auto& [old, m] : merged) {
    for (const auto& c : m.conflicts) conflicts.push_back(c.to_json());
    if (!m.changed) continue;
    auto put = ctx.store.put_card(m.card);
    if (!put) return status_response(put.status());
    if (core::Status i = index_card_customer(ctx.store.sql(), m.card, ctx.now()); !i)
      return status_response(i);
    ++(*put ? created : updated);
    if (core::Status a =
            append_audit(ctx.store.sql(), by, ctx.now(),
                         {*put ? "card.create" : "card.update", "card:" + m.card.number,
                          old ? std::optional<core::Json>(card_profile(*old)) : std::nullopt,
                          card_profile(m.card)});
        !a)
      return status_response(a);
  }
  core::Json uploaded = core::Json::array();
  for (const auto& doc : programs) {
    std::string id = core::program_id(doc);
    std::string text = core::json_plain(doc).dump();
    auto have = ctx.store.get_program(id);
    if (!have) return status_response(have.status());
    if (have->has_value()) {
      auto ours = core::parse_json_exact(**have);
      if (!ours || core::json_plain(*ours) != core::json_plain(doc))
        conflicts.push_back(core::Json{{"program", id}, {"field", "document"}});
      continue;
    }
    auto put = ctx.store.put_program(id, text);
    if (!put) return status_response(put.status());
    uploaded.push_back(id);
    // Every program reaches every register: who created this one stays on record.
    if (core::Status a =
            append_audit(ctx.store.sql(), by, ctx.now(),
                         {"program.create", "program:" + id, std::nullopt, core::json_plain(doc)});
        !a)
      return status_response(a);
  }
  if (!conflicts.empty())
    spdlog::warn("register {} enrolled with {} conflict(s); head office's values were kept",
                 register_id, conflicts.size());
  return {200, core::Json{{"cards", cards.size()},
                          {"created", created},
                          {"updated", updated},
                          {"programs_uploaded", std::move(uploaded)},
                          {"conflicts", std::move(conflicts)}}};
}

}  // namespace kopilka::office
