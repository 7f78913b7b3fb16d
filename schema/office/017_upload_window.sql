-- Head office store, version 17: whether a register's enrolment upload is still open. It
-- opens at enrolment and closes at the register's first pull or push after it
-- (docs/sync.md "Enrolling a register that already holds data"): a flag, not a comparison
-- of times, since a register re-enrolled in the second of its last push must upload again.
ALTER TABLE registers ADD COLUMN uploads_open INTEGER;
UPDATE registers SET uploads_open = 1
  WHERE enrolled IS NOT NULL AND last_pull IS NULL AND last_push IS NULL;
