-- Head office store, version 24: a customer's personal data can be erased on their request
-- (docs/office.md "Erasing a customer's personal data"). The audit log stays append-only
-- but for that one change: an entry about the customer or their cards may have its before
-- and after rewritten once, with the contacts blanked, marked `erased`. Who, when, from
-- where, what and on which object stay as written.
ALTER TABLE audit ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (OLD.erased = 0 AND NEW.erased = 1 AND NEW.id = OLD.id AND NEW.at = OLD.at AND
          NEW.who = OLD.who AND NEW.address = OLD.address AND NEW.action = OLD.action AND
          NEW.object = OLD.object)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
