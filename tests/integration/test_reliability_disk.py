"""Disk reliability: a real file system that fills up under load (a small tmpfs, mounted
when the test runs as root), and database files cut short before a start.

Full disk: confirms answer 503 storage_unavailable, the POS goes on calculating (selling
without loyalty), nothing half-written is kept, and confirms succeed again by themselves
once space returns; every receipt told "ok" is there once and every balance equals its
ledger. A truncated or emptied kopilka.db or office.db: the server refuses to start, says
what is wrong and how to recover, and leaves the file exactly as it was; the last backup
brings the register back."""
import hashlib
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

from kopilka_harness import START_TIMEOUT, Daemon, Office, request

CARD = "2000000000015"
AT = "2026-11-24T12:00:00+03:00"
CASHBACK = {"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10}


def sale(rid, note=""):
    return {"receipt_id": rid, "at": AT, "card": CARD,
            "lines": [{"line": 1, "sku": "S", "name": note[:256], "category": "x", "qty": 1, "price": 10000}]}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ledger(db_path, card):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT effects FROM journal WHERE card = ?", (card,)).fetchall()
        integrity = db.execute("PRAGMA integrity_check").fetchall()
    finally:
        db.close()
    points = 0
    for (effects,) in rows:
        fx = json.loads(effects)
        points += sum(l["points"] for l in fx.get("new_lots", [])) - sum(d["points"] for d in fx.get("draws", []))
    return points, integrity


class TmpfsMount:
    """A tmpfs of `size` at a fresh directory; unmounted and removed on exit."""

    def __init__(self, size):
        self.size = size
        self.path = None

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="kopilka-tmpfs-")
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.size}", "tmpfs", self.path],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            os.rmdir(self.path)
            raise unittest.SkipTest(f"cannot mount a tmpfs: {proc.stderr.strip()}")
        return self.path

    def __exit__(self, *exc):
        subprocess.run(["umount", "-l", self.path], capture_output=True)
        shutil.rmtree(self.path, ignore_errors=True)


def fill(path, keep_free):
    """Fills the file system of `path` with a filler file, all but `keep_free` bytes."""
    filler = os.path.join(path, "filler")
    st = os.statvfs(path)
    size = max(st.f_bavail * st.f_frsize - keep_free, 0)
    with open(filler, "wb") as f:
        while size > 0:
            n = min(size, 1 << 20)
            try:
                f.write(b"\0" * n)
                f.flush()
            except OSError:
                break
            size -= n
    return filler


@unittest.skipUnless(hasattr(os, "geteuid") and os.geteuid() == 0, "mounting a tmpfs needs root")
class FullDiskTest(unittest.TestCase):
    @staticmethod
    def register_on(mount):
        """kopilkad with its data dir on the tmpfs `mount`; not started."""
        d = Daemon()
        d.data_dir = pathlib.Path(mount) / "data"
        d.write_config()
        return d

    def sell(self, d, receipts):
        """The cashback program, the card, and `receipts` sales A-0, A-1, … confirmed."""
        self.assertEqual(d.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)
        self.assertEqual(d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})[0], 201)
        for i in range(receipts):
            self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale(f"A-{i}"))[0], 200)

    def test_a_full_disk_answers_503_sells_on_and_recovers_by_itself(self):
        with TmpfsMount("16m") as mount:
            d = self.register_on(mount)
            with d:
                self.sell(d, 20)
                filler = fill(mount, 256 * 1024)
                ok, refused, i = [], [], 0
                while len(refused) < 5:
                    i += 1
                    self.assertLess(i, 5000, "the disk never filled up")
                    status, body = d.pos("POST", "/v1/receipts/confirm", sale(f"F-{i}", "x" * 256))
                    if status == 200:
                        ok.append(f"F-{i}")
                        continue
                    self.assertEqual((status, body["error"]["code"]), (503, "storage_unavailable"), body)
                    self.assertTrue(body["error"]["message"])
                    refused.append(f"F-{i}")
                    # The POS sells on: a calculation still answers, with loyalty.
                    status, calc = d.pos("POST", "/v1/receipts/calculate", sale(f"F-{i}"))
                    self.assertEqual((status, calc["loyalty"], calc["points_accrued"]), (200, "applied", 10))
                health = request(d.port, "GET", "/v1/health")[1]
                self.assertEqual(health["db"], "unavailable")
                balance = d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"]
                self.assertEqual(balance, 10 * (20 + len(ok)))
                # The log tells what happened: no refused receipt "confirmed", no recovery
                # while the disk is still full.
                log = d.log()
                for rid in refused:
                    self.assertNotIn(f"receipt {rid} confirmed", log)
                self.assertNotIn("storage writes succeed again", log)
                self.assertIn("storage unavailable", log)

                os.remove(filler)  # space returns: no restart, the next confirm goes through
                for rid in refused:
                    status, body = d.pos("POST", "/v1/receipts/confirm", sale(rid, "x" * 256))
                    self.assertEqual((status, body.get("replayed", False)), (200, False), body)
                self.assertEqual(request(d.port, "GET", "/v1/health")[1]["db"], "ok")
                self.assertIn(f"receipt {refused[0]} confirmed", d.log())
                self.assertIn("storage writes succeed again", d.log())
                balance = d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"]
                self.assertEqual(balance, 10 * (20 + len(ok) + len(refused)))
                points, integrity = ledger(d.data_dir / "kopilka.db", CARD)
                self.assertEqual((points, integrity), (balance, [("ok",)]))

                # Full again, then killed while full: it starts again and loses nothing.
                filler = fill(mount, 64 * 1024)
                while d.pos("POST", "/v1/receipts/confirm", sale(f"G-{i}", "x" * 256))[0] == 200:
                    i += 1
                d.kill9()
                os.remove(filler)
                d.start()
                self.assertEqual(d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"], ledger(
                    d.data_dir / "kopilka.db", CARD)[0])
                for rid in ok + refused:
                    self.assertEqual(d.pos("GET", f"/v1/receipts/{rid}")[0], 200, rid)
            print(f"\nfigures: full disk receipts_before_full={20 + len(ok)} refused_503={len(refused)} "
                  f"recovered_without_restart=yes lost=0", flush=True)

    def test_kopilkad_starts_on_a_full_disk_serves_reads_and_writes_once_space_returns(self):
        # It once refused to start ("database: disk I/O error", exit 1) on a disk it could
        # read; and restarted after kill -9 on a full disk, its health said "ok".
        with TmpfsMount("16m") as mount:
            d = self.register_on(mount)
            with d:
                self.sell(d, 5)
                unavailable_seen = []
                for n, how in enumerate(("stopped", "killed")):
                    if how == "stopped":
                        d.stop()
                        filler = self.fill_up(mount)
                    else:
                        filler = self.fill_up(mount)
                        d.kill9()
                    d.start()
                    # "ok" only once a write went through: SQLite sometimes still has room
                    # in a WAL file it kept for the start-up probe's small write.
                    db = self.settled_db(d)
                    self.assertIn(db, ("unavailable", "ok"), how)
                    status, card = d.pos("GET", f"/v1/cards/{CARD}")
                    self.assertEqual((status, card["points"]["balance"]), (200, 50 + 10 * n), how)
                    status, calc = d.pos("POST", "/v1/receipts/calculate", sale("B-1"))
                    self.assertEqual((status, calc["loyalty"], calc["points_accrued"]), (200, "applied", 10))
                    status, body = d.pos("POST", "/v1/receipts/confirm", sale(f"B-{how}"))
                    if db == "unavailable":
                        self.assertEqual(status, 503, body)
                    if status == 503:  # a probe's small write may fit where a receipt does not
                        self.assertEqual(body["error"]["code"], "storage_unavailable", body)
                        self.assertEqual(request(d.port, "GET", "/v1/health")[1]["db"], "unavailable")
                        os.remove(filler)  # space returns: the next confirm goes through
                        status, body = d.pos("POST", "/v1/receipts/confirm", sale(f"B-{how}"))
                    else:
                        os.remove(filler)
                    self.assertEqual(status, 200, body)
                    self.assertEqual(request(d.port, "GET", "/v1/health")[1]["db"], "ok")
                    unavailable_seen.append(db == "unavailable")
                print(f"\nfigures: start on a full disk read-only={unavailable_seen}", flush=True)
                self.assertEqual(d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"], 70)
                d.stop()  # started on a full disk, it holds the database alone until it stops
                self.assertEqual(ledger(d.data_dir / "kopilka.db", CARD), (70, [("ok",)]))

    @staticmethod
    def fill_up(mount):
        """Leaves not one byte free: fill() stops within a megabyte of full."""
        filler = fill(mount, 0)
        with open(filler, "ab", buffering=0) as f:
            for size in (65536, 4096, 512, 1):
                try:
                    while True:
                        f.write(b"\0" * size)
                except OSError:
                    pass
        return filler

    @staticmethod
    def settled_db(d):
        """/v1/health's "db" once the start-up check and write probe are over."""
        deadline = time.time() + 10
        while True:
            db = request(d.port, "GET", "/v1/health")[1]["db"]
            if db != "checking" or time.time() > deadline:
                return db
            time.sleep(0.05)

    def test_head_office_on_a_full_disk_answers_503_and_applies_everything_once_later(self):
        with TmpfsMount("16m") as mount:
            o = Office()
            o.config_path.write_text(o.config_path.read_text().replace(str(o.dir / "office-data"),
                                                                       f"{mount}/office-data"))
            with o:
                rid, cred = o.enroll("Till 1")

                def push(batch):
                    return request(o.port, "POST", "/v1/sync/push", {"entries": batch}, token=cred,
                                   headers={"Kopilka-Protocol": "1"})

                def entry(i):
                    return {"id": f"{rid}:{i}", "kind": "receipt", "at": AT,
                            "effects": {"card": CARD, "spent_delta": 100,
                                        "new_lots": [{"id": "0", "program": "cashback", "earned_day": "2026-11-24",
                                                      "usable_from": "2026-11-24", "last_day": None, "points": 1}]}}
                filler = fill(mount, 128 * 1024)
                sent, refused = [], None
                for n in range(500):
                    batch = [entry(20 * n + k + 1) for k in range(20)]
                    sent += batch
                    status, body = push(batch)
                    if status != 200:
                        self.assertEqual((status, body["error"]["code"]), (503, "storage_unavailable"), body)
                        refused = batch
                        break
                self.assertIsNotNone(refused, "the disk never filled up")
                os.remove(filler)
                status, body = push(sent)  # the register resends all it holds
                self.assertEqual((status, body["applied"]), (200, len(refused)), body)
                card = o.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")[1]
                self.assertEqual((card["points"]["balance"], card["spent"]), (len(sent), 100 * len(sent)))


class TruncatedDatabaseTest(unittest.TestCase):
    def register_with_data(self, tmp):
        d = Daemon(directory=tmp)
        with d:
            d.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)
            d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
            for i in range(300):
                self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale(f"T-{i}", "x" * 200))[0], 200)
            self.assertEqual(d.pos("POST", "/v1/shift/close", {"shift_id": "S-1"})[0], 200)  # makes a backup
            d.stop()
        return d

    def refused(self, server, db, words):
        before = digest(db)
        proc = subprocess.run(server.args(), capture_output=True, text=True, timeout=START_TIMEOUT)
        self.assertNotEqual(proc.returncode, 0, proc.stderr)
        for word in words + [str(db)]:
            self.assertIn(word, proc.stderr)
        self.assertEqual(digest(db), before, "the refused file was changed")

    def test_a_cut_short_register_database_is_refused_and_the_backup_brings_it_back(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = self.register_with_data(tmp)
            db = d.data_dir / "kopilka.db"
            original = db.read_bytes()
            for size in (0, 100, 4096, len(original) // 2, len(original) - 4096):
                db.write_bytes(original[:size])
                for side in ("-wal", "-shm"):
                    (d.data_dir / f"kopilka.db{side}").unlink(missing_ok=True)
                self.refused(d, db, ["kopilka doctor", "backup"])
            # The recovery path: the last backup in place of the damaged file.
            backups = sorted((d.data_dir / "backups").glob("kopilka-*.db"))
            self.assertEqual(len(backups), 1)
            shutil.copyfile(backups[-1], db)
            with d:
                self.assertEqual(d.pos("GET", "/v1/receipts/T-299")[0], 200)
                self.assertEqual(d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"], 3000)

    def test_a_cut_short_office_database_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            o = Office(directory=tmp)
            with o:
                for i in range(200):
                    number = f"2000000{i:06d}"
                    self.assertEqual(o.admin("PUT", f"/v1/admin/cards/{number}",
                                             {"customer": {"name": "x" * 200}})[0], 201)
                o.stop()
            db = o.dir / "office-data" / "office.db"
            original = db.read_bytes()
            for size in (0, 100, len(original) // 2):
                db.write_bytes(original[:size])
                for side in ("-wal", "-shm"):
                    (db.parent / f"office.db{side}").unlink(missing_ok=True)
                self.refused(o, db, ["backup"])


if __name__ == "__main__":
    unittest.main()
