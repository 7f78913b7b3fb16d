-- Head office store, version 29: the customer days a store's or a register's report counts
-- kept in packs, one per day, register and group of pushes, a customer a line
-- (office/report_customer_packs.h), instead of a row per day, register and customer: a
-- group of pushes writes a row per register it touched, not one per customer
-- (docs/benchmarks.md "Reports", eighth pass). Each register's customer days of a day
-- become one pack.
CREATE TABLE report_customer_packs (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  pack INTEGER NOT NULL,
  customers TEXT NOT NULL,
  PRIMARY KEY (day, register_id, pack)
) WITHOUT ROWID;
INSERT INTO report_customer_packs(day, register_id, pack, customers)
SELECT day, register_id, 1, group_concat(line, '') FROM (
  SELECT day, register_id,
    char(10) || replace(replace(replace(customer, '\', '\\'), char(9), '\t'), char(10), '\n')
    || char(9) || coalesce(first_day, '') || char(9) || receipts || char(9) || revenue AS line
  FROM report_customer_days ORDER BY day, register_id, customer)
GROUP BY day, register_id;
DROP TABLE report_customer_days;
