-- Head office on PostgreSQL, version 4: staff accounts, sessions, API tokens and sign-in
-- failures (schema/office/004_staff.sql).

CREATE TABLE staff_users (
  login TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL,
  disabled INTEGER NOT NULL,
  created BIGINT NOT NULL
);

CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY,
  login TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
CREATE INDEX staff_sessions_by_login ON staff_sessions(login);

CREATE TABLE staff_tokens (
  name TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  login TEXT NOT NULL,
  created BIGINT NOT NULL
);

CREATE TABLE staff_login_failures (
  login TEXT NOT NULL,
  address TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX staff_login_failures_by_login ON staff_login_failures(login, at);
CREATE INDEX staff_login_failures_by_address ON staff_login_failures(address, at);
