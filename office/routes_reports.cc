// GET /v1/admin/reports/summary: the summary report, as JSON or CSV, for the owner, the
// marketer and the auditor (office.md "Reports").
#include "office/chain_settings.h"
#include "office/report.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

HttpResponse summary(OfficeContext& ctx, const Call& c) {
  const std::string format = c.query("format");
  if (!format.empty() && format != "json" && format != "csv")
    return status_response(core::Status::invalid("must be json or csv", "format"));
  auto q = parse_report_query(c.query("from"), c.query("to"), c.query("store"), c.query("register"),
                              c.query("group"));
  if (!q) return status_response(q.status());
  const core::Zone zone = ctx.store.settings().zone;
  // The liability in money is at the chain's point value, which the owner may have set at
  // head office over office.toml's (what the registers pay a point with).
  auto chain = load_chain_settings(ctx.store, ctx.config);
  if (!chain) return status_response(chain.status());
  auto report = summary_report(ctx.store.sql(), *q, core::local_day(ctx.now(), zone), zone,
                               chain->rules.point_value);
  if (!report) return status_response(report.status());
  if (format == "csv") {
    HttpResponse r{200, nullptr};
    r.text = csv_text(summary_csv(*report), c.req);
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back(
        "Content-Disposition",
        "attachment; filename=\"report-" + c.query("from") + "-" + c.query("to") + ".csv\"");
    return r;
  }
  return {200, std::move(*report)};
}

}  // namespace

std::vector<Route> report_routes() {
  return {{"GET", "/v1/admin/reports/summary", kOwner | kMarketer | kAuditor, summary}};
}

}  // namespace kopilka::office
