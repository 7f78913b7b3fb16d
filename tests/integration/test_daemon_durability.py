"""kopilkad keeps every confirmed receipt through SIGTERM and kill -9, applies nothing
twice on replay, refuses bad configs and damaged databases clearly, and the demo
register answers at once."""
import datetime
import os
import signal
import socket
import sqlite3
import subprocess
import tempfile
import pathlib
import threading
import unittest

from kopilka_harness import Daemon, request

CARD = "2000000000015"
MOSCOW = datetime.timezone(datetime.timedelta(hours=3))  # Europe/Moscow has no DST since 2014
CASHBACK = {"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10}


def sale(i):
    return {"receipt_id": f"K-{i}", "at": "2026-11-24T12:00:00+03:00", "card": CARD,
            "lines": [{"line": 1, "sku": "S", "category": "x", "qty": 1, "price": 10000}]}


class DurabilityTest(unittest.TestCase):
    def test_kill9_loses_no_confirmed_receipt_and_doubles_nothing(self):
        with Daemon() as d:
            d.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)
            d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
            confirmed = []
            stop = threading.Event()

            def pos():
                i = 0
                while not stop.is_set():
                    i += 1
                    try:
                        status, _ = d.pos("POST", "/v1/receipts/confirm", sale(i), timeout=5)
                    except OSError:
                        continue
                    if status == 200:
                        confirmed.append(i)

            t = threading.Thread(target=pos)
            t.start()
            for _ in range(5):
                threading.Event().wait(0.3)
                d.kill9()
                d.start()
            stop.set()
            t.join()
            self.assertGreater(len(confirmed), 0)
            for i in confirmed:
                self.assertEqual(d.pos("GET", f"/v1/receipts/K-{i}")[0], 200, i)
            # Every stored receipt is counted exactly once in the card: 10 points each.
            card = d.pos("GET", f"/v1/cards/{CARD}")[1]
            stored = [i for i in range(1, max(confirmed) + 3) if d.pos("GET", f"/v1/receipts/K-{i}")[0] == 200]
            self.assertEqual(card["points"]["balance"], 10 * len(stored))
            self.assertEqual(card["spent"], 10000 * len(stored))
            # Replaying every receipt applies nothing again.
            for i in stored:
                status, body = d.pos("POST", "/v1/receipts/confirm", sale(i))
                self.assertEqual(status, 200)
                self.assertTrue(body["replayed"])
            self.assertEqual(d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"], 10 * len(stored))

    def test_sigterm_exits_cleanly_and_keeps_data(self):
        with Daemon() as d:
            d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
            self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale(1))[0], 200)
            self.assertEqual(d.stop(signal.SIGTERM), 0)
            d.start()
            self.assertEqual(d.pos("GET", "/v1/receipts/K-1")[0], 200)

    def test_check_config(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = Daemon(directory=tmp)
            ok = subprocess.run([d.binary, "--check-config", str(d.config_path)], capture_output=True, text=True)
            self.assertEqual(ok.returncode, 0, ok.stderr)
            d.write_config('colour = "red"\n')
            bad = subprocess.run([d.binary, "--check-config", str(d.config_path)], capture_output=True, text=True)
            self.assertEqual(bad.returncode, 2)
            self.assertIn("colour", bad.stderr)
            d.write_config('[[scanner]]\nname = "front"\nport = "/dev/ttyACM0"\nbaud = 7\n')
            bad = subprocess.run([d.binary, "--check-config", str(d.config_path)], capture_output=True, text=True)
            self.assertEqual(bad.returncode, 2)
            self.assertIn("scanner[0].baud", bad.stderr)
            d.config_path.write_text("listen = [\n")
            bad = subprocess.run([d.binary, "--check-config", str(d.config_path)], capture_output=True, text=True)
            self.assertEqual(bad.returncode, 2)
            self.assertIn("line", bad.stderr)

    def test_a_damaged_database_is_refused_with_the_recovery_command(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = Daemon(directory=tmp)
            d.data_dir.mkdir()
            (d.data_dir / "kopilka.db").write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
            proc = subprocess.run(d.args(), capture_output=True, text=True, timeout=60)
            self.assertNotEqual(proc.returncode, 0)
            self.assertIn("kopilka doctor", proc.stderr)

    def test_damage_deep_in_a_large_database_stops_the_daemon_before_any_write(self):
        # The integrity check of a large file ends after the API is up (docs/configuration.md):
        # damage it finds must stop the daemon as a refused start would, and no write may
        # land in the damaged file meanwhile.
        with tempfile.TemporaryDirectory() as tmp:
            d = Daemon(directory=tmp)
            with d:
                d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
                d.stop()
            db = d.data_dir / "kopilka.db"
            with sqlite3.connect(db) as c:
                c.execute("CREATE TABLE filler(x)")
                c.executemany("INSERT INTO filler VALUES (?)", [("x" * 3000,)] * 30000)
            with sqlite3.connect(db) as c:
                c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            data = bytearray(db.read_bytes())
            middle = len(data) // 2 // 4096 * 4096
            data[middle:middle + 4096] = b"\xa5" * 4096
            db.write_bytes(bytes(data))
            before = db.read_bytes()
            log = open(d.dir / "damaged.log", "w+")
            proc = subprocess.Popen(d.args(), stdout=log, stderr=subprocess.STDOUT)
            answers = []
            while proc.poll() is None:
                try:
                    answers.append(d.pos("POST", "/v1/receipts/confirm", sale(len(answers)), timeout=5)[0])
                except OSError:
                    pass
            self.assertEqual(proc.wait(timeout=60), 3)
            log.seek(0)
            text = log.read()
            self.assertIn("integrity check failed", text)
            self.assertIn("kopilka doctor", text)
            self.assertNotIn(200, answers)
            self.assertEqual(db.read_bytes(), before)

    def test_demo_register_answers_a_calculation(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = Daemon(directory=tmp)  # writes a config on a free port; --demo keeps it
            d.args = lambda: [d.binary, "--demo", tmp]
            d.start()
            try:
                status, r = d.pos("POST", "/v1/receipts/calculate",
                                  {"receipt_id": "D-1", "card": CARD,
                                   "lines": [{"line": 1, "sku": "S-1", "category": "haircut", "qty": 1,
                                              "price": 220000}]})
                self.assertEqual(status, 200, r)
                self.assertEqual(r["loyalty"], "applied")
                self.assertEqual(len(d.admin("GET", "/v1/admin/programs")[1]["programs"]), 10)
                # The demo cards are seeded relative to today; a Sunday evening within the
                # next week is outside the happy hours and inside every lot's life.
                now = datetime.datetime.now(MOSCOW)
                sunday = (now + datetime.timedelta(days=(6 - now.weekday()) or 7)).replace(
                    hour=20, minute=0, second=0, microsecond=0)
                at = sunday.isoformat()

                def haircut(card):
                    return d.pos("POST", "/v1/receipts/calculate",
                                 {"receipt_id": "D-2", "at": at, "card": card,
                                  "lines": [{"line": 1, "category": "haircut", "qty": 1, "price": 220000}]})[1]
                anna = haircut(CARD)  # spent 41 000 ₽: 5 % scale discount, 10 % cashback
                self.assertEqual((anna["discount"], anna["total"], anna["points_accrued"]), (11000, 209000, 209))
                boris = haircut("2000000000022")  # no purchases yet: the welcome cashback, 5 %
                self.assertEqual((boris["discount"], boris["total"], boris["points_accrued"]), (0, 220000, 110))
                self.assertEqual([a["program"] for a in boris["applied"]], ["welcome"])
                vera = haircut("2000000000039")  # the discount-card group: 5 %
                self.assertIn("discount-card", [a["program"] for a in vera["applied"]])
                self.assertEqual(haircut("2000000000046")["loyalty"], "card_blocked")
                card = d.pos("GET", f"/v1/cards/{CARD}")[1]
                self.assertEqual(card["levels"][0], {"program": "cashback-levels", "percent": 10,
                                                     "next": {"from_spent": 10000000, "percent": 15}})
                # A second start loads nothing again.
                self.assertEqual(d.pos("POST", "/v1/receipts/confirm",
                                       {"receipt_id": "D-3", "card": CARD,
                                        "lines": [{"line": 1, "category": "x", "qty": 1, "price": 100000}]})[0], 200)
                balance = d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"]
                d.restart()
                self.assertEqual(d.pos("GET", f"/v1/cards/{CARD}")[1]["points"]["balance"], balance)
                self.assertEqual(len(d.admin("GET", "/v1/admin/programs")[1]["programs"]), 10)
            finally:
                d.stop()

    def test_demo_writes_its_config_with_the_demo_tokens(self):
        with tempfile.TemporaryDirectory() as tmp, socket.socket() as taken:
            # Hold 8765 so the demo cannot start serving; it still writes its config first.
            try:
                taken.bind(("127.0.0.1", 8765))
                taken.listen()
            except OSError:
                pass  # something else holds it: the same for this test
            demo = pathlib.Path(tmp) / "demo"
            proc = subprocess.run([Daemon.binary, "--demo", str(demo)], capture_output=True, text=True,
                                  timeout=60)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            config = (demo / "kopilka.toml").read_text()
            for line in ('listen = "127.0.0.1:8765"', f'data_dir = "{demo}/data"',
                         'timezone = "Europe/Moscow"', 'pos_token = "demo-pos-token-0000"',
                         'admin_token = "demo-admin-token-0000"'):
                self.assertIn(line, config)


if __name__ == "__main__":
    unittest.main()
