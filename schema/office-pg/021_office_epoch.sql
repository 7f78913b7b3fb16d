-- Head office on PostgreSQL, version 21: the epoch (SQLite's 21), a random name for this
-- database's history, sent with every sync answer (docs/sync.md "Head office restored").
-- After a restore with pg_restore, `kopilka-office restored` gives the database a new one,
-- so every register sends its whole journal again and pulls everything afresh.
CREATE TABLE office_epoch (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  epoch TEXT NOT NULL
);
INSERT INTO office_epoch(one, epoch) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
