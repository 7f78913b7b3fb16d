-- Head office store, version 2: the audit log (office.md "Staff, roles and audit").
-- Append-only: every change made by a person or a token, with who, when, from where, what,
-- before and after. No path edits or deletes it, and the triggers refuse it to anyone else.

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,           -- unix seconds
  who TEXT NOT NULL,             -- login, token:NAME or admin_token
  address TEXT NOT NULL,
  action TEXT NOT NULL,          -- program.update, card.replace …
  object TEXT NOT NULL,          -- program:b10, card:2000000000015 …
  before TEXT,                   -- JSON, null when created
  after TEXT                     -- JSON, null when deleted
);
CREATE INDEX audit_by_at ON audit(at);
CREATE INDEX audit_by_who ON audit(who, at);
CREATE INDEX audit_by_object ON audit(object, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
