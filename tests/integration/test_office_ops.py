"""kopilka-office operations against the real process: --check-config, systemd notification
and watchdog, the integrity check at start, the online backup taken while registers push
and its restore, and the log lines about registers' syncs."""
import hashlib
import os
import pathlib
import re
import shutil
import signal
import stat
import subprocess
import threading
import time
import unittest

import pg_cluster
from kopilka_harness import Office, notify_socket, temp_dir

SQLITE_ONLY = unittest.skipIf(pg_cluster.engine() == "postgresql",
                              "SQLite's own file (PostgreSQL: pg_dump and its own checks, docs/office.md)")

CARD_A = "2000000000015"
CARD_B = "2000000000022"


def entry(register_id, seq, card, points, spent=10000):
    return {"id": f"{register_id}:{seq}", "seq": seq, "kind": "receipt", "at": "2026-11-24T12:00:00+03:00",
            "effects": {"card": card, "spent_delta": spent, "purchases_delta": 1,
                        "new_lots": [{"id": "0", "program": "cashback", "earned_day": "2026-11-24",
                                      "usable_from": "2026-11-24", "last_day": None, "points": points}]}}


def cli(office, *args):
    return subprocess.run([office.binary, *args, "--config", str(office.config_path)],
                          capture_output=True, text=True, timeout=120)


def pull_all(office, credential, after=0):
    """Every change a register pulls after `after`, and the cursor it ends at."""
    changes = []
    while True:
        status, page = office.sync("GET", f"/v1/sync/pull?after={after}&limit=500", credential)
        assert status == 200, page
        changes += page["changes"]
        after = page["next"]
        if not page["more"]:
            return changes, after


def snapshot(office, credential):
    """What head office holds: both cards as the admin sees them, and every change a register pulls."""
    cards = {n: office.admin("GET", f"/v1/cards/{n}?at=2026-11-25T12:00:00Z") for n in (CARD_A, CARD_B)}
    return cards, pull_all(office, credential)[0]


def key(change):
    return change["type"], change.get("id", change.get("number"))


class OfficeCheckConfigTest(unittest.TestCase):
    def test_a_good_config_passes_and_a_bad_one_names_the_file_and_the_key(self):
        o = Office().for_test(self)
        ok = subprocess.run([o.binary, "--check-config", "--config", str(o.config_path)],
                            capture_output=True, text=True)
        self.assertEqual((ok.returncode, ok.stdout), (0, f"{o.config_path}: ok\n"), ok.stderr)
        self.assertFalse((o.dir / "office-data").exists())  # checking touches no data
        text = o.config_path.read_text()
        o.config_path.write_text(text + 'colour = "red"\n')
        bad = subprocess.run([o.binary, "--check-config", "--config", str(o.config_path)],
                             capture_output=True, text=True)
        self.assertEqual(bad.returncode, 2)
        line = len(text.splitlines()) + 1
        self.assertEqual(bad.stderr, f"kopilka-office: colour: unknown key ({o.config_path}, line {line})\n")
        # A mistyped key gets the nearest one; a quoted number is named as a string.
        o.config_path.write_text(text + "point_valeu = 50\n")
        bad = subprocess.run([o.binary, "--check-config", "--config", str(o.config_path)],
                             capture_output=True, text=True)
        self.assertEqual(bad.stderr, "kopilka-office: point_valeu: unknown key; did you mean point_value? "
                                     f"({o.config_path}, line {line})\n")
        o.config_path.write_text(text + 'point_value = "100"\n')
        bad = subprocess.run([o.binary, "--check-config", "--config", str(o.config_path)],
                             capture_output=True, text=True)
        self.assertIn("point_value: must be a whole number, not a string (write it without quotes)",
                      bad.stderr)
        o.config_path.write_text(text.replace("insecure_http = true\n", ""))
        bad = subprocess.run([o.binary, "--check-config", "--config", str(o.config_path)],
                             capture_output=True, text=True)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("kopilka-office: tls: HTTPS needs", bad.stderr)
        self.assertIn(str(o.config_path), bad.stderr)
        missing = subprocess.run([o.binary, "--check-config", "--config", str(o.dir / "none.toml")],
                                 capture_output=True, text=True)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("none.toml", missing.stderr)

    def test_tls_files_the_listener_cannot_use_are_refused_by_the_check(self):
        # --check-config said "ok" to each of these; the server then failed to start without
        # naming the file, and systemd restarted it over and over.
        o = Office().for_test(self)
        made = {}
        for name in ("a", "b"):
            cert, key = o.dir / f"{name}.crt", o.dir / f"{name}.key"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"],
                           check=True, capture_output=True)
            key.chmod(0o600)
            made[name] = (cert, key)
        garbage = o.dir / "garbage.crt"
        garbage.write_text("not a certificate\n")
        text = o.config_path.read_text().replace("insecure_http = true\n", "")

        def check(cert, key):
            o.config_path.write_text(text + f'[tls]\ncert = "{cert}"\nkey = "{key}"\n')
            return subprocess.run([o.binary, "--check-config", "--config", str(o.config_path)],
                                  capture_output=True, text=True)

        good = check(*made["a"])
        self.assertEqual(good.returncode, 0, good.stderr)
        for cert, key, field, words in (
                (o.dir / "none.crt", made["a"][1], "tls.cert", "no such file"),
                (garbage, made["a"][1], "tls.cert", "as a certificate"),
                (made["a"][0], made["b"][1], "tls.key", "is not the key of the certificate")):
            bad = check(cert, key)
            self.assertEqual(bad.returncode, 2, bad.stdout)
            self.assertIn(f"kopilka-office: {field}: ", bad.stderr)
            self.assertIn(words, bad.stderr)
            self.assertIn(str(o.config_path), bad.stderr)
        made["a"][1].chmod(0o644)  # a private key every user can read
        bad = check(*made["a"])
        self.assertEqual(bad.returncode, 2)
        self.assertIn("tls.key: ", bad.stderr)
        self.assertIn("chmod", bad.stderr)
        self.assertFalse((o.dir / "office-data").exists())

    def test_two_head_offices_cannot_serve_one_sqlite_file_named_by_url(self):
        # The lock was the data dir's: two offices with their own data dirs and one
        # sqlite:///…/office.db both served the file, and migrate-storage copied it live.
        if pg_cluster.engine() == "postgresql":
            self.skipTest("a SQLite file")
        shared = temp_dir(self, "kopilka-shared-db-")
        url = f"sqlite://{shared}/office.db"
        a = Office(storage_url=url).started_for(self)
        b = Office(storage_url=url).for_test(self)
        started = subprocess.run([b.binary, "--config", str(b.config_path)],
                                 capture_output=True, text=True, timeout=60)
        self.assertEqual(started.returncode, 1, started.stderr)
        self.assertIn("kopilka-office", started.stderr)
        moved = subprocess.run([b.binary, "migrate-storage", "--to", "postgresql://k@127.0.0.1:1/x",
                                "--config", str(b.config_path)], capture_output=True, text=True,
                               timeout=60)
        self.assertEqual(moved.returncode, 1, moved.stderr)
        self.assertIn("nothing was copied", moved.stderr)


class OfficeServiceTest(unittest.TestCase):
    def test_it_notifies_systemd_and_pets_the_watchdog(self):
        with notify_socket() as (path, sock):
            o = Office()
            o.env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="200000")
            o.started_for(self)
            # A new database is made by the migrations: the start says so and asks for time
            # (an upgrade of a big office may take minutes; TimeoutStartSec would kill it).
            first = sock.recv(4096).decode()
            self.assertTrue(first.startswith("EXTEND_TIMEOUT_USEC=7200000000\n"), first)
            self.assertIn("STATUS=kopilka-office: creating the database (schema", first)
            self.assertEqual(sock.recv(4096).decode(), "READY=1")
            # Half the 200 ms interval: several pets within a second.
            self.assertEqual([sock.recv(4096).decode() for _ in range(3)], ["WATCHDOG=1"] * 3)
            self.assertEqual(o.stop(signal.SIGTERM), 0)
            messages = []
            while "STOPPING=1" not in messages:
                messages.append(sock.recv(4096).decode())

    def test_the_unit_starts_after_a_local_postgresql_without_requiring_one(self):
        source = pathlib.Path(os.environ.get("KOPILKA_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
        unit = (source / "packaging/systemd/kopilka-office.service").read_text().splitlines()
        values = lambda key: " ".join(l.split("=", 1)[1] for l in unit if l.startswith(key + "="))
        self.assertIn("postgresql.service", values("After").split())
        # The database may be on another machine: pulling a local one in would be wrong.
        for key in ("Wants", "Requires", "BindsTo", "Requisite"):
            self.assertNotIn("postgresql", values(key), key)

    @SQLITE_ONLY
    def test_a_damaged_database_stops_it_before_anything_is_written(self):
        o = Office().for_test(self)
        o.add_register("Till 1")  # creates office.db
        db = o.dir / "office-data" / "office.db"
        with open(db, "r+b") as f:  # garbage over every page but the first
            f.seek(4096)
            size = db.stat().st_size
            f.write(b"\x5a" * (size - 4096))
        before = hashlib.sha256(db.read_bytes()).hexdigest()
        proc = subprocess.run(o.args(), capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        # With the schema past the first page, SQLite may refuse the file before the check.
        self.assertRegex(proc.stderr, re.escape(str(db)) +
                         r" is (damaged \(integrity check failed|not a usable database)")
        self.assertIn("restore it from a backup", proc.stderr)
        self.assertEqual(hashlib.sha256(db.read_bytes()).hexdigest(), before)
        wal = pathlib.Path(str(db) + "-wal")
        self.assertEqual(wal.stat().st_size if wal.exists() else 0, 0)
        # Every command that opens the store refuses it the same way.
        add = cli(o, "register", "add", "Till 2")
        self.assertEqual(add.returncode, 3)
        self.assertIn("stop here and restore it from a backup", add.stderr)
        # And there is nothing good to back up.
        backup = cli(o, "backup", str(o.dir / "backups"))
        self.assertNotEqual(backup.returncode, 0)
        self.assertEqual(list((o.dir / "backups").glob("*")), [])

    def test_enrolments_pushes_and_refusals_are_logged_one_line_each(self):
        with Office() as o:
            rid, cred = o.enroll("Till 1")
            o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, 1, CARD_A, 5), entry(rid, 2, CARD_A, 7)]})
            o.sync("POST", "/v1/sync/push", f"{rid}.{'0' * 64}", {"entries": []})
            o.sync("POST", "/v1/sync/enroll", None, {"code": "XXXX-XXXX-XXXX"})
            # Another protocol is refused and logged on every path, not only on push.
            self.assertEqual(o.sync("GET", "/v1/sync/pull?after=0", cred, protocol="2")[0], 426)
            self.assertEqual(o.sync("POST", "/v1/sync/enroll", None, {"code": "X"},
                                    protocol="9")[0], 426)
            # An id with control characters refuses its whole push (an id is the register's
            # and a number); the refusal is logged without it, so it cannot forge a line.
            forged = entry(rid, 4, CARD_A, 5)
            forged["id"] = f"{rid}:4\n[2026-11-30] forged\x1b[2J"
            forged["kind"] = "bogus"
            o.sync("POST", "/v1/sync/push", cred, {"entries": [forged]})
            bad = entry(rid, 3, CARD_A, 5)
            bad["kind"] = "bogus"
            o.sync("POST", "/v1/sync/push", cred, {"entries": [bad]})
            o.stop(signal.SIGTERM)
            lines = [l for l in o.log().splitlines() if "[info]" in l]

            def one(text):
                found = [l for l in lines if text in l]
                self.assertEqual(len(found), 1, (text, lines))
                return found[0]

            one(f"register {rid} enrolled")
            self.assertRegex(one(f"push from register {rid}: 2 entries"),
                             r"2 entries \(2 new, 0 refused\), \d+ ms$")
            singles = [l for l in lines if f"push from register {rid}: 1 entries" in l]
            self.assertEqual(len(singles), 1, lines)  # entry 3's
            one(f"push from register {rid} refused with 400 invalid_request")
            for line in singles:
                self.assertRegex(line, r"\(0 new, 1 refused\), \d+ ms$")
            one(f"register {rid}: entry {rid}:3 refused")
            one("sync push refused with 401 unauthorized: the register credential is not valid")
            one("sync enrolment refused with 403 enrolment_refused")
            one("sync pull refused with 426 protocol_mismatch")
            one("sync enroll refused with 426 protocol_mismatch")
            self.assertNotIn("0" * 64, o.log())
            self.assertNotIn("\x1b", o.log())
            self.assertFalse([l for l in o.log().splitlines() if l.startswith("[2026-11-30] forged")])


def backup_during_pushes(test, o, take_backup):
    """Enrols a register, pushes 20 entries to card A, then keeps pushing card B one entry at
    a time while `take_backup()` runs, and 10 more after it. Returns (register id,
    credential, what take_backup returned, the seqs of card B pushed, snapshot)."""
    rid, cred = o.enroll("Till 1")
    o.admin("PUT", "/v1/admin/programs/p1", {"id": "p1", "name": "Скидка", "kind": "discount", "percent": 5})
    for seq in range(1, 21):
        status, body = o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, seq, CARD_A, seq)]})
        test.assertEqual(status, 200, body)
    pushed_b, stop = [], threading.Event()

    def push_b():
        seq = 100
        while not stop.is_set() and seq < 400:
            status, _ = o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, seq, CARD_B, 1)]})
            if status == 200:
                pushed_b.append(seq)
            seq += 1

    pusher = threading.Thread(target=push_b)
    pusher.start()
    try:
        while len(pushed_b) < 20 and pusher.is_alive():
            time.sleep(0.01)
        taken = take_backup()
        after_backup = len(pushed_b)
        # Head office kept taking pushes while and after the copy was made.
        while len(pushed_b) < after_backup + 10 and pusher.is_alive():
            time.sleep(0.01)
    finally:
        stop.set()
        pusher.join()
    test.assertGreaterEqual(len(pushed_b), after_backup + 10)
    return rid, cred, taken, pushed_b, snapshot(o, cred)


def check_restored(test, r, rid, cred, original, pushed_b, before_resend=None):
    """The restored office `r` holds one consistent moment of the original: card A exactly,
    card B a whole prefix of its pushes; resending every entry brings it back to the
    original, change for change, applying only what the backup missed. `before_resend` is
    called with card B's restored balance before the register pushes again."""
    cards, changes = snapshot(r, cred)  # the register's credential survives the restore
    test.assertEqual(cards[CARD_A], original[0][CARD_A])
    test.assertEqual(cards[CARD_A][1]["points"]["balance"], sum(range(1, 21)))
    status, card_b = cards[CARD_B]
    test.assertEqual(status, 200)
    restored_b = card_b["points"]["balance"]
    test.assertGreaterEqual(restored_b, 20)
    test.assertLessEqual(restored_b, len(pushed_b))
    test.assertEqual(card_b["spent"], restored_b * 10000)
    # A pull serves each card's latest state: every change but card B's is the original's.
    restored = {key(c): c for c in changes}
    originals = {key(c): c for c in original[1]}
    test.assertEqual(set(restored), set(originals))
    for k in originals:
        if k != ("card", CARD_B):
            test.assertEqual(restored[k], originals[k], k)
    test.assertEqual(restored[("card", CARD_B)]["state"]["spent"], restored_b * 10000)
    if before_resend:
        before_resend(restored_b)
    # The register still holds every entry and pushes them again: exactly-once by entry id
    # brings the restored office back to the original, change for change.
    resend = [entry(rid, seq, CARD_A, seq) for seq in range(1, 21)] + \
             [entry(rid, seq, CARD_B, 1) for seq in pushed_b]
    applied = 0
    for i in range(0, len(resend), 100):
        status, body = r.sync("POST", "/v1/sync/push", cred, {"entries": resend[i:i + 100]})
        test.assertEqual((status, body["refused"]), (200, []))
        applied += body["applied"]
    test.assertEqual(applied, len(pushed_b) - restored_b)
    final_cards, final_changes = snapshot(r, cred)
    test.assertEqual(final_cards, original[0])
    test.assertEqual({key(c): c.get("state") for c in final_changes},
                     {key(c): c.get("state") for c in original[1]})


@SQLITE_ONLY
class OfficeBackupTest(unittest.TestCase):
    def test_a_backup_taken_during_pushes_restores_to_a_consistent_office(self):
        backups = temp_dir(self, "kopilka-backups-")
        with Office() as o:
            rid, cred, backup, pushed_b, original = backup_during_pushes(
                self, o, lambda: cli(o, "backup", str(backups)))
            self.assertEqual(backup.returncode, 0, backup.stderr)
            path = pathlib.Path(backup.stdout.strip())
            self.assertEqual(path.parent, backups)
            self.assertRegex(path.name, r"^office-\d{8}-\d{6}Z\.db$")
            self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o640)
            self.assertEqual(o.stop(signal.SIGTERM), 0)

        # Restore into a fresh data dir, as docs/office.md says: the file becomes office.db.
        r = Office().for_test(self)
        (r.dir / "office-data").mkdir(mode=0o750)
        shutil.copy(path, r.dir / "office-data" / "office.db")
        r.start()
        check_restored(self, r, rid, cred, original, pushed_b)

    def test_backup_without_a_database_fails_and_leaves_nothing(self):
        o = Office().for_test(self)
        res = cli(o, "backup", str(o.dir / "backups"))
        self.assertEqual(res.returncode, 1)
        self.assertIn("no database at", res.stderr)
        self.assertEqual(res.stdout, "")
        self.assertFalse((o.dir / "office-data" / "office.db").exists())


if __name__ == "__main__":
    unittest.main()
