-- Head office store, version 12: one-time data steps an upgrade runs after the schema
-- migrations (office/upgrade_steps.cc), each remembered here once it has finished.
CREATE TABLE upgrade_steps (
  name TEXT PRIMARY KEY,
  done_at BIGINT NOT NULL
);
