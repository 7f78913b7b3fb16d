-- Head office on PostgreSQL, version 18: TRUNCATE refused on the audit log too. Row
-- triggers (002) stop UPDATE and DELETE; TRUNCATE fires only statement triggers, so
-- `TRUNCATE audit` emptied the append-only log. SQLite has no TRUNCATE.
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
