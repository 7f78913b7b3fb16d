-- Head office on PostgreSQL, version 7: the chain settings (schema/office/007_settings.sql).

CREATE TABLE chain_settings (
  id TEXT PRIMARY KEY,
  document TEXT NOT NULL,
  seq BIGINT NOT NULL
);
CREATE INDEX chain_settings_by_seq ON chain_settings(seq);
