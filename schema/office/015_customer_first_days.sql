-- Head office store, version 15: each customer day carries its customer's first day (the
-- first day with a receipt not cancelled, NULL while the customer has none), so a store's
-- or a register's report counts its new customers from the rows it reads anyway, without a
-- look-up per row (docs/benchmarks.md "Reports"). The flush writes it with new rows and
-- rewrites a customer's older rows when their first day moves. report_first_days, which
-- held it once per customer, is read by no report any more (the whole chain counts first
-- visits from report_visit_steps), so it goes, and the push writes one table less.
ALTER TABLE report_customer_days ADD COLUMN first_day INTEGER;
UPDATE report_customer_days SET first_day =
  (SELECT f.day FROM report_first_days f WHERE f.customer = report_customer_days.customer);
DROP TABLE report_first_days;
