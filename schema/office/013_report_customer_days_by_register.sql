-- Head office store, version 13: a store's or a register's report counts its customers from
-- report_customer_days; keyed by day first, a register's year read every register's customer
-- days of the year. Keyed by register first, it reads only its own (the whole chain's
-- customer figures come from the visit counts of 011 and do not read this table by day).
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
