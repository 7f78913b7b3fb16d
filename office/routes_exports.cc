// GET /v1/admin/exports/{customers|cards|journal}.csv (docs/office.md "Exports"): the CSV
// of office/export.h in one answer, for the owner, the marketer and the auditor. At most
// kExportRowCap rows (or ?limit=); when more were left the answer says so in
// `Kopilka-Truncated: true`, and the whole export is `kopilka-office export`'s.
#include "office/export.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

constexpr std::int64_t kExportRowCap = 100'000;

std::string query(const Call& call, const char* key) {
  auto it = call.req.query.find(key);
  return it == call.req.query.end() ? std::string() : it->second;
}

HttpResponse export_file(OfficeContext& ctx, const Call& call) {
  const std::string& file = call.params.at(0);
  const std::string suffix = ".csv";
  auto kind = file.size() > suffix.size() && file.ends_with(suffix)
                  ? export_kind(std::string_view(file).substr(0, file.size() - suffix.size()))
                  : std::nullopt;
  if (!kind)
    return error_response(404, "not_found", "exports are customers.csv, cards.csv and journal.csv");
  ExportOptions options;
  options.kind = *kind;
  options.zone = ctx.store.settings().zone;
  options.max_rows = kExportRowCap;
  if (auto limit = query(call, "limit"); !limit.empty()) {
    bool digits = limit.size() <= 6 && limit.find_first_not_of("0123456789") == std::string::npos;
    std::int64_t n = digits ? std::stoll(limit) : 0;
    if (n < 1 || n > kExportRowCap)
      return error_response(400, "invalid_request",
                            "must be a whole number from 1 to " + std::to_string(kExportRowCap),
                            "limit");
    options.max_rows = n;
  }
  std::string from = query(call, "from"), to = query(call, "to");
  if (*kind != ExportKind::kJournal && (!from.empty() || !to.empty()))
    return error_response(400, "invalid_request", "only the journal is exported by dates",
                          from.empty() ? "to" : "from");
  if (core::Status s = set_export_range(options, from, to, "from", "to"); !s)
    return status_response(s);
  std::string text;
  auto result = export_csv(ctx.store.sql(), options, [&text](const std::string& chunk) {
    text += chunk;
    return core::Status::ok();
  });
  if (!result) return status_response(result.status());
  HttpResponse r{200, core::Json(), std::move(text), "text/csv"};
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file + "\"");
  r.headers.emplace_back("Kopilka-Truncated", result->truncated ? "true" : "false");
  return r;
}

}  // namespace

std::vector<Route> export_routes() {
  return {
      {"GET", "/v1/admin/exports/{file}", kOwner | kMarketer | kAuditor, export_file},
  };
}

}  // namespace kopilka::office
