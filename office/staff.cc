// Staff accounts and sign-in failures; see staff.h.
#include "office/staff.h"

#include <sodium.h>

#include <algorithm>

namespace kopilka::office {

namespace {

using core::Result;
using core::Status;

const char* const kUserColumns = "login, role, must_change_password, disabled, created";

Status sodium_ready() {
  if (sodium_init() < 0) return Status::internal("libsodium could not start");
  return Status::ok();
}

Result<StaffUser> user_from(const SqlRow& row) {
  auto role = role_from(row.text(1));
  if (!role) return Status::corrupt("staff account " + row.text(0) + " has an unknown role");
  return StaffUser{row.text(0), *role, row.int64(2) != 0, row.int64(3) != 0, row.int64(4)};
}

// Seconds until the oldest of the newest `limit` failures in the window that match `where`
// (over $3 and after) leaves it.
Result<std::int64_t> wait_for(Sql& sql, const char* where, const std::vector<std::string>& keys,
                              std::int64_t limit, core::Instant now) {
  SqlParams params = {sql_int(now - kFailureWindow), sql_int(limit)};
  params.insert(params.end(), keys.begin(), keys.end());
  auto rows = sql.query(std::string("SELECT at FROM staff_login_failures WHERE ") + where +
                            " AND at > CAST($1 AS BIGINT) ORDER BY at DESC LIMIT "
                            "CAST($2 AS INTEGER)",
                        params);
  if (!rows) return rows.status();
  if (static_cast<std::int64_t>(rows->size()) < limit) return std::int64_t{0};
  std::int64_t wait = rows->back().int64(0) + kFailureWindow - now;
  return wait < 1 ? std::int64_t{1} : wait;
}

}  // namespace

Status check_login(const std::string& login) {
  if (login.empty() || login.size() > 64 ||
      login.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos)
    return Status::invalid("must be 1 to 64 of a-z, 0-9, '.', '_' and '-'", "login");
  for (std::string_view reserved : kReservedActors)
    if (login == reserved)
      return Status::invalid(
          "is the audit's name for " + std::string(reserved) + ": choose another login", "login");
  return Status::ok();
}

std::string random_password() {
  static const char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const std::uint32_t n = sizeof(kAlphabet) - 1;
  (void)sodium_ready();
  std::string out;
  for (int i = 0; i < 16; ++i) out += kAlphabet[randombytes_uniform(n)];
  return out;
}

Result<std::string> hash_password(const std::string& password) {
  if (Status s = sodium_ready(); !s) return s;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Status::internal("out of memory while hashing a password");
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  if (!sodium_ready()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<std::string> add_user(Sql& sql, const std::string& login, Role role, core::Instant now) {
  if (Status s = check_login(login); !s) return s;
  std::string password = random_password();
  auto hash = hash_password(password);
  if (!hash) return hash.status();
  Status s = sql.transaction([&]() -> Status {
    auto exists = query_int(sql, "SELECT 1 FROM staff_users WHERE login = $1", {login});
    if (!exists) return exists.status();
    if (*exists) return Status::conflict("the login " + login + " already exists");
    auto added = sql.run(
        "INSERT INTO staff_users (login, role, password_hash, must_change_password, disabled, "
        "created) VALUES ($1, $2, $3, 1, 0, CAST($4 AS BIGINT))",
        {login, std::string(to_string(role)), *hash, sql_int(now)});
    return added ? Status::ok() : added.status();
  });
  if (!s) return s;
  return password;
}

Result<std::vector<StaffUser>> list_users(Sql& sql) {
  auto rows = sql.query(std::string("SELECT ") + kUserColumns + " FROM staff_users ORDER BY login");
  if (!rows) return rows.status();
  std::vector<StaffUser> users;
  for (const auto& row : *rows) {
    auto u = user_from(row);
    if (!u) return u.status();
    users.push_back(std::move(*u));
  }
  return users;
}

Result<std::optional<StaffUser>> find_user(Sql& sql, const std::string& login) {
  auto rows = sql.query(
      std::string("SELECT ") + kUserColumns + " FROM staff_users WHERE login = $1", {login});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<StaffUser>();
  auto u = user_from(rows->front());
  if (!u) return u.status();
  return std::optional<StaffUser>(std::move(*u));
}

Status update_user(Sql& sql, const std::string& login, std::optional<Role> role,
                   std::optional<bool> disabled) {
  return sql.transaction([&]() -> Status {
    auto found = query_int(sql, "SELECT 1 FROM staff_users WHERE login = $1", {login});
    if (!found) return found.status();
    if (!*found) return Status::not_found("no staff account " + login);
    // The chain keeps an owner who can sign in: the web hides these choices on the owner's
    // own row, and the API refuses them too.
    if ((role && *role != kOwner) || (disabled && *disabled)) {
      auto owners = query_int(sql,
                              "SELECT count(*) FROM staff_users WHERE role = $1 AND disabled = 0 "
                              "AND login <> $2",
                              {std::string(to_string(kOwner)), login});
      if (!owners) return owners.status();
      auto is_owner = query_int(
          sql, "SELECT count(*) FROM staff_users WHERE login = $1 AND role = $2 AND disabled = 0",
          {login, std::string(to_string(kOwner))});
      if (!is_owner) return is_owner.status();
      if (is_owner->value_or(0) > 0 && owners->value_or(0) == 0)
        return Status::conflict(login +
                                " is the chain's only owner who can sign in: make another owner "
                                "first");
    }
    if (role) {
      auto r = sql.run("UPDATE staff_users SET role = $1 WHERE login = $2",
                       {std::string(to_string(*role)), login});
      if (!r) return r.status();
    }
    if (disabled) {
      auto r = sql.run("UPDATE staff_users SET disabled = CAST($1 AS INTEGER) WHERE login = $2",
                       {sql_int(*disabled ? 1 : 0), login});
      if (!r) return r.status();
      if (*disabled) {
        auto gone = sql.run("DELETE FROM staff_sessions WHERE login = $1", {login});
        if (!gone) return gone.status();
      }
    }
    return Status::ok();
  });
}

Result<PasswordOnFile> password_on_file(Sql& sql, const std::string& login) {
  auto rows = sql.query(
      std::string("SELECT ") + kUserColumns + ", password_hash FROM staff_users WHERE login = $1",
      {login});
  if (!rows) return rows.status();
  PasswordOnFile on_file;
  if (!rows->empty()) {
    auto u = user_from(rows->front());
    if (!u) return u.status();
    on_file.hash = rows->front().text(5);
    if (!u->disabled) on_file.user = std::move(*u);
  }
  if (on_file.hash.empty()) {
    // The same work as for a real account, so that timing does not tell logins apart.
    static const auto dummy = hash_password("kopilka-no-such-account");
    if (dummy) on_file.hash = *dummy;
  }
  return on_file;
}

Result<std::optional<StaffUser>> check_password(Sql& sql, const std::string& login,
                                                const std::string& password) {
  auto on_file = password_on_file(sql, login);
  if (!on_file) return on_file.status();
  if (!verify_password(on_file->hash, password) || !on_file->user)
    return std::optional<StaffUser>();
  return std::move(on_file->user);
}

Result<std::string> reset_password(Sql& sql, const std::string& login) {
  std::string password = random_password();
  auto hash = hash_password(password);
  if (!hash) return hash.status();
  Status s = sql.transaction([&]() -> Status {
    auto r = sql.run(
        "UPDATE staff_users SET password_hash = $1, must_change_password = 1 WHERE login = $2",
        {*hash, login});
    if (!r) return r.status();
    if (*r == 0) return Status::not_found("no staff account " + login);
    auto gone = sql.run("DELETE FROM staff_sessions WHERE login = $1", {login});
    return gone ? Status::ok() : gone.status();
  });
  if (!s) return s;
  return password;
}

Status set_password(Sql& sql, const std::string& login, const std::string& password) {
  auto hash = hash_password(password);
  if (!hash) return hash.status();
  auto r = sql.run(
      "UPDATE staff_users SET password_hash = $1, must_change_password = 0 WHERE login = $2",
      {*hash, login});
  if (!r) return r.status();
  if (*r == 0) return Status::not_found("no staff account " + login);
  return Status::ok();
}

Result<std::int64_t> sign_in_blocked(Sql& sql, const std::string& login, const std::string& address,
                                     core::Instant now) {
  auto pair = wait_for(sql, "login = $3 AND address = $4", {login, address},
                       kFailuresPerLoginAndAddress, now);
  if (!pair) return pair.status();
  auto by_address = wait_for(sql, "address = $3", {address}, kFailuresPerAddress, now);
  if (!by_address) return by_address.status();
  auto by_login = wait_for(sql, "login = $3", {login}, kFailuresPerLogin, now);
  if (!by_login) return by_login.status();
  return std::max({*pair, *by_address, *by_login});
}

Status record_sign_in_failure(Sql& sql, const std::string& login, const std::string& address,
                              core::Instant now) {
  return sql.transaction([&]() -> Status {
    auto old = sql.run("DELETE FROM staff_login_failures WHERE at <= CAST($1 AS BIGINT)",
                       {sql_int(now - kFailureWindow)});
    if (!old) return old.status();
    auto r = sql.run(
        "INSERT INTO staff_login_failures (login, address, at) VALUES ($1, $2, CAST($3 AS "
        "BIGINT))",
        {login, address, sql_int(now)});
    return r ? Status::ok() : r.status();
  });
}

Status clear_sign_in_failures(Sql& sql, const std::string& login, const std::string& address) {
  auto r = sql.run("DELETE FROM staff_login_failures WHERE login = $1 AND address = $2",
                   {login, address});
  return r ? Status::ok() : r.status();
}

}  // namespace kopilka::office
