-- Head office store, version 7: the chain settings (office.md "Stores, registers and chain
-- settings"). One row, 'chain', saved by PUT /v1/admin/settings: a JSON document with
-- point_value, no_loyalty_categories, expiry_warning_days and max_adjust_points. Each save
-- takes the next server sequence like a program, so registers pull it with the changes.
-- No row: head office's values are office.toml's and the defaults.

CREATE TABLE chain_settings (
  id TEXT PRIMARY KEY,           -- always 'chain'
  document TEXT NOT NULL,
  seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX chain_settings_by_seq ON chain_settings(seq);
