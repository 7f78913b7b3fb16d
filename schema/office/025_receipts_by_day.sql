-- Head office store, version 25: report_receipts keyed by day first. Keyed by register and
-- receipt id, a group of pushes inserted its receipts at a place of their own for every
-- register in the group, a page each (docs/benchmarks.md "Reports", fifth pass); keyed by
-- day first, a shift's receipts land together at the end of their day. A refund or
-- cancellation, which does not know its receipt's day, looks for it from its own day back
-- through the days anything was sold on (report_chain_days), most often finding it on the
-- first.
CREATE TABLE report_receipts_025 (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  receipt_id TEXT NOT NULL,
  customer TEXT,                 -- null: a receipt without a card
  total INTEGER NOT NULL,
  programs TEXT NOT NULL,        -- the programs that touched it, as in schema 008
  PRIMARY KEY (day, register_id, receipt_id)
) WITHOUT ROWID;
INSERT INTO report_receipts_025(day, register_id, receipt_id, customer, total, programs)
SELECT day, register_id, receipt_id, customer, total, programs FROM report_receipts
ORDER BY day, register_id, receipt_id;
DROP TABLE report_receipts;
ALTER TABLE report_receipts_025 RENAME TO report_receipts;
