// Staff browser sessions and personal API tokens (office.md "Staff, roles and audit"): both
// are random secrets handed out once and stored only as their SHA-256. A session has a CSRF
// token and ends after an idle time; a token lasts until revoked or its account is disabled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "office/sql.h"

namespace kopilka::office {

struct NewSession {
  std::string id;    // the cookie's value, never stored
  std::string csrf;  // the X-CSRF-Token every unsafe request of the session must carry
};

struct SessionInfo {
  std::string id_hash;
  std::string login;
  std::string csrf;
};

core::Result<NewSession> create_session(Sql& sql, const std::string& login, core::Instant now);
// How long a session lives: idle, and at most from its sign-in ([auth] in office.toml).
struct SessionLimits {
  std::int64_t idle_seconds = 0;
  std::int64_t max_seconds = 0;
};

// The live session for the cookie value `id`, its last_seen moved to now; nullopt when there
// is none, or it has been idle longer than `limits.idle_seconds` or lived longer than
// `limits.max_seconds` (an expired one is deleted).
core::Result<std::optional<SessionInfo>> use_session(Sql& sql, const std::string& id,
                                                     core::Instant now,
                                                     const SessionLimits& limits);
core::Status end_session(Sql& sql, const std::string& id_hash);
// Deletes every session idle more than `idle_seconds`: one not used again is otherwise kept.
core::Status end_idle_sessions(Sql& sql, core::Instant now, std::int64_t idle_seconds);
// Ends every session of `login` but the one with `keep_id_hash` (after a password change).
core::Status end_other_sessions(Sql& sql, const std::string& login,
                                const std::string& keep_id_hash);

struct TokenInfo {
  std::string name;
  std::string login;
  core::Instant created = 0;
};

// A token name: 1–64 of a–z, A–Z, 0–9, '.', '_', '-'.
core::Status check_token_name(const std::string& name);
// Makes a token for `login`; its text, shown once. A name in use is a conflict.
core::Result<std::string> create_token(Sql& sql, const std::string& login, const std::string& name,
                                       core::Instant now);
core::Result<std::optional<TokenInfo>> find_token(Sql& sql, const std::string& token);
core::Result<std::optional<TokenInfo>> find_token_by_name(Sql& sql, const std::string& name);
// Every token of `login`, or of everyone when `login` is empty; by name.
core::Result<std::vector<TokenInfo>> list_tokens(Sql& sql, const std::string& login);
core::Status revoke_token(Sql& sql, const std::string& name);

}  // namespace kopilka::office
