-- Head office store, version 27: each customer's rows of report_customer_days listed in one
-- place (office/report_customer_rows.h), a row a line, "day receipts register": a card's
-- own customer ("card:NUMBER") in its card's row, which a group of pushes rewrites anyway,
-- any other in report_customer_rows. The push reads a customer's visit days there, and a
-- merge finds their rows there, so the table's index by customer goes: it cost a page per
-- customer per group, the largest part of what the report sums cost the shift-close
-- ingest (docs/benchmarks.md "Reports", sixth pass).
ALTER TABLE cards ADD COLUMN report_rows TEXT;
CREATE TABLE report_customer_rows (
  customer TEXT PRIMARY KEY,
  rows TEXT NOT NULL
) WITHOUT ROWID;
-- A list's lines may come in any order: they are sorted as they are read.
UPDATE cards SET report_rows = (
  SELECT group_concat(day || ' ' || receipts || ' ' || register_id, char(10))
  FROM report_customer_days WHERE customer = 'card:' || cards.number)
WHERE EXISTS (SELECT 1 FROM report_customer_days WHERE customer = 'card:' || cards.number);
INSERT INTO report_customer_rows(customer, rows)
SELECT customer, group_concat(day || ' ' || receipts || ' ' || register_id, char(10))
FROM report_customer_days c
WHERE c.customer NOT LIKE 'card:%'
  OR NOT EXISTS (SELECT 1 FROM cards WHERE cards.number = substr(c.customer, 6))
GROUP BY customer;
DROP INDEX report_customer_days_by_customer;
