// Staff sessions and API tokens; see session.h.
#include "office/session.h"

#include "common/secrets.h"

namespace kopilka::office {

namespace {

using core::Result;
using core::Status;

}  // namespace

Result<NewSession> create_session(Sql& sql, const std::string& login, core::Instant now) {
  NewSession s{common::random_hex(32), common::random_hex(16)};
  auto r = sql.run(
      "INSERT INTO staff_sessions (id_hash, login, csrf, created, last_seen) VALUES ($1, $2, "
      "$3, CAST($4 AS BIGINT), CAST($4 AS BIGINT))",
      {common::sha256_hex(s.id), login, s.csrf, sql_int(now)});
  if (!r) return r.status();
  return s;
}

Result<std::optional<SessionInfo>> use_session(Sql& sql, const std::string& id, core::Instant now,
                                               const SessionLimits& limits) {
  const std::string id_hash = common::sha256_hex(id);
  auto rows = sql.query(
      "SELECT login, csrf, last_seen, created FROM staff_sessions WHERE id_hash = $1", {id_hash});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<SessionInfo>();
  const SqlRow& row = rows->front();
  // Whole seconds: a session is never ended before its idle time, at most a second after.
  // A busy one ends too once it is session_max old: a cookie copied off a desk that is never
  // left idle must not open the admin for ever.
  if (now - row.int64(2) > limits.idle_seconds || now - row.int64(3) > limits.max_seconds) {
    if (Status s = end_session(sql, id_hash); !s) return s;
    return std::optional<SessionInfo>();
  }
  auto touched =
      sql.run("UPDATE staff_sessions SET last_seen = CAST($1 AS BIGINT) WHERE id_hash = $2",
              {sql_int(now), id_hash});
  if (!touched) return touched.status();
  return std::optional<SessionInfo>(SessionInfo{id_hash, row.text(0), row.text(1)});
}

Status end_idle_sessions(Sql& sql, core::Instant now, std::int64_t idle_seconds) {
  auto r = sql.run("DELETE FROM staff_sessions WHERE last_seen < CAST($1 AS BIGINT)",
                   {sql_int(now - idle_seconds)});
  return r ? Status::ok() : r.status();
}

Status end_session(Sql& sql, const std::string& id_hash) {
  auto r = sql.run("DELETE FROM staff_sessions WHERE id_hash = $1", {id_hash});
  return r ? Status::ok() : r.status();
}

Status check_token_name(const std::string& name) {
  if (name.empty() || name.size() > 64 ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
          std::string::npos)
    return Status::invalid("must be 1 to 64 of a-z, A-Z, 0-9, '.', '_' and '-'", "name");
  return Status::ok();
}

Result<std::string> create_token(Sql& sql, const std::string& login, const std::string& name,
                                 core::Instant now) {
  if (Status s = check_token_name(name); !s) return s;
  std::string token = "kt_" + common::random_hex(24);
  Status s = sql.transaction([&]() -> Status {
    auto exists = query_int(sql, "SELECT 1 FROM staff_tokens WHERE name = $1", {name});
    if (!exists) return exists.status();
    if (*exists) return Status::conflict("a token named " + name + " already exists");
    // The audit names a token's actions `token:NAME`: a name once used (and revoked) stays
    // its token's, or ?who=token:NAME would mix two people's actions.
    auto used =
        query_int(sql, "SELECT 1 FROM audit WHERE action = 'token.create' AND object = $1 LIMIT 1",
                  {"token:" + name});
    if (!used) return used.status();
    if (used->value_or(0) == 1)
      return Status::conflict("the token name " + name +
                              " was used before, and the audit keeps it: choose another");
    auto r = sql.run(
        "INSERT INTO staff_tokens (name, token_hash, login, created) VALUES ($1, $2, $3, "
        "CAST($4 AS BIGINT))",
        {name, common::sha256_hex(token), login, sql_int(now)});
    return r ? Status::ok() : r.status();
  });
  if (!s) return s;
  return token;
}

namespace {

Result<std::optional<TokenInfo>> one_token(Sql& sql, const std::string& where,
                                           const std::string& key) {
  auto rows = sql.query("SELECT name, login, created FROM staff_tokens WHERE " + where, {key});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<TokenInfo>();
  const SqlRow& r = rows->front();
  return std::optional<TokenInfo>(TokenInfo{r.text(0), r.text(1), r.int64(2)});
}

}  // namespace

Result<std::optional<TokenInfo>> find_token(Sql& sql, const std::string& token) {
  return one_token(sql, "token_hash = $1", common::sha256_hex(token));
}

Result<std::optional<TokenInfo>> find_token_by_name(Sql& sql, const std::string& name) {
  return one_token(sql, "name = $1", name);
}

Result<std::vector<TokenInfo>> list_tokens(Sql& sql, const std::string& login) {
  auto rows = login.empty()
                  ? sql.query("SELECT name, login, created FROM staff_tokens ORDER BY name")
                  : sql.query(
                        "SELECT name, login, created FROM staff_tokens WHERE login = $1 ORDER BY "
                        "name",
                        {login});
  if (!rows) return rows.status();
  std::vector<TokenInfo> out;
  for (const auto& r : *rows) out.push_back({r.text(0), r.text(1), r.int64(2)});
  return out;
}

Status revoke_token(Sql& sql, const std::string& name) {
  auto r = sql.run("DELETE FROM staff_tokens WHERE name = $1", {name});
  if (!r) return r.status();
  if (*r == 0) return Status::not_found("no token named " + name);
  return Status::ok();
}

core::Status end_other_sessions(Sql& sql, const std::string& login,
                                const std::string& keep_id_hash) {
  auto r = sql.run("DELETE FROM staff_sessions WHERE login = $1 AND id_hash <> $2",
                   {login, keep_id_hash});
  return r ? core::Status::ok() : r.status();
}

}  // namespace kopilka::office
