-- Head office store, version 22: when each register last held nothing unsent. A register
-- pushes its journal in batches of up to 500 and says with each call how many entries it
-- still holds (Kopilka-Pending); `last_push` moves with every batch, so a sync cut off
-- after its first batch made the reports say every register had pushed everything by then
-- (complete_until). `caught_up` moves only with a push that carried all the register held,
-- or a pull made with nothing pending. Until a register's next sync it is its last push.
ALTER TABLE registers ADD COLUMN caught_up INTEGER;
UPDATE registers SET caught_up = last_push;
