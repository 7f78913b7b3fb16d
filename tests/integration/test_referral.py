"""The referral kind across processes: a card created at head office with `referred_by`, its
first purchase from min_total at one register rewarding both cards in one journal entry, the
same balances at that register, at head office and at a second register after sync, no reward
on a second purchase, a partial refund keeping the reward and a full refund reversing both;
head office's report counting both cards' points as issued by the referral program; and
lost cards replaced on either side of a referral."""
import json

from kopilka_harness import ean13
from sync_harness import AT, CARD, OTHER, SyncCase

FRIEND = {"id": "friend", "name": "Приведи друга", "kind": "referral",
          "referrer_points": 500, "referee_points": 300, "min_total": 100000}
UNKNOWN = "2000000000039"
NEW_CARD, NEW_OTHER = ean13(4), ean13(5)


def receipt(rid, price, qty=1):
    return {"receipt_id": rid, "card": CARD, "at": AT,
            "lines": [{"line": 1, "sku": "S-1", "category": "haircut", "qty": qty,
                       "price": price}]}


class ReferralTest(SyncCase):
    def balances(self, port, token):
        out = []
        for number in (CARD, OTHER):
            status, view = self.office_or_register_card(port, token, number)
            self.assertEqual(status, 200, view)
            out.append(view["points"]["balance"])
        return tuple(out)

    @staticmethod
    def office_or_register_card(port, token, number):
        from kopilka_harness import request
        return request(port, "GET", f"/v1/cards/{number}?at={AT.replace('+', '%2B')}",
                       token=token)

    def points(self, d, number):
        port, token = ((d.port, "pos-token-for-tests-0001") if d else
                       (self.office.port, "admin-token-for-tests-0001"))
        status, view = self.office_or_register_card(port, token, number)
        self.assertEqual(status, 200, view)
        return view["points"]["balance"]

    def referred_pair(self):
        """Борис (OTHER) brings Анна (CARD); one register synced with both."""
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/friend", FRIEND)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{OTHER}",
                                           {"customer": {"id": "c-2", "name": "Борис"}})[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}",
                                           {"referred_by": OTHER,
                                            "customer": {"id": "c-1", "name": "Анна"}})[0], 201)
        a = self.register("Касса 1")
        self.sync(a)
        return a

    def replace(self, lost, new):
        status, body = self.office.admin("POST", f"/v1/admin/cards/{lost}/replace",
                                         {"new_card": new})
        self.assertEqual(status, 200, body)

    def at_office(self):
        return self.balances(self.office.port, "admin-token-for-tests-0001")

    def at(self, d):
        return self.balances(d.port, "pos-token-for-tests-0001")

    def report(self):
        status, r = self.office.admin("GET", "/v1/admin/reports/summary?from=2026-11-01"
                                             "&to=2026-11-30&group=month")
        self.assertEqual(status, 200, r)
        friend = [p for p in r["programs"] if p["program"] == "friend"]
        return r["totals"]["points"], friend[0] if friend else None

    def test_referred_by_is_checked_at_head_office(self):
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{OTHER}", {})[0], 201)
        status, body = self.office.admin("PUT", f"/v1/admin/cards/{CARD}",
                                         {"referred_by": UNKNOWN})
        self.assertEqual((status, body["error"]["field"]), (400, "referred_by"), body)
        status, body = self.office.admin("PUT", f"/v1/admin/cards/{CARD}", {"referred_by": CARD})
        self.assertEqual((status, body["error"]["field"]), (400, "referred_by"), body)
        status, body = self.office.admin("PUT", f"/v1/admin/cards/{CARD}", {"referred_by": 7})
        self.assertEqual((status, body["error"]["field"]), (400, "referred_by"), body)
        # Refused edits changed nothing: the card does not exist yet.
        self.assertEqual(self.office.sql_row(
            f"SELECT count(*) FROM cards WHERE number = '{CARD}'")[0], 0)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}",
                                           {"referred_by": OTHER})[0], 201)
        self.assertEqual(json.loads(self.office_state())["referral"],
                         {"by": OTHER, "closed": False, "rewarded_entry": ""})

    def test_first_purchase_rewards_both_cards_everywhere_and_a_full_refund_reverses(self):
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/friend", FRIEND)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{OTHER}",
                                           {"customer": {"id": "c-2", "name": "Борис"}})[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}",
                                           {"referred_by": OTHER,
                                            "customer": {"id": "c-1", "name": "Анна"}})[0], 201)
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a)
        self.sync(b)

        # 2 × 750 ₽ = 1 500 ₽ ≥ min_total: the first purchase.
        status, r = a.pos("POST", "/v1/receipts/confirm", receipt("A-1", 75000, qty=2))
        self.assertEqual(status, 200, r)
        self.assertEqual(r["applied"], [{"program": "friend", "kind": "referral", "points": 300,
                                         "referrer_points": 500,
                                         "text": "Приведи друга: +300 бонусов за первую покупку"}])
        self.assertEqual((r["points_accrued"], r["points_balance_after"]), (0, 300))
        self.assertEqual(self.at(a), (300, 500))
        for d in (a, b):
            self.assertEqual(self.sync(d)["sync"], "ok")
        self.assertEqual(self.at_office(), (300, 500))
        self.assertEqual(self.at(b), (300, 500))
        # One journal entry carried both cards' points.
        self.assertEqual(self.office_entries(), (1, 1))
        # Both cards' points are issued, by the referral program, and owed.
        points, friend = self.report()
        self.assertEqual(points, {"issued": 800, "redeemed": 0, "burned": 0, "adjusted": 0,
                                  "liability": 800, "liability_money": 80000})
        self.assertEqual((friend["receipts"], friend["discount"], friend["points_issued"],
                          friend["points_redeemed"]), (1, 0, 800, 0))

        # A second purchase, at the other register, rewards nobody.
        status, r = b.pos("POST", "/v1/receipts/confirm", receipt("B-1", 200000))
        self.assertEqual((status, r["applied"]), (200, []), r)
        self.assertEqual(self.at(b), (300, 500))

        # Half of the first purchase back: the reward stays.
        status, r = a.pos("POST", "/v1/receipts/A-1/refund",
                          {"refund_id": "RF-1", "at": AT, "lines": [{"line": 1, "qty": 1}]})
        self.assertEqual(status, 200, r)
        self.assertEqual(self.at(a), (300, 500))
        # The rest back: the purchase is wholly refunded, both lots go.
        status, r = a.pos("POST", "/v1/receipts/A-1/refund", {"refund_id": "RF-2", "at": AT})
        self.assertEqual(status, 200, r)
        self.assertEqual(self.at(a), (0, 0))
        # The answer and the receipt's summary count the 300 the card lost.
        self.assertEqual(r["points_reversed"], 300, r)
        status, stored = a.pos("GET", "/v1/receipts/A-1")
        self.assertEqual(stored["refunded"]["points_reversed"], 300, stored)
        for d in (b, a, b):
            self.assertEqual(self.sync(d)["sync"], "ok")
        self.assertEqual(self.at_office(), (0, 0))
        self.assertEqual(self.at(b), (0, 0))
        # The full refund took both back: nothing issued, nothing owed.
        points, friend = self.report()
        self.assertEqual((points["issued"], points["redeemed"], points["liability"]), (0, 0, 0))
        self.assertEqual((friend["points_issued"], friend["points_redeemed"]), (0, 0))
        referral = json.loads(self.office_state())["referral"]
        self.assertEqual((referral["by"], referral["closed"], referral["rewarded_entry"]),
                         (OTHER, True, ""))
        for d in (a, b):
            for number in (CARD, OTHER):
                self.assertEqual(self.register_state(d, number), self.office_state(number))

    def test_a_referrer_whose_card_was_replaced_is_rewarded_on_the_new_card(self):
        a = self.referred_pair()
        self.replace(OTHER, NEW_OTHER)
        # Анна's card now names Борис's new card, at head office and, after a pull, at the till.
        self.assertEqual(json.loads(self.office_state())["referral"],
                         {"by": NEW_OTHER, "closed": False, "rewarded_entry": ""})
        self.sync(a)
        status, r = a.pos("POST", "/v1/receipts/confirm", receipt("A-1", 75000, qty=2))
        self.assertEqual((status, r["points_balance_after"]), (200, 300), r)
        self.assertEqual([self.points(a, n) for n in (CARD, NEW_OTHER, OTHER)], [300, 500, 0])
        self.sync(a)
        self.assertEqual([self.points(None, n) for n in (CARD, NEW_OTHER, OTHER)],
                         [300, 500, 0])
        points, friend = self.report()
        self.assertEqual((points["issued"], points["liability"], friend["points_issued"]),
                         (800, 800, 800))

    def test_replacing_either_card_after_the_reward_keeps_it_and_a_full_refund_reverses_it(self):
        a = self.referred_pair()
        status, r = a.pos("POST", "/v1/receipts/confirm", receipt("A-1", 75000, qty=2))
        self.assertEqual(status, 200, r)
        self.sync(a)
        rewarded = json.loads(self.office_state())["referral"]
        self.assertEqual((rewarded["by"], rewarded["closed"]), (OTHER, True))
        # Борис spends 200 of his 500 before losing his card.
        status, r = a.pos("POST", "/v1/receipts/confirm",
                          {**receipt("A-2", 100000), "card": OTHER, "redeem_points": 200})
        self.assertEqual((status, r["points_redeemed"]), (200, 200), r)
        self.sync(a)
        self.replace(OTHER, NEW_OTHER)
        self.sync(a)
        self.assertEqual([self.points(a, n) for n in (CARD, NEW_OTHER, OTHER)], [300, 300, 0])
        # The full refund takes Борис's 500 back from his new card: he owes the 200 he spent.
        status, r = a.pos("POST", "/v1/receipts/A-1/refund", {"refund_id": "RF-1", "at": AT})
        self.assertEqual(status, 200, r)
        self.assertEqual([self.points(a, n) for n in (CARD, NEW_OTHER, OTHER)], [0, -200, 0])
        self.sync(a)
        self.assertEqual([self.points(None, n) for n in (CARD, NEW_OTHER, OTHER)], [0, -200, 0])
        points, friend = self.report()
        self.assertEqual((points["issued"], points["redeemed"], points["liability"]),
                         (0, 200, -200))
        self.assertEqual((friend["points_issued"], friend["points_redeemed"]), (0, 200))

    def test_a_referred_card_replaced_keeps_its_referral(self):
        a = self.referred_pair()
        # Replaced before its first purchase: the referral stays open on the new card.
        self.replace(CARD, NEW_CARD)
        self.assertEqual(json.loads(self.office_state(NEW_CARD))["referral"],
                         {"by": OTHER, "closed": False, "rewarded_entry": ""})
        self.assertNotIn("referral", json.loads(self.office_state(CARD)))
        self.sync(a)
        status, r = a.pos("POST", "/v1/receipts/confirm",
                          {**receipt("A-1", 75000, qty=2), "card": NEW_CARD})
        self.assertEqual((status, r["points_balance_after"]), (200, 300), r)
        self.sync(a)
        self.assertEqual([self.points(None, n) for n in (NEW_CARD, OTHER)], [300, 500])
        # Replaced again after the reward: the new card holds the reward and the entry it
        # came with, so the referral stays closed and rewarded.
        entry = json.loads(self.office_state(NEW_CARD))["referral"]["rewarded_entry"]
        self.assertTrue(entry)
        newest = ean13(6)
        self.replace(NEW_CARD, newest)
        self.assertEqual(json.loads(self.office_state(newest))["referral"],
                         {"by": OTHER, "closed": True, "rewarded_entry": entry})
        self.assertEqual(self.points(None, newest), 300)


if __name__ == "__main__":
    import unittest
    unittest.main()
