-- Head office store, version 28: the receipts a later return gives back kept in packs, one
-- per day, register and group of pushes, a receipt a line (office/report_receipt_packs.h),
-- instead of a row each. A group's packs are numbered after their day's, so they land
-- together at the end of the day; the index by register finds a register's packs of a day
-- for a return (docs/benchmarks.md "Reports", seventh pass). Each register's receipts of a
-- day become one pack.
CREATE TABLE report_receipt_packs (
  day INTEGER NOT NULL,
  pack INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  receipts TEXT NOT NULL,
  PRIMARY KEY (day, pack, register_id)
) WITHOUT ROWID;
CREATE INDEX report_receipt_packs_by_register ON report_receipt_packs(day, register_id, pack);
INSERT INTO report_receipt_packs(day, pack, register_id, receipts)
SELECT day, 1, register_id, group_concat(line, '') FROM (
  SELECT day, register_id,
    char(10) || replace(replace(replace(receipt_id, '\', '\\'), char(9), '\t'), char(10), '\n')
    || char(9)
    || coalesce(replace(replace(replace(customer, '\', '\\'), char(9), '\t'), char(10), '\n'), '')
    || char(9) || total || char(9)
    || replace(replace(replace(programs, '\', '\\'), char(9), '\t'), char(10), '\n') AS line
  FROM report_receipts ORDER BY day, register_id, receipt_id)
GROUP BY day, register_id;
DROP TABLE report_receipts;
