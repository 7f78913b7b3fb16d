// What a technician's register may give back; see technician_returns.h.
#include "office/technician_returns.h"

#include <algorithm>

namespace kopilka::office {

using core::Status;

namespace {

// What a receipt, or its returns so far, moved on the card.
struct Moved {
  std::int64_t lots = 0;    // points of the lots it made
  std::int64_t draws = 0;   // points it took
  std::int64_t wallet = 0;  // wallet money it gave (a return) or took (a receipt), positive
};

Moved moved_by(const core::CardEffects& e, bool sale) {
  Moved m;
  for (const auto& l : e.new_lots) m.lots += l.remaining;
  for (const auto& d : e.draws) m.draws += d.points;
  m.wallet = std::max<std::int64_t>(0, sale ? -e.wallet_delta : e.wallet_delta);
  return m;
}

}  // namespace

Status check_technician_return(Sql& sql, const std::string& register_id, const PushEntry& entry,
                               const std::vector<const PushEntry*>& earlier) {
  const std::string rid = entry.report ? entry.report->receipt_id : std::string();
  const auto refuse = [&](const std::string& why) {
    return Status::invalid("a register enrolled with a technician's code " + why, "effects");
  };
  if (rid.empty() || entry.card.empty())
    return refuse("returns only a receipt with a card that head office has from it");
  bool sold = false;
  Moved sale, returned;
  const auto count = [&](const std::string& kind, const core::CardEffects& effects,
                         const std::string& receipt_id) {
    if (receipt_id != rid) return;
    const bool is_sale = kind == "receipt";
    const Moved m = moved_by(effects, is_sale);
    if (is_sale) {
      sold = true;
      sale = m;
    } else {
      returned.lots += m.lots, returned.draws += m.draws, returned.wallet += m.wallet;
    }
  };
  auto rows = sql.query(
      "SELECT kind, body FROM entries WHERE card = $1 AND register_id = $2 AND "
      "kind IN ('receipt', 'refund', 'cancel')",
      {entry.card, register_id});
  if (!rows) return rows.status();
  for (const SqlRow& r : *rows) {
    auto body = core::parse_json_exact(r.text(1));
    if (!body || !body->is_object() || !body->contains("effects")) continue;
    auto effects = core::effects_from_json((*body)["effects"]);
    if (!effects) continue;
    count(r.text(0), *effects, report_facts(*body).receipt_id);
  }
  for (const PushEntry* e : earlier)
    if (e->card == entry.card && e->report) count(e->kind, e->effects, e->report->receipt_id);
  if (!sold) return refuse("returns only a receipt head office has from it (" + rid + ")");
  const Moved now = moved_by(entry.effects, false);
  if (returned.lots + now.lots > sale.draws)
    return refuse("gives back at most the points its receipt spent (" +
                  std::to_string(sale.draws - returned.lots) + " left)");
  if (returned.wallet + now.wallet > sale.wallet)
    return refuse("gives back at most the wallet money its receipt paid (" +
                  std::to_string(sale.wallet - returned.wallet) + " kopecks left)");
  const bool last = entry.kind == "cancel" || entry.report->completes_receipt;
  if (last && returned.draws + now.draws < sale.lots)
    return refuse(
        "takes back, with the return that leaves nothing of its receipt, every point "
        "the receipt earned (" +
        std::to_string(sale.lots) + ")");
  return Status::ok();
}

}  // namespace kopilka::office
