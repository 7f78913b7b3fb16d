-- Head office store, version 13: a store's or a register's report counts its customers from
-- report_customer_days; keyed by day first, a register's year read every register's customer
-- days of the year. Keyed by register first, it reads only its own (the whole chain's
-- customer figures come from the visit counts of 011 and do not read this table by day).
ALTER TABLE report_customer_days DROP CONSTRAINT report_customer_days_pkey;
ALTER TABLE report_customer_days ADD PRIMARY KEY (register_id, day, customer);
