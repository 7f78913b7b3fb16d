-- Head office store, version 3: stores, and the store each register belongs to
-- (office.md "Stores, registers and chain settings"). A register with no store uses head
-- office's time zone.

CREATE TABLE stores (
  id TEXT PRIMARY KEY,           -- "s-1" …
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  timezone TEXT NOT NULL,        -- IANA name, e.g. Europe/Moscow
  created INTEGER NOT NULL       -- unix seconds
) WITHOUT ROWID;

ALTER TABLE registers ADD COLUMN store_id TEXT REFERENCES stores(id);
