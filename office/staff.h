// Staff accounts (office.md "Staff, roles and audit"): logins with a role, passwords hashed
// with Argon2id (libsodium's crypto_pwhash_str, interactive limits), a one-time password that
// must be changed at first sign-in, disabling, and the sign-in failures that rate-limit
// guessing per login and per address. Written once for both engines over office/sql.h, and
// kept in the database so that several head-office processes share it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/actor.h"
#include "office/sql.h"

namespace kopilka::office {

struct StaffUser {
  std::string login;
  Role role = kAuditor;
  bool must_change_password = true;
  bool disabled = false;
  core::Instant created = 0;
};

// Sign-in failures allowed in kFailureWindow seconds before 429: for a login from one
// address, from one address for any logins (several people of one shop may sign in from
// one address), and for a login from all addresses together. The per-login limit is high
// so that one stranger's wrong guesses cannot lock a person out of their own desk; it
// bounds guessing spread over many addresses.
inline constexpr std::int64_t kFailureWindow = 15 * 60;
inline constexpr std::int64_t kFailuresPerLoginAndAddress = 5;
inline constexpr std::int64_t kFailuresPerAddress = 20;
inline constexpr std::int64_t kFailuresPerLogin = 50;
inline constexpr std::size_t kMinPasswordLength = 10;

// A login: 1–64 of a–z, 0–9, '.', '_', '-'.
core::Status check_login(const std::string& login);

// A random one-time password: 16 characters a person can read and type (no 0/O/1/l/I).
std::string random_password();

// Argon2id hash of `password` / whether `password` matches `hash`.
core::Result<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);

// Adds an account with a one-time password and returns that password. An existing login
// is a conflict.
core::Result<std::string> add_user(Sql& sql, const std::string& login, Role role,
                                   core::Instant now);
core::Result<std::vector<StaffUser>> list_users(Sql& sql);
core::Result<std::optional<StaffUser>> find_user(Sql& sql, const std::string& login);
// Changes the role and/or the disabled flag; disabling ends the account's sessions.
core::Status update_user(Sql& sql, const std::string& login, std::optional<Role> role,
                         std::optional<bool> disabled);

// An account's stored password hash, to be verified (verify_password), and the account
// when it may sign in (not disabled). An unknown or disabled login gives no account and a
// hash all the same, whose check costs as much time as a real one and never matches.
struct PasswordOnFile {
  std::optional<StaffUser> user;
  std::string hash;
};
core::Result<PasswordOnFile> password_on_file(Sql& sql, const std::string& login);

// The account when `password` is its password and it is not disabled; nullopt otherwise
// (an unknown login costs as much time as a known one).
core::Result<std::optional<StaffUser>> check_password(Sql& sql, const std::string& login,
                                                      const std::string& password);
// A forgotten password: a new one-time password (returned), to be changed at the next
// sign-in; the account's sessions end. Its API tokens stay.
core::Result<std::string> reset_password(Sql& sql, const std::string& login);
// Sets a new password and clears must_change_password.
core::Status set_password(Sql& sql, const std::string& login, const std::string& password);

// Seconds until `login` or `address` may try again, 0 when they may now.
core::Result<std::int64_t> sign_in_blocked(Sql& sql, const std::string& login,
                                           const std::string& address, core::Instant now);
core::Status record_sign_in_failure(Sql& sql, const std::string& login, const std::string& address,
                                    core::Instant now);
// A successful sign-in forgets the login's failures from that address.
core::Status clear_sign_in_failures(Sql& sql, const std::string& login, const std::string& address);

}  // namespace kopilka::office
