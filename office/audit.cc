// The audit log over the SQL seam (audit.h).
#include "office/audit.h"

namespace kopilka::office {

namespace {

std::optional<std::string> json_text(const std::optional<core::Json>& j) {
  if (!j) return std::nullopt;
  return j->dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

core::Json stored_json(const SqlRow& row, std::size_t col) {
  if (row.is_null(col)) return nullptr;
  auto j = core::parse_json_exact(row.text(col));
  return j ? core::json_plain(*j) : core::Json(row.text(col));
}

}  // namespace

core::Status append_audit(Sql& sql, const Actor& actor, core::Instant at,
                          const AuditRecord& record) {
  auto r = sql.run(
      "INSERT INTO audit (at, who, address, action, object, before, after) "
      "VALUES (CAST($1 AS BIGINT), $2, $3, $4, $5, $6, $7)",
      {sql_int(at), actor.who, actor.address, record.action, record.object,
       json_text(record.before), json_text(record.after)});
  return r ? core::Status::ok() : r.status();
}

core::Result<std::int64_t> points_adjusted_by(Sql& sql, const std::string& account,
                                              core::Instant since) {
  auto rows = sql.query(
      "SELECT who, after FROM audit WHERE action IN ('points.adjust', 'card.birthday_gift') "
      "AND at >= CAST($1 AS BIGINT)",
      {sql_int(since)});
  if (!rows) return rows.status();
  std::int64_t sum = 0;
  for (const SqlRow& r : *rows) {
    if (r.is_null(1)) continue;
    auto after = core::parse_json_exact(r.text(1));
    if (!after || !after->is_object()) continue;
    const bool theirs = after->contains("account") && (*after)["account"].is_string()
                            ? (*after)["account"].get<std::string>() == account
                            : r.text(0) == account;
    if (!theirs || !after->contains("points") || !(*after)["points"].is_number_integer()) continue;
    // Each was at most 10^9 (core::check_adjust_points); a day of them cannot overflow.
    std::int64_t p = (*after)["points"].get<std::int64_t>();
    sum += p < 0 ? -p : p;
  }
  return sum;
}

core::Result<core::Json> read_audit(Sql& sql, const AuditQuery& q, core::Zone zone) {
  std::string where = "WHERE 1 = 1";
  SqlParams params;
  auto add = [&](const std::string& condition, std::optional<std::string> value) {
    params.push_back(std::move(value));
    std::string n = "$" + std::to_string(params.size());
    std::string c = condition;
    for (auto at = c.find('?'); at != std::string::npos; at = c.find('?', at + n.size()))
      c.replace(at, 1, n);
    where += " AND " + c;
  };
  // A login is lower case, and typed as people remember it ("Anna" for anna); token names
  // keep their case (CRM and crm are two tokens). Two equalities keep the index in use.
  if (!q.who.empty()) {
    std::string lower = q.who;
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (lower == q.who || q.who.find(':') != std::string::npos) {  // token:NAME, register:ID
      add("who = ?", q.who);
    } else {
      params.push_back(q.who);
      params.push_back(lower);
      where += " AND (who = $" + std::to_string(params.size() - 1) + " OR who = $" +
               std::to_string(params.size()) + ")";
    }
  }
  if (!q.action.empty()) add("action = ?", q.action);
  if (!q.object.empty()) {
    if (q.object.back() == ':')
      add("substr(object, 1, length(?)) = ?", q.object);
    else
      add("object = ?", q.object);
  }
  if (q.from) add("at >= CAST(? AS BIGINT)", std::to_string(*q.from));
  if (q.to) add("at <= CAST(? AS BIGINT)", std::to_string(*q.to));
  if (q.before_id) add("id < CAST(? AS BIGINT)", std::to_string(*q.before_id));
  params.push_back(std::to_string(q.limit));
  auto rows = sql.query("SELECT id, at, who, address, action, object, before, after FROM audit " +
                            where + " ORDER BY id DESC LIMIT CAST($" +
                            std::to_string(params.size()) + " AS INTEGER)",
                        params);
  if (!rows) return rows.status();
  core::Json entries = core::Json::array();
  for (const SqlRow& row : *rows) {
    entries.push_back(core::Json{{"id", row.int64(0)},
                                 {"at", core::format_rfc3339(row.int64(1), zone)},
                                 {"who", row.text(2)},
                                 {"address", row.text(3)},
                                 {"action", row.text(4)},
                                 {"object", row.text(5)},
                                 {"before", stored_json(row, 6)},
                                 {"after", stored_json(row, 7)}});
  }
  return core::Json{{"entries", std::move(entries)}};
}

}  // namespace kopilka::office
