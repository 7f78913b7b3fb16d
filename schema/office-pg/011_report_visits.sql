-- Head office store, version 11: each customer's visits (the days with a receipt not
-- cancelled, over the whole chain) kept as counts of neighbouring days, so a report counts
-- the customers active in any period, new, returning and retained, without reading a row
-- per customer (office/report_customers.cc has the arithmetic). A day before the first
-- visit is -1; the day after the last is 2147483647.

-- Per pair of consecutive visits (prev, day), and the last visit as (last, 2147483647):
-- how many customers have it.
CREATE TABLE report_visit_steps (
  day INTEGER NOT NULL,
  prev INTEGER NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, prev)
);
CREATE INDEX report_visit_steps_by_prev ON report_visit_steps(prev, day);

-- Per visit, the visits either side of it (prev, next): how many visits have them.
CREATE TABLE report_visit_gaps (
  prev INTEGER NOT NULL,
  next INTEGER NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (prev, next)
);

-- An office upgraded with entries already in it: the same counts from the customer days.
INSERT INTO report_visit_steps(day, prev, n)
SELECT day, prev, COUNT(*) FROM (
  SELECT v.day AS day, COALESCE(LAG(v.day) OVER (PARTITION BY v.customer ORDER BY v.day), -1)
    AS prev
  FROM (SELECT customer, day FROM report_customer_days GROUP BY customer, day
        HAVING SUM(receipts) > 0) v
  UNION ALL
  SELECT 2147483647 AS day, MAX(v.day) AS prev
  FROM (SELECT customer, day FROM report_customer_days GROUP BY customer, day
        HAVING SUM(receipts) > 0) v
  GROUP BY v.customer
) s GROUP BY day, prev;

INSERT INTO report_visit_gaps(prev, next, n)
SELECT prev, next, COUNT(*) FROM (
  SELECT COALESCE(LAG(v.day) OVER (PARTITION BY v.customer ORDER BY v.day), -1) AS prev,
    COALESCE(LEAD(v.day) OVER (PARTITION BY v.customer ORDER BY v.day), 2147483647) AS next
  FROM (SELECT customer, day FROM report_customer_days GROUP BY customer, day
        HAVING SUM(receipts) > 0) v
) g GROUP BY prev, next;
