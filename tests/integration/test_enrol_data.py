"""Enrolling a register that already holds data (docs/sync.md): its cards and customers
reach head office and stay whole at the register, head office wins a conflict and the
conflict is reported, its receipts reach head office exactly once, and its own programs are
either replaced by head office's or uploaded, as the technician chose."""
import json
import subprocess
import unittest

import cli_harness
from kopilka_harness import BUILD, Daemon, Office, request

KOPILKA = str(BUILD / "cli" / "kopilka")
TOKEN = "admin-token-for-tests-0001"
ANNA, BORIS, VERA = "2000000000015", "2000000000022", "2000000000039"
AT = "2026-11-24T12:00:00+03:00"
OFFICE_CASHBACK = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
                   "points": {"max_redeem_percent": 100}}
FRIEND = {"id": "friend", "name": "Приведи друга", "kind": "referral", "referrer_points": 500,
          "referee_points": 300, "min_total": 100000, "audience": {"anyone": True}}
LOCAL_BONUS = {"id": "local-bonus", "name": "Бонусы магазина 10%", "kind": "bonus",
               "percent": 10, "points": {"max_redeem_percent": 100}}
# What the register holds before it is enrolled, as its admin edits.
LOCAL_CARDS = {
    ANNA: {"groups": ["regular"],
           "customer": {"id": "c-1", "name": "Анна", "phone": "+79990000001",
                        "birthday": "1990-05-01"}},
    BORIS: {"groups": ["vip", "staff"], "customer": {"id": "c-2", "name": "Борис",
                                                      "phone": "+79990000002"}},
    VERA: {"status": "blocked", "customer": {"id": "c-3", "name": "Вера"}},
}


def sale(receipt_id, card, price=100000):
    return {"receipt_id": receipt_id, "card": card, "at": AT,
            "lines": [{"line": 1, "sku": "S-1", "category": "haircut", "qty": 1, "price": price}]}


class EnrolCase(unittest.TestCase):
    """A head office that knows Anna, and a register holding its own cards and programs."""

    def setUp(self):
        self.office = Office().started_for(self)
        self.url = f"http://127.0.0.1:{self.office.port}"
        # Head office knows Anna already, under another name and phone, without groups.
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", OFFICE_CASHBACK)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{ANNA}",
                                           {"customer": {"id": "c-1", "name": "Анна Петрова",
                                                         "phone": "+79991234567"}})[0], 201)
        self.register = Daemon().started_for(self)

    def kopilka(self, *args):
        out = subprocess.run([KOPILKA, "--config", str(self.register.config_path), "--json", *args],
                             capture_output=True, text=True, timeout=120)
        return out.returncode, (json.loads(out.stdout) if out.stdout.strip() else None), out.stderr

    def fill_register(self, programs=(LOCAL_BONUS,), accrued=100):
        for p in programs:
            self.assertEqual(self.register.admin("PUT", f"/v1/admin/programs/{p['id']}", p)[0], 201)
        for number, edit in LOCAL_CARDS.items():
            status, body = self.register.admin("PUT", f"/v1/admin/cards/{number}", edit)
            self.assertEqual(status, 201, body)
        # Receipts taken before enrolment: 10 % of 1 000,00 ₽ = 100 points each (and 3 %
        # more where the register has its own cashback too).
        for rid, card in (("R-1", ANNA), ("R-2", BORIS), ("R-3", ANNA)):
            status, r = self.register.pos("POST", "/v1/receipts/confirm", sale(rid, card))
            self.assertEqual((status, r["points_accrued"]), (200, accrued), r)
        self.accrued = accrued

    def card(self, port, number, token):
        status, body = request(port, "GET", f"/v1/cards/{number}", token=token)
        self.assertEqual(status, 200, body)
        return body

    def profile(self, body):
        c = body["customer"]
        return (body["card"]["status"], sorted(body["card"]["groups"]), c["name"], c["phone"])

    def office_entries(self):
        return self.office.sql_row("SELECT count(*), count(DISTINCT id) FROM entries "
                                   "WHERE register_id != 'office'")

    def assert_everything_arrived(self):
        expected = {
            ANNA: ("active", ["regular"], "Анна Петрова", "+79991234567"),  # head office won
            BORIS: ("active", ["staff", "vip"], "Борис", "+79990000002"),
            VERA: ("blocked", [], "Вера", None),
        }
        for number, want in expected.items():
            at_office = self.card(self.office.port, number, TOKEN)
            at_register = self.card(self.register.port, number, "pos-token-for-tests-0001")
            self.assertEqual(self.profile(at_office), want, number)
            self.assertEqual(self.profile(at_register), want, number)
            self.assertEqual(at_office["points"], at_register["points"], number)
        self.assertEqual(self.card(self.office.port, ANNA, TOKEN)["customer"]["birthday"], "1990-05-01")
        self.assertEqual(self.card(self.office.port, ANNA, TOKEN)["points"]["balance"], 2 * self.accrued)
        self.assertEqual(self.card(self.office.port, BORIS, TOKEN)["points"]["balance"], self.accrued)
        self.assertEqual(self.office_entries(), (3, 3))
        self.assertFalse((self.register.data_dir / "office.enrol").exists())

    def conflicts(self, out):
        return sorted((c.get("card", c.get("program")), c["field"], c.get("office"), c.get("register"))
                      for c in out["sync"]["enrolment"]["conflicts"])

    def enrolled_by_hand(self, code=None):
        """Enrols the register with head office over HTTP, as `kopilka enroll` would: its id
        and the headers of its credential."""
        code = code or self.office.add_register("Касса 1")
        rid = request(self.register.port, "GET", "/v1/health")[1]["register_id"]
        status, body = request(self.office.port, "POST", "/v1/sync/enroll",
                               {"code": code, "register_id": rid}, headers={"Kopilka-Protocol": "1"})
        self.assertEqual(status, 200, body)
        return rid, {"Kopilka-Protocol": "1", "Authorization": "Bearer " + body["credential"]}


class EnrolWithDataTest(EnrolCase):
    def test_enrolment_with_the_daemon_running_keeps_customers_and_replaces_local_programs(self):
        self.fill_register()
        code, out, err = self.kopilka("enroll", "--office", self.url,
                                      "--code", self.office.add_register("Касса 1"))
        self.assertEqual(code, 0, err)
        s = out["sync"]
        self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", 3, 0), s)
        e = s["enrolment"]
        self.assertEqual((e["cards"], e["created"], e["updated"]), (3, 2, 1), e)
        self.assertEqual((e["programs"], e["local_programs"], e["programs_uploaded"]),
                         ("replaced", ["local-bonus"], []), e)
        self.assertEqual(self.conflicts(out), [
            (ANNA, "customer.name", "Анна Петрова", "Анна"),
            (ANNA, "customer.phone", "+79991234567", "+79990000001")])
        # The test register keeps tobacco out of loyalty; head office has no such setting.
        self.assertEqual(out["settings_replaced"],
                         [{"key": "no_loyalty_categories", "register": ["tobacco"], "office": []}])
        self.assert_everything_arrived()
        # Head office's programs replaced the register's own: 5 % now, and nowhere 10 %.
        status, calc = self.register.pos("POST", "/v1/receipts/calculate", sale("R-4", BORIS))
        self.assertEqual((status, calc["points_accrued"]), (200, 50), calc)
        self.assertEqual(self.office.admin("GET", "/v1/admin/programs/local-bonus")[0], 404)
        # A second sync sends nothing again and changes nothing.
        code, out, err = self.kopilka("sync", "now")
        self.assertEqual((code, out["pushed"], out.get("enrolment")), (0, 0, None), err)
        self.assert_everything_arrived()

    def test_enrolment_with_the_daemon_stopped_can_upload_local_programs(self):
        # The register holds a different "cashback" too: head office's stays, reported.
        local_cashback = dict(OFFICE_CASHBACK, percent=3)
        self.fill_register(programs=(LOCAL_BONUS, local_cashback), accrued=130)
        self.register.stop()
        code, out, err = self.kopilka("enroll", "--upload-programs", "--office", self.url,
                                      "--code", self.office.add_register("Касса 1"))
        self.assertEqual(code, 0, err)
        s = out["sync"]
        self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", 3, 0), s)
        e = s["enrolment"]
        self.assertEqual((e["programs"], sorted(e["local_programs"]), e["programs_uploaded"]),
                         ("uploaded", ["cashback", "local-bonus"], ["local-bonus"]), e)
        self.assertEqual(self.conflicts(out), [
            (ANNA, "customer.name", "Анна Петрова", "Анна"),
            (ANNA, "customer.phone", "+79991234567", "+79990000001"),
            ("cashback", "document", None, None)])
        status, doc = self.office.admin("GET", "/v1/admin/programs/local-bonus")
        self.assertEqual((status, doc["percent"]), (200, 10), doc)
        self.assertEqual(self.office.admin("GET", "/v1/admin/programs/cashback")[1]["percent"], 5)
        self.register.start()
        self.assert_everything_arrived()
        # Both programs are head office's now: 10 % + 5 % of 1 000,00 ₽.
        status, calc = self.register.pos("POST", "/v1/receipts/calculate", sale("R-4", BORIS))
        self.assertEqual((status, calc["points_accrued"]), (200, 150), calc)

    def test_kopilka_enroll_tells_the_technician_what_became_of_the_data(self):
        self.fill_register()
        # The shop's own no-loyalty categories (tobacco, by law) gave way to head office's
        # chain settings without a word.
        code, _, err = cli_harness.kopilka(["config", "set", "no_loyalty_categories", '["tobacco"]'],
                                           config=self.register.config_path)
        self.assertEqual(code, 0, err)
        code, text, err = cli_harness.kopilka(
            ["enroll", "--office", self.url, "--code", self.office.add_register("Касса 1")],
            config=self.register.config_path)
        self.assertEqual(code, 0, err)
        self.assertIn("cards uploaded: 3 (new at head office 2, completed 1)", text)
        self.assertIn("local programs local-bonus: replaced by head office's programs", text)
        self.assertNotIn("head office has no programs", text)
        self.assertIn("conflicts (head office's value kept): 2", text)
        self.assertIn('card ****0015 customer.phone: office "+79991234567", register "+79990000001"',
                      text)
        self.assertIn("head office's chain settings replace this register's own:\n"
                      '  no_loyalty_categories: ["tobacco"] → []\n', text)
        # Enrolled, a program file is refused as a whole, not blamed on its first program.
        programs = self.register.data_dir.parent / "programs.json"
        programs.write_text(json.dumps([LOCAL_BONUS]))
        code, text, err = cli_harness.kopilka(["program", "import", str(programs)],
                                              config=self.register.config_path)
        self.assertEqual(code, 1, err)
        self.assertTrue(err.startswith("kopilka: this register is enrolled with head office"), err)

    def test_enrolling_where_head_office_has_no_programs_says_none_apply_now(self):
        # The docs' order (import programs, then enrol) against a new head office once left
        # the register applying nothing, without a word.
        for p in self.office.admin("GET", "/v1/admin/programs")[1]["programs"]:
            self.assertEqual(self.office.admin("DELETE", f"/v1/admin/programs/{p['id']}")[0], 200)
        self.fill_register()
        code, text, err = cli_harness.kopilka(
            ["enroll", "--office", self.url, "--code", self.office.add_register("Касса 1")],
            config=self.register.config_path)
        self.assertEqual(code, 0, err)
        self.assertIn("head office has no programs yet: this register now applies none", text)

    def test_a_register_moved_to_another_head_office_gets_its_programs_whole(self):
        code, out, err = self.kopilka("enroll", "--office", self.url,
                                      "--code", self.office.add_register("Касса 1"))
        self.assertEqual((code, out["sync"]["enrolment"]["local_programs"]), (0, []), err)
        # A sale synced with the first office: 5 % of 1 000,00 ₽.
        self.assertEqual(self.register.pos("POST", "/v1/receipts/confirm", sale("R-1", ANNA))[0], 200)
        code, out, err = self.kopilka("sync", "now")
        self.assertEqual((code, out["pushed"]), (0, 1), err)
        other = Office().started_for(self)
        self.assertEqual(other.admin("PUT", "/v1/admin/programs/local-bonus", LOCAL_BONUS)[0], 201)
        url = f"http://127.0.0.1:{other.port}"
        code, out, err = self.kopilka("enroll", "--office", url, "--code", other.add_register("Касса 1"))
        self.assertEqual(code, 0, err)
        self.assertEqual(out["sync"]["enrolment"]["local_programs"], ["cashback"])
        # The first office's cashback is gone, the new office's program arrived whole
        # although the register's cursor had passed that change number long ago.
        status, programs = self.register.admin("GET", "/v1/admin/programs")
        self.assertEqual([p["id"] for p in programs["programs"]], ["local-bonus"], programs)
        # The new office never had the sale the first one acknowledged: enrolling says so
        # (it said nothing, and the card came back at 0 points) and sends it only when asked,
        # for a head office rebuilt without a backup: a store moving to another chain must
        # not carry its old receipts into that chain's cards.
        self.assertEqual((out["sync"]["pushed"], out["entries_left_behind"]), (0, 1), out)
        self.assertEqual(self.card(other.port, ANNA, TOKEN)["points"]["balance"], 0)
        code, out, err = self.kopilka("sync", "resend-journal")
        self.assertEqual((code, out), (0, {"resent": 1}), err)
        code, out, err = self.kopilka("sync", "now")
        self.assertEqual((code, out["pushed"]), (0, 1), err)
        self.assertEqual(self.card(other.port, ANNA, TOKEN)["points"]["balance"], 50)
        self.assertEqual(self.card(self.register.port, ANNA, "pos-token-for-tests-0001")
                         ["points"]["balance"], 50)

    def test_a_new_card_of_a_known_customer_keeps_head_offices_contacts(self):
        _, auth = self.enrolled_by_hand()
        upload = {"cards": [{"number": "2000000000107",
                             "customer": {"id": "c-1", "name": "Mallory", "phone": "+79990000666",
                                          "birthday": "1990-05-01"}}]}
        status, out = request(self.office.port, "POST", "/v1/sync/upload", upload, headers=auth)
        self.assertEqual((status, out["created"]), (200, 1), out)
        self.assertEqual(sorted((c["field"], c["office"], c["register"]) for c in out["conflicts"]),
                         [("customer.name", "Анна Петрова", "Mallory"),
                          ("customer.phone", "+79991234567", "+79990000666")])
        status, customer = self.office.admin("GET", "/v1/admin/customers/c-1")
        self.assertEqual(status, 200, customer)
        self.assertEqual((customer["name"], customer["phone"], customer["birthday"]),
                         ("Анна Петрова", "+79991234567", "1990-05-01"), customer)
        status, card = self.office.admin("GET", "/v1/cards/2000000000107")
        self.assertEqual((card["customer"]["name"], card["customer"]["phone"]),
                         ("Анна Петрова", "+79991234567"), card)

    def test_an_upload_after_the_registers_first_pull_is_refused(self):
        _, auth = self.enrolled_by_hand()
        status, out = request(self.office.port, "POST", "/v1/sync/upload", {"cards": []}, headers=auth)
        self.assertEqual(status, 200, out)
        status, _ = request(self.office.port, "GET", "/v1/sync/pull?after=0", headers=auth)
        self.assertEqual(status, 200)
        rogue = {"id": "rogue", "name": "99 %", "kind": "bonus", "percent": 99,
                 "points": {"max_redeem_percent": 100}}
        status, err = request(self.office.port, "POST", "/v1/sync/upload",
                              {"cards": [{"number": ANNA, "customer": {"id": "c-1", "name": "Mallory"}}],
                               "programs": [rogue]}, headers=auth)
        self.assertEqual((status, err["error"]["code"]), (409, "upload_closed"), err)
        self.assertEqual(self.office.admin("GET", "/v1/admin/programs/rogue")[0], 404)
        self.assertEqual(self.office.admin("GET", "/v1/admin/customers/c-1")[1]["name"], "Анна Петрова")

    def test_programs_and_cards_uploaded_at_enrolment_are_in_the_audit(self):
        rid, auth = self.enrolled_by_hand()
        status, out = request(self.office.port, "POST", "/v1/sync/upload",
                              {"programs": [LOCAL_BONUS],
                               "cards": [{"number": BORIS, "customer": {
                                   "id": "c-boris", "name": "Борис", "email": "b@example.ru"}}]},
                              headers=auth)
        self.assertEqual((status, out["programs_uploaded"], out["created"]),
                         (200, ["local-bonus"], 1), out)
        status, audit = self.office.admin("GET", "/v1/admin/audit?object=program:local-bonus")
        self.assertEqual([(e["who"], e["action"], e["after"]["percent"]) for e in audit["entries"]],
                         [("register:" + rid, "program.create", 10)])
        # A card and its customer's contacts, written by the register, are on record too.
        status, audit = self.office.admin("GET", f"/v1/admin/audit?object=card:{BORIS}")
        self.assertEqual([(e["who"], e["action"], e["before"], e["after"]["customer"]["email"])
                          for e in audit["entries"]],
                         [("register:" + rid, "card.create", None, "b@example.ru")])

    def test_a_gift_card_stays_a_gift_card_with_its_wallet(self):
        # Enrolment once made a loyalty card of it, and head office's cashback then paid it.
        gift = "2900000000011"
        self.assertEqual(self.register.admin("PUT", f"/v1/admin/cards/{gift}", {"type": "gift"})[0], 201)
        status, r = self.register.pos("POST", "/v1/wallet/topup",
                                      {"topup_id": "T-1", "card": gift, "amount": 500000, "at": AT})
        self.assertEqual(status, 201, r)
        code, out, err = self.kopilka("enroll", "--office", self.url,
                                      "--code", self.office.add_register("Касса 1"))
        self.assertEqual((code, out["sync"]["enrolment"]["conflicts"]), (0, []), err)
        for port, token in ((self.office.port, TOKEN),
                            (self.register.port, "pos-token-for-tests-0001")):
            card = self.card(port, gift, token)
            self.assertEqual((card["card"]["type"], card["wallet"]["balance"]), ("gift", 500000), card)
        status, calc = self.register.pos("POST", "/v1/receipts/calculate", sale("R-9", gift))
        self.assertEqual((status, calc["points_accrued"]), (200, 0), calc)

    def test_a_card_made_as_referred_before_enrolment_keeps_its_referral(self):
        # A referral program run on the register alone, then the register joins head office:
        # the referral and both cards' rewards must survive the pull of head office's copy.
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/friend", FRIEND)[0], 201)
        self.assertEqual(self.register.admin("PUT", "/v1/admin/programs/friend", FRIEND)[0], 201)
        referee = "2000000000107"  # after Boris in number order: the referrer comes first
        for number, edit in ((BORIS, {"customer": {"id": "c-2", "name": "Борис"}}),
                             (referee, {"referred_by": BORIS,
                                        "customer": {"id": "c-7", "name": "Ира"}})):
            status, body = self.register.admin("PUT", f"/v1/admin/cards/{number}", edit)
            self.assertEqual(status, 201, body)
        status, r = self.register.pos("POST", "/v1/receipts/confirm", sale("R-1", referee))
        self.assertEqual(status, 200, r)
        code, out, err = self.kopilka("enroll", "--office", self.url,
                                      "--code", self.office.add_register("Касса 1"))
        self.assertEqual(code, 0, err)
        self.assertEqual(self.conflicts(out), [])
        for port, token in ((self.office.port, TOKEN), (self.register.port, "pos-token-for-tests-0001")):
            balances = [self.card(port, n, token)["points"]["balance"] for n in (BORIS, referee)]
            self.assertEqual(balances, [500, 300], port)

    def test_a_bad_upload_is_refused_whole(self):
        code = self.office.add_register("Касса 1")
        rid = request(self.register.port, "GET", "/v1/health")[1]["register_id"]
        status, body = request(self.office.port, "POST", "/v1/sync/enroll",
                               {"code": code, "register_id": rid}, headers={"Kopilka-Protocol": "1"})
        self.assertEqual(status, 200, body)
        auth = {"Kopilka-Protocol": "1", "Authorization": "Bearer " + body["credential"]}
        bad = {"cards": [{"number": BORIS, "customer": {"name": "Борис"}},
                         {"number": VERA, "customer": {"name": "Вера", "phone": "12"}}]}
        status, err = request(self.office.port, "POST", "/v1/sync/upload", bad, headers=auth)
        self.assertEqual((status, err["error"]["field"]), (400, "cards[1].customer.phone"), err)
        self.assertEqual(self.office.admin("GET", f"/v1/cards/{BORIS}")[0], 404)
        # A bank card's number is never taken, not even from a register's own cards.
        status, err = request(self.office.port, "POST", "/v1/sync/upload",
                              {"cards": [{"number": "4111111111111111"}]}, headers=auth)
        self.assertEqual((status, err["error"]["field"]), (400, "cards[0].number"), err)
        self.assertNotIn("4111111111111111", json.dumps(err))
        status, _ = request(self.office.port, "POST", "/v1/sync/upload", {"cards": []},
                            headers={"Kopilka-Protocol": "1"})
        self.assertEqual(status, 401)


if __name__ == "__main__":
    unittest.main()
