// See card_view_text.h. Money is integer kopecks, shown with core::format_rub.
#include "cli/card_view_text.h"

#include "cli/messages.h"
#include "cli/words.h"
#include "core/money.h"

namespace kopilka::cli {
namespace {

std::string text_of(const core::Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "-";
  std::string n = core::number_text(v);
  return n.empty() ? v.dump() : n;
}

std::string rub(const core::Json& v) {
  return v.is_number_integer() ? core::format_rub(v.get<std::int64_t>()) : text_of(v);
}

}  // namespace

void print_card_view(const CliContext& ctx, const core::Json& view) {
  std::vector<std::pair<std::string, std::string>> f;
  const core::Json& card = view.value("card", core::Json::object());
  std::string groups;
  for (const auto& g : card.value("groups", core::Json::array()))
    groups += (groups.empty() ? "" : ", ") + text_of(g);
  std::string status = text_of(card.value("status", core::Json("?")));
  f.push_back(
      {tr(ctx, Msg::kLabelCard),
       text_of(card.value("number", core::Json("?"))) + "  " +
           paint(ctx, status == "active" ? Tone::kOk : Tone::kFail, code_word(ctx, status))});
  f.push_back({tr(ctx, Msg::kLabelGroups), groups.empty() ? "-" : groups});
  const core::Json& c = view.value("customer", core::Json());
  if (c.is_object()) {
    std::string who = text_of(c.value("name", core::Json()));
    if (c.contains("phone") && c["phone"].is_string()) who += "  " + text_of(c["phone"]);
    if (c.contains("birthday") && c["birthday"].is_string())
      who += "  " + tr(ctx, Msg::kBirthday, text_of(c["birthday"]));
    f.push_back({tr(ctx, Msg::kLabelCustomer), who});
  }
  const core::Json& p = view.value("points", core::Json::object());
  f.push_back(
      {tr(ctx, Msg::kLabelPoints),
       tr(ctx, Msg::kPointsLine, text_of(p.value("balance", core::Json(0))),
          text_of(p.value("usable", core::Json(0))), text_of(p.value("pending", core::Json(0))))});
  for (const auto& b : p.value("burning", core::Json::array()))
    f.push_back({tr(ctx, Msg::kLabelBurning),
                 tr(ctx, Msg::kBurningLine, text_of(b.value("points", core::Json(0))),
                    text_of(b.value("on", core::Json("?"))))});
  f.push_back({tr(ctx, Msg::kLabelSpent),
               rub(view.value("spent", core::Json(0))) + "  " +
                   tr(ctx, Msg::kVisits, text_of(view.value("visits", core::Json(0))))});
  for (const auto& l : view.value("levels", core::Json::array())) {
    std::string line = text_of(l.value("program", core::Json("?"))) + ": " +
                       text_of(l.value("percent", core::Json(0))) + " %";
    if (l.contains("next") && l["next"].is_object())
      line += "  " + tr(ctx, Msg::kNextLevel, text_of(l["next"].value("percent", core::Json(0))),
                        rub(l["next"].value("from_spent", core::Json(0))));
    f.push_back({tr(ctx, Msg::kLabelLevel), line});
  }
  for (const auto& m : view.value("messages", core::Json::array()))
    f.push_back({tr(ctx, Msg::kLabelMessage), text_of(m.value("text", core::Json()))});
  print_fields(ctx, f);
}

}  // namespace kopilka::cli
