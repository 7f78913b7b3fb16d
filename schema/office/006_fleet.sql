-- Head office store, version 6: the register fleet (office.md "Stores, registers and chain
-- settings"). What each register last reported with a sync call (docs/sync.md "What a
-- register reports"), when head office last heard from it, and whether it was revoked.

ALTER TABLE registers ADD COLUMN last_contact INTEGER;   -- unix seconds, any sync call
ALTER TABLE registers ADD COLUMN last_pull INTEGER;      -- unix seconds
ALTER TABLE registers ADD COLUMN version TEXT;           -- the register's app version
ALTER TABLE registers ADD COLUMN pending INTEGER;        -- entries it had not yet pushed
ALTER TABLE registers ADD COLUMN clock_skew_s INTEGER;   -- its clock less head office's
ALTER TABLE registers ADD COLUMN sync_interval INTEGER;  -- seconds between its syncs
ALTER TABLE registers ADD COLUMN revoked INTEGER;        -- unix seconds; its credential is gone
