-- Head office store, version 13: a store's or a register's report counts its customers from
-- report_customer_days; keyed by day first, a register's year read every register's customer
-- days of the year. Keyed by register first, it reads only its own (the whole chain's
-- customer figures come from the visit counts of 011 and do not read this table by day).
-- And the whole chain's sums per day, below.
CREATE TABLE report_customer_days_013 (
  register_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  customer TEXT NOT NULL,
  receipts INTEGER NOT NULL DEFAULT 0,
  revenue INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (register_id, day, customer)
) WITHOUT ROWID;
INSERT INTO report_customer_days_013(register_id, day, customer, receipts, revenue)
SELECT register_id, day, customer, receipts, revenue FROM report_customer_days;
DROP TABLE report_customer_days;
ALTER TABLE report_customer_days_013 RENAME TO report_customer_days;
CREATE INDEX report_customer_days_by_customer ON report_customer_days(customer, day);

-- The whole chain's sums per day and per program and day: what report_days and
-- report_program_days hold summed over every register, so a chain-wide report reads a row
-- per day (a few hundred for a year) instead of one per register and day. Written beside
-- them in the same transaction.
CREATE TABLE report_chain_days (
  day INTEGER PRIMARY KEY,
  revenue_card INTEGER NOT NULL DEFAULT 0,
  revenue_no_card INTEGER NOT NULL DEFAULT 0,
  receipts_card INTEGER NOT NULL DEFAULT 0,
  receipts_no_card INTEGER NOT NULL DEFAULT 0,
  issued INTEGER NOT NULL DEFAULT 0,
  redeemed INTEGER NOT NULL DEFAULT 0,
  adjusted INTEGER NOT NULL DEFAULT 0,
  burned INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE report_chain_program_days (
  day INTEGER NOT NULL,
  program TEXT NOT NULL,
  receipts INTEGER NOT NULL DEFAULT 0,
  revenue INTEGER NOT NULL DEFAULT 0,
  discount INTEGER NOT NULL DEFAULT 0,
  issued INTEGER NOT NULL DEFAULT 0,
  redeemed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, program)
) WITHOUT ROWID;
-- An office upgraded with entries already in it: the same sums from the per-register rows.
INSERT INTO report_chain_days(day, revenue_card, revenue_no_card, receipts_card,
  receipts_no_card, issued, redeemed, adjusted, burned)
SELECT day, SUM(revenue_card), SUM(revenue_no_card), SUM(receipts_card), SUM(receipts_no_card),
  SUM(issued), SUM(redeemed), SUM(adjusted), SUM(burned)
FROM report_days GROUP BY day;
INSERT INTO report_chain_program_days(day, program, receipts, revenue, discount, issued,
  redeemed)
SELECT day, program, SUM(receipts), SUM(revenue), SUM(discount), SUM(issued), SUM(redeemed)
FROM report_program_days GROUP BY day, program;
