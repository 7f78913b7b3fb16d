-- Head office store, version 12: one-time data steps an upgrade runs after the schema
-- migrations (office/upgrade_steps.cc), each remembered here once it has finished, so a
-- restart does not repeat it and an interrupted one runs again from the start.
CREATE TABLE upgrade_steps (
  name TEXT PRIMARY KEY,
  done_at INTEGER NOT NULL       -- unix seconds
) WITHOUT ROWID;
