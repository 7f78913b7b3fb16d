// Cards and customers from a CSV file, one card per line (head office's
// `kopilka-office import cards` and the register's `kopilka card import` share it). Pure:
// it parses and validates, the caller decides where the cards go.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "core/card_edit.h"
#include "core/json_exact.h"
#include "core/status.h"

namespace kopilka::core {

struct CardCsvRow {
  std::size_t line = 0;  // 1-based line in the file (the header is line 1)
  std::string number;
  Json body;  // the PUT /v1/admin/cards/{number} body the line stands for
  CardEdit edit;
};

struct CardCsvError {
  std::size_t line = 0;
  std::string field;  // "number", "customer.phone", empty when the whole line is wrong
  std::string message;
  // "line 7: customer.phone: must be + and 4 to 15 digits…"
  std::string text() const;
};

struct CardCsv {
  std::vector<CardCsvRow> rows;  // the good lines
  std::vector<CardCsvError> errors;
  std::size_t lines = 0;  // data lines seen (blank ones not counted)
};

// Columns (a header line names them, in any order): number, status, groups (separated by
// ';'), customer_id, name, phone, birthday. Only `number` is required. Fields may be quoted
// ("Иванова, Анна"), a quote inside doubled. A bad header fails the whole file; a bad line
// is reported and skipped, or, with `stop_at_first_error`, ends the parse there.
Result<CardCsv> parse_card_csv(std::istream& in, bool stop_at_first_error);

}  // namespace kopilka::core
