-- Head office store (PostgreSQL), version 29: as SQLite's 029, the visit counts keyed so that
-- a group of pushes writes them in a few places: report_visit_gaps' key by the later day,
-- and report_visit_steps' index by prev for first visits only.
ALTER TABLE report_visit_gaps DROP CONSTRAINT report_visit_gaps_pkey;
ALTER TABLE report_visit_gaps ADD PRIMARY KEY (next, prev);
DROP INDEX report_visit_steps_by_prev;
CREATE INDEX report_visit_steps_first ON report_visit_steps(day) WHERE prev = -1;
