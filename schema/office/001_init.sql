-- Head office store, version 1.
-- Every change head office makes to a program, card or counter takes the next server
-- sequence (meta 'seq') and stores it on the row, so a register's delta pull is
-- "rows with seq > cursor" and repeated changes to one row collapse into one.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('seq', '0');

CREATE TABLE registers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  code_sha256 TEXT,              -- one-time enrolment code, until used
  code_expires INTEGER,          -- unix seconds
  secret_sha256 TEXT,            -- set at enrolment
  created INTEGER NOT NULL,
  enrolled INTEGER,
  last_push INTEGER
) WITHOUT ROWID;

CREATE TABLE programs (
  id TEXT PRIMARY KEY,
  document TEXT,                 -- null once deleted (a tombstone registers must see)
  seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX programs_by_seq ON programs(seq);

CREATE TABLE cards (
  number TEXT PRIMARY KEY,
  phone TEXT,
  state TEXT NOT NULL,           -- core::card_state_to_json
  seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cards_by_seq ON cards(seq);
CREATE INDEX cards_by_phone ON cards(phone) WHERE phone IS NOT NULL;

-- Every journal entry applied, by its global id: the exactly-once guarantee.
CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  register_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  card TEXT,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  received INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE coupon_totals (
  program TEXT PRIMARY KEY,
  uses INTEGER NOT NULL,
  seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX coupon_totals_by_seq ON coupon_totals(seq);

CREATE TABLE adjustments (
  adjust_id TEXT PRIMARY KEY,
  card TEXT NOT NULL,
  response TEXT NOT NULL
) WITHOUT ROWID;
