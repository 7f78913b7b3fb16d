"""Head office restored from a backup, with real registers: the entries pushed after the
backup come back by themselves, changes made at head office after the restore reach every
register, and nothing counts twice (docs/sync.md "Head office restored")."""
import shutil
import subprocess
import unittest

import pg_cluster
from kopilka_harness import temp_dir
from sync_harness import AT, CARD, SyncCase, sale

SQLITE_ONLY = unittest.skipIf(pg_cluster.engine() == "postgresql",
                              "a backup file of SQLite's (PostgreSQL: pg_restore, then `restored`)")


def office_cli(office, *args):
    return subprocess.run([office.binary, *args, "--config", str(office.config_path)],
                          capture_output=True, text=True, timeout=120)


class OfficeRestoreTest(SyncCase):
    def journal_count(self):
        return self.office_entries()

    def epoch(self):
        return self.office.sql_row("SELECT epoch FROM office_epoch")[0]

    @SQLITE_ONLY
    def test_entries_pushed_after_the_backup_come_back_and_later_changes_reach_registers(self):
        self.seed_office()
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a), self.sync(b)
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-1"))[0], 200)
        self.assertEqual(self.sync(a)["pushed"], 1)
        self.assertEqual(self.office_card(), (50, 100000))
        backups = temp_dir(self, "kopilka-backups-")
        taken = office_cli(self.office, "backup", str(backups))
        self.assertEqual(taken.returncode, 0, taken.stderr)
        # After the backup: a receipt reaches head office, and the other register pulls it,
        # so its cursor is beyond anything the backup numbered.
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-2", price=40000))[0], 200)
        self.assertEqual(self.sync(a)["pushed"], 1)
        self.sync(b)
        self.assertEqual(self.register_card(b), (70, 140000))
        live_epoch = self.epoch()
        # Restored as docs/office.md says: stopped, the file replaced, started.
        self.office.stop()
        data = self.office.dir / "office-data"
        for old in ("office.db", "office.db-wal", "office.db-shm"):
            (data / old).unlink(missing_ok=True)
        shutil.copy(taken.stdout.strip(), data / "office.db")
        self.office.start()
        self.assertNotEqual(self.epoch(), live_epoch)
        self.assertEqual(self.office_card(), (50, 100000))  # A-2 is not in the backup
        # A change at head office after the restore, numbered below register B's cursor.
        status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                         {"adjust_id": "R-1", "points": 7, "reason": "после восстановления",
                                          "at": AT})
        self.assertEqual(status, 200, body)
        # Register A sends its journal again: head office applies A-2, which it lacked, once.
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", 2, 0), s)
        self.assertEqual(self.office_card(), (77, 140000))
        self.assertEqual(self.journal_count(), (3, 3))  # and the adjustment
        self.assertIn("restored from a backup", a.log())
        self.assertEqual(self.register_card(a), (77, 140000))
        # Register B has nothing to send but pulls everything afresh, the adjustment too.
        s = self.sync(b)
        self.assertEqual((s["sync"], s["pushed"]), ("ok", 0), s)
        self.assertEqual(self.register_card(b), (77, 140000))
        # From then on, syncs are as usual: nothing sent twice, nothing pulled twice.
        self.assertEqual(self.sync(a)["pushed"], 0)
        self.assertEqual((self.sync(b)["pulled"], self.office_card()), (0, (77, 140000)))

    def test_the_restored_command_makes_registers_send_their_journals_again(self):
        # After pg_restore (or any restore not from this office's own backup file).
        self.seed_office()
        a = self.register("Касса 1")
        self.sync(a)
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-1"))[0], 200)
        self.assertEqual(self.sync(a)["pushed"], 1)
        before = self.epoch()
        # Refused while head office serves the database: SQLite knows the server holds the
        # file; on PostgreSQL its connections show (a process left running answered the old
        # epoch, and its registers resent their journals at every switch between processes).
        running = office_cli(self.office, "restored")
        self.assertNotEqual(running.returncode, 0)
        self.assertIn("stop it first; nothing was changed" if pg_cluster.engine() != "postgresql"
                      else "stop every head office process (on every machine) first; nothing "
                      "was changed", running.stderr)
        self.assertEqual(self.epoch(), before)
        self.office.stop()
        done = office_cli(self.office, "restored")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("new epoch", done.stdout)
        self.office.start()
        self.assertNotEqual(self.epoch(), before)
        # Everything was still there: the receipt goes again and is applied once.
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", 1, 0), s)
        self.assertEqual(self.office_card(), (50, 100000))
        self.assertEqual(self.register_card(a), (50, 100000))
        self.assertEqual(self.journal_count(), (1, 1))
        self.assertEqual(self.sync(a)["pushed"], 0)


class RegisterRestoredByHandTest(SyncCase):
    def test_a_register_backup_copied_over_its_database_syncs_new_receipts(self):
        # docs/reliability.md: the register's last backup, put in place of the damaged file.
        # Its new receipts were once numbered as entries head office already held from the
        # replaced file, refused for good, and their points never reached head office.
        self.seed_office()
        a = self.register("Касса 1")
        self.sync(a)
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-1"))[0], 200)
        status, closed = a.pos("POST", "/v1/shift/close", {"shift_id": "S-1"})
        self.assertEqual((status, closed["backup"] is not None), (200, True), closed)
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-2", price=40000))[0], 200)
        self.assertEqual(self.sync(a)["pushed"], 1)
        self.assertEqual(self.office_card(), (70, 140000))
        a.stop()
        for old in ("kopilka.db", "kopilka.db-wal", "kopilka.db-shm"):
            (a.data_dir / old).unlink(missing_ok=True)
        backup = sorted((a.data_dir / "backups").glob("kopilka-*.db"))[-1]
        shutil.copy(backup, a.data_dir / "kopilka.db")
        a.start()
        self.assertIn("is a backup copy put in place", a.log())
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-3", price=60000))[0], 200)
        s = self.sync(a)
        self.assertEqual((s["sync"], s.get("refused", 0), s["pending"]), ("ok", 0, 0), s)
        self.assertEqual(self.office_card(), (100, 200000))
        self.assertEqual(self.register_card(a), (100, 200000))


if __name__ == "__main__":
    unittest.main()
