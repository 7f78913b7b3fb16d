-- Head office store, version 25: report_receipts keyed by day first, so a shift's receipts
-- land together at the end of their day instead of at a place of their own for every
-- register of a group of pushes (docs/benchmarks.md "Reports", fifth pass). A refund or
-- cancellation looks for its receipt from its own day back through the days anything was
-- sold on (report_chain_days).
ALTER TABLE report_receipts DROP CONSTRAINT report_receipts_pkey;
ALTER TABLE report_receipts ADD PRIMARY KEY (day, register_id, receipt_id);
