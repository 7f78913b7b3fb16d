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
  std::vector<std::string> errors;  // "line 7: customer.phone: must be + and 4 to 15 digits…"
};

// Columns (a header line names them, in any order): number, status, groups (separated by
// ';'), customer_id, name, phone, birthday. Only `number` is required. With `strict`, the
// first bad line stops the import before anything is written.
core::Result<ImportReport> import_cards_csv(Storage& store, std::istream& in, bool strict);

}  // namespace kopilka::office
