"""kopilka-office against the real process: enrolment, exactly-once push by entry id,
foreign entries refused, delta pull, admin paths and the chain-wide card view."""
import datetime
import subprocess
import threading
import unittest

from kopilka_harness import Office, request

CARD = "2000000000015"


def entry(register_id, seq, points, at="2026-11-24T12:00:00+03:00", spent=100000):
    return {"id": f"{register_id}:{seq}", "seq": seq, "kind": "receipt", "at": at,
            "effects": {"card": CARD, "spent_delta": spent, "purchases_delta": 1,
                        "new_lots": [{"id": "0", "program": "cashback", "earned_day": "2026-11-24",
                                      "usable_from": "2026-11-24", "last_day": None, "points": points}]}}


class OfficeTest(unittest.TestCase):
    def setUp(self):
        self.o = Office().started_for(self)

    def enroll(self, name):
        code = self.o.add_register(name)
        enrolled = self.o.enroll(code=code)
        # A code works once.
        self.assertEqual(self.o.sync("POST", "/v1/sync/enroll", None, {"code": code})[0], 403)
        return enrolled

    def test_an_adjustment_id_with_control_characters_is_refused_naming_it(self):
        self.o.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна"}})
        status, body = self.o.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                    {"adjust_id": "A-1\nforged", "points": 100, "reason": "t"})
        self.assertEqual(status, 400, body)
        self.assertEqual(body["error"]["field"], "adjust_id")
        # A backdate of the wrong type was once booked as of now.
        for at in (1700000000, True, {"at": "2026-11-01T00:00:00Z"}):
            status, body = self.o.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                        {"adjust_id": "A-2", "points": 100, "reason": "t", "at": at})
            self.assertEqual((status, body["error"]["field"]), (400, "at"), body)
        status, card = self.o.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")
        self.assertEqual((status, card["points"]["balance"]), (200, 0))
        # A customer id or group with a control character is refused too (once stored and
        # sent to every register).
        for body, field in (({"customer": {"id": "../x\u0000"}}, "customer.id"),
                            ({"groups": ["vip\n"]}, "groups[0]")):
            status, answer = self.o.admin("PUT", f"/v1/admin/cards/{CARD}", body)
            self.assertEqual((status, answer["error"]["field"]), (400, field), answer)

    def test_a_repeated_adjust_id_changes_nothing_and_adds_nothing_to_the_audit(self):
        self.o.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна"}})
        path = f"/v1/admin/cards/{CARD}/points"
        status, first = self.o.admin("POST", path, {"adjust_id": "A-1", "points": 10, "reason": "gift"})
        self.assertEqual(status, 200, first)
        status, again = self.o.admin("POST", path,
                                     {"adjust_id": "A-1", "points": 10, "reason": "gift"})
        self.assertEqual((status, again.get("replayed")), (200, True), again)
        # The same id with another request is refused, as at the register.
        status, other = self.o.admin("POST", path,
                                     {"adjust_id": "A-1", "points": -999999, "reason": "fraud"})
        self.assertEqual((status, other["error"]["code"], other["error"]["field"]),
                         (409, "adjustment_conflict", "adjust_id"), other)
        status, card = self.o.admin("GET", f"/v1/cards/{CARD}")
        self.assertEqual(card["points"]["balance"], 10)
        status, audit = self.o.admin("GET", "/v1/admin/audit?action=points.adjust")
        after = [e["after"] for e in audit["entries"]]
        self.assertEqual([{k: v for k, v in a.items() if k != "at"} for a in after],
                         [{"adjust_id": "A-1", "points": 10, "reason": "gift", "balance": 10}])
        # What it was before, as the audit promises for every change (once null).
        self.assertEqual([e["before"] for e in audit["entries"]], [{"balance": 0}])
        self.assertRegex(after[0]["at"], r"^\d{4}-\d\d-\d\dT")  # when the points count

    def test_an_adjustments_reason_is_counted_in_characters(self):
        self.o.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна"}})
        path = f"/v1/admin/cards/{CARD}/points"
        status, body = self.o.admin("POST", path, {"adjust_id": "п" * 256, "points": 10,
                                                   "reason": "щ" * 256})
        self.assertEqual(status, 200, body)
        status, body = self.o.admin("POST", path, {"adjust_id": "A-2", "points": 10,
                                                   "reason": "щ" * 257})
        self.assertEqual((status, body["error"]["field"]), (400, "reason"), body)

    def test_a_saved_card_answers_with_the_birthday_gift_a_lookup_shows(self):
        # The PUT's answer once left out a gift due by now, which the next GET showed.
        status, body = self.o.admin("PUT", "/v1/admin/programs/bday",
                                    {"id": "bday", "name": "ДР", "kind": "birthday", "grant": 1000,
                                     "days_before": 7})
        self.assertEqual(status, 201, body)
        soon = datetime.date.today() + datetime.timedelta(days=2)
        status, saved = self.o.admin("PUT", "/v1/admin/cards/2000000000107",
                                     {"customer": {"name": "Анна",
                                                   "birthday": f"1990-{soon:%m-%d}"}})
        self.assertEqual(status, 201, saved)
        status, looked_up = self.o.admin("GET", "/v1/cards/2000000000107")
        self.assertEqual((saved["points"]["balance"], looked_up["points"]["balance"]), (1000, 1000))

    def test_an_entry_id_reused_for_another_entry_is_refused_not_acked(self):
        # A register restored from a backup numbered a new receipt as one head office has:
        # acking it would lose the receipt; refusing it shows the register what happened.
        self.o.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна"}})
        rid, cred = self.enroll("Till 1")
        status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, 1, 100)]})
        self.assertEqual((status, body["acked"]), (200, [f"{rid}:1"]), body)
        status, body = self.o.sync("POST", "/v1/sync/push", cred,
                                   {"entries": [entry(rid, 1, 100)]})  # the same entry again
        self.assertEqual((status, body["acked"], body["refused"]), (200, [f"{rid}:1"], []), body)
        later = entry(rid, 1, 50, at="2026-11-25T15:00:00+03:00")
        status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": [later]})
        self.assertEqual((status, body["acked"]), (200, []), body)
        self.assertEqual([(r["id"], r["error"], r["field"]) for r in body["refused"]],
                         [(f"{rid}:1", "entry_refused", "id")], body)
        status, card = self.o.admin("GET", f"/v1/cards/{CARD}")
        self.assertEqual(card["points"]["balance"], 100)

    def test_each_entry_is_applied_once_whatever_is_resent(self):
        self.o.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна", "phone": "+79991234567"}})
        rid, cred = self.enroll("Till 1")
        batch = [entry(rid, 1, 100), entry(rid, 2, 50)]
        for _ in range(3):
            status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": batch})
            self.assertEqual(status, 200, body)
            self.assertEqual(body["acked"], [f"{rid}:1", f"{rid}:2"])
        # Out of order, overlapping batches.
        self.o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, 4, 7), entry(rid, 2, 50)]})
        self.o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, 3, 3)]})
        status, card = self.o.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")
        self.assertEqual(status, 200)
        self.assertEqual(card["points"]["balance"], 160)
        self.assertEqual(card["spent"], 400000)

    def test_a_register_keeps_its_own_id_at_enrolment(self):
        code = self.o.add_register("Till 9")
        status, body = self.o.sync("POST", "/v1/sync/enroll", None, {"code": code, "register_id": "r-0a0b0c0d"})
        self.assertEqual((status, body["register_id"]), (200, "r-0a0b0c0d"))
        self.assertTrue(body["credential"].startswith("r-0a0b0c0d."))
        status, _ = self.o.sync("POST", "/v1/sync/push", body["credential"], {"entries": [entry("r-0a0b0c0d", 1, 5)]})
        self.assertEqual(status, 200)
        other = self.o.add_register("Till 10")
        status, err = self.o.sync("POST", "/v1/sync/enroll", None, {"code": other, "register_id": "r-0a0b0c0d"})
        self.assertEqual(status, 403)
        status, err = self.o.sync("POST", "/v1/sync/enroll", None, {"code": other, "register_id": "bad id"})
        self.assertEqual((status, err["error"]["field"]), (400, "register_id"))

    def test_a_register_pushes_only_its_own_entries(self):
        rid, cred = self.enroll("Till 1")
        other, _ = self.enroll("Till 2")
        status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(other, 1, 100)]})
        self.assertEqual((status, body["error"]["code"]), (403, "foreign_entry"))
        status, _ = self.o.sync("POST", "/v1/sync/push", f"{rid}.{'0' * 64}", {"entries": []})
        self.assertEqual(status, 401)
        status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": []}, protocol="2")
        self.assertEqual((status, body["error"]["code"]), (426, "protocol_mismatch"))

    def test_offline_double_spend_goes_negative_and_is_one_truth(self):
        a, cred_a = self.enroll("Till A")
        b, cred_b = self.enroll("Till B")
        self.o.sync("POST", "/v1/sync/push", cred_a, {"entries": [entry(a, 1, 300)]})
        lot = f"{a}:1/0"
        spend = lambda rid, seq: {"id": f"{rid}:{seq}", "kind": "receipt", "at": "2026-11-25T12:00:00+03:00",
                                  "effects": {"card": CARD, "draws": [{"lot": lot, "points": 300}]}}
        self.o.sync("POST", "/v1/sync/push", cred_a, {"entries": [spend(a, 2)]})
        self.o.sync("POST", "/v1/sync/push", cred_b, {"entries": [spend(b, 1)]})
        card = self.o.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")[1]
        self.assertEqual(card["points"]["balance"], -300)

    def test_an_entry_beyond_the_registers_limits_is_refused_by_id_and_changes_nothing(self):
        rid, cred = self.enroll("Till 1")
        self.o.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, 1, 100)]})
        huge = 9223372036854775807

        def adjust(seq, points, kind="adjust"):
            e = entry(rid, seq, points)
            e["kind"] = kind
            del e["effects"]["spent_delta"], e["effects"]["purchases_delta"]
            return e

        # Two lots of 2^63 − 1 would wrap the balance; "bogus" is no kind of entry. The
        # good entries of the batch apply; the register is told which ones did not, and why.
        batch = [adjust(2, huge), adjust(3, huge), adjust(4, 5, kind="bogus"), entry(rid, 5, 50)]
        for _ in range(2):
            status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": batch})
            self.assertEqual(status, 200, body)
            self.assertEqual(body["acked"], [f"{rid}:5"])
            self.assertEqual([(r["id"], r["error"], r["field"]) for r in body["refused"]],
                             [(f"{rid}:2", "entry_refused", "effects.new_lots[0].points"),
                              (f"{rid}:3", "entry_refused", "effects.new_lots[0].points"),
                              (f"{rid}:4", "entry_refused", "kind")])
            status, card = self.o.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")
            self.assertEqual((card["points"]["balance"], card["spent"]), (150, 200000))
        # Registers pull the card as it is, not the damage.
        status, page = self.o.sync("GET", "/v1/sync/pull?after=0", cred)
        lots = [c for c in page["changes"] if c["type"] == "card"][0]["state"]["lots"]
        # The two good receipts' lots (one register, program and dates) are folded into one.
        self.assertEqual([lot["remaining"] for lot in lots], [150])
        # A batch with nothing but refused entries is answered the same way.
        status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": [adjust(6, huge)]})
        self.assertEqual((status, body["acked"], [r["id"] for r in body["refused"]]),
                         (200, [], [f"{rid}:6"]))

    def test_a_register_cannot_swell_a_card_with_long_ids_or_endless_lists(self):
        # Every later entry rewrites the card and every register pulls it: a 4 MB lot id, or
        # programs by the thousand, would slow the whole chain down.
        rid, cred = self.enroll("Till 1")
        long_id = entry(rid, 1, 100)
        long_id["effects"]["new_lots"][0]["id"] = "A" * (4 << 20)
        long_program = entry(rid, 2, 100)
        long_program["effects"]["new_lots"][0]["program"] = "p" * 129
        status, body = self.o.sync("POST", "/v1/sync/push", cred,
                                   {"entries": [long_id, long_program, entry(rid, 3, 5)]})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["acked"], [f"{rid}:3"])
        self.assertEqual([(r["id"], r["field"]) for r in body["refused"]],
                         [(f"{rid}:1", "effects.new_lots[0]"), (f"{rid}:2", "effects.new_lots[0]")])

        # Nor with lists the card keeps: a thousand coupon programs is the most an entry names.
        coupons = entry(rid, 4, 1)
        coupons["effects"]["coupon_programs"] = [f"c{i}" for i in range(1001)]
        status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": [coupons]})
        self.assertEqual([(r["id"], r["field"]) for r in body["refused"]],
                         [(f"{rid}:4", "effects.coupon_programs")])
        card = self.o.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")[1]
        self.assertEqual(card["points"]["balance"], 5)

    def test_delta_pull_pages_after_a_cursor(self):
        rid, cred = self.enroll("Till 1")
        for i in range(3):
            self.o.admin("PUT", f"/v1/admin/programs/p{i}", {"id": f"p{i}", "name": "n", "kind": "discount",
                                                             "percent": 5})
        status, page = self.o.sync("GET", "/v1/sync/pull?after=0&limit=2", cred)
        self.assertEqual(status, 200)
        self.assertEqual([c["id"] for c in page["changes"]], ["p0", "p1"])
        self.assertTrue(page["more"])
        status, rest = self.o.sync("GET", f"/v1/sync/pull?after={page['next']}&limit=2", cred)
        self.assertEqual([c["id"] for c in rest["changes"]], ["p2"])
        self.assertFalse(rest["more"])
        self.o.admin("DELETE", "/v1/admin/programs/p1")
        status, last = self.o.sync("GET", f"/v1/sync/pull?after={rest['next']}", cred)
        self.assertEqual([(c["type"], c["id"]) for c in last["changes"]], [("program_deleted", "p1")])

    def test_csv_import_keeps_good_lines_and_reports_bad_ones(self):
        csv = self.o.dir / "cards.csv"
        csv.write_text("number,name,phone,groups,birthday\n"
                       '2000000000015,"Иванова, Анна",+79991234567,vip;regular,1990-12-01\n'
                       "12,Bad,,,\n"
                       "2000000000022,Борис,not-a-phone,,\n"
                       "2000000000039,Вера,,,\n", encoding="utf-8")
        out = subprocess.run([self.o.binary, "import", "cards", str(csv), "--config", str(self.o.config_path)],
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 1)
        self.assertIn("imported 2 cards, 2 lines refused", out.stdout)
        self.assertIn("line 3: number", out.stderr)
        self.assertIn("line 4: customer.phone", out.stderr)
        card = self.o.admin("GET", "/v1/cards/2000000000015")[1]
        self.assertEqual(card["customer"]["name"], "Иванова, Анна")
        self.assertEqual(card["card"]["groups"], ["vip", "regular"])
        self.assertEqual(self.o.admin("GET", "/v1/cards/2000000000022")[0], 404)
        # Audited once for the file, as the shell (names and phones arrived unrecorded).
        status, audit = self.o.admin("GET", "/v1/admin/audit?action=cards.import")
        self.assertEqual([(e["who"], e["object"], e["after"]["imported"], e["after"]["refused"])
                          for e in audit["entries"]], [("shell", "file:cards.csv", 2, 2)])
        strict = subprocess.run([self.o.binary, "import", "cards", str(csv), "--strict", "--config",
                                 str(self.o.config_path)], capture_output=True, text=True)
        self.assertEqual(strict.returncode, 1)
        self.assertIn("imported 0 cards", strict.stdout)

    def test_csv_import_reads_windows_1251_and_its_own_export(self):
        run = lambda *a: subprocess.run([self.o.binary, *map(str, a), "--config", str(self.o.config_path)],
                                        capture_output=True, text=True)
        # Excel's "CSV" on a Russian Windows: the name was stored as seven U+FFFD.
        csv = self.o.dir / "cards-1251.csv"
        csv.write_bytes("number,name,groups\n2000000000053,Дмитрий,vip\n".encode("cp1251"))
        out = run("import", "cards", csv)
        self.assertEqual(out.returncode, 0, out)
        self.assertIn("read as Windows-1251", out.stderr)
        self.assertIn("imported 1 card, 0 lines refused", out.stdout)
        self.assertEqual(self.o.admin("GET", "/v1/cards/2000000000053")[1]["customer"]["name"], "Дмитрий")
        # The card export, edited and imported again (into another card number).
        exported = self.o.dir / "export.csv"
        self.assertEqual(run("export", "cards", "--out", exported).returncode, 0)
        text = exported.read_text(encoding="utf-8").replace("2000000000053", "2000000000060")
        again = self.o.dir / "again.csv"
        again.write_text(text, encoding="utf-8")
        out = run("import", "cards", again)
        self.assertEqual(out.returncode, 0, out)
        self.assertIn("columns not imported: balance_points, spent_kopecks, purchases", out.stderr)
        card = self.o.admin("GET", "/v1/cards/2000000000060")[1]
        self.assertEqual((card["customer"]["name"], card["card"]["groups"]), ("Дмитрий", ["vip"]))

    def test_a_shift_close_storm_applies_every_entry_once(self):
        # 40 registers push at once, each its 5 batches twice over (a retry after a lost
        # answer), on two threads each: group commits must keep every id exactly once.
        registers = [self.enroll(f"Till {i}") for i in range(40)]
        errors = []

        def push(rid, cred, batches):
            for b in batches:
                status, body = self.o.sync("POST", "/v1/sync/push", cred, {"entries": b})
                if status != 200 or len(body["acked"]) != len(b):
                    errors.append((status, body))

        threads = []
        for rid, cred in registers:
            batches = [[entry(rid, 10 * k + j, 1, spent=100) for j in range(1, 11)] for k in range(5)]
            for _ in range(2):
                threads.append(threading.Thread(target=push, args=(rid, cred, batches)))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        status, card = self.o.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")
        self.assertEqual((card["points"]["balance"], card["spent"]), (40 * 50, 40 * 50 * 100))

    def test_admin_paths_need_the_admin_token(self):
        rid, cred = self.enroll("Till 1")
        self.assertEqual(request(self.o.port, "GET", "/v1/admin/programs")[0], 401)
        self.assertEqual(request(self.o.port, "GET", "/v1/admin/programs", token=cred)[0], 403)
        status, err = self.o.admin("PUT", "/v1/admin/programs/x", {"id": "x", "name": "n", "kind": "nope"})
        self.assertEqual((status, err["error"]["field"]), (400, "kind"))


if __name__ == "__main__":
    unittest.main()
