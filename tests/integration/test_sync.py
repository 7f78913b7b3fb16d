"""Head office and registers together, all real processes on loopback: enrolment,
programs and cards flowing down, receipts flowing up, offline double spends, levels, an
interrupted first pull and refused entries. In every case nothing is lost, nothing is
doubled, and every balance is the same everywhere. Faults: test_sync_faults.py; the
`kopilka enroll` and `kopilka sync` commands: test_sync_cli.py."""
import sqlite3
import subprocess
import threading
import time

from fault_proxy import FaultProxy
from kopilka_harness import ean13, request
from sync_harness import AT, CARD, CASHBACK, SyncCase, sale


class SyncTest(SyncCase):
    """What flows down and up, and how registers converge."""

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
        # A file of cards is refused once, naming where it goes, not line by line.
        csv = a.data_dir.parent / "cards.csv"
        csv.write_text("number,status\n2000000000022,active\n2000000000039,active\n")
        code, out, err = self.kopilka(a, "card", "import", str(csv))
        self.assertEqual((code, out["imported"], out["errors"]), (1, 0, []), (out, err))
        self.assertIn("kopilka-office import cards", err)
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
        # Head office validates and stores a v2 program with the register's own validator;
        # the register calculates with it after its next sync: 2+1, the cheapest unit free.
        two_one = {"id": "two-one", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1,
                   "audience": {"anyone": True}, "scope": {"categories": ["cosmetics"]}}
        status, err = self.office.admin("PUT", "/v1/admin/programs/two-one", dict(two_one, get=0))
        self.assertEqual((status, err["error"]["field"]), (400, "get"))
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/two-one", two_one)[0], 201)
        self.sync(b)
        status, calc = b.pos("POST", "/v1/receipts/calculate", {"receipt_id": "B-2", "at": AT, "lines": [
            {"line": 1, "sku": "A", "category": "cosmetics", "qty": 2, "price": 30000},
            {"line": 2, "sku": "B", "category": "cosmetics", "qty": 1, "price": 20000}]})
        self.assertEqual((status, calc["discount"], calc["applied"][0]["program"], calc["applied"][0]["units"]),
                         (200, 20000, "two-one", 1), calc)

    def test_points_adjusted_at_a_register_reach_head_offices_audit(self):
        # office.md: every change of points is audited with who; at a till, the register.
        self.seed_office()
        a = self.register("Касса 1")
        self.sync(a)
        rid = a.pos("GET", "/v1/health")[1]["register_id"]
        status, body = a.admin("POST", f"/v1/admin/cards/{CARD}/points",
                               {"adjust_id": "T-1", "points": -30, "reason": "возврат подарка"})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.sync(a)["sync"], "ok")
        status, audit = self.office.admin("GET", f"/v1/admin/audit?object=card:{CARD}&action=points.adjust")
        self.assertEqual(status, 200, audit)
        (entry,) = audit["entries"]
        self.assertEqual((entry["who"], entry["after"]["points"], entry["after"]["adjust_id"],
                          entry["after"]["reason"]), (f"register:{rid}", -30, "T-1", "возврат подарка"))

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
        self.assertIn(f"kopilka --config {a.config_path} sync set-aside", check[0]["hint"])
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
        # A mistyped id is not "sent again: 0" with success.
        self.assertEqual(self.kopilka(a, "sync", "retry", "r-nope:1")[0], 1)
        s = self.sync(a)
        self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", 0, 0), s)
        self.assertEqual(self.office_entries(), (3, 3))
        # Head office's balance is the card's truth now: the register's card had kept R-2's
        # points (200, 400000) until head office changed the card again.
        self.assertEqual(self.register_card(a), (150, 300000))
        self.assertEqual(self.office_card(), (150, 300000))

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
        total = 12000
        csv = self.office.dir / "cards.csv"
        csv.write_text("number,name\n" + "".join(f"{ean13(i)},Клиент {i}\n" for i in range(1, total + 1)))
        out = subprocess.run([self.office.binary, "import", "cards", str(csv), "--config",
                              str(self.office.config_path)], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        # Each page of 5 000 held back 0.4 s; it is applied in slices of 500, each with where
        # the snapshot stands (docs/sync.md "First sync: a snapshot"), so the kill lands
        # after at least one slice.
        with FaultProxy(self.office.port, faults=["stall"], stall_s=(0.4, 0.4)) as proxy:
            a = self.register("Касса 1", office_port=proxy.port)
            t = threading.Thread(target=self.sync_ignoring_kill, args=(a,))
            t.start()
            db_path = a.data_dir / "kopilka.db"
            place = ""
            deadline = time.time() + 30
            while not place and time.time() < deadline:
                with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
                    row = db.execute("SELECT value FROM meta WHERE key = 'sync_snapshot_card'").fetchone()
                place = row[0] if row else ""
                time.sleep(0.02)
            a.kill9()
            t.join()
            self.assertTrue(place)
            # Changed at head office while the register was down: a card before its place
            # in the snapshot and one after it. Both must arrive.
            for i in (1, total):
                status, _ = self.office.admin("PUT", f"/v1/admin/cards/{ean13(i)}",
                                              {"customer": {"name": f"Новое имя {i}"}})
                self.assertEqual(status, 200)
            a.start()
            proxy.faults = ["pass"]
            s = self.sync(a)
        self.assertEqual(s["sync"], "ok", s)
        self.assertLessEqual(s["pulled"], total - 500 + 2)  # not started over
        with sqlite3.connect(a.data_dir / "kopilka.db") as db:
            self.assertEqual(db.execute("SELECT count(*) FROM cards").fetchone()[0], total)
            self.assertEqual(db.execute("SELECT value FROM meta WHERE key = 'sync_snapshot'").fetchone()[0], "")
        for i in (1, total):
            status, card = a.pos("GET", f"/v1/cards/{ean13(i)}")
            self.assertEqual((status, card["customer"]["name"]), (200, f"Новое имя {i}"))
        status, card = a.pos("GET", f"/v1/cards/{ean13(total - 1)}")
        self.assertEqual((status, card["customer"]["name"]), (200, f"Клиент {total - 1}"))
