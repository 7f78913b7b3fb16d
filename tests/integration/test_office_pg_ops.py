"""Operating head office on PostgreSQL with the real processes on a throwaway cluster
(pg_cluster.py): moving an office from SQLite with `kopilka-office migrate-storage`, after
which its registers carry on with the same credentials and pull cursors; and a pg_dump taken
while registers push, restored as docs/office.md says, into an office that serves the same
data. Skipped, saying so, where PostgreSQL is not installed."""
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import unittest

import pg_cluster
from kopilka_harness import Office, temp_dir
from test_office_ops import (CARD_A, CARD_B, backup_during_pushes, check_restored, cli, entry, key,
                             pull_all, snapshot)

CLUSTER = None
TABLES = ["adjustments", "audit", "campaign_reached", "campaigns", "cards", "chain_settings",
          "coupon_totals",
          "customer_cards", "customer_merges", "customer_words", "customers", "entries",
          "notify_levels",
          "notify_state", "notify_templates", "office_epoch", "outbox", "programs", "registers",
          "report_chain_days", "report_chain_program_days",
          "report_customer_days", "report_customer_rows", "report_days", "report_program_days",
          "report_receipt_packs", "report_visit_gaps", "report_visit_steps", "report_wallet_days",
          "staff_login_failures",
          "staff_sessions", "staff_tokens", "staff_users", "stores", "unsubscribed",
          "upgrade_steps"]


def setUpModule():
    global CLUSTER
    if pg_cluster.pg_bin_dir() is None:
        raise unittest.SkipTest("no PostgreSQL binaries (apt install postgresql, scripts/setup.sh)")
    CLUSTER = pg_cluster.shared_cluster()


def dbname(url):
    return url.rsplit("/", 1)[1]


def sqlite_tables(office):
    """Every table of the office's SQLite file, each a sorted list of rows (column -> value)."""
    with sqlite3.connect(office.dir / "office-data" / "office.db") as db:
        db.row_factory = sqlite3.Row
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite%' AND name <> 'meta'")]
        tables = {n: sorted((dict(r) for r in db.execute(f'SELECT * FROM "{n}"')), key=json.dumps)
                  for n in names}
        seq = int(db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])
    return tables, seq


def pg_tables(url, names):
    database = dbname(url)
    tables = {}
    for n in names:
        rows = json.loads(CLUSTER.psql(f'SELECT coalesce(json_agg(t), \'[]\') FROM "{n}" t', database))
        tables[n] = sorted(rows, key=json.dumps)
    return tables, int(CLUSTER.psql("SELECT seq FROM server_seq", database))


def migrate(office, url):
    return subprocess.run([office.binary, "migrate-storage", "--to", url, "--config",
                           str(office.config_path)], capture_output=True, text=True, timeout=120)


class MigrateFromSqlite(unittest.TestCase):
    def test_an_office_moved_to_postgresql_carries_on_for_its_registers(self):
        o = Office(storage_url="sqlite").for_test(self)
        o.start()
        rid, cred = o.enroll("Till 1")
        unused_code = o.add_register("Till 2")  # an enrolment code not used yet moves too
        # A register that belongs to a store: the store must be copied before it.
        status, store = o.admin("POST", "/v1/admin/stores", {"name": "Тверская", "timezone": "Europe/Moscow"})
        self.assertEqual(status, 201, store)
        self.assertEqual(o.admin("PUT", f"/v1/admin/registers/{rid}", {"store": store["id"]})[0], 200)
        self.assertEqual(o.admin("PUT", "/v1/admin/programs/p1",
                                 {"id": "p1", "name": "Скидка", "kind": "discount", "percent": 5})[0], 201)
        self.assertEqual(o.admin("PUT", "/v1/admin/programs/gone",
                                 {"id": "gone", "name": "x", "kind": "discount", "percent": 1})[0], 201)
        self.assertEqual(o.admin("DELETE", "/v1/admin/programs/gone")[0], 200)  # a tombstone
        batch = [entry(rid, seq, (CARD_A, CARD_B)[seq % 2], seq) for seq in range(1, 31)]
        for e in batch[:3]:
            e["effects"]["coupon_programs"] = ["p1"]
        status, body = o.sync("POST", "/v1/sync/push", cred, {"entries": batch})
        self.assertEqual((status, body["applied"], body["refused"]), (200, 30, []), body)
        self.assertEqual(o.admin("PUT", f"/v1/admin/cards/{CARD_A}",
                                 {"customer": {"name": "Анна", "phone": "+79001234567"}})[0], 200)
        status, adjusted = o.admin("POST", f"/v1/admin/cards/{CARD_B}/points",
                                   {"adjust_id": "a-1", "points": 50, "reason": "жалоба"})
        self.assertEqual(status, 200, adjusted)
        # The register pulls everything so far: its cursor must stay valid after the move.
        seen, cursor = pull_all(o, cred)
        before = snapshot(o, cred)
        self.assertEqual(o.stop(signal.SIGTERM), 0)
        source, source_seq = sqlite_tables(o)
        self.assertEqual(sorted(source), TABLES)  # a new table must be added to this test too
        self.assertEqual(source_seq, cursor)

        url = pg_cluster.fresh_database(CLUSTER)
        # A technician tries the new database first: a start that changed nothing leaves it
        # empty (it was refused as holding data, table upgrade_steps).
        with Office(storage_url=url):
            pass
        moved = migrate(o, url)
        self.assertEqual(moved.returncode, 0, moved.stderr)
        # entries: the 30 receipts and the adjustment's own entry; customer_merges: card A's
        # history given to its new customer.
        self.assertEqual(moved.stdout,
                         "adjustments 1\naudit 10\ncampaign_reached 0\ncampaigns 0\ncards 2\n"
                         "chain_settings 0\n"
                         "coupon_totals 1\ncustomer_cards 1\ncustomer_merges 1\ncustomer_words 1\n"
                         "customers 1\n"
                         "entries 31\nnotify_levels 0\nnotify_state 0\nnotify_templates 0\n"
                         "office_epoch 1\noutbox 0\nprograms 2\nreport_chain_days 2\nreport_chain_program_days 1\n"
                         "report_customer_days 2\nreport_customer_rows 1\nreport_days 2\n"
                         "report_program_days 1\nreport_receipt_packs 1\n"
                         "report_visit_gaps 1\nreport_visit_steps 2\nreport_wallet_days 0\n"
                         "staff_login_failures 0\nstaff_sessions 0\nstaff_tokens 0\n"
                         "staff_users 0\nstores 1\nunsubscribed 0\nupgrade_steps 1\nregisters 2\n"
                         f"server sequence {cursor}\n"
                         "copied; set [storage] url in the config to the new database and start "
                         "kopilka-office\n")
        # Every table's content, row for row and column for column, and the sequence.
        self.assertEqual(pg_tables(url, TABLES), (source, source_seq))

        # A second run finds data there and writes nothing.
        again = migrate(o, url)
        self.assertEqual(again.returncode, 1)
        self.assertIn("already holds data", again.stderr)
        self.assertEqual(again.stdout, "")
        self.assertEqual(pg_tables(url, TABLES), (source, source_seq))

        # The technician switches [storage] url and starts head office again.
        p = Office(directory=o.dir, port=o.port, storage_url=url).for_test(self)
        p.start()
        self.assertEqual(snapshot(p, cred), before)  # the same answers, the same feed
        self.assertEqual(pull_all(p, cred, cursor), ([], cursor))  # nothing repeated
        # The same register, same credential, pushes its old entries again and new ones.
        more = batch + [entry(rid, seq, CARD_A, 100) for seq in range(31, 36)]
        status, body = p.sync("POST", "/v1/sync/push", cred, {"entries": more})
        self.assertEqual((status, body["applied"], len(body["acked"]), body["refused"]), (200, 5, 35, []), body)
        changes, after = pull_all(p, cred, cursor)
        self.assertEqual([key(c) for c in changes], [("card", CARD_A)])
        self.assertEqual(changes[0]["seq"], cursor + 1)  # nothing missed, nothing numbered twice
        self.assertEqual(after, cursor + 1)
        card_a = before[0][CARD_A][1]
        status, now_a = p.admin("GET", f"/v1/cards/{CARD_A}?at=2026-11-25T12:00:00Z")
        self.assertEqual(status, 200)
        self.assertEqual(now_a["points"]["balance"], card_a["points"]["balance"] + 500)
        self.assertEqual(now_a["points"]["balance"], sum(range(2, 31, 2)) + 500)
        self.assertEqual(now_a["customer"]["name"], "Анна")
        self.assertEqual(p.admin("GET", f"/v1/cards/{CARD_B}?at=2026-11-25T12:00:00Z"), before[0][CARD_B])
        # As of 25 November: the 50 points adjusted today are not the card's yet then
        # (programs.md: lots depend on `at` alone).
        self.assertEqual(before[0][CARD_B][1]["points"]["balance"], sum(range(1, 30, 2)))
        # The register is still in its store, and the audit log goes on after the copied entries.
        self.assertEqual(p.admin("GET", "/v1/admin/registers")[1]["registers"][0]["store"], store["id"])
        audited = len(p.admin("GET", "/v1/admin/audit")[1]["entries"])
        self.assertEqual(p.admin("PUT", f"/v1/admin/registers/{rid}", {"name": "Till 1, hall"})[0], 200)
        self.assertEqual(len(p.admin("GET", "/v1/admin/audit")[1]["entries"]), audited + 1)
        # The unused code still enrols the second register, now on PostgreSQL.
        rid2, cred2 = p.enroll(code=unused_code)
        self.assertEqual(p.sync("GET", "/v1/sync/pull?after=0", cred2)[0], 200)
        self.assertNotEqual(rid2, rid)
        self.assertEqual(seen[-1]["seq"], cursor)

    def test_it_refuses_a_database_that_holds_data_and_bad_targets(self):
        o = Office(storage_url="sqlite").for_test(self)
        o.add_register("Till 1")
        url = pg_cluster.fresh_database(CLUSTER)
        with Office(storage_url=url) as other:
            other.admin("PUT", f"/v1/admin/cards/{CARD_A}", {"customer": {"name": "Б"}})
        res = migrate(o, url)
        self.assertEqual(res.returncode, 1)
        self.assertEqual(res.stderr, "kopilka-office: the target database already holds data (table audit): "
                                     "migrate into a new, empty database; nothing was copied\n")
        self.assertEqual(CLUSTER.psql("SELECT count(*) FROM registers", dbname(url)), "0")
        bad = migrate(o, "sqlite:///tmp/x.db")
        self.assertEqual(bad.returncode, 2)
        self.assertEqual(bad.stderr, "kopilka-office: --to: must be a postgresql://… URL "
                                     "(the empty database to copy into)\n")
        # Not a storage URL at all: it was told "sqlite" would do.
        bad = migrate(o, "mysql://x")
        self.assertEqual((bad.returncode, bad.stderr),
                         (2, "kopilka-office: --to: must be a postgresql://… URL "
                             "(the empty database to copy into)\n"))
        # A URI libpq cannot read says why (it said "--to: --to must be a postgresql://…").
        bad = migrate(o, "postgresql://k@127.0.0.1:1/x?bogus=1")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--to: is not a PostgreSQL URI libpq can read", bad.stderr)
        self.assertIn("bogus", bad.stderr)
        # A head office still serving its file is refused: pushes it took after the copy
        # would stay behind in the file (4 150 entries served, 2 350 copied, in a review).
        o.start()
        url = pg_cluster.fresh_database(CLUSTER)
        busy = migrate(o, url)
        self.assertEqual(busy.returncode, 1, busy.stderr)
        self.assertIn(f"another kopilka-office (pid {o.proc.pid}) is running on", busy.stderr)
        self.assertIn("nothing was copied", busy.stderr)
        self.assertEqual(CLUSTER.psql("SELECT count(*) FROM information_schema.tables "
                                      "WHERE table_schema = 'public'", dbname(url)), "0")
        # The same lock keeps a second server off the file (and off it during a copy).
        second = Office(directory=o.dir, storage_url="sqlite").for_test(self)
        with self.assertRaisesRegex(RuntimeError, "another kopilka-office"):
            second.start()
        o.stop(signal.SIGTERM)
        self.assertEqual(migrate(o, url).returncode, 0)
        empty = Office(storage_url="sqlite").for_test(self)
        none = migrate(empty, pg_cluster.fresh_database(CLUSTER))
        self.assertEqual(none.returncode, 1)
        self.assertIn("no database at", none.stderr)


def pg_tool(name, *args):
    return subprocess.run([os.path.join(CLUSTER.bin, name), *args], capture_output=True, text=True,
                          timeout=120)


class PgDumpRestore(unittest.TestCase):
    def test_a_pg_dump_taken_during_pushes_restores_to_a_consistent_office(self):
        dumps = temp_dir(self, "kopilka-dumps-")
        url = pg_cluster.fresh_database(CLUSTER)
        path = os.path.join(dumps, "office.dump")
        with Office(storage_url=url) as o:
            # docs/office.md "Backups on PostgreSQL", with the test cluster's connection.
            rid, cred, dump, pushed_b, original = backup_during_pushes(
                self, o, lambda: pg_tool("pg_dump", "-Fc", "-f", path, "-d", url))
            self.assertEqual(dump.returncode, 0, dump.stderr)
            self.assertEqual(o.stop(signal.SIGTERM), 0)

        # Restore into a new, empty database, as docs/office.md says, and start on it.
        restored_url = CLUSTER.database(dbname(url) + "_restored")
        restore = pg_tool("pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
                          "-d", restored_url, path)
        self.assertEqual(restore.returncode, 0, restore.stderr)
        r = Office(storage_url=restored_url).for_test(self)
        r.start()
        def entries_of_b():
            return int(CLUSTER.psql(f"SELECT count(*) FROM entries WHERE card = '{CARD_B}'",
                                    dbname(restored_url)))

        # The restored rows agree with the card: card B's entries are those its balance counts.
        check_restored(self, r, rid, cred, original, pushed_b,
                       before_resend=lambda restored_b: self.assertEqual(entries_of_b(), restored_b))
        self.assertEqual(entries_of_b(), len(pushed_b))

if __name__ == "__main__":
    unittest.main()
