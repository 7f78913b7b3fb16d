"""Head office and registers together, all real processes on loopback: enrolment,
programs and cards flowing down, receipts flowing up, head office down and back, offline
double spends, a network that cuts, stalls and duplicates, and kill -9 mid-sync. In every
case nothing is lost, nothing is doubled, and every balance is the same everywhere."""
import random
import http.server
import json
import os
import sqlite3
import ssl
import stat
import subprocess
import threading
import time
import unittest

from fault_proxy import FaultProxy
from kopilka_harness import BUILD, SANITIZED, Daemon, Office, enroll, request

KOPILKA = str(BUILD / "cli" / "kopilka")

CARD = "2000000000015"
OTHER = "2000000000022"
AT = "2026-11-24T12:00:00+03:00"
AT_Q = AT.replace("+", "%2B")
CASHBACK = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
            "points": {"max_redeem_percent": 100}}


def sale(receipt_id, card=CARD, price=100000, redeem=None):
    body = {"receipt_id": receipt_id, "card": card, "at": AT,
            "lines": [{"line": 1, "sku": "S-1", "category": "haircut", "qty": 1, "price": price}]}
    if redeem is not None:
        body["redeem_points"] = redeem
    return body


class TlsOffice(Office):
    """Head office serving HTTPS with a fresh self-signed certificate for 127.0.0.1."""

    def __init__(self):
        super().__init__()
        self.cert, key = self.dir / "office.crt", self.dir / "office.key"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-keyout", str(key), "-out", str(self.cert), "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        text = self.config_path.read_text().replace("insecure_http = true\n", "")
        self.config_path.write_text(text + f'[tls]\ncert = "{self.cert}"\nkey = "{key}"\n')
        self.tls = ssl.create_default_context(cafile=str(self.cert))


class SyncTest(unittest.TestCase):
    def setUp(self):
        self.office = Office().started_for(self)

    def register(self, name, office_port=None):
        d = Daemon().started_for(self)
        enroll(self.office, d, name, office_port)
        return d

    def sync(self, d):
        status, body = d.admin("POST", "/v1/admin/sync", {})
        self.assertEqual(status, 200, body)
        return body

    @staticmethod
    def sync_ignoring_kill(d):
        try:
            request(d.port, "POST", "/v1/admin/sync", {}, token="admin-token-for-tests-0001")
        except OSError:
            pass  # the register was killed under the request

    def balance_at(self, port, token):
        status, body = request(port, "GET", f"/v1/cards/{CARD}?at={AT_Q}", token=token)
        self.assertEqual(status, 200, body)
        return body["points"]["balance"], body["spent"]

    def office_card(self):
        return self.balance_at(self.office.port, "admin-token-for-tests-0001")

    def register_card(self, d):
        return self.balance_at(d.port, "pos-token-for-tests-0001")

    def office_entries(self):
        return self.office.sql_row("SELECT count(*), count(DISTINCT id) FROM entries")

    def seed_office(self, points=0):
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}",
                                           {"customer": {"id": "c-1", "name": "Анна",
                                                         "phone": "+79991234567"}})[0], 201)
        if points:
            status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                             {"adjust_id": "A-1", "points": points,
                                              "reason": "перенос баланса", "at": AT})
            self.assertEqual(status, 200, body)

    def test_programs_and_cards_flow_down_and_receipts_flow_up(self):
        self.seed_office()
        a, b = self.register("Касса 1"), self.register("Касса 2")
        for d in (a, b):
            s = self.sync(d)
            self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", 0, 0), s)
            self.assertGreaterEqual(s["pulled"], 2)
        # The program and the customer arrived: 5 % of 1 000,00 ₽ = 50 points.
        status, card = a.pos("GET", f"/v1/cards/{CARD}")
        self.assertEqual((status, card["customer"]["name"]), (200, "Анна"))
        status, r = a.pos("POST", "/v1/receipts/confirm", sale("A-1"))
        self.assertEqual((status, r["points_accrued"]), (200, 50), r)
        # Enrolled: programs and cards are edited at head office; points still work here.
        status, err = a.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)
        self.assertEqual((status, err["error"]["code"]), (409, "managed_by_office"))
        self.assertEqual(a.admin("PUT", f"/v1/admin/cards/{CARD}", {})[0], 409)
        # Shift close pushes the receipt; the other register sees it after its sync.
        status, s = a.pos("POST", "/v1/shift/close", {"shift_id": "S-1"})
        self.assertEqual((status, s["sync"], s["pushed"], s["pending"]), (200, "ok", 1, 0), s)
        self.assertEqual(self.office_card(), (50, 100000))
        self.sync(b)
        self.assertEqual(self.register_card(b), (50, 100000))
        status, health = request(b.port, "GET", "/v1/health")
        self.assertEqual((health["office"], health["pending"]), ("online", 0))
        self.assertIsNotNone(health["last_sync"])
        # A program edited at head office reaches the register at its next sync.
        self.office.admin("PUT", "/v1/admin/programs/cashback", dict(CASHBACK, percent=10))
        self.sync(b)
        status, calc = b.pos("POST", "/v1/receipts/calculate", sale("B-1"))
        self.assertEqual(calc["points_accrued"], 100, calc)
        self.office.admin("DELETE", "/v1/admin/programs/cashback")
        self.sync(b)
        status, calc = b.pos("POST", "/v1/receipts/calculate", sale("B-1"))
        self.assertEqual(calc["points_accrued"], 0, calc)

    def test_the_same_points_spent_at_two_registers_offline_converge(self):
        self.seed_office(points=500)
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a)
        self.sync(b)
        self.assertEqual(self.register_card(a), (500, 0))
        self.office.stop()
        # Both spend 400 of the same 500 points; each pays 600,00 ₽ and earns 30.
        for d, rid in ((a, "A-1"), (b, "B-1")):
            status, r = d.pos("POST", "/v1/receipts/confirm", sale(rid, redeem=400))
            self.assertEqual((status, r["points_redeemed"], r["points_accrued"]), (200, 400, 30), r)
            self.assertEqual(self.register_card(d), (130, 100000))
            status, s = d.pos("POST", "/v1/shift/close", {"shift_id": "S-1"})
            self.assertEqual((status, s["sync"], s["pending"]), (200, "offline", 1), s)
            self.assertIn("unreachable", s["error"])
            self.assertEqual(request(d.port, "GET", "/v1/health")[1]["office"], "offline")
        self.office.start()
        for d in (a, b, a):
            self.assertEqual(self.sync(d)["sync"], "ok")
        # 500 − 400 + 30 − 400 + 30: head office applied both sales as they happened.
        self.assertEqual(self.office_card(), (-240, 200000))
        self.assertEqual(self.register_card(a), (-240, 200000))
        self.assertEqual(self.register_card(b), (-240, 200000))
        # The debt is repaid first by the next accrual, wherever it happens.
        status, r = b.pos("POST", "/v1/receipts/confirm", sale("B-2", price=1000000))
        self.assertEqual(r["points_accrued"], 500)
        self.sync(b)
        self.sync(a)
        self.assertEqual(self.register_card(a), (260, 1200000))
        self.assertEqual(self.office_card(), (260, 1200000))

    def test_an_offline_double_spend_never_takes_points_that_had_burned(self):
        # 100 points burned on 20 November; 200 usable. Both registers spend the same 200
        # offline on the 24th: the second spend is debt, not the burned 100.
        self.seed_office()
        for adjust_id, points, at, lifetime in (("A-old", 100, "2026-11-20T12:00:00+03:00", 0),
                                                ("A-new", 200, AT, None)):
            body = {"adjust_id": adjust_id, "points": points, "reason": "перенос", "at": at}
            if lifetime is not None:
                body["lifetime_days"] = lifetime
            status, r = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points", body)
            self.assertEqual(status, 200, r)
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a)
        self.sync(b)
        self.assertEqual(self.register_card(a), (200, 0))
        self.office.stop()
        # Each pays 200,00 ₽ of 1 000,00 ₽ with the 200 points and earns 5 % of 800,00 ₽ = 40.
        for d, rid in ((a, "A-1"), (b, "B-1")):
            status, r = d.pos("POST", "/v1/receipts/confirm", sale(rid, redeem=200))
            self.assertEqual((status, r["points_redeemed"], r["points_accrued"]), (200, 200, 40), r)
            self.assertEqual(self.register_card(d), (40, 100000))
        self.office.start()
        for d in (a, b, a):
            self.assertEqual(self.sync(d)["sync"], "ok")
        # 200 − 200 + 40 − 200 + 40 = −120 everywhere (taking the burned 100 gave −20).
        self.assertEqual(self.office_card(), (-120, 200000))
        self.assertEqual(self.register_card(a), (-120, 200000))
        self.assertEqual(self.register_card(b), (-120, 200000))

    def test_sync_resumes_by_itself_when_head_office_comes_back(self):
        self.seed_office()
        a = self.register("Касса 1")
        self.sync(a)
        self.office.stop()
        for i in range(3):
            self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale(f"A-{i}"))[0], 200)
        self.assertEqual(self.sync(a)["sync"], "offline")
        self.office.start()
        # Backoff retries (1 s, 2 s, 4 s … with jitter) find head office again unasked.
        deadline = time.time() + 30
        while time.time() < deadline:
            health = request(a.port, "GET", "/v1/health")[1]
            if health["pending"] == 0:
                break
            time.sleep(0.2)
        self.assertEqual((health["pending"], health["office"]), (0, "online"), a.log())
        self.assertEqual(self.office_card(), (150, 300000))

    def test_a_faulty_network_loses_nothing_and_doubles_nothing(self):
        self.seed_office()
        rounds = 12 if SANITIZED else 30
        with FaultProxy(self.office.port, seed=20261124, faults=["pass"]) as proxy:
            a = self.register("Касса 1", office_port=proxy.port)
            b = self.register("Касса 2", office_port=proxy.port)
            for d in (a, b):  # the card reaches both registers before the faults begin
                self.assertEqual(self.sync(d)["sync"], "ok")
            proxy.faults = ["pass", "cut_request", "cut_answer", "stall", "duplicate"]
            confirmed = 0
            outcomes = set()
            for i in range(rounds):
                for d, name in ((a, "A"), (b, "B")):
                    status, _ = d.pos("POST", "/v1/receipts/confirm", sale(f"{name}-{i}", price=20000))
                    self.assertEqual(status, 200)
                    confirmed += 1
                    outcomes.add(self.sync(d)["sync"])
            print(f"figures: {confirmed} receipts, {2 * rounds} syncs through the proxy, "
                  f"faults {proxy.counts}", flush=True)
            self.assertIn("offline", outcomes)  # faults did happen
            self.assertGreater(proxy.counts["duplicate"], 0)
            proxy.faults = ["pass"]
            for d in (a, b, a):
                s = self.sync(d)
                self.assertEqual((s["sync"], s["pending"]), ("ok", 0), s)
        # 20 000 kopecks × 5 % = 10 points a receipt, each counted exactly once everywhere.
        expected = (10 * confirmed, 20000 * confirmed)
        self.assertEqual(self.office_card(), expected)
        self.assertEqual(self.register_card(a), expected)
        self.assertEqual(self.register_card(b), expected)
        self.assertEqual(self.office_entries(), (confirmed, confirmed))

    def test_kill9_of_register_or_office_mid_sync_loses_nothing(self):
        self.seed_office()
        a = self.register("Касса 1")
        self.assertEqual(self.sync(a)["sync"], "ok")
        rng = random.Random(7)
        confirmed = 0
        for round_ in range(4 if SANITIZED else 8):
            for i in range(60):
                status, _ = a.pos("POST", "/v1/receipts/confirm", sale(f"K-{round_}-{i}", price=20000))
                self.assertEqual(status, 200)
                confirmed += 1
            victim = a if round_ % 2 == 0 else self.office
            t = threading.Thread(target=self.sync_ignoring_kill, args=(a,))
            t.start()
            time.sleep(rng.uniform(0.0, 0.15))
            victim.kill9()
            t.join()
            victim.start()
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pending"]), ("ok", 0), s)
        self.assertEqual(self.office_card(), (10 * confirmed, 20000 * confirmed))
        self.assertEqual(self.register_card(a), (10 * confirmed, 20000 * confirmed))
        self.assertEqual(self.office_entries(), (confirmed, confirmed))

    def kopilka(self, d, *args):
        out = subprocess.run([KOPILKA, "--config", str(d.config_path), "--json", *args],
                             capture_output=True, text=True, timeout=120)
        return out.returncode, (json.loads(out.stdout) if out.stdout.strip() else None), out.stderr

    def test_an_entry_head_office_refuses_never_stops_the_others(self):
        # One receipt dated 9999-12-31T22:00:00Z (year 10000 in Moscow), written before
        # registers refused such times, once stopped every sync for good.
        self.seed_office()
        a = self.register("Касса 1")
        self.assertEqual(self.sync(a)["sync"], "ok")
        for rid in ("R-1", "R-2", "R-3"):
            self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale(rid))[0], 200)
        a.stop()
        with sqlite3.connect(a.data_dir / "kopilka.db") as db:
            ids = [r[0] for r in db.execute("SELECT entry_id FROM journal WHERE kind = 'receipt' ORDER BY seq")]
            db.execute("UPDATE journal SET at = 253402293600 WHERE entry_id = ?", (ids[1],))
        a.start()  # its first sync may run by itself before this one
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pending"]), ("ok", 1), s)
        self.assertEqual(self.office_card(), (100, 200000))  # arrived
        self.assertIn(ids[1], a.log())  # said loudly, naming the entry
        health = request(a.port, "GET", "/v1/health")[1]
        self.assertEqual((health["refused"], health["pending"], health["office"]), (1, 1, "online"))
        code, listed, err = self.kopilka(a, "sync", "refused")
        self.assertEqual(code, 0, err)
        self.assertEqual([(e["id"], e["kind"], e["set_aside_at"]) for e in listed],
                         [(ids[1], "receipt", None)])
        self.assertTrue(listed[0]["error"] and listed[0]["message"], listed)
        code, doctor, err = self.kopilka(a, "doctor")
        check = [c for c in doctor["checks"] if c["name"] == "sync refusals"]
        self.assertEqual([c["status"] for c in check], ["warn"], doctor)
        self.assertIn("kopilka sync set-aside", check[0]["hint"])
        # Later receipts sync on; the refused one is not sent again by itself.
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("R-4"))[0], 200)
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pushed"], s["refused"], s["pending"]), ("ok", 1, 0, 1), s)
        self.assertEqual(self.office_card(), (150, 300000))
        # Set aside: no longer reported nor pending, still in the journal.
        code, out, err = self.kopilka(a, "sync", "set-aside", ids[1])
        self.assertEqual(code, 0, err)
        health = request(a.port, "GET", "/v1/health")[1]
        self.assertEqual((health["refused"], health["pending"]), (0, 0))
        code, doctor, err = self.kopilka(a, "doctor")
        self.assertEqual([c["status"] for c in doctor["checks"] if c["name"] == "sync refusals"], ["ok"])
        with sqlite3.connect(a.data_dir / "kopilka.db") as db:
            self.assertEqual(db.execute("SELECT count(*) FROM journal WHERE entry_id = ?", (ids[1],)).fetchone(), (1,))
        code, listed, err = self.kopilka(a, "sync", "refused")
        self.assertIsNotNone(listed[0]["set_aside_at"])
        self.assertEqual(self.kopilka(a, "sync", "set-aside", "r-nope:1")[0], 1)
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", 0, 0), s)
        self.assertEqual(self.office_entries(), (3, 3))

    def test_kopilka_enroll_and_sync_with_the_daemon_running_or_stopped(self):
        self.seed_office(points=70)
        url = f"http://127.0.0.1:{self.office.port}"
        # Running daemon: the CLI enrols, then the daemon syncs at once.
        a = Daemon().started_for(self)
        rid = request(a.port, "GET", "/v1/health")[1]["register_id"]
        code, out, err = self.kopilka(a, "enroll", "--office", url, "--code", self.office.add_register("Касса 1"))
        self.assertEqual(code, 0, err)
        self.assertEqual((out["register_id"], out["office"], out["sync"]["sync"]), (rid, url, "ok"))
        self.assertGreaterEqual(out["sync"]["pulled"], 2)
        cred = a.data_dir / "office.credential"
        self.assertEqual(stat.S_IMODE(cred.stat().st_mode), 0o600)
        self.assertIn("[office]\nurl = '" + url + "'", a.config_path.read_text())
        self.assertEqual(self.register_card(a), (70, 0))
        self.assertNotIn(cred.read_text().strip(), out.__repr__() + err)
        # Stopped daemon: the CLI enrols and pulls into the database itself.
        b = Daemon().for_test(self)
        if os.geteuid() == 0:  # run as root, the credential is the data dir owner's (the service user)
            b.data_dir.mkdir(mode=0o750)
            os.chown(b.data_dir, 65534, 65534)
        code, out, err = self.kopilka(b, "enroll", "--office", url, "--code", self.office.add_register("Касса 2"))
        self.assertEqual((code, out["sync"]["sync"]), (0, "ok"), err)
        if os.geteuid() == 0:
            st = (b.data_dir / "office.credential").stat()
            self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)), (65534, 65534, 0o600))
            os.chown(b.data_dir, 0, 0)
        code, st, err = self.kopilka(b, "sync", "status")
        self.assertEqual((code, st["enrolled"], st["pending"], st["daemon"]), (0, True, 0, "stopped"), err)
        self.assertIsNotNone(st["last_sync"])
        self.office.stop()
        b.start()  # head office down: the pulled card and program serve the sale offline
        status, r = b.pos("POST", "/v1/receipts/confirm", sale("B-1", redeem=70))
        self.assertEqual((status, r["points_redeemed"], r["points_accrued"]), (200, 70, 46), r)
        code, out, err = self.kopilka(b, "sync", "now")
        self.assertEqual((code, out["sync"], out["pending"]), (1, "offline", 1), err)
        self.office.start()
        code, out, err = self.kopilka(b, "sync", "now")
        # The daemon's own retry may have pushed B-1 first: either way it arrives once
        # (head office's card below).
        self.assertEqual((code, out["sync"], out["pending"]), (0, "ok", 0), err)
        self.assertIn(out["pushed"], (0, 1))
        code, st, err = self.kopilka(b, "sync", "status")
        self.assertEqual((st["office"], st["daemon"], st["pending"]), ("online", "running", 0))
        self.assertEqual(self.office_card(), (46, 100000))

    def test_kopilka_enroll_refuses_a_bad_code_or_url_and_changes_nothing(self):
        d = Daemon().started_for(self)
        before = d.config_path.read_text()
        code, out, err = self.kopilka(d, "enroll", "--office", f"http://127.0.0.1:{self.office.port}", "--code", "NOT-A-CODE")
        self.assertEqual(code, 2, err)
        self.assertEqual(out["error"]["field"], "--code")
        code, out, err = self.kopilka(d, "enroll", "--office", "http://office.example.ru", "--code", "X")
        self.assertEqual((code, out["error"]["field"]), (2, "--office"), err)
        self.assertFalse((d.data_dir / "office.credential").exists())
        self.assertEqual(d.config_path.read_text(), before)
        self.assertEqual(d.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)

    def test_https_to_head_office_verifies_its_certificate(self):
        office = TlsOffice().started_for(self)
        code = office.add_register("Касса 1")
        d = Daemon().started_for(self)
        url = f"https://127.0.0.1:{office.port}"
        # Without the private CA the certificate is not trusted: nothing is sent.
        rc, out, err = self.kopilka(d, "enroll", "--office", url, "--code", code)
        self.assertEqual(rc, 1, err)
        self.assertIn("certificate", out["error"]["message"].lower())
        self.assertFalse((d.data_dir / "office.credential").exists())
        d.write_config(f'[office]\nurl = "{url}"\nca_file = "{office.cert}"\n')
        rc, out, err = self.kopilka(d, "enroll", "--office", url, "--code", code)
        self.assertEqual((rc, out["sync"]["sync"]), (0, "ok"), err)
        self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale("T-1"))[0], 200)
        self.assertEqual(self.sync(d)["pushed"], 1)

    def test_a_level_reached_at_one_register_applies_at_every_other(self):
        levels = {"id": "cashback", "name": "Кешбэк по уровням", "kind": "bonus",
                  "levels": [{"from_spent": 0, "percent": 5}, {"from_spent": 150000, "percent": 10}]}
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", levels)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}", {})[0], 201)
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a)
        self.sync(b)
        self.assertEqual(b.pos("POST", "/v1/receipts/calculate", sale("B-0"))[1]["points_accrued"], 50)
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-1", price=200000))[1]["points_accrued"], 100)
        self.sync(a)
        self.sync(b)
        # 2 000,00 ₽ spent at the first register: 10 % at the second.
        self.assertEqual(b.pos("POST", "/v1/receipts/calculate", sale("B-1"))[1]["points_accrued"], 100)

    def test_an_interrupted_first_pull_resumes_where_it_stopped(self):
        def ean13(n):
            body = f"2{n:011d}"
            check = (10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10
            return body + str(check)
        total = 12000
        csv = self.office.dir / "cards.csv"
        csv.write_text("number,name\n" + "".join(f"{ean13(i)},Клиент {i}\n" for i in range(1, total + 1)))
        out = subprocess.run([self.office.binary, "import", "cards", str(csv), "--config",
                              str(self.office.config_path)], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        # Each page of 5 000 held back 0.4 s; it is applied in slices of 500, each with its
        # cursor, so the kill lands after at least one slice.
        with FaultProxy(self.office.port, faults=["stall"], stall_s=(0.4, 0.4)) as proxy:
            a = self.register("Касса 1", office_port=proxy.port)
            t = threading.Thread(target=self.sync_ignoring_kill, args=(a,))
            t.start()
            db_path = a.data_dir / "kopilka.db"
            cursor = 0
            deadline = time.time() + 30
            while cursor == 0 and time.time() < deadline:
                with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
                    row = db.execute("SELECT value FROM meta WHERE key = 'sync_cursor'").fetchone()
                cursor = int(row[0]) if row else 0
                time.sleep(0.02)
            a.kill9()
            t.join()
            self.assertGreater(cursor, 0)
            a.start()
            proxy.faults = ["pass"]
            s = self.sync(a)
        self.assertEqual(s["sync"], "ok", s)
        self.assertLessEqual(s["pulled"], total - 500)  # not started over
        with sqlite3.connect(a.data_dir / "kopilka.db") as db:
            self.assertEqual(db.execute("SELECT count(*) FROM cards").fetchone()[0], total)
        status, card = a.pos("GET", f"/v1/cards/{ean13(total)}")
        self.assertEqual((status, card["customer"]["name"]), (200, f"Клиент {total}"))

    def test_a_head_office_of_another_protocol_is_refused_with_a_clear_message(self):
        class Future(http.server.BaseHTTPRequestHandler):
            def answer(self):
                body = json.dumps({"error": {"code": "protocol_mismatch",
                                             "message": "head office speaks sync protocol 2"},
                                   "supported": [2]}).encode()
                self.send_response(426)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Future)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            d = Daemon().started_for(self)
            (d.data_dir / "office.credential").write_text("r-00000000.secret\n")
            d.write_config(f'[office]\nurl = "http://127.0.0.1:{server.server_address[1]}"\n')
            self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale("P-1"))[0], 200)
            s = self.sync(d)
            self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("failed", 0, 1), s)
            self.assertIn("protocol 2", s["error"])
            self.assertIn("update kopilka", s["error"])
        finally:
            server.shutdown()

    def test_a_wrong_credential_is_refused_and_said_so(self):
        self.seed_office()
        a = self.register("Касса 1")
        self.assertEqual(a.pos("POST", "/v1/receipts/confirm", sale("A-1"))[0], 200)
        cred = a.data_dir / "office.credential"
        rid, secret = cred.read_text().strip().split(".", 1)
        cred.write_text(rid + "." + "0" * len(secret) + "\n")
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pending"]), ("failed", 1), s)
        self.assertIn("credential", s["error"])
        status, st = a.admin("GET", "/v1/admin/sync")
        self.assertEqual((st["office"], st["last_error"]), ("offline", s["error"]))
        self.assertEqual(self.office_card(), (0, 0))
        self.assertNotIn(secret, a.log())


if __name__ == "__main__":
    unittest.main()
