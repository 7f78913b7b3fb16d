-- Head office store, version 4: staff accounts, their browser sessions and API tokens, and
-- recent sign-in failures (office.md "Staff, roles and audit"). Secrets are stored only as
-- hashes: passwords as Argon2id strings, session ids and tokens as SHA-256 hex. No foreign
-- keys: `migrate-storage` copies tables one by one; no serial ids either: it copies ids
-- but not PostgreSQL's sequences.

CREATE TABLE staff_users (
  login TEXT PRIMARY KEY,
  role TEXT NOT NULL,                      -- owner, marketer, support, technician, auditor
  password_hash TEXT NOT NULL,             -- crypto_pwhash_str (Argon2id)
  must_change_password INTEGER NOT NULL,   -- 1 until the one-time password is changed
  disabled INTEGER NOT NULL,
  created INTEGER NOT NULL                 -- unix seconds
);

CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,                -- SHA-256 of the cookie's random id
  login TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_login ON staff_sessions(login);

CREATE TABLE staff_tokens (
  name TEXT PRIMARY KEY,                   -- the audit's token:NAME
  token_hash TEXT NOT NULL UNIQUE,         -- SHA-256 of the token
  login TEXT NOT NULL,
  created INTEGER NOT NULL
);

CREATE TABLE staff_login_failures (
  login TEXT NOT NULL,
  address TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX staff_login_failures_by_login ON staff_login_failures(login, at);
CREATE INDEX staff_login_failures_by_address ON staff_login_failures(address, at);
