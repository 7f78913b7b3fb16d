-- Head office store, version 27: each customer's rows of report_customer_days listed in one
-- place (office/report_customer_rows.h), a row a line, "day receipts register": a card's
-- own customer ("card:NUMBER") in its card's row, which a group of pushes rewrites anyway,
-- any other in report_customer_rows. The push reads a customer's visit days there, and a
-- merge finds their rows there, so the table's index by customer goes (docs/benchmarks.md
-- "Reports", sixth pass).
ALTER TABLE cards ADD COLUMN report_rows TEXT;
CREATE TABLE report_customer_rows (
  customer TEXT PRIMARY KEY,
  rows TEXT NOT NULL
);
UPDATE cards SET report_rows = l.rows FROM (
  SELECT substr(customer, 6) AS number,
    string_agg(day || ' ' || receipts || ' ' || register_id, chr(10) ORDER BY day, register_id)
      AS rows
  FROM report_customer_days WHERE customer LIKE 'card:%' GROUP BY customer) l
WHERE cards.number = l.number;
INSERT INTO report_customer_rows(customer, rows)
SELECT customer,
  string_agg(day || ' ' || receipts || ' ' || register_id, chr(10) ORDER BY day, register_id)
FROM report_customer_days c
WHERE c.customer NOT LIKE 'card:%'
  OR NOT EXISTS (SELECT 1 FROM cards WHERE cards.number = substr(c.customer, 6))
GROUP BY customer;
DROP INDEX report_customer_days_by_customer;
