-- Journal entries head office refused (docs/sync.md "Refused entries"). A refused entry
-- stays in the journal, unacknowledged, and is no longer sent, so that one entry head
-- office cannot take never stops the others. The technician sends it again (`kopilka
-- sync retry`) or sets it aside (`kopilka sync set-aside`): set_aside_at is then set and the
-- entry is kept for audit, neither sent nor counted as pending.
CREATE TABLE sync_refused (
  entry_id TEXT PRIMARY KEY,
  error TEXT NOT NULL,
  message TEXT NOT NULL,
  refused_at INTEGER NOT NULL,
  set_aside_at INTEGER
) WITHOUT ROWID;
