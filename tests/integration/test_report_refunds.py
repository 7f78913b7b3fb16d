"""A receipt returned to the last by partial refunds, across the real processes: the register
marks the refund that leaves nothing of the receipt, and head office's report counts the
receipt nowhere (office.md "Reports": receipts net of their refunds and cancellations), as it
does a cancelled one, while each refund's money stays on the refund's day. Before, only a
cancellation took a receipt off the count: two refunds of its two lines left it counted,
with its customer active and the average check halved."""
import unittest

from sync_harness import AT, CARD, SyncCase


def two_lines(receipt_id, card=CARD):
    return {"receipt_id": receipt_id, "card": card, "at": AT,
            "lines": [{"line": 1, "sku": "S-1", "category": "haircut", "qty": 1, "price": 60000},
                      {"line": 2, "sku": "S-2", "category": "haircut", "qty": 1, "price": 40000}]}


class RefundedToTheLastTest(SyncCase):
    def test_two_refunds_of_all_lines_take_the_receipt_off_the_count(self):
        self.seed_office()
        d = self.register("Касса 1")
        self.sync(d)
        for rid in ("R-1", "R-2"):
            status, r = d.pos("POST", "/v1/receipts/confirm", two_lines(rid))
            self.assertEqual((status, r["total"]), (200, 100000), r)
        status, r = d.pos("POST", "/v1/receipts/R-1/refund",
                          {"refund_id": "F-1", "at": "2026-11-25T12:00:00+03:00",
                           "lines": [{"line": 1, "qty": 1}]})
        self.assertEqual((status, r["money_returned"]), (200, 60000), r)
        self.assertEqual(self.sync(d)["sync"], "ok")
        status, report = self.office.admin(
            "GET", "/v1/admin/reports/summary?from=2026-11-24&to=2026-11-26")
        self.assertEqual(status, 200, report)
        self.assertEqual(report["totals"]["receipts"]["card"], 2)
        status, r = d.pos("POST", "/v1/receipts/R-1/refund",
                          {"refund_id": "F-2", "at": "2026-11-26T12:00:00+03:00",
                           "lines": [{"line": 2, "qty": 1}]})
        self.assertEqual((status, r["money_returned"]), (200, 40000), r)
        # The register's cancel after it returns nothing and takes nothing more off.
        status, r = d.pos("POST", "/v1/receipts/R-1/cancel", {"at": "2026-11-26T13:00:00+03:00"})
        self.assertEqual((status, r["money_returned"]), (200, 0), r)
        self.assertEqual(self.sync(d)["sync"], "ok")
        status, report = self.office.admin(
            "GET", "/v1/admin/reports/summary?from=2026-11-24&to=2026-11-26&group=day")
        self.assertEqual(status, 200, report)
        totals = report["totals"]
        self.assertEqual(totals["receipts"], {"card": 1, "no_card": 0, "all": 1})
        self.assertEqual(totals["revenue"], {"card": 100000, "no_card": 0, "all": 100000})
        self.assertEqual(totals["average_check"]["card"], 100000)
        self.assertEqual(totals["frequency"], 1.0)
        days = {g["period"]: (g["receipts"]["card"], g["revenue"]["card"])
                for g in report["groups"]}
        self.assertEqual(days, {"2026-11-24": (1, 200000), "2026-11-25": (0, -60000),
                                "2026-11-26": (0, -40000)})


if __name__ == "__main__":
    unittest.main()
