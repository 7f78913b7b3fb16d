-- Head office on PostgreSQL, version 22: when each register last held nothing unsent
-- (SQLite's 22): a push that carried all the register held, or a pull made with nothing
-- pending. The reports' complete_until reads it instead of the last push of any batch.
ALTER TABLE registers ADD COLUMN caught_up BIGINT;
UPDATE registers SET caught_up = last_push;
