-- Head office store, version 29: the visit counts (schema 011) keyed so that a group of
-- pushes writes them in a few places. A shift's receipts are one day's visits: each moves its
-- customer's previous visit from "last" to "followed by that day". Keyed by the earlier day,
-- report_visit_gaps took a page for every distinct previous visit among a group's customers,
-- and so did the index of report_visit_steps by prev, which only ever finds first visits
-- (prev = -1): over a year those pages climbed to as many as the group's cards
-- (docs/benchmarks.md "Reports", tenth pass). Gaps are now keyed by the later day, and the
-- index holds first visits only.
CREATE TABLE report_visit_gaps_029 (
  prev INTEGER NOT NULL,
  next INTEGER NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (next, prev)
) WITHOUT ROWID;
INSERT INTO report_visit_gaps_029(prev, next, n)
SELECT prev, next, n FROM report_visit_gaps ORDER BY next, prev;
DROP TABLE report_visit_gaps;
ALTER TABLE report_visit_gaps_029 RENAME TO report_visit_gaps;
DROP INDEX report_visit_steps_by_prev;
CREATE INDEX report_visit_steps_first ON report_visit_steps(day) WHERE prev = -1;
