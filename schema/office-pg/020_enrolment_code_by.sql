-- Head office on PostgreSQL, version 20: who made a register's enrolment code (SQLite's 20). A technician may add
-- registers and make their codes (office.md, roles), but may not create programs nor choose
-- a card's groups; an enrolling register's upload does both, so a register enrolled with a
-- technician's code may upload neither (office/routes_upload.cc). NULL: the owner, a
-- marketer, the admin token or the shell, and every code made before this version.
ALTER TABLE registers ADD COLUMN code_by TEXT;
