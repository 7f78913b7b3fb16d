-- Head office on PostgreSQL, version 3: stores (schema/office/003_stores.sql).

CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  timezone TEXT NOT NULL,
  created BIGINT NOT NULL
);

ALTER TABLE registers ADD COLUMN store_id TEXT REFERENCES stores(id);
