-- Head office on PostgreSQL, version 6: the register fleet (schema/office/006_fleet.sql).

ALTER TABLE registers ADD COLUMN last_contact BIGINT;
ALTER TABLE registers ADD COLUMN last_pull BIGINT;
ALTER TABLE registers ADD COLUMN version TEXT;
ALTER TABLE registers ADD COLUMN pending BIGINT;
ALTER TABLE registers ADD COLUMN clock_skew_s BIGINT;
ALTER TABLE registers ADD COLUMN sync_interval BIGINT;
ALTER TABLE registers ADD COLUMN revoked BIGINT;
