"""The referral kind across processes: a card created at head office with `referred_by`, its
first purchase from min_total at one register rewarding both cards in one journal entry, the
same balances at that register, at head office and at a second register after sync, no reward
on a second purchase, a partial refund keeping the reward and a full refund reversing both."""
import json

from sync_harness import AT, CARD, OTHER, SyncCase

FRIEND = {"id": "friend", "name": "Приведи друга", "kind": "referral",
          "referrer_points": 500, "referee_points": 300, "min_total": 100000}
UNKNOWN = "2000000000039"


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

    def at_office(self):
        return self.balances(self.office.port, "admin-token-for-tests-0001")

    def at(self, d):
        return self.balances(d.port, "pos-token-for-tests-0001")

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
        for d in (b, a, b):
            self.assertEqual(self.sync(d)["sync"], "ok")
        self.assertEqual(self.at_office(), (0, 0))
        self.assertEqual(self.at(b), (0, 0))
        referral = json.loads(self.office_state())["referral"]
        self.assertEqual((referral["by"], referral["closed"], referral["rewarded_entry"]),
                         (OTHER, True, ""))
        for d in (a, b):
            for number in (CARD, OTHER):
                self.assertEqual(self.register_state(d, number), self.office_state(number))


if __name__ == "__main__":
    import unittest
    unittest.main()
