-- Head office store, version 29: the customer days and the program days a store's or a
-- register's report counts kept in packs, one per day, register and group of pushes, a
-- customer or a program a line (office/report_day_packs.h), instead of a row per day,
-- register and customer (report_customer_days) or program (report_program_days): a group of
-- pushes writes a row per register it touched, not one per customer and one per program
-- (docs/benchmarks.md "Reports", eighth pass). Each register's day becomes one pack.
CREATE TABLE report_day_packs (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  pack BIGINT NOT NULL,
  customers TEXT NOT NULL,
  programs TEXT NOT NULL,
  PRIMARY KEY (day, register_id, pack)
);
INSERT INTO report_day_packs(day, register_id, pack, customers, programs)
SELECT k.day, k.register_id, 1, coalesce(c.lines, ''), coalesce(p.lines, '')
FROM (SELECT day, register_id FROM report_customer_days
      UNION SELECT day, register_id FROM report_program_days) k
LEFT JOIN (
  SELECT day, register_id, string_agg(
      chr(10) || replace(replace(replace(customer, '\', '\\'), chr(9), '\t'), chr(10), '\n')
      || chr(9) || coalesce(first_day::text, '') || chr(9) || receipts || chr(9) || revenue,
      '' ORDER BY customer) AS lines
  FROM report_customer_days GROUP BY day, register_id) c
  ON c.day = k.day AND c.register_id = k.register_id
LEFT JOIN (
  SELECT day, register_id, string_agg(
      chr(10) || replace(replace(replace(program, '\', '\\'), chr(9), '\t'), chr(10), '\n')
      || chr(9) || receipts || chr(9) || revenue || chr(9) || discount || chr(9) || issued
      || chr(9) || redeemed,
      '' ORDER BY program) AS lines
  FROM report_program_days GROUP BY day, register_id) p
  ON p.day = k.day AND p.register_id = k.register_id;
DROP TABLE report_customer_days;
DROP TABLE report_program_days;
