-- Head office store, version 8: the report aggregates (docs/office.md "Reports"), kept in
-- the same transaction as the entries they summarise, so a report reads sums, not the
-- journal. Days are store-local day numbers (days since 1970-01-01); money in kopecks.

-- Per register and day: receipts net of cancellations, revenue net of refunds, and points
-- (burned on the day after a lot's last day, by the register that issued the lot).
CREATE TABLE report_days (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  revenue_card BIGINT NOT NULL DEFAULT 0,
  revenue_no_card BIGINT NOT NULL DEFAULT 0,
  receipts_card BIGINT NOT NULL DEFAULT 0,
  receipts_no_card BIGINT NOT NULL DEFAULT 0,
  issued BIGINT NOT NULL DEFAULT 0,
  redeemed BIGINT NOT NULL DEFAULT 0,
  adjusted BIGINT NOT NULL DEFAULT 0,
  burned BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, register_id)
);

-- Per customer (a card without a customer is "card:NUMBER"), register and day.
CREATE TABLE report_customer_days (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  customer TEXT NOT NULL,
  receipts BIGINT NOT NULL DEFAULT 0,
  revenue BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, register_id, customer)
);
CREATE INDEX report_customer_days_by_customer ON report_customer_days(customer, day);

-- Each customer's first day with a receipt not cancelled.
CREATE TABLE report_first_days (
  customer TEXT PRIMARY KEY,
  day INTEGER NOT NULL
);
CREATE INDEX report_first_days_by_day ON report_first_days(day);

-- Per program, register and day: receipts it touched, their revenue, discount, points.
CREATE TABLE report_program_days (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  program TEXT NOT NULL,
  receipts BIGINT NOT NULL DEFAULT 0,
  revenue BIGINT NOT NULL DEFAULT 0,
  discount BIGINT NOT NULL DEFAULT 0,
  issued BIGINT NOT NULL DEFAULT 0,
  redeemed BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, register_id, program)
);

-- What a later refund or cancellation of a receipt needs to know about it.
CREATE TABLE report_receipts (
  register_id TEXT NOT NULL,
  receipt_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  customer TEXT,                 -- null: a receipt without a card
  total BIGINT NOT NULL,
  programs TEXT NOT NULL,        -- "program=discount;…": the programs that touched it
  PRIMARY KEY (register_id, receipt_id)
);
