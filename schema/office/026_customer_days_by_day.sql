-- Head office store, version 26: report_customer_days keyed by day first. Keyed by register
-- first (schema 013), a group of pushes inserted its customer days at a place of their own
-- for every register in the group, a page each (docs/benchmarks.md "Reports", sixth pass);
-- keyed by day first, a shift's customer days land together at the end of their day. A
-- store's or a register's report reads them by a seek per day and register it has sums for
-- (report_days), not by a range over the chain's.
CREATE TABLE report_customer_days_026 (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  customer TEXT NOT NULL,
  receipts INTEGER NOT NULL DEFAULT 0,
  revenue INTEGER NOT NULL DEFAULT 0,
  first_day INTEGER,
  PRIMARY KEY (day, register_id, customer)
) WITHOUT ROWID;
INSERT INTO report_customer_days_026(day, register_id, customer, receipts, revenue, first_day)
SELECT day, register_id, customer, receipts, revenue, first_day FROM report_customer_days
ORDER BY day, register_id, customer;
DROP TABLE report_customer_days;
ALTER TABLE report_customer_days_026 RENAME TO report_customer_days;
CREATE INDEX report_customer_days_by_customer ON report_customer_days(customer, day);
