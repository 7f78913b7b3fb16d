-- Head office store, version 15: each customer day carries its customer's first day
-- (report_first_days.day, NULL while the customer has no visit), so a store's or a
-- register's report counts its new customers from the rows it reads anyway, without a
-- look-up per row (docs/benchmarks.md "Reports"). The flush keeps it equal to
-- report_first_days: new rows get it as they are written, a customer's older rows are
-- rewritten when their first day moves.
ALTER TABLE report_customer_days ADD COLUMN first_day INTEGER;
UPDATE report_customer_days SET first_day =
  (SELECT f.day FROM report_first_days f WHERE f.customer = report_customer_days.customer);
