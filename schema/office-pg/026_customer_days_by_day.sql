-- Head office store, version 26: report_customer_days keyed by day first, so a shift's
-- customer days land together at the end of their day instead of at a place of their own
-- for every register of a group of pushes (docs/benchmarks.md "Reports", sixth pass). A
-- store's or a register's report reads them by a seek per day and register it has sums for
-- (report_days).
ALTER TABLE report_customer_days DROP CONSTRAINT report_customer_days_pkey;
ALTER TABLE report_customer_days ADD PRIMARY KEY (day, register_id, customer);
