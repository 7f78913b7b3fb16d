"""Levels over a rolling window across processes: a purchase at one register counts in the
window at another after sync, the level goes down when the purchase leaves the window, a
refund at the first register subtracts on the purchase's day, and head office and both
registers store byte-identical card states."""
import json

from sync_harness import CARD, SyncCase

YEAR = {"id": "year", "name": "Годовая скидка", "kind": "discount_scale",
        "level_window_days": 365,
        "levels": [{"from_spent": 0, "percent": 3}, {"from_spent": 1000000, "percent": 5}]}
BOUGHT = "2026-01-10T12:00:00+03:00"


def receipt(rid, at, price):
    return {"receipt_id": rid, "card": CARD, "at": at,
            "lines": [{"line": 1, "sku": "S-1", "category": "haircut", "qty": 1, "price": price}]}


class LevelWindowTest(SyncCase):
    def level_at(self, d, at):
        status, view = d.pos("GET", f"/v1/cards/{CARD}?at={at.replace('+', '%2B')}")
        self.assertEqual(status, 200, view)
        return view["levels"][0], [m["text"] for m in view["messages"] if m["to"] == "customer"]

    def test_a_level_counts_the_window_everywhere_and_goes_down(self):
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/year", YEAR)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}",
                                           {"customer": {"id": "c-1", "name": "Анна"}})[0], 201)
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a)
        # 12 360 ₽ less 3 %: 11 989,20 ₽ bought on 10.01.2026.
        status, r = a.pos("POST", "/v1/receipts/confirm", receipt("A-1", BOUGHT, 1236000))
        self.assertEqual((status, r["discount"]), (200, 37080), r)
        self.assertEqual(self.sync(a)["sync"], "ok")
        self.assertEqual(self.sync(b)["sync"], "ok")

        level, said = self.level_at(b, "2026-12-01T12:00:00+03:00")
        self.assertEqual(level, {"program": "year", "percent": 5, "next": None,
                                 "window_days": 365, "window_spent": 1198920,
                                 "keep": {"spend": 1000000, "by": "2027-01-10"}})
        self.assertEqual(said, ["Уровень «Годовая скидка» 5 % сохранится, если до 10.01.2027 "
                                "купить ещё на 10 000,00 ₽"])
        level, said = self.level_at(b, "2027-01-11T12:00:00+03:00")
        self.assertEqual((level["percent"], level["window_spent"], level["keep"]), (3, 0, None))
        # 1 000 ₽ at the other register on 11.01.2027: the first level, 30 ₽ off.
        status, r = b.pos("POST", "/v1/receipts/confirm",
                          receipt("B-1", "2027-01-11T12:00:00+03:00", 100000))
        self.assertEqual((status, r["discount"]), (200, 3000), r)

        # The January purchase returned whole at its register on 12.01.2027: it leaves the day
        # it was bought, not the day of the return.
        status, r = a.pos("POST", "/v1/receipts/A-1/refund",
                          {"refund_id": "RF-1", "at": "2027-01-12T12:00:00+03:00"})
        self.assertEqual(status, 200, r)
        for d in (a, b, a):
            self.assertEqual(self.sync(d)["sync"], "ok")
        office = json.loads(self.office_state())
        self.assertEqual(office["spent_days"], {"2027-01-11": 97000})
        self.assertEqual(office["spent"], 97000)
        self.assertEqual(self.register_state(a), self.office_state())
        self.assertEqual(self.register_state(b), self.office_state())


if __name__ == "__main__":
    import unittest
    unittest.main()
