// CSV card import; see card_import.h. The parsing (columns, quoting, validation) is
// core/card_csv.h, shared with the register's `kopilka card import`.
#include "office/card_import.h"

#include "core/card_csv.h"
#include "office/commands.h"
#include "office/customers.h"

namespace kopilka::office {

core::Result<ImportReport> import_cards_csv(Storage& store, std::istream& in, bool strict) {
  auto parsed = core::parse_card_csv(in, strict);
  if (!parsed) return parsed.status();
  ImportReport report;
  report.read_as_windows1251 = parsed->read_as_windows1251;
  report.ignored_columns = parsed->ignored_columns;
  for (const auto& e : parsed->errors) report.errors.push_back(e.text());
  if (strict && !report.errors.empty()) return report;
  for (const auto& p : parsed->rows) {
    auto old = store.load_card(p.number);
    if (!old) return old.status();
    core::CardState card = old->value_or(core::CardState{});
    card.number = p.number;
    if (core::Status j = join_known_customer(store.sql(), card, p.edit); !j) return j;
    core::apply_card_edit(card, p.edit);
    auto put = store.put_card(card);
    if (!put) return put.status();
    if (core::Status i = index_card_customer(store.sql(), card, wall_clock()); !i) return i;
    ++report.imported;
  }
  return report;
}

}  // namespace kopilka::office
