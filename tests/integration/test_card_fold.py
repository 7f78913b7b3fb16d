"""Folded point lots across processes: receipts of two registers on one day fold into one lot
per register at both ends, a cancellation at one register takes its points back from the
folded lot (no debt), and after syncing, head office and both registers store byte-identical
card states."""
import json

from sync_harness import AT, CARD, SyncCase, sale


class CardFoldTest(SyncCase):
    def test_registers_and_head_office_fold_alike_and_agree(self):
        self.seed_office()
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a)
        self.sync(b)
        for d, rids in ((a, ("A-1", "A-2", "A-3")), (b, ("B-1", "B-2"))):
            for rid in rids:
                status, r = d.pos("POST", "/v1/receipts/confirm", sale(rid))
                self.assertEqual((status, r["points_accrued"]), (200, 50), r)
        lots = json.loads(self.register_state(a))["lots"]
        self.assertEqual([lot["remaining"] for lot in lots], [150])  # three receipts, one lot
        # The third receipt's 50 points are in the first one's lot: cancelling takes them there.
        status, r = a.pos("POST", "/v1/receipts/A-3/cancel", {"at": AT})
        self.assertEqual((status, r["points_reversed"]), (200, 50), r)
        for d in (a, b, a):
            self.assertEqual(self.sync(d)["sync"], "ok")
        office = json.loads(self.office_state())
        self.assertEqual(office["debt"], 0)
        self.assertEqual(sorted(lot["remaining"] for lot in office["lots"]), [100, 100])
        self.assertEqual(len({lot["id"].split(":")[0] for lot in office["lots"]}), 2)
        self.assertEqual(self.register_state(a), self.office_state())
        self.assertEqual(self.register_state(b), self.office_state())
        self.assertEqual(self.office_card(), (200, 400000))
        self.assertEqual(self.register_card(a), (200, 400000))


if __name__ == "__main__":
    import unittest
    unittest.main()
