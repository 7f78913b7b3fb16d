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
  // True when the file was not UTF-8 and was read as Windows-1251 (Excel's "CSV" on a
  // Russian Windows): the caller says so, so that a wrong guess is noticed.
  bool read_as_windows1251 = false;
  // Columns of head office's card export that an import does not take (balance_points,
  // spent_kopecks, purchases: balances come from receipts), for the caller to mention.
  std::vector<std::string> ignored_columns;
};

// Columns (a header line names them, in any order): number, status, groups (separated by
// ';' or spaces), customer_id, name (or customer_name, as head office's export writes it),
// phone, birthday. Only `number` is required; the export's balance_points, spent_kopecks
// and purchases are read past, so an export imports again. Fields may be quoted ("Иванова,
// Анна"), a quote inside doubled. A file that is not UTF-8 is read as Windows-1251. A bad
// header fails the whole file; a bad line is reported and skipped, or, with
// `stop_at_first_error`, ends the parse there.
Result<CardCsv> parse_card_csv(std::istream& in, bool stop_at_first_error);

}  // namespace kopilka::core
