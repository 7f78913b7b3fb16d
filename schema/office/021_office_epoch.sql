-- Head office store, version 21: the epoch, a random name for this database's history,
-- which head office sends with every sync answer (docs/sync.md "Head office restored"). A
-- database restored from a backup has gone back in time: entries registers pushed after the
-- backup are gone from it, and their pull cursors may be beyond what it has numbered. A
-- backup is given an epoch of its own when it is made (and `kopilka-office restored` gives
-- one after any other restore), so a register that sees the epoch change sends its whole
-- journal again and pulls everything afresh.
CREATE TABLE office_epoch (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  epoch TEXT NOT NULL
);
INSERT INTO office_epoch(one, epoch) VALUES (1, lower(hex(randomblob(16))));
