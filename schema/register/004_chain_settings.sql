-- The chain settings head office sent with the pull (docs/sync.md "Chain settings"):
-- point_value, no_loyalty_categories and expiry_warning_days as one JSON object. Once a
-- row is here they win over the register's own config file. seq is the change's number.
CREATE TABLE chain_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  document TEXT NOT NULL,
  seq INTEGER NOT NULL,
  received INTEGER NOT NULL       -- unix seconds
);
