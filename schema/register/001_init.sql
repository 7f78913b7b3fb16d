-- Register store, version 1. The journal (receipts, refunds, adjustments, grants) and
-- every card's state change together, in one transaction per money operation; the
-- outbox keeps each journal entry until head office acknowledges it.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- A card's whole state (core::card_state_to_json): status, groups, customer, spent,
-- visits, point lots, program marks. One row, so a card changes atomically.
CREATE TABLE cards (
  number TEXT PRIMARY KEY,
  phone TEXT,
  state TEXT NOT NULL,
  updated INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cards_by_phone ON cards(phone) WHERE phone IS NOT NULL;

CREATE TABLE programs (
  id TEXT PRIMARY KEY,
  document TEXT NOT NULL,
  updated INTEGER NOT NULL
) WITHOUT ROWID;

-- Confirmed receipts: the request's hash (for idempotency), the answer given, what a
-- refund needs, and what has been refunded so far.
CREATE TABLE receipts (
  receipt_id TEXT PRIMARY KEY,
  body_sha256 TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  card TEXT,
  at INTEGER NOT NULL,
  response TEXT NOT NULL,
  sale TEXT NOT NULL,
  refund_state TEXT NOT NULL,
  cancel_entry_id TEXT
) WITHOUT ROWID;

CREATE TABLE refunds (
  refund_id TEXT PRIMARY KEY,
  receipt_id TEXT NOT NULL REFERENCES receipts(receipt_id),
  body_sha256 TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  response TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX refunds_by_receipt ON refunds(receipt_id);

CREATE TABLE adjustments (
  adjust_id TEXT PRIMARY KEY,
  card TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  response TEXT NOT NULL
) WITHOUT ROWID;

-- Every journal entry, in local order; `acked` once head office has it durably.
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entry_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,             -- receipt | refund | cancel | adjust | birthday
  card TEXT,
  at INTEGER NOT NULL,
  effects TEXT NOT NULL,          -- core::effects_to_json
  detail TEXT NOT NULL,           -- request and answer, for audit and head office
  acked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_pending ON journal(acked, seq);
CREATE INDEX journal_by_card ON journal(card, seq);

-- Coupon uses across the chain as far as this register knows.
CREATE TABLE coupon_totals (program TEXT PRIMARY KEY, uses INTEGER NOT NULL) WITHOUT ROWID;
