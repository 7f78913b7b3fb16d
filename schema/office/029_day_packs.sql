-- Head office store, version 29: the customer days and the program days a store's or a
-- register's report counts kept in packs, one per day, register and group of pushes, a
-- customer or a program a line (office/report_day_packs.h), instead of a row per day,
-- register and customer (report_customer_days) or program (report_program_days): a group of
-- pushes writes a row per register it touched, not one per customer and one per program
-- (docs/benchmarks.md "Reports", eighth pass). Each register's day becomes one pack.
CREATE TABLE report_day_packs (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  pack INTEGER NOT NULL,
  customers TEXT NOT NULL,
  programs TEXT NOT NULL,
  PRIMARY KEY (day, register_id, pack)
) WITHOUT ROWID;
INSERT INTO report_day_packs(day, register_id, pack, customers, programs)
SELECT k.day, k.register_id, 1, coalesce(c.lines, ''), coalesce(p.lines, '')
FROM (SELECT day, register_id FROM report_customer_days
      UNION SELECT day, register_id FROM report_program_days) k
LEFT JOIN (
  SELECT day, register_id, group_concat(line, '') AS lines FROM (
    SELECT day, register_id,
      char(10) || replace(replace(replace(customer, '\', '\\'), char(9), '\t'), char(10), '\n')
      || char(9) || coalesce(first_day, '') || char(9) || receipts || char(9) || revenue AS line
    FROM report_customer_days ORDER BY day, register_id, customer)
  GROUP BY day, register_id) c ON c.day = k.day AND c.register_id = k.register_id
LEFT JOIN (
  SELECT day, register_id, group_concat(line, '') AS lines FROM (
    SELECT day, register_id,
      char(10) || replace(replace(replace(program, '\', '\\'), char(9), '\t'), char(10), '\n')
      || char(9) || receipts || char(9) || revenue || char(9) || discount || char(9) || issued
      || char(9) || redeemed AS line
    FROM report_program_days ORDER BY day, register_id, program)
  GROUP BY day, register_id) p ON p.day = k.day AND p.register_id = k.register_id
ORDER BY k.day, k.register_id;
DROP TABLE report_customer_days;
DROP TABLE report_program_days;
