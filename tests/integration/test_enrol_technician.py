"""Enrolment with a technician's code (docs/sync.md "Whose code"): a technician adds
registers, but their register's upload creates no programs, chooses no card's groups or
referrer, and changes no contact of a customer head office holds."""
import unittest

from kopilka_harness import Daemon, request, staff_user
from test_enrol_data import ANNA, BORIS, LOCAL_BONUS, VERA, EnrolCase


class TechnicianCodeTest(EnrolCase):
    def test_a_technicians_code_uploads_no_programs_and_no_new_groups(self):
        # A technician may add registers but neither create programs nor choose a card's
        # groups; a register of theirs once did both for the whole chain (a 99 % "program").
        tech = staff_user(self.office, "ivan", "technician")
        status, made = tech.call("POST", "/v1/admin/registers", {"name": "Касса 7"})
        self.assertEqual(status, 201, made)
        rid, auth = self.enrolled_by_hand(made["code"])
        rogue = {"id": "rogue", "name": "99 %", "kind": "discount", "percent": 99}
        status, err = request(self.office.port, "POST", "/v1/sync/upload",
                              {"programs": [rogue]}, headers=auth)
        self.assertEqual((status, err["error"]["code"], err["error"]["field"]),
                         (403, "forbidden", "programs"), err)
        self.assertEqual(self.office.admin("GET", "/v1/admin/programs/rogue")[0], 404)
        vip = {"cards": [{"number": BORIS, "customer": {"id": "c-2", "name": "Борис"}},
                         {"number": VERA, "groups": ["vip"]}]}
        status, err = request(self.office.port, "POST", "/v1/sync/upload", vip, headers=auth)
        self.assertEqual((status, err["error"]["field"]), (403, "cards[1].groups"), err)
        self.assertEqual(self.office.admin("GET", f"/v1/cards/{BORIS}")[0], 404)  # nothing written
        # Groups head office gave the card already are no change: a re-enrolment sends them.
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{VERA}", {"groups": ["vip"]})[0], 201)
        status, out = request(self.office.port, "POST", "/v1/sync/upload", vip, headers=auth)
        self.assertEqual((status, out["created"]), (200, 1), out)
        # The owner's code enrols a register that may bring both.
        self.register = Daemon().started_for(self)
        _, owner_auth = self.enrolled_by_hand()
        status, out = request(self.office.port, "POST", "/v1/sync/upload",
                              {"programs": [LOCAL_BONUS],
                               "cards": [{"number": "2000000000107", "groups": ["vip"]}]},
                              headers=owner_auth)
        self.assertEqual((status, out["programs_uploaded"]), (200, ["local-bonus"]), out)

    def test_a_technicians_register_does_not_fill_in_a_known_customers_contacts(self):
        # Its upload set the e-mail of a customer head office holds with none: any address.
        tech = staff_user(self.office, "ivan", "technician")
        status, made = tech.call("POST", "/v1/admin/registers", {"name": "Касса 7"})
        self.assertEqual(status, 201, made)
        _, auth = self.enrolled_by_hand(made["code"])
        upload = {"cards": [
            {"number": ANNA, "customer": {"id": "c-1", "name": "Анна Петрова",
                                          "email": "attacker@evil.example"}},
            # Another card naming the same customer: her contacts are not taken from it either.
            {"number": BORIS, "customer": {"id": "c-1", "name": "Анна Петрова", "birthday": "1990-01-01"}},
            # A customer head office does not hold comes up whole.
            {"number": VERA, "customer": {"id": "c-vera", "name": "Вера", "email": "vera@example.ru"}}]}
        status, out = request(self.office.port, "POST", "/v1/sync/upload", upload, headers=auth)
        self.assertEqual(status, 200, out)
        for number in (ANNA, BORIS):
            status, card = self.office.admin("GET", f"/v1/cards/{number}")
            anna = card.get("customer") or {}
            self.assertEqual((anna.get("email"), anna.get("birthday")), (None, None), (number, card))
        self.assertEqual(self.office.admin("GET", f"/v1/cards/{ANNA}")[1]["customer"]["phone"], "+79991234567")
        self.assertEqual(self.office.admin("GET", f"/v1/cards/{VERA}")[1]["customer"]["email"],
                         "vera@example.ru")

    def test_an_uploaded_referrer_is_the_owners_choice_and_checked(self):
        # A referrer earns points on every purchase of the cards it referred: a technician's
        # register once made its own card the referrer of cards that were not.
        tech = staff_user(self.office, "ivan", "technician")
        status, made = tech.call("POST", "/v1/admin/registers", {"name": "Касса 7"})
        self.assertEqual(status, 201, made)
        _, tech_auth = self.enrolled_by_hand(made["code"])
        referred = {"cards": [{"number": BORIS, "referred_by": ANNA}]}
        status, err = request(self.office.port, "POST", "/v1/sync/upload", referred, headers=tech_auth)
        self.assertEqual((status, err["error"]["field"]), (403, "cards[0].referred_by"), err)
        self.assertEqual(self.office.admin("GET", f"/v1/cards/{BORIS}")[0], 404)  # nothing written

        self.register = Daemon().started_for(self)
        _, auth = self.enrolled_by_hand()
        for cards, field in (([{"number": BORIS, "referred_by": BORIS}], "cards[0].referred_by"),
                             ([{"number": VERA, "type": "gift"}, {"number": BORIS, "referred_by": VERA}],
                              "cards[1].referred_by"),
                             ([{"number": BORIS, "type": "gift", "referred_by": ANNA}],
                              "cards[0].referred_by")):
            status, err = request(self.office.port, "POST", "/v1/sync/upload", {"cards": cards},
                                  headers=auth)
            self.assertEqual((status, err["error"]["field"]), (400, field), err)
            self.assertEqual(self.office.admin("GET", f"/v1/cards/{VERA}")[0], 404)
        # A card head office holds keeps its referrer; a new one may name a card of the upload.
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{VERA}", {"status": "active"})[0], 201)
        status, out = request(self.office.port, "POST", "/v1/sync/upload",
                              {"cards": [{"number": ANNA}, {"number": BORIS, "referred_by": ANNA},
                                         {"number": VERA, "referred_by": ANNA}]}, headers=auth)
        self.assertEqual(status, 200, out)
        self.assertEqual([(c["card"], c["field"]) for c in out["conflicts"]], [(VERA, "referred_by")])
        status, page = request(self.office.port, "GET", "/v1/sync/pull?after=0", headers=auth)
        states = {c["number"]: c["state"] for c in page["changes"] if c["type"] == "card"}
        self.assertEqual(states[BORIS]["referral"]["by"], ANNA)
        self.assertIsNone(states[VERA].get("referral"))


if __name__ == "__main__":
    unittest.main()
