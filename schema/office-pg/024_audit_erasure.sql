-- Head office on PostgreSQL, version 24: a customer's erasure blanks the contacts in the
-- audit entries about them, once (schema/office/024_audit_erasure.sql).
ALTER TABLE audit ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.erased = 0 AND NEW.erased = 1 AND NEW.id = OLD.id AND
     NEW.at = OLD.at AND NEW.who = OLD.who AND NEW.address = OLD.address AND
     NEW.action = OLD.action AND NEW.object = OLD.object THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
