"""What a role's own tools must not let it do beyond the role (office.md "Staff, roles and
audit"): a technician's register adjusting points without limit, a login that reads as the
audit's name for the shell or the config token, the only owner demoting themselves, and a
replaced card made active again beside its replacement."""
import datetime
import unittest

from kopilka_harness import Office, request, staff_user

CARD, NEW_CARD = "2000000000015", "2000000000022"


def adjust(register_id, seq, points):
    """An `adjust` entry as a register journals `kopilka points adjust`."""
    effects = {"card": CARD}
    if points > 0:
        effects["new_lots"] = [{"id": "0", "program": "", "earned_day": "2026-11-24",
                                "usable_from": "2026-11-24", "last_day": None, "points": points}]
    else:
        effects["draws"] = [{"lot": "", "points": -points}]
    return {"id": f"{register_id}:{seq}", "seq": seq, "kind": "adjust",
            "at": "2026-11-24T12:00:00+03:00", "effects": effects,
            "detail": {"adjust_id": f"a-{seq}", "request": {"reason": "test"}}}


class OfficeStaffGuardsTest(unittest.TestCase):
    def setUp(self):
        self.o = Office().started_for(self)
        self.assertEqual(self.o.admin("PUT", f"/v1/admin/cards/{CARD}",
                                      {"customer": {"id": "c-1", "name": "Анна"}})[0], 201)

    def balance(self, number=CARD):
        return self.o.admin("GET", f"/v1/cards/{number}")[1]["points"]["balance"]

    def test_a_technicians_register_adjusts_within_supports_limit(self):
        # A technician's own code, enrolled from a laptop, pushed 900 000 points onto a card.
        tech = staff_user(self.o, "tim", "technician")
        status, made = tech.call("POST", "/v1/admin/registers", {"name": "laptop"})
        self.assertEqual(status, 201, made)
        rid, credential = self.o.enroll(code=made["code"], register_id="r-7ec4a1c0")
        batch = [adjust(rid, 1, 900000), adjust(rid, 2, 300), adjust(rid, 3, -6000)]
        status, out = self.o.sync("POST", "/v1/sync/push", credential, {"entries": batch})
        self.assertEqual(status, 200, out)
        self.assertEqual(out["acked"], [f"{rid}:2"])
        self.assertEqual([(r["id"], r["field"]) for r in out["refused"]],
                         [(f"{rid}:1", "effects"), (f"{rid}:3", "effects")])
        self.assertIn("at most 5000 points", out["refused"][0]["message"])
        self.assertEqual(self.balance(), 300)
        # Audited as the register's, from where it pushed (the address was empty).
        audit = self.o.admin("GET", f"/v1/admin/audit?action=points.adjust&object=card:{CARD}")[1]
        self.assertEqual([(e["who"], e["address"], e["after"]["points"]) for e in audit["entries"]],
                         [(f"register:{rid}", "127.0.0.1", 300)])
        # The limit holds over 24 hours, as support's does: adjustments of 4 000 each,
        # one by one and in one batch, stop at 5 000 (six of 5 000 were 30 000).
        status, out = self.o.sync("POST", "/v1/sync/push", credential,
                                  {"entries": [adjust(rid, 4, 4000), adjust(rid, 5, 4000)]})
        self.assertEqual((status, out["acked"]), (200, [f"{rid}:4"]), out)
        self.assertIn("in 24 hours", out["refused"][0]["message"])
        status, out = self.o.sync("POST", "/v1/sync/push", credential,
                                  {"entries": [adjust(rid, 6, 1000)]})
        self.assertEqual(out["refused"][0]["id"], f"{rid}:6", out)
        self.assertEqual(self.balance(), 4300)
        # The owner's code: the store's manager adjusts as the owner allowed the till.
        rid2, owners = self.o.enroll("Касса 2")
        status, out = self.o.sync("POST", "/v1/sync/push", owners,
                                  {"entries": [adjust(rid2, 1, 9000)]})
        self.assertEqual((status, out["acked"], out["refused"]), (200, [f"{rid2}:1"], []), out)
        self.assertEqual(self.balance(), 13300)

    def test_a_technicians_register_mints_no_points_through_receipts_or_birthdays(self):
        # With the same code, a receipt of 1,00 RUB carrying 1 000 000 points and a birthday
        # gift of 1 000 000 points on a card with no birthday were acked: 3 000 300 points.
        tech = staff_user(self.o, "tim", "technician")
        status, made = tech.call("POST", "/v1/admin/registers", {"name": "laptop"})
        self.assertEqual(status, 201, made)
        rid, credential = self.o.enroll(code=made["code"], register_id="r-7ec4a1c1")
        for program, grant in (("bd", 500), ("bd2", 300)):
            birthday = {"id": program, "name": "День рождения", "kind": "birthday", "grant": grant}
            self.assertEqual(self.o.admin("PUT", f"/v1/admin/programs/{program}", birthday)[0], 201)

        def entry(seq, kind, points, spent):
            e = adjust(rid, seq, points)
            e["kind"] = kind
            e["effects"]["spent_delta"] = spent
            e["detail"] = {"receipt_id": f"R-{seq}", "total": spent}
            return e

        def gift(seq, *gifts):
            e = entry(seq, "birthday", 1, 0)
            e["effects"]["new_lots"] = [dict(e["effects"]["new_lots"][0], id=str(i), program=p,
                                             points=n) for i, (p, n) in enumerate(gifts)]
            e["effects"]["birthday_grants"] = [{"program": p, "year": 2026} for p, _ in gifts]
            return e

        # A purchase claimed beyond the receipt's total made room for its points.
        forged = entry(6, "receipt", 1000000, 100000000)
        forged["detail"]["total"] = 0

        def spending(seq, points, total):
            """A receipt of 1 000,00 RUB paying `points` with points, the rest with money:
            the card's purchase (spent) counts both (programs.md)."""
            e = entry(seq, "receipt", 0, 100000)
            e["effects"] = {"card": CARD, "spent_delta": 100000,
                            "draws": [{"lot": f"{rid}:3/0", "points": points}]}
            e["detail"]["total"] = total
            return e

        batch = [entry(1, "receipt", 1000000, 100), gift(2, ("bd", 1000000)),
                 # A real receipt: 5 % of 1 000,00 RUB at 1,00 RUB a point; real gifts, of a
                 # card with two birthday programs, in one entry as a register writes them.
                 entry(3, "receipt", 50, 100000), gift(4, ("bd", 500), ("bd2", 300)),
                 # Points of no birthday program, as a gift.
                 entry(5, "birthday", 100, 0), forged,
                 # 30 points paid 30,00 RUB of it: every such receipt was once refused. One
                 # that claims 30,00 RUB more than its points and money is not.
                 spending(7, 30, 97000), spending(8, 10, 96000)]
        status, out = self.o.sync("POST", "/v1/sync/push", credential, {"entries": batch})
        self.assertEqual(status, 200, out)
        self.assertEqual(out["acked"], [f"{rid}:3", f"{rid}:4", f"{rid}:7"])
        refused = {r["id"]: r for r in out["refused"]}
        self.assertEqual(sorted(refused),
                         [f"{rid}:1", f"{rid}:2", f"{rid}:5", f"{rid}:6", f"{rid}:8"])
        self.assertIn("a receipt's purchase as at most its total and the points it spent "
                      "(0 kopecks)", refused[f"{rid}:6"]["message"])
        self.assertIn("(97000 kopecks)", refused[f"{rid}:8"]["message"])
        self.assertIn("at most the points its money buys (1)", refused[f"{rid}:1"]["message"])
        for seq in (2, 5):
            self.assertIn("on a birthday only the chain's birthday programs' gifts, each at most "
                          "its grant", refused[f"{rid}:{seq}"]["message"])
        self.assertEqual(self.balance(), 820)
        # The owner's code is trusted with what its register computed.
        rid2, owners = self.o.enroll("Касса 2")
        status, out = self.o.sync("POST", "/v1/sync/push", owners,
                                  {"entries": [adjust(rid2, 1, 9000)]})
        self.assertEqual((status, out["refused"]), (200, []), out)

    def test_a_technicians_register_returns_only_what_its_receipt_moved(self):
        # With a technician's code, a refund of a receipt that never was gave a card
        # 1 000 000 points; a cancel that took no points back kept a forged receipt's points
        # after its revenue was gone; a refund gave 5 * 10^12 kopecks of wallet money.
        tech = staff_user(self.o, "tim", "technician")
        status, made = tech.call("POST", "/v1/admin/registers", {"name": "laptop"})
        self.assertEqual(status, 201, made)
        rid, credential = self.o.enroll(code=made["code"], register_id="r-7ec4a1c2")
        status, body = self.o.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                    {"adjust_id": "A-1", "points": 100, "reason": "перенос"})
        self.assertEqual(status, 200, body)
        lot = {"id": "0", "program": "", "earned_day": "2026-11-24", "usable_from": "2026-11-24",
               "last_day": None}

        def entry(seq, kind, receipt, effects, **detail):
            return {"id": f"{rid}:{seq}", "seq": seq, "kind": kind, "card": CARD,
                    "at": "2026-11-24T12:00:00+03:00", "effects": dict(card=CARD, **effects),
                    "detail": dict(receipt_id=receipt, **detail)}

        earn = entry(1, "receipt", "R-1", {"spent_delta": 100000,
                                           "new_lots": [dict(lot, points=50)]}, total=100000)
        spend = entry(2, "receipt", "R-2", {"spent_delta": 100000,
                                            "draws": [{"lot": f"{rid}:1/0", "points": 30}]},
                      total=97000)
        batch = [earn, spend,
                 # No such receipt at head office.
                 entry(3, "refund", "R-9", {"spent_delta": 0, "new_lots": [dict(lot, points=1000000)]},
                       refund_id="F-9", response={"money_returned": 0}),
                 # R-2 spent 30 points: 40 cannot come back; 20 can, then 10 more, not 11.
                 entry(4, "refund", "R-2", {"spent_delta": -50000, "new_lots": [dict(lot, points=40)]},
                       refund_id="F-1", response={"money_returned": 50000}),
                 entry(5, "refund", "R-2", {"spent_delta": -50000, "new_lots": [dict(lot, points=20)]},
                       refund_id="F-2", response={"money_returned": 50000}),
                 entry(6, "cancel", "R-2", {"spent_delta": -50000, "new_lots": [dict(lot, points=11)]},
                       response={"money_returned": 47000}),
                 # R-1 earned 50: its cancellation takes them back, or is refused.
                 entry(7, "cancel", "R-1", {"spent_delta": -100000}, response={"money_returned": 100000}),
                 entry(8, "cancel", "R-1", {"spent_delta": -100000,
                                            "draws": [{"lot": f"{rid}:1/0", "points": 50}]},
                       response={"money_returned": 100000})]
        status, out = self.o.sync("POST", "/v1/sync/push", credential, {"entries": batch})
        self.assertEqual(status, 200, out)
        refused = {r["id"].split(":")[1]: r["message"] for r in out["refused"]}
        self.assertEqual(sorted(refused), ["3", "4", "6", "7"], out)
        self.assertEqual(out["acked"], [f"{rid}:{n}" for n in (1, 2, 5, 8)])
        self.assertIn("returns only a receipt head office has from it (R-9)", refused["3"])
        self.assertIn("at most the points its receipt spent (30 left)", refused["4"])
        self.assertIn("(10 left)", refused["6"])
        self.assertIn("every point the receipt earned (50)", refused["7"])
        # 100 adjusted, +50 earned, -30 spent, +20 given back, -50 taken back with R-1.
        self.assertEqual(self.balance(), 90)

    def test_a_birthday_gift_support_makes_due_counts_in_its_limit(self):
        # Support at its day's adjustment limit made cards of fake customers with a
        # birthday: each card's gift (1 000 points) was due at once, past max_adjust_points.
        self.assertEqual(self.o.admin("PUT", "/v1/admin/programs/bd", {
            "id": "bd", "name": "ДР", "kind": "birthday", "grant": 1000, "days_before": 3})[0], 201)
        self.assertEqual(self.o.admin("PUT", "/v1/admin/settings", {"max_adjust_points": 1500})[0], 200)
        support = staff_user(self.o, "sam", "support")
        soon = (datetime.date.today() + datetime.timedelta(days=1)).replace(year=1992).isoformat()
        card = lambda n, who: {"customer": {"id": f"c-f{n}", "name": f"Фейк {n}", "birthday": soon}}
        status, answer = support.call("PUT", f"/v1/admin/cards/{NEW_CARD}", card(1, "sam"))
        self.assertEqual((status, answer["points"]["balance"]), (201, 1000), answer)
        audit = self.o.admin("GET", f"/v1/admin/audit?action=card.birthday_gift&object=card:{NEW_CARD}")[1]
        self.assertEqual([e["after"]["points"] for e in audit["entries"]], [1000])
        # The next one would make 2 000 in a day.
        status, answer = support.call("PUT", "/v1/admin/cards/2000000000039", card(2, "sam"))
        self.assertEqual((status, answer["error"]["code"], answer["error"]["field"]),
                         (403, "adjust_limit", "customer.birthday"), answer)
        self.assertIn("gift of 1000 points", answer["error"]["message"])
        self.assertEqual(self.o.admin("GET", "/v1/cards/2000000000039")[0], 404)
        status, answer = support.call("PUT", "/v1/admin/customers/c-1", {"birthday": soon})
        self.assertEqual((status, answer["error"]["field"]), (403, "birthday"), answer)
        self.assertEqual(self.balance(), 0)
        # The owner sets it.
        self.assertEqual(self.o.admin("PUT", "/v1/admin/customers/c-1", {"birthday": soon})[0], 200)
        self.assertEqual(self.balance(), 1000)

    def test_cards_joined_or_merged_into_a_birthday_count_their_gifts_too(self):
        # Support at its limit gave one customer card after card: each card joined to her
        # (a new one, or one of a customer merged in) got her due gift at once, unaudited.
        self.assertEqual(self.o.admin("PUT", "/v1/admin/programs/bd", {
            "id": "bd", "name": "ДР", "kind": "birthday", "grant": 300, "days_before": 3})[0], 201)
        self.assertEqual(self.o.admin("PUT", "/v1/admin/settings", {"max_adjust_points": 500})[0], 200)
        soon = (datetime.date.today() + datetime.timedelta(days=1)).replace(year=1962).isoformat()
        self.assertEqual(self.o.admin("PUT", "/v1/admin/customers/c-1", {"birthday": soon})[0], 200)
        support = staff_user(self.o, "sam", "support")
        # A new card joined to her: her gift on it counts (300 of 500).
        status, answer = support.call("PUT", f"/v1/admin/cards/{NEW_CARD}",
                                      {"status": "active", "customer": {"id": "c-1"}})
        self.assertEqual((status, answer["points"]["balance"]), (201, 300), answer)
        audit = self.o.admin("GET", "/v1/admin/audit?action=card.birthday_gift")[1]["entries"]
        self.assertEqual([(e["object"], e["after"]["points"]) for e in audit],
                         [(f"card:{NEW_CARD}", 300)])
        # A second one would make 600 in a day: refused, naming the customer it joins.
        status, answer = support.call("PUT", "/v1/admin/cards/2000000000039",
                                      {"status": "active", "customer": {"id": "c-1"}})
        self.assertEqual((status, answer["error"]["code"], answer["error"]["field"]),
                         (403, "adjust_limit", "customer.id"), answer)
        self.assertEqual(self.o.admin("GET", "/v1/cards/2000000000039")[0], 404)
        # A customer of her own merged in: the card takes her birthday, and its gift.
        self.assertEqual(self.o.admin("PUT", "/v1/admin/cards/2000000000046",
                                      {"customer": {"id": "c-twin", "name": "Анна"}})[0], 201)
        status, answer = support.call("POST", "/v1/admin/customers/c-1/merge", {"from": "c-twin"})
        self.assertEqual((status, answer["error"]["code"], answer["error"]["field"]),
                         (403, "adjust_limit", "from"), answer)
        self.assertEqual(self.balance("2000000000046"), 0)
        # The owner merges; support's count is untouched by it.
        self.assertEqual(self.o.admin("POST", "/v1/admin/customers/c-1/merge",
                                      {"from": "c-twin"})[0], 200)
        self.assertEqual(self.balance("2000000000046"), 300)
        # An adjustment beside a gift shown but not yet journalled: its answer and its audit
        # read the balance staff see (they said 50 beside a card showing 350).
        status, answer = self.o.admin("POST", f"/v1/admin/cards/{NEW_CARD}/points",
                                      {"adjust_id": "g-1", "points": 50, "reason": "жалоба"})
        self.assertEqual((status, answer["points"]["balance"]), (200, 350), answer)
        self.assertEqual(self.balance(NEW_CARD), 350)
        entry = self.o.admin("GET", f"/v1/admin/audit?action=points.adjust&object=card:{NEW_CARD}"
                             )[1]["entries"][0]
        self.assertEqual((entry["before"]["balance"], entry["after"]["balance"]), (300, 350), entry)

    def test_no_login_reads_as_the_shell_or_the_config_token(self):
        for login in ("shell", "admin_token", "unsubscribe-link", "sms-gateway"):
            status, err = self.o.admin("POST", "/v1/admin/users", {"login": login, "role": "support"})
            self.assertEqual((status, err["error"]["field"]), (400, "login"), (login, err))
        self.assertEqual(self.o.admin("POST", "/v1/admin/users",
                                      {"login": "shelly", "role": "support"})[0], 200)

    def test_a_revoked_tokens_name_is_not_given_again(self):
        # The audit names a token's actions token:NAME: Eve's new "crm" once showed under
        # Pete's revoked one.
        pete = staff_user(self.o, "pete", "marketer")
        self.assertEqual(pete.call("POST", "/v1/admin/tokens", {"name": "crm"})[0], 200)
        self.assertEqual(self.o.admin("DELETE", "/v1/admin/tokens/crm")[0], 200)
        eve = staff_user(self.o, "eve", "support")
        status, err = eve.call("POST", "/v1/admin/tokens", {"name": "crm"})
        self.assertEqual((status, err["error"]["code"]), (409, "conflict"), err)
        self.assertEqual(eve.call("POST", "/v1/admin/tokens", {"name": "crm-eve"})[0], 200)

    def test_the_only_owner_keeps_the_role(self):
        olga = staff_user(self.o, "olga", "owner")
        for change in ({"role": "auditor"}, {"disabled": True}):
            status, err = olga.call("PUT", "/v1/admin/users/olga", change)
            self.assertEqual((status, err["error"]["code"]), (409, "conflict"), (change, err))
        self.assertEqual(olga.call("GET", "/v1/auth/me")[1]["role"], "owner")
        staff_user(self.o, "petr", "owner")
        status, me = olga.call("PUT", "/v1/admin/users/olga", {"role": "auditor"})
        self.assertEqual(status, 200, me)
        # Petr is now the only owner who can sign in.
        status, err = self.o.admin("PUT", "/v1/admin/users/petr", {"disabled": True})
        self.assertEqual(status, 409, err)

    def test_a_replaced_card_stays_lost(self):
        self.assertEqual(self.o.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                      {"adjust_id": "a-1", "points": 58, "reason": "t"})[0], 200)
        status, out = self.o.admin("POST", f"/v1/admin/cards/{CARD}/replace", {"new_card": NEW_CARD})
        self.assertEqual(status, 200, out)
        status, err = self.o.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
        self.assertEqual((status, err["error"]["field"]), (400, "status"), err)
        self.assertIn(NEW_CARD, err["error"]["message"])
        card = self.o.admin("GET", f"/v1/cards/{CARD}")[1]
        self.assertEqual(card["card"]["status"], "lost")
        self.assertEqual(self.o.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                      {"adjust_id": "a-2", "points": 5, "reason": "t"})[0], 409)
        self.assertEqual(self.balance(NEW_CARD), 58)


if __name__ == "__main__":
    unittest.main()
