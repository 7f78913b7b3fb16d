-- Head office store, version 16: each points adjustment keeps what was asked (points,
-- lifetime_days and reason, as JSON), so that an adjust_id used again with another request
-- is answered 409 adjustment_conflict, as at the register, instead of replaying the first.
-- Adjustments made before this version have none and replay as before.
ALTER TABLE adjustments ADD COLUMN request TEXT;
