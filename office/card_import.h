// CSV import of cards and customers into head office (`kopilka-office import cards FILE`):
// one card per line, bad lines reported with their line number and skipped, good ones kept.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "office/storage.h"

namespace kopilka::office {

struct ImportReport {
  std::size_t imported = 0;
  std::vector<std::string> errors;   // "line 7: customer.phone: must be + and 4 to 15 digits…"
  bool read_as_windows1251 = false;  // core::CardCsv's
  std::vector<std::string> ignored_columns;
};

// Columns and encodings as core/card_csv.h reads them (an export of cards imports again).
// With `strict`, the first bad line stops the import before anything is written.
core::Result<ImportReport> import_cards_csv(Storage& store, std::istream& in, bool strict);

}  // namespace kopilka::office
