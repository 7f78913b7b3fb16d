-- Head office on PostgreSQL, version 1: the tables of schema/office/001_init.sql.
-- Every change to a program, card or counter takes numbers from server_seq and stores
-- them on its row. A transaction takes its numbers last, just before it commits, by
-- updating server_seq's one row: the row lock is held until commit, so the next
-- transaction gets its numbers only after this one has committed. Numbers therefore
-- commit in order, and a pull that sees number N sees every number below it.

CREATE TABLE server_seq (
  only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
  seq BIGINT NOT NULL
);
INSERT INTO server_seq VALUES (TRUE, 0);

CREATE TABLE registers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  code_sha256 TEXT,
  code_expires BIGINT,
  secret_sha256 TEXT,
  created BIGINT NOT NULL,
  enrolled BIGINT,
  last_push BIGINT
);

CREATE TABLE programs (
  id TEXT PRIMARY KEY,
  document TEXT,                 -- null once deleted (a tombstone registers must see)
  seq BIGINT NOT NULL
);
CREATE INDEX programs_by_seq ON programs(seq);

CREATE TABLE cards (
  number TEXT PRIMARY KEY,
  phone TEXT,
  state TEXT NOT NULL,           -- core::card_state_to_json
  seq BIGINT NOT NULL
);
CREATE INDEX cards_by_seq ON cards(seq);
CREATE INDEX cards_by_phone ON cards(phone) WHERE phone IS NOT NULL;

-- Every journal entry applied, by its global id: the exactly-once guarantee, across
-- every kopilka-office process serving this database.
CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  register_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  card TEXT,
  at BIGINT NOT NULL,
  body TEXT NOT NULL,
  received BIGINT NOT NULL
);

CREATE TABLE coupon_totals (
  program TEXT PRIMARY KEY,
  uses BIGINT NOT NULL,
  seq BIGINT NOT NULL
);
CREATE INDEX coupon_totals_by_seq ON coupon_totals(seq);

CREATE TABLE adjustments (
  adjust_id TEXT PRIMARY KEY,
  card TEXT NOT NULL,
  response TEXT NOT NULL
);
