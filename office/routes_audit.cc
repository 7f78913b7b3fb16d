// GET /v1/admin/audit: the audit log, for the owner and the auditor, filtered by who,
// object, action and time (office.md "Staff, roles and audit").
#include "office/audit.h"
#include "office/route_table.h"
#include "office/routes.h"

namespace kopilka::office {

namespace {

// A `from`/`to` bound: a date (the whole store-local day) or an RFC 3339 time.
core::Result<core::Instant> time_bound(OfficeContext& ctx, const std::string& text, bool end,
                                       const std::string& field) {
  if (text.size() == 10) {
    auto day = core::parse_date(text);
    if (!day) return core::Status::invalid("must be YYYY-MM-DD or an RFC 3339 time", field);
    const core::Zone zone = ctx.store.settings().zone;
    return end ? core::start_of_day(*day + 1, zone) - 1 : core::start_of_day(*day, zone);
  }
  auto at = at_param(ctx, text);
  if (!at) return core::Status::invalid("must be YYYY-MM-DD or an RFC 3339 time", field);
  return *at;
}

core::Result<std::int64_t> positive(const std::string& text, std::int64_t max,
                                    const std::string& field) {
  std::int64_t n = 0;
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return core::Status::invalid("must be a whole number from 1 to " + std::to_string(max), field);
  n = std::stoll(text);
  if (n < 1 || n > max)
    return core::Status::invalid("must be a whole number from 1 to " + std::to_string(max), field);
  return n;
}

HttpResponse audit_list(OfficeContext& ctx, const Call& c) {
  AuditQuery q;
  q.who = c.query("who");
  q.object = c.query("object");
  q.action = c.query("action");
  if (auto f = c.query("from"); !f.empty()) {
    auto t = time_bound(ctx, f, false, "from");
    if (!t) return status_response(t.status());
    q.from = *t;
  }
  if (auto t = c.query("to"); !t.empty()) {
    auto b = time_bound(ctx, t, true, "to");
    if (!b) return status_response(b.status());
    q.to = *b;
  }
  if (auto l = c.query("limit"); !l.empty()) {
    auto n = positive(l, 1000, "limit");
    if (!n) return status_response(n.status());
    q.limit = *n;
  }
  if (auto b = c.query("before"); !b.empty()) {
    auto n = positive(b, INT64_MAX / 10, "before");
    if (!n) return status_response(n.status());
    q.before_id = *n;
  }
  auto answer = read_audit(ctx.store.sql(), q, ctx.store.settings().zone);
  if (!answer) return status_response(answer.status());
  return {200, std::move(*answer)};
}

}  // namespace

std::vector<Route> audit_routes() {
  return {{"GET", "/v1/admin/audit", kOwner | kAuditor, audit_list}};
}

}  // namespace kopilka::office
