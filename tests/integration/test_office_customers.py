"""Customers at head office with two real registers (docs/office.md "Customers"): search
by any phone spelling, e-mail and a Cyrillic name prefix in another case; a lost card's
replacement and a merge of two customers reach both registers at their next pull, with
balances equal at head office and on both registers."""
import datetime
import time
import unittest
import urllib.parse

from sync_harness import AT, AT_Q, CARD, OTHER, SyncCase, sale

NEW = "2000000000107"
TOKEN = "admin-token-for-tests-0001"
POS = "pos-token-for-tests-0001"


class OfficeCustomersTest(SyncCase):
    def setUp(self):
        super().setUp()
        self.seed_office()
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {
            "id": "c-anna", "name": "Анна Ёлкина", "phone": "8 (999) 123-45-67",
            "email": "anna@example.ru", "consents": {"email": True}}})[0], 200)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{OTHER}", {"customer": {
            "id": "c-anna-2", "name": "Анна Елкина", "phone": "+7 999 000 00 02"}})[0], 201)
        self.tills = [self.register("Till A"), self.register("Till B")]
        for d in self.tills:
            self.sync(d)

    def search(self, q):
        status, body = self.office.admin(
            "GET", "/v1/admin/customers?q=" + urllib.parse.quote(q))
        self.assertEqual(status, 200, body)
        return [(c["id"], c["cards"]) for c in body["customers"]]

    def card_at(self, port, token, number):
        status, body = self.__class__.request_card(port, token, number)
        self.assertEqual(status, 200, body)
        return body

    @staticmethod
    def request_card(port, token, number):
        from kopilka_harness import request
        return request(port, "GET", f"/v1/cards/{number}?at={AT_Q}", token=token)

    def everywhere(self, number):
        """(status, balance, spent, customer id) at head office and on each register."""
        places = [(self.office.port, TOKEN)] + [(d.port, POS) for d in self.tills]
        out = []
        for port, token in places:
            b = self.card_at(port, token, number)
            out.append((b["card"]["status"], b["points"]["balance"], b["spent"],
                        b["customer"]["id"] if b["customer"] else None))
        return out

    def test_search_by_phone_spelling_email_and_name_prefix(self):
        self.assertEqual(self.search("8 (999) 123-45-67"), [("c-anna", [CARD])])
        self.assertEqual(self.search("+79991234567"), [("c-anna", [CARD])])
        self.assertEqual(self.search("ANNA@Example.RU"), [("c-anna", [CARD])])
        self.assertEqual(self.search(CARD), [("c-anna", [CARD])])
        # A card number typed as printed, in groups.
        grouped = f"{CARD[:4]} {CARD[4:8]}-{CARD[8:12]} {CARD[12:]}"
        self.assertEqual(self.search(grouped), [("c-anna", [CARD])])
        # Another case, ё written as е: both Annas; a longer prefix only one of them.
        self.assertEqual(sorted(self.search("ЕЛК")), [("c-anna", [CARD]), ("c-anna-2", [OTHER])])
        self.assertEqual(self.search("анна ЁЛКИНА")[0][0], "c-anna")
        self.assertEqual(self.search("ёлкины"), [])
        status, body = self.office.admin("GET", "/v1/admin/customers?q=%20")
        self.assertEqual((status, body["error"]["field"]), (400, "q"), body)
        status, body = self.office.admin("GET", "/v1/admin/customers")
        self.assertEqual(status, 400, body)

    def test_a_customer_keeps_a_name(self):
        # A name sent blank is refused, not stored as none (the desk cleared the field).
        for path, body, field in (("/v1/admin/customers/c-anna", {"name": "  "}, "name"),
                                  (f"/v1/admin/cards/{CARD}", {"customer": {"name": ""}},
                                   "customer.name")):
            status, answer = self.office.admin("PUT", path, body)
            self.assertEqual((status, answer["error"]["field"]), (400, field), answer)
        self.assertEqual(self.office.admin("GET", "/v1/admin/customers/c-anna")[1]["name"],
                         "Анна Ёлкина")

    def test_a_birthday_to_come_is_refused_as_a_slip(self):
        # 2062 typed for 1962: her gifts would never come, so the desk is told at once.
        before = self.office.admin("GET", "/v1/admin/customers/c-anna")[1]
        for path, body, field in (("/v1/admin/customers/c-anna", {"birthday": "2062-05-17"},
                                   "birthday"),
                                  (f"/v1/admin/cards/{CARD}",
                                   {"customer": {"birthday": "2062-05-17"}},
                                   "customer.birthday")):
            status, answer = self.office.admin("PUT", path, body)
            self.assertEqual((status, answer["error"]["field"]), (400, field), answer)
        self.assertEqual(self.office.admin("GET", "/v1/admin/customers/c-anna")[1], before)

    def test_a_second_card_naming_a_known_customer_keeps_their_contacts_and_consents(self):
        first, second = "2000000000060", "2000000000077"
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{first}", {"customer": {
            "id": "c-egor", "name": "Егор", "email": "egor@example.ru",
            "consents": {"email": True, "sms": True}}})[0], 201)
        status, body = self.office.admin("PUT", f"/v1/admin/cards/{second}",
                                         {"customer": {"id": "c-egor", "name": "Егор Б."}})
        self.assertEqual(status, 201, body)
        status, egor = self.office.admin("GET", "/v1/admin/customers/c-egor")
        self.assertEqual((egor["name"], egor["email"], egor["consents"]),
                         ("Егор Б.", "egor@example.ru", {"email": True, "sms": True}), egor)
        self.assertEqual(sorted(c["card"]["number"] if "card" in c else c["number"]
                                for c in egor["cards"]), [first, second])

    def test_lost_card_replacement_and_merge_reach_both_registers(self):
        a, b = self.tills
        status, r = a.pos("POST", "/v1/receipts/confirm", sale("R-1"))
        self.assertEqual(status, 200, r)
        self.sync(a)
        before = self.everywhere(CARD)[0]
        self.assertGreater(before[1], 0)
        # 70 points of January burned long ago: they are on the card's lots, not its balance,
        # and the replacement's audit once counted them as moved.
        self.assertEqual(self.office.admin("POST", f"/v1/admin/cards/{CARD}/points", {
            "adjust_id": "OLD-1", "points": 70, "reason": "перенос", "lifetime_days": 10,
            "at": "2026-01-01T12:00:00+03:00"})[0], 200)

        # A bank card's number is refused without being echoed: the points moved onto it
        # could be used at no register (they refuse such numbers).
        status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/replace",
                                         {"new_card": "4111111111111111"})
        self.assertEqual((status, body["error"]["field"]), (400, "new_card"), body)
        self.assertNotIn("4111111111111111", str(body))
        self.assertEqual(self.office.admin("GET", f"/v1/cards/{CARD}")[1]["card"]["status"], "active")
        status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/replace",
                                         {"new_card": NEW})
        self.assertEqual(status, 200, body)
        audit = self.office.admin("GET", f"/v1/admin/audit?action=card.replace&object=card:{CARD}")[1]
        moved = audit["entries"][0]
        self.assertEqual((moved["before"]["points"], moved["after"]["new_card"]["points"]),
                         (before[1], before[1]), moved)
        for d in self.tills:
            self.sync(d)
        self.assertEqual(self.everywhere(NEW), [("active", before[1], before[2], "c-anna")] * 3)
        self.assertEqual(self.everywhere(CARD), [("lost", 0, 0, "c-anna")] * 3)
        # The new card now has history: it cannot replace another card.
        status, body = self.office.admin("POST", f"/v1/admin/cards/{OTHER}/replace",
                                         {"new_card": NEW})
        self.assertEqual((status, body["error"]["code"]), (409, "card_has_history"), body)

        status, body = self.office.admin("POST", "/v1/admin/customers/c-anna/merge",
                                         {"from": "c-anna-2"})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["cards"], [CARD, OTHER, NEW])
        self.assertEqual(self.search("анна"), [("c-anna", [CARD, OTHER, NEW])])
        # The customer merged away says where they went, and the auditor finds the merge
        # under either id (it was filed under the survivor's alone).
        status, gone = self.office.admin("GET", "/v1/admin/customers/c-anna-2")
        self.assertEqual((status, gone["error"]["code"], gone.get("merged_into")),
                         (404, "customer_merged", "c-anna"), gone)
        for who in ("c-anna", "c-anna-2"):
            actions = [e["action"] for e in self.office.admin(
                "GET", f"/v1/admin/audit?object=customer:{who}")[1]["entries"]]
            self.assertIn("customer.merge", actions, who)
        for d in self.tills:
            self.sync(d)
        self.assertEqual([x[3] for x in self.everywhere(OTHER)], ["c-anna"] * 3)

        # A contact edit reaches every card of the customer on both registers.
        status, body = self.office.admin("PUT", "/v1/admin/customers/c-anna",
                                         {"name": "Анна Смирнова", "phone": "89997654321"})
        self.assertEqual((status, body["phone"]), (200, "+79997654321"), body)
        for d in self.tills:
            self.sync(d)
            for number in (CARD, OTHER, NEW):
                c = self.card_at(d.port, POS, number)["customer"]
                self.assertEqual((c["name"], c["phone"]), ("Анна Смирнова", "+79997654321"))

        status, view = self.office.admin("GET", "/v1/admin/customers/c-anna")
        self.assertEqual(status, 200, view)
        self.assertEqual([c["number"] for c in view["cards"]], [CARD, OTHER, NEW])
        self.assertEqual([c["balance"] for c in view["cards"]], [0, 0, before[1]])
        self.assertEqual([p["receipt_id"] for p in view["purchases"]], ["R-1"])
        self.assertEqual(view["points_history"][0]["accrued"], before[1])
        # Which receipt the points came with (the page once showed them with no reason).
        self.assertEqual((view["points_history"][0]["kind"], view["points_history"][0]["receipt_id"]),
                         ("receipt", "R-1"))
        actions = {e["action"] for e in view["audit"]}
        self.assertTrue({"card.replace", "customer.merge", "customer.update"} <= actions, actions)
        self.assertEqual((view["notifications"], view["wallet"]), ([], {"balance": 0, "history": []}))

    def test_the_points_history_shows_one_gift_and_a_registers_reason(self):
        # Both registers journalled Anna's birthday gift offline; head office applied the
        # first and the second added nothing, yet the history listed "+500" twice, with the
        # raw label "entry.birthday"; a register's adjustment showed no reason at all.
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/bday", {
            "id": "bday", "name": "ДР", "kind": "birthday", "grant": 500,
            "days_before": 7})[0], 201)
        self.assertEqual(self.office.admin("PUT", "/v1/admin/customers/c-anna",
                                           {"birthday": "1990-11-26"})[0], 200)
        for d in self.tills:
            self.sync(d)
        for d in self.tills:
            card = self.card_at(d.port, POS, CARD)
            self.assertEqual(card["points"]["balance"], 500, card)
        status, body = self.tills[0].admin("POST", f"/v1/admin/cards/{CARD}/points", {
            "adjust_id": "TILL-ADJ-1", "points": -50, "reason": "кассир: ошибка при начислении",
            "at": AT})
        self.assertEqual(status, 200, body)
        for d in self.tills:
            self.sync(d)
        status, view = self.office.admin("GET", "/v1/admin/customers/c-anna")
        self.assertEqual(status, 200, view)
        self.assertEqual(view["cards"][0]["balance"], 450)
        moves = [(p["kind"], p["accrued"], p["redeemed"], p.get("reason"))
                 for p in view["points_history"]]
        self.assertEqual(sorted(moves, key=str), sorted([
            ("birthday", 500, 0, None),
            ("adjust", 0, 50, "кассир: ошибка при начислении")], key=str), moves)
        # The journal export lists both gifts, the second as what head office applied:
        # nothing. Its sums were the report's plus 500.
        from kopilka_harness import fetch
        status, _, body = fetch(self.office.port, "/v1/admin/exports/journal.csv?from=2020-01-01",
                                headers={"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(status, 200, body)
        gifts = [line.split(",") for line in body.decode().split("\r\n") if ",birthday," in line]
        self.assertEqual(sorted(g[7] for g in gifts), ["0", "500"], gifts)

    def test_the_desk_sees_a_birthday_gift_no_till_has_looked_up_yet(self):
        # The card's own view showed the gift due this week (1 584), the customer's page
        # did not (1 084): support argued with the customer about their balance.
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/bday", {
            "id": "bday", "name": "ДР", "kind": "birthday", "grant": 500,
            "days_before": 7})[0], 201)
        soon = (datetime.date.today() + datetime.timedelta(days=2)).replace(year=1992)
        self.assertEqual(self.office.admin("PUT", "/v1/admin/customers/c-anna",
                                           {"birthday": soon.isoformat()})[0], 200)
        status, card = self.office.admin("GET", f"/v1/cards/{CARD}")
        self.assertEqual((status, card["points"]["balance"]), (200, 500), card)
        status, view = self.office.admin("GET", "/v1/admin/customers/c-anna")
        self.assertEqual((status, view["cards"][0]["balance"]), (200, 500), view)

    def test_a_customers_personal_data_is_erased_everywhere_at_their_request(self):
        # "Please delete my data": the desk once could only blank the contacts, while the
        # audit log kept them for good, field by field.
        a, _ = self.tills
        status, r = a.pos("POST", "/v1/receipts/confirm", sale("R-1"))
        self.assertEqual(status, 200, r)
        self.sync(a)
        self.assertEqual(self.office.admin("PUT", "/v1/admin/customers/c-anna", {
            "birthday": "1990-05-17", "email": "anna.new@example.ru"})[0], 200)
        self.assertGreater(self.everywhere(CARD)[0][1], 0)
        personal = ["Ёлкина", "+79991234567", "anna@example.ru", "anna.new@example.ru", "1990-05-17"]
        audit = lambda: str(self.office.admin("GET", "/v1/admin/audit?object=customer:c-anna")[1]) + \
            str(self.office.admin("GET", f"/v1/admin/audit?object=card:{CARD}")[1])
        self.assertIn("+79991234567", audit())  # the contacts were in the audit log
        # An adjustment's stored answer (replayed for its adjust_id) shows the customer too,
        # and an export made before holds them.
        adjust = {"adjust_id": "ER-1", "points": 5, "reason": "извинение"}
        status, first = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points", adjust)
        self.assertEqual(status, 200, first)
        self.assertIn("+79991234567", str(first))
        status, job = self.office.admin("POST", "/v1/admin/export-jobs", {"file": "customers.csv"})
        self.assertEqual(status, 202, job)
        done = lambda: self.office.admin("GET", f"/v1/admin/export-jobs/{job['id']}")[1]["state"]
        for _ in range(100):
            if done() != "running":
                break
            time.sleep(0.05)
        self.assertEqual(done(), "done")
        balance = self.office.admin("GET", "/v1/admin/customers/c-anna")[1]["cards"][0]["balance"]

        status, erased = self.office.admin("POST", "/v1/admin/customers/c-anna/erase", {})
        self.assertEqual(status, 200, erased)
        self.assertEqual(erased["cards"], [CARD])
        self.assertGreater(erased["audit_entries"], 0)
        status, view = self.office.admin("GET", "/v1/admin/customers/c-anna")
        self.assertEqual(status, 200, view)
        self.assertEqual((view["name"], view["phone"], view["email"], view["birthday"]),
                         ("(данные удалены)", None, None, None))
        self.assertEqual(view["consents"], {"email": False, "sms": False})
        self.assertEqual(view["cards"][0]["balance"], balance)  # the points are the shop's
        self.assertEqual([p["receipt_id"] for p in view["purchases"]], ["R-1"])
        status, replay = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points", adjust)
        self.assertEqual((status, replay.get("replayed")), (200, True), replay)
        text = audit() + str(view) + str(replay)
        for value in personal:
            self.assertNotIn(value, text)
        status, gone = self.office.admin("GET", f"/v1/admin/export-jobs/{job['id']}/file")
        self.assertEqual((status, gone["error"]["code"]), (409, "export_failed"), gone)
        entries = self.office.admin("GET", "/v1/admin/audit?object=customer:c-anna")[1]["entries"]
        self.assertEqual(entries[0]["action"], "customer.erase")
        self.assertEqual(self.search("Ёлкина"), [("c-anna-2", [OTHER])])
        for d in self.tills:
            self.sync(d)
            c = self.card_at(d.port, POS, CARD)["customer"]
            self.assertEqual((c["name"], c.get("phone")), ("(данные удалены)", None), c)
        # The audit log is append-only still: only the erasure rewrites an entry, once.
        if not (self.office.storage_url or "").startswith("postgres"):
            import sqlite3
            with sqlite3.connect(self.office.dir / "office-data" / "office.db") as db:
                for sql in ("UPDATE audit SET who = 'x'", "UPDATE audit SET erased = 0",
                            "UPDATE audit SET before = '{}' WHERE erased = 1",
                            "DELETE FROM audit"):
                    with self.assertRaises(sqlite3.DatabaseError, msg=sql):
                        db.execute(sql)

    def test_erasure_reaches_the_audit_of_a_card_the_customer_held_before(self):
        # A card Anna held, since moved to Boris: its audit entries still named her with her
        # phone after her data was erased, since only her cards of today were looked at.
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{NEW}", {"customer": {
            "id": "c-anna", "name": "Анна Ёлкина", "phone": "+79991234567"}})[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{NEW}", {"customer": {
            "id": "c-boris", "name": "Борис", "phone": "+79990000077"}})[0], 200)
        audit = lambda: str(self.office.admin("GET", f"/v1/admin/audit?object=card:{NEW}")[1])
        self.assertIn("+79991234567", audit())
        status, erased = self.office.admin("POST", "/v1/admin/customers/c-anna/erase", {})
        self.assertEqual((status, erased["cards"]), (200, [CARD]), erased)
        text = audit()
        for value in ("Ёлкина", "+79991234567"):
            self.assertNotIn(value, text)
        self.assertIn("c-boris", text)  # who holds it now, and what happened, stay
        # Boris's own record is his still.
        self.assertEqual(self.office.admin("GET", "/v1/admin/customers/c-boris")[1]["phone"],
                         "+79990000077")

    def test_bank_card_data_is_refused_in_a_name_an_email_and_a_reason(self):
        # A customer named by a stripe's track 1 was indexed, exported and pulled by every
        # register; an adjustment's reason «оплачено картой 4111 …» shown to support.
        for body, field in (({"name": "%B4111111111111111^IVANOV/IVAN^2512"}, "name"),
                            ({"email": "4111111111111111@example.ru"}, "email")):
            status, answer = self.office.admin("PUT", "/v1/admin/customers/c-anna", body)
            self.assertEqual((status, answer["error"]["field"]), (400, field), answer)
        status, answer = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points", {
            "adjust_id": "PAN-1", "points": 5, "reason": "оплачено картой 4111 1111 1111 1111"})
        self.assertEqual((status, answer["error"]["field"]), (400, "reason"), answer)
        self.assertEqual(self.office.admin("GET", "/v1/admin/customers/c-anna")[1]["name"],
                         "Анна Ёлкина")
        # And in any other text head office would keep: a store's name, a program's, a login.
        for method, path, body, field in (
                ("POST", "/v1/admin/stores", {"name": "Касса 4111-1111-1111-1111",
                                              "timezone": "Europe/Moscow"}, "name"),
                ("PUT", "/v1/admin/programs/p1", {"id": "p1", "kind": "discount", "percent": 5,
                                                  "name": "%B4111111111111111^IVANOV/IVAN^"}, "name"),
                ("POST", "/v1/admin/users", {"login": "4111111111111111", "role": "support"}, "login")):
            status, answer = self.office.admin(method, path, body)
            self.assertEqual((status, answer["error"]["field"]), (400, field), answer)
            self.assertNotIn("4111", str(answer))

    def test_cancels_after_a_replacement_take_the_points_from_the_new_card(self):
        """A purchase made with a card later replaced as lost is cancelled at a register that
        knows the replacement and at one that does not yet: both times the points and the
        spend come off the new card, and the lost card owes nothing."""
        a, b = self.tills
        for till, rid in ((a, "R-A"), (b, "R-B")):
            status, r = till.pos("POST", "/v1/receipts/confirm", sale(rid))
            self.assertEqual(status, 200, r)
            self.sync(till)
        self.sync(a)
        points, spent = self.everywhere(CARD)[0][1:3]
        self.assertEqual((points, spent), (100, 200000))

        status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/replace",
                                         {"new_card": NEW})
        self.assertEqual(status, 200, body)
        self.sync(a)  # Till A has the replacement, Till B has not
        self.assertEqual(self.card_at(a.port, POS, CARD)["card"]["replaced_by"], NEW)
        self.assertNotIn("replaced_by", self.card_at(b.port, POS, CARD)["card"])

        status, r = a.pos("POST", "/v1/receipts/R-A/cancel", {"at": AT})
        self.assertEqual((status, r["points_reversed"], r["spent_after"]), (200, 50, 100000), r)
        self.assertEqual(self.card_at(a.port, POS, NEW)["points"]["balance"], 50)
        status, r = b.pos("POST", "/v1/receipts/R-B/cancel", {"at": AT})
        self.assertEqual((status, r["points_reversed"]), (200, 50), r)
        for till in (a, b, a):
            self.sync(till)
        self.assertEqual(self.everywhere(NEW), [("active", 0, 0, "c-anna")] * 3)
        self.assertEqual(self.everywhere(CARD), [("lost", 0, 0, "c-anna")] * 3)

        # Points adjusted by hand on the lost card would be a debt nobody pays: refused at the
        # register and at head office, naming the card that holds its points.
        status, err = a.admin("POST", f"/v1/admin/cards/{CARD}/points",
                              {"adjust_id": "LOST-1", "points": -30, "reason": "ошибка"})
        self.assertEqual((status, err["error"]["code"]), (409, "card_lost"), err)
        self.assertIn(NEW, err["error"]["message"])
        status, err = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                        {"adjust_id": "LOST-2", "points": -30, "reason": "ошибка"})
        self.assertEqual((status, err["error"]["code"]), (409, "card_lost"), err)
        # Looked up by the customer's phone, the card in use is found, not the lost one.
        status, by_phone = a.pos("GET", "/v1/cards?phone=%2B79991234567")
        self.assertEqual((status, by_phone["card"]["number"]), (200, NEW), by_phone)
        status, by_phone = self.office.admin("GET", "/v1/cards?phone=8%20999%20123-45-67")
        self.assertEqual((status, by_phone["card"]["number"]), (200, NEW), by_phone)

        # A lost card is replaced once: its points are on the new card.
        status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/replace",
                                         {"new_card": "2000000000114"})
        self.assertEqual((status, body["error"]["field"]), (400, "number"), body)


if __name__ == "__main__":
    unittest.main()
