// CSV exports of customers, cards and the journal (docs/office.md "Exports"), for a BI tool
// or a move to another system: UTF-8, comma-separated, a header row, RFC 4180 quoting, money
// in kopecks. Rows are read in pages through the SQL seam (both engines), each page written
// out before the next is read, so memory stays bounded by a page (customers also keep the
// ids already written, to write each customer once).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

enum class ExportKind { kCustomers, kCards, kJournal };

// "customers", "cards" or "journal".
std::optional<ExportKind> export_kind(std::string_view name);

// One field as RFC 4180 writes it: quoted when it holds a comma, a quote, CR or LF (quotes
// doubled), as it is otherwise. A text a spreadsheet would run as a formula (it begins with
// `=`, `@`, a tab or CR, or with `+` or `-` and is not a number or a phone number) gets an
// apostrophe in front: a customer's name comes from a till or a form, and the export is
// opened by the owner (docs/office.md "Exports").
std::string csv_field(std::string_view text);
// Fields joined by commas, ended by CRLF (RFC 4180).
std::string csv_row(const std::vector<std::string>& fields);

struct ExportOptions {
  ExportKind kind = ExportKind::kCards;
  // The journal only: entries whose business time `at` is in [from, to).
  std::optional<core::Instant> from, to;
  core::Zone zone;            // times are written in head office's zone
  core::Instant now = 0;      // the cards' balances are as of this time (burned lots left out)
  std::int64_t page = 1000;   // rows read per query
  std::int64_t max_rows = 0;  // stop after this many rows; 0: no limit
};

// Rows read of the table (cards for customers and cards, entries in the range for the
// journal), counted at the start, and the CSV rows written so far.
struct ExportProgress {
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::int64_t rows = 0;
};

// `from`/`to` (YYYY-MM-DD, either may be empty) as the journal's range in `zone`: from the
// start of `from` through the end of `to`. A bad date is kInvalid naming `from_field` or
// `to_field`.
core::Status set_export_range(ExportOptions& options, const std::string& from,
                              const std::string& to, const std::string& from_field,
                              const std::string& to_field);

// Writes the header and every row to `out` a page at a time; `progress` after each page.
// An error from `out` stops the export and is returned.
struct ExportResult {
  std::int64_t rows = 0;   // written, header aside
  bool truncated = false;  // max_rows was reached and more rows were left
};
core::Result<ExportResult> export_csv(
    Sql& sql, const ExportOptions& options,
    const std::function<core::Status(const std::string&)>& out,
    const std::function<void(const ExportProgress&)>& progress = {});

}  // namespace kopilka::office
