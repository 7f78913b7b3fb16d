// The customer's store time zone (notify_zone.h), from the journal's entries_by_card index.
#include "office/notify_zone.h"

namespace kopilka::office {

namespace {

// Of the first of the card's entries `kind_and_order` picks: nothing when there is none,
// else its register's store's zone name (nothing inside when the register has no store).
using Placed = std::optional<std::optional<std::string>>;

core::Result<Placed> store_timezone(Sql& sql, const std::string& card,
                                    const std::string& kind_and_order) {
  auto rows = sql.query(
      "SELECT s.timezone FROM entries e JOIN registers r ON r.id = e.register_id LEFT JOIN stores "
      "s ON s.id = r.store_id WHERE e.card = $1 " +
          kind_and_order + " LIMIT 1",
      {card});
  if (!rows) return rows.status();
  if (rows->empty()) return Placed();
  const SqlRow& r = rows->front();
  return Placed(r.is_null(0) ? std::optional<std::string>()
                             : std::optional<std::string>(r.text(0)));
}

}  // namespace

core::Result<core::Zone> customer_zone(Sql& sql, const std::string& card, core::Zone head_office) {
  auto latest = store_timezone(sql, card, "AND e.kind = 'receipt' ORDER BY e.at DESC, e.id DESC");
  if (!latest) return latest.status();
  Placed placed = *latest;
  if (!placed) {
    auto first = store_timezone(sql, card, "ORDER BY e.at, e.id");
    if (!first) return first.status();
    placed = *first;
  }
  if (!placed || !*placed) return head_office;
  // A store's zone was checked when it was saved; one the system no longer knows keeps
  // the message to head office's hours rather than holding it up.
  auto zone = core::locate_zone(**placed);
  return zone ? *zone : head_office;
}

}  // namespace kopilka::office
