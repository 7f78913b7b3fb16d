// See card_view_text.h. Money is integer kopecks, shown with rub_text (words.h).
#include "cli/card_view_text.h"

#include "cli/messages.h"
#include "cli/words.h"

namespace kopilka::cli {

void print_card_view(const CliContext& ctx, const core::Json& view) {
  std::vector<std::pair<std::string, std::string>> f;
  const core::Json& card = view.value("card", core::Json::object());
  std::string groups;
  for (const auto& g : card.value("groups", core::Json::array()))
    groups += (groups.empty() ? "" : ", ") + value_text(g);
  std::string status = value_text(card.value("status", core::Json("?")));
  const bool gift = card.value("type", "") == "gift";
  std::string line =
      value_text(card.value("number", core::Json("?"))) + "  " +
      paint(ctx, status == "active" ? Tone::kOk : Tone::kFail, code_word(ctx, status));
  if (gift) line += "  " + say(ctx, "gift card", "подарочная карта");
  // A lost card's points moved: the technician is told where, as the cashier is.
  if (card.contains("replaced_by") && card["replaced_by"].is_string())
    line += "  " + say(ctx, "replaced by ", "заменена на ") + value_text(card["replaced_by"]);
  f.push_back({tr(ctx, Msg::kLabelCard), line});
  f.push_back({tr(ctx, Msg::kLabelGroups), groups.empty() ? "-" : groups});
  const core::Json& c = view.value("customer", core::Json());
  if (c.is_object()) {
    std::string who = value_text(c.value("name", core::Json()));
    if (c.contains("phone") && c["phone"].is_string()) who += "  " + value_text(c["phone"]);
    if (c.contains("birthday") && c["birthday"].is_string())
      who += "  " + tr(ctx, Msg::kBirthday, value_text(c["birthday"]));
    f.push_back({tr(ctx, Msg::kLabelCustomer), who});
  }
  const core::Json& p = view.value("points", core::Json::object());
  f.push_back({tr(ctx, Msg::kLabelPoints),
               tr(ctx, Msg::kPointsLine, value_text(p.value("balance", core::Json(0))),
                  value_text(p.value("usable", core::Json(0))),
                  value_text(p.value("pending", core::Json(0))))});
  for (const auto& b : p.value("burning", core::Json::array()))
    f.push_back({tr(ctx, Msg::kLabelBurning),
                 tr(ctx, Msg::kBurningLine, value_text(b.value("points", core::Json(0))),
                    value_text(b.value("on", core::Json("?"))))});
  const core::Json& wallet = view.value("wallet", core::Json::object());
  if (gift || wallet.value("balance", core::Json(0)) != core::Json(0))
    f.push_back({say(ctx, "wallet", "кошелёк"), rub_text(wallet.value("balance", core::Json(0)))});
  f.push_back({tr(ctx, Msg::kLabelSpent),
               rub_text(view.value("spent", core::Json(0))) + "  " +
                   tr(ctx, Msg::kVisits, value_text(view.value("visits", core::Json(0))))});
  // Programs do not apply to a gift card (programs.md "Gift card"): its levels mean nothing.
  for (const auto& l : gift ? core::Json::array() : view.value("levels", core::Json::array())) {
    std::string line = value_text(l.value("program", core::Json("?"))) + ": " +
                       value_text(l.value("percent", core::Json(0))) + " %";
    if (l.contains("next") && l["next"].is_object())
      line += "  " + tr(ctx, Msg::kNextLevel, value_text(l["next"].value("percent", core::Json(0))),
                        rub_text(l["next"].value("from_spent", core::Json(0))));
    f.push_back({tr(ctx, Msg::kLabelLevel), line});
  }
  for (const auto& m : view.value("messages", core::Json::array()))
    f.push_back({tr(ctx, Msg::kLabelMessage), value_text(m.value("text", core::Json()))});
  print_fields(ctx, f);
}

}  // namespace kopilka::cli
