// CSV exports (docs/office.md "Exports"), for the owner, the marketer and the auditor:
// - GET /v1/admin/exports/{customers|cards|journal}.csv: the CSV of office/export.h in one
//   answer, built on the server's loop thread. At most kExportRowCap rows (or ?limit=); when
//   more were left the answer says so in `Kopilka-Truncated: true`, and the whole export is
//   `kopilka-office export`'s.
// - POST /v1/admin/export-jobs, GET /v1/admin/export-jobs/{id}[/file]: the same file made by
//   an export job (office/export_jobs.h) off the loop thread, with its progress, so a big
//   export neither stalls the office nor leaves the web admin without news.
#include "office/export.h"
#include "office/export_jobs.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

using core::Json;

constexpr std::int64_t kExportRowCap = 100'000;

// "cards.csv" → kCards; nullopt for any other name.
std::optional<ExportKind> kind_of_file(const std::string& file) {
  const std::string suffix = ".csv";
  if (file.size() <= suffix.size() || !file.ends_with(suffix)) return std::nullopt;
  return export_kind(std::string_view(file).substr(0, file.size() - suffix.size()));
}

// The options both paths share: the cap (`limit`, 1..kExportRowCap) and the journal's dates.
core::Result<ExportOptions> options_of(OfficeContext& ctx, ExportKind kind,
                                       const std::string& limit, const std::string& from,
                                       const std::string& to) {
  ExportOptions options;
  options.kind = kind;
  options.zone = ctx.store.settings().zone;
  options.now = ctx.now();
  options.max_rows = kExportRowCap;
  if (!limit.empty()) {
    bool digits = limit.size() <= 6 && limit.find_first_not_of("0123456789") == std::string::npos;
    std::int64_t n = digits ? std::stoll(limit) : 0;
    if (n < 1 || n > kExportRowCap)
      return core::Status::invalid(
          "must be a whole number from 1 to " + std::to_string(kExportRowCap), "limit");
    options.max_rows = n;
  }
  if (kind != ExportKind::kJournal && (!from.empty() || !to.empty()))
    return core::Status::invalid("only the journal is exported by dates",
                                 from.empty() ? "to" : "from");
  if (core::Status s = set_export_range(options, from, to, "from", "to"); !s) return s;
  return options;
}

HttpResponse csv_response(std::string text, const std::string& file, bool truncated) {
  HttpResponse r{200, Json(), std::move(text), "text/csv; charset=utf-8"};
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file + "\"");
  r.headers.emplace_back("Kopilka-Truncated", truncated ? "true" : "false");
  return r;
}

// Who took which file of the customers' data, and when: an export is a read, but of
// personal data, which an auditor must be able to account for.
void audit_export(OfficeContext& ctx, const Call& call, const std::string& file,
                  const std::string& from, const std::string& to) {
  record_change(ctx, call,
                {"data.export", "export:" + file, std::nullopt,
                 Json{{"file", file},
                      {"from", from.empty() ? Json(nullptr) : Json(from)},
                      {"to", to.empty() ? Json(nullptr) : Json(to)}}});
}

HttpResponse export_file(OfficeContext& ctx, const Call& call) {
  const std::string& file = call.params.at(0);
  auto kind = kind_of_file(file);
  if (!kind)
    return error_response(404, "not_found", "exports are customers.csv, cards.csv and journal.csv");
  auto options = options_of(ctx, *kind, call.query("limit"), call.query("from"), call.query("to"));
  if (!options) return status_response(options.status());
  std::string text;
  auto result = export_csv(ctx.store.sql(), *options, [&text](const std::string& chunk) {
    text += chunk;
    return core::Status::ok();
  });
  if (!result) return status_response(result.status());
  audit_export(ctx, call, file, call.query("from"), call.query("to"));
  return csv_response(csv_text(std::move(text), call.req), file, result->truncated);
}

Json job_json(OfficeContext& ctx, const ExportJobView& v) {
  Json j = {{"id", v.id},
            {"file", v.file},
            {"state", v.state},
            {"done", v.done},
            {"total", v.total},
            {"truncated", v.truncated},
            {"started_at", core::format_rfc3339(v.started_at, ctx.store.settings().zone)}};
  if (v.state == "failed") j["error"] = v.error;
  return j;
}

HttpResponse no_jobs() {
  return error_response(503, "unavailable", "export jobs are not running in this process");
}

// Body: {"file": "cards.csv", "limit"?: n, "from"?: "YYYY-MM-DD", "to"?: "YYYY-MM-DD"}.
HttpResponse start_job(OfficeContext& ctx, const Call& call) {
  if (!ctx.exports) return no_jobs();
  auto body = parse_body(call.req);
  if (!body) return status_response(body.status());
  const Json& b = *body;
  if (!b.is_object()) return error_response(400, "invalid_request", "must be an object");
  auto text = [&](const char* key) -> std::optional<std::string> {
    if (!b.contains(key) || b[key].is_null()) return std::string();
    if (!b[key].is_string()) return std::nullopt;
    return b[key].get<std::string>();
  };
  auto file = text("file"), from = text("from"), to = text("to");
  auto kind = file ? kind_of_file(*file) : std::nullopt;
  if (!kind)
    return error_response(400, "invalid_request", "must be customers.csv, cards.csv or journal.csv",
                          "file");
  if (!from) return error_response(400, "invalid_request", "must be a date, YYYY-MM-DD", "from");
  if (!to) return error_response(400, "invalid_request", "must be a date, YYYY-MM-DD", "to");
  std::string limit;
  if (b.contains("limit") && !b["limit"].is_null()) {
    if (!b["limit"].is_number_integer())
      return error_response(400, "invalid_request",
                            "must be a whole number from 1 to " + std::to_string(kExportRowCap),
                            "limit");
    limit = std::to_string(b["limit"].get<std::int64_t>());
  }
  auto options = options_of(ctx, *kind, limit, *from, *to);
  if (!options) return status_response(options.status());
  auto job = ctx.exports->start(call.actor.who, *file, *options);
  if (!job) {
    HttpResponse r = error_response(429, "busy", job.status().message());
    r.headers.emplace_back("Retry-After", "5");
    return r;
  }
  audit_export(ctx, call, *file, *from, *to);
  return {202, job_json(ctx, *job)};
}

HttpResponse job_not_found() {
  return error_response(404, "not_found", "no such export job (jobs are kept for a while only)");
}

HttpResponse get_job(OfficeContext& ctx, const Call& call) {
  if (!ctx.exports) return no_jobs();
  auto job = ctx.exports->view(call.params.at(0), call.actor.who);
  if (!job) return job_not_found();
  return {200, job_json(ctx, *job)};
}

HttpResponse get_job_file(OfficeContext& ctx, const Call& call) {
  if (!ctx.exports) return no_jobs();
  auto job = ctx.exports->view(call.params.at(0), call.actor.who);
  if (!job) return job_not_found();
  if (job->state == "failed")
    return error_response(409, "export_failed", "the export failed: " + job->error);
  auto text = ctx.exports->file(job->id, call.actor.who);
  if (job->state != "done" || !text)
    return error_response(409, "not_ready", "the export is still running");
  return csv_response(csv_text(*text, call.req), job->file, job->truncated);
}

}  // namespace

std::vector<Route> export_routes() {
  const Roles who = kOwner | kMarketer | kAuditor;
  return {
      {"GET", "/v1/admin/exports/{file}", who, export_file, false, false, true},
      {"POST", "/v1/admin/export-jobs", who, start_job},
      {"GET", "/v1/admin/export-jobs/{id}", who, get_job},
      {"GET", "/v1/admin/export-jobs/{id}/file", who, get_job_file},
  };
}

}  // namespace kopilka::office
