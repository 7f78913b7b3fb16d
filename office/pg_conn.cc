// libpq wrapper; see pg_conn.h.
#include "office/pg_conn.h"

#include "office/storage_url.h"

#include <libpq-fe.h>

#include <string_view>

namespace kopilka::office {

using core::Status;

namespace {

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Deadlocks, serialisation failures and lost connections are worth a retry (the
// register's push is sent again); constraint violations are conflicts; the rest is
// unavailable storage.
Status error_of(pg_result* r, pg_conn* c) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = "PostgreSQL: " + trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(c));
  std::string_view code = state ? state : "";
  if (code == "23505") return Status::conflict(message);
  return Status::unavailable(message);
}

}  // namespace

void PgResult::release(pg_result* r) {
  PQclear(r);
}
int PgResult::rows() const {
  return PQntuples(r_.get());
}
int PgResult::columns() const {
  return PQnfields(r_.get());
}
bool PgResult::is_null(int row, int col) const {
  return PQgetisnull(r_.get(), row, col) != 0;
}
std::string PgResult::text(int row, int col) const {
  return std::string(PQgetvalue(r_.get(), row, col),
                     static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}
std::int64_t PgResult::int64(int row, int col) const {
  return std::stoll(PQgetvalue(r_.get(), row, col));
}
std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n && *n ? std::stoll(n) : 0;
}

core::Result<std::unique_ptr<PgConn>> PgConn::connect(const std::string& uri) {
  pg_conn* c = PQconnectdb(uri.c_str());
  if (!c) return Status::unavailable("PostgreSQL: out of memory");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string message = without_password(trimmed(PQerrorMessage(c)), uri);
    PQfinish(c);
    return Status::unavailable("cannot connect to PostgreSQL: " + message);
  }
  std::unique_ptr<PgConn> conn(new PgConn(c));
  // Notices (e.g. "relation already exists, skipping") are not head office's log.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  if (Status s = conn->run("SET client_min_messages = warning"); !s) return s;
  // So that a command that must run alone (`restored`) sees head office's other
  // connections to the database, whichever machine they come from.
  if (Status s = conn->run("SET application_name = 'kopilka-office'"); !s) return s;
  return conn;
}

PgConn::~PgConn() {
  PQfinish(c_);
}

core::Result<PgResult> PgConn::exec(const std::string& sql, const PgParams& params) {
  return exec_with(sql, params, params.empty());
}

core::Result<PgResult> PgConn::exec_one(const std::string& sql, const PgParams& params) {
  return exec_with(sql, params, false);
}

core::Result<PgResult> PgConn::exec_with(const std::string& sql, const PgParams& params,
                                         bool script) {
  if (PQstatus(c_) != CONNECTION_OK && PQtransactionStatus(c_) != PQTRANS_INTRANS) {
    PQreset(c_);
    // Why it failed (a changed password, the server gone), not "no connection".
    if (PQstatus(c_) != CONNECTION_OK)
      return Status::unavailable("cannot reconnect to PostgreSQL: " + trimmed(PQerrorMessage(c_)));
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  // Without parameters, a script of several statements (a migration) runs as it is.
  pg_result* r = script ? PQexec(c_, sql.c_str())
                        : PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                       values.data(), nullptr, nullptr, 0);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    Status s = error_of(r, c_);
    PQclear(r);
    return s;
  }
  return PgResult(r);
}

Status PgConn::run(const std::string& sql, const PgParams& params) {
  auto r = exec(sql, params);
  return r ? Status::ok() : r.status();
}

std::string pg_text_array(const std::vector<std::optional<std::string>>& values) {
  // Card states and entry bodies of a whole group go through here (kilobytes each, full
  // of quotes): sized once, and copied a run at a time between the characters to escape.
  std::size_t size = 2;
  for (const auto& v : values) size += (v ? v->size() + 3 : 5) + (v ? v->size() / 8 : 0);
  std::string out;
  out.reserve(size);
  out += '{';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    const std::string& v = *values[i];
    out += '"';
    std::size_t from = 0;
    for (std::size_t at = v.find_first_of("\"\\"); at != std::string::npos;
         at = v.find_first_of("\"\\", at + 1)) {
      out.append(v, from, at - from);
      out += '\\';
      from = at;
    }
    out.append(v, from, std::string::npos);
    out += '"';
  }
  out += '}';
  return out;
}

Status pg_transaction(PgConn& db, const std::function<Status()>& body) {
  if (Status s = db.run("BEGIN"); !s) return s;
  Status s = body();
  if (!s) {
    db.run("ROLLBACK");
    return s;
  }
  if (Status c = db.run("COMMIT"); !c) {
    db.run("ROLLBACK");
    return c;
  }
  return Status::ok();
}

}  // namespace kopilka::office
