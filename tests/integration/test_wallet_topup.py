"""Wallet top-ups across processes (programs.md "wallet"): POST /v1/wallet/topup with a
wallet_bonus at the register, the balance in GET /v1/cards exact, the replay, the conflict and
the refusals; a top-up kept through kill -9 right after its 201; a gift card created at head
office, synced, loaded at a register and the same balance at head office after the push."""
import unittest

from kopilka_harness import ADMIN_TOKEN, Daemon, fetch
from sync_harness import AT, AT_Q, CARD, SyncCase

GIFT = "2000000000039"
BONUS = {"id": "topup10", "name": "Бонус за пополнение", "kind": "wallet_bonus",
         "percent": 10, "min_topup": 100000}


def topup(tid, amount, card=CARD):
    return {"topup_id": tid, "card": card, "amount": amount, "at": AT}


def wallet(port_owner, card=CARD, token=None):
    status, view = port_owner.pos("GET", f"/v1/cards/{card}?at={AT_Q}") if token is None else \
        port_owner.admin("GET", f"/v1/cards/{card}?at={AT_Q}")
    assert status == 200, view
    return view["wallet"]["balance"]


class RegisterTopupTest(unittest.TestCase):
    def setUp(self):
        self.d = Daemon().started_for(self)
        self.assertEqual(self.d.admin("PUT", "/v1/admin/programs/topup10", BONUS)[0], 201)
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})[0],
                         201)

    def test_bonus_replay_conflict_and_refusals(self):
        d = self.d
        self.assertEqual(wallet(d), 0)
        # 1 000,09 ₽ reaches min_topup: 10 % is 100,009 ₽, rounded down to 100,00 ₽.
        status, r = d.pos("POST", "/v1/wallet/topup", topup("T-1", 100009))
        self.assertEqual(status, 201, r)
        self.assertEqual((r["amount"], r["bonus"], r["bonus_points"], r["program"]),
                         (100009, 10000, 0, "topup10"))
        self.assertEqual(r["wallet"], {"balance": 110009})
        self.assertEqual(r["messages"], [{"to": "receipt", "text": "Кошелёк пополнен на "
                                          "1 000,09 ₽, бонус 100,00 ₽. В кошельке 1 100,09 ₽."}])
        self.assertEqual(wallet(d), 110009)
        # Just under min_topup: no bonus.
        status, r = d.pos("POST", "/v1/wallet/topup", topup("T-2", 99999))
        self.assertEqual((status, r["bonus"], r["wallet"]["balance"]), (201, 0, 210008), r)

        # The same top-up again: the stored answer, nothing applied twice.
        status, again = d.pos("POST", "/v1/wallet/topup", topup("T-1", 100009))
        self.assertEqual(status, 200, again)
        self.assertIs(again.pop("replayed"), True)
        self.assertEqual(again["wallet"], {"balance": 110009})
        self.assertEqual(wallet(d), 210008)
        status, r = d.pos("POST", "/v1/wallet/topup", topup("T-1", 5000))
        self.assertEqual((status, r["error"]["code"]), (409, "topup_conflict"), r)
        status, r = d.pos("POST", "/v1/wallet/topup", topup("T-3", 5000, "2000000000046"))
        self.assertEqual((status, r["error"]["code"]), (404, "card_not_found"), r)
        for amount in (0, -100, 1.5, "100"):
            status, r = d.pos("POST", "/v1/wallet/topup", topup("T-4", amount))
            self.assertEqual((status, r["error"]["field"]), (400, "amount"), (amount, r))
        self.assertEqual(d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "blocked"})[0], 200)
        status, r = d.pos("POST", "/v1/wallet/topup", topup("T-5", 5000))
        self.assertEqual((status, r["error"]["code"]), (409, "card_blocked"), r)
        self.assertEqual(wallet(d), 210008)
        # Every refusal changed nothing: two top-ups journalled.
        status, r = d.pos("POST", "/v1/wallet/topup", topup("T-1", 100009))
        self.assertEqual(status, 200, r)
        import sqlite3
        with sqlite3.connect(d.data_dir / "kopilka.db") as db:
            self.assertEqual(db.execute("SELECT count(*) FROM journal WHERE kind = 'topup'")
                             .fetchone()[0], 2)

    def test_a_gift_card_refers_nobody_and_takes_no_points(self):
        # programs.md "wallet": a gift card has no points; its points could never be spent.
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{GIFT}",
                                      {"type": "gift", "status": "active"})[0], 201)
        status, r = self.d.admin("PUT", f"/v1/admin/cards/{CARD}", {"referred_by": GIFT})
        self.assertEqual((status, r["error"]["field"]), (400, "referred_by"), r)
        status, r = self.d.admin("POST", f"/v1/admin/cards/{GIFT}/points",
                                 {"adjust_id": "G-1", "points": 500, "reason": "подарок"})
        self.assertEqual((status, r["error"]["field"]), (400, "points"), r)
        status, view = self.d.pos("GET", f"/v1/cards/{GIFT}?at={AT_Q}")
        self.assertEqual((status, view["points"]["balance"]), (200, 0), view)

    def test_a_topup_answered_201_survives_kill9(self):
        d = self.d
        status, r = d.pos("POST", "/v1/wallet/topup", topup("K-1", 150000))
        self.assertEqual((status, r["wallet"]["balance"]), (201, 165000), r)
        d.kill9()
        d.start()
        self.assertEqual(wallet(d), 165000)
        status, r = d.pos("POST", "/v1/wallet/topup", topup("K-1", 150000))
        self.assertEqual((status, r.get("replayed")), (200, True), r)
        self.assertEqual(wallet(d), 165000)


class GiftCardTest(SyncCase):
    def test_gift_card_made_at_head_office_loaded_at_a_register(self):
        o = self.office
        status, r = o.admin("PUT", f"/v1/admin/cards/{GIFT}",
                            {"type": "gift", "status": "active", "customer": {"name": "Анна"}})
        self.assertEqual((status, r["error"]["field"]), (400, "customer"), r)
        status, r = o.admin("PUT", f"/v1/admin/cards/{GIFT}",
                            {"type": "gift", "groups": ["vip"]})
        self.assertEqual((status, r["error"]["field"]), (400, "groups"), r)
        status, r = o.admin("PUT", f"/v1/admin/cards/{GIFT}", {"type": "gift", "status": "active"})
        self.assertEqual(status, 201, r)
        self.assertEqual(r["card"]["type"], "gift")
        # A card's type is set when it is created.
        status, r = o.admin("PUT", f"/v1/admin/cards/{GIFT}", {"type": "loyalty"})
        self.assertEqual(status, 400, r)
        self.assertEqual(r["error"]["field"], "type", r)
        # It holds no points (programs.md "wallet"): none adjusted, none earned as a referrer.
        status, r = o.admin("POST", f"/v1/admin/cards/{GIFT}/points",
                            {"adjust_id": "G-A", "points": 100, "reason": "ошибка", "at": AT})
        self.assertEqual((status, r["error"]["field"]), (400, "points"), r)
        status, r = o.admin("PUT", f"/v1/admin/cards/{CARD}", {"referred_by": GIFT})
        self.assertEqual((status, r["error"]["field"]), (400, "referred_by"), r)
        self.assertIn("gift card", r["error"]["message"])
        self.assertEqual(o.admin("PUT", "/v1/admin/programs/topup10", BONUS)[0], 201)

        a = self.register("Касса 1")
        self.sync(a)
        # A loyalty-only bonus (not for anyone) gives a gift card nothing.
        status, r = a.pos("POST", "/v1/wallet/topup", topup("G-1", 300000, GIFT))
        self.assertEqual(status, 201, r)
        self.assertEqual((r["bonus"], r["wallet"]["balance"]), (0, 300000), r)
        self.assertEqual(self.sync(a)["sync"], "ok")
        status, view = o.admin("GET", f"/v1/cards/{GIFT}?at={AT_Q}")
        self.assertEqual(status, 200, view)
        self.assertEqual(view["wallet"], {"balance": 300000})
        self.assertEqual(view["card"]["type"], "gift")
        self.assertEqual(self.office.sql_row(
            "SELECT count(*) FROM entries WHERE kind = 'topup'")[0], 1)
        self.assertEqual(self.register_state(a, GIFT), self.office_state(GIFT))
        status, r = a.admin("POST", f"/v1/admin/cards/{GIFT}/points",
                            {"adjust_id": "G-B", "points": -5, "reason": "ошибка", "at": AT})
        self.assertEqual((status, r["error"]["field"]), (400, "points"), r)
        self.assertEqual(self.register_state(a, GIFT), self.office_state(GIFT))

    def test_reports_and_customer_view_show_the_wallets(self):
        o = self.office
        self.seed_office()  # card CARD of customer c-1
        self.assertEqual(o.admin("PUT", "/v1/admin/programs/topup10", BONUS)[0], 201)
        self.assertEqual(o.admin("PUT", f"/v1/admin/cards/{GIFT}",
                                 {"type": "gift", "status": "active"})[0], 201)
        a = self.register("Касса 1")
        self.sync(a)
        for tid, amount, card in (("W-1", 150000, CARD), ("W-2", 50000, CARD),
                                  ("W-3", 300000, GIFT)):
            self.assertEqual(a.pos("POST", "/v1/wallet/topup", topup(tid, amount, card))[0], 201)
        self.assertEqual(self.sync(a)["sync"], "ok")
        # 1 500 ₽ + 150 ₽ bonus, 500 ₽ (under min_topup), 3 000 ₽ on the gift card.
        status, r = o.admin("GET", "/v1/admin/reports/summary?from=2026-11-24&to=2026-11-24")
        self.assertEqual(status, 200, r)
        self.assertEqual(r["totals"]["wallet"], {"topped_up": 500000, "bonus": 15000, "paid": 0,
                                                 "returned": 0, "liability": 515000})
        # The CSV carries them too, at the end of each row (it had the points' only).
        status, headers, body = fetch(o.port, "/v1/admin/reports/summary?from=2026-11-24"
                                      "&to=2026-11-24&format=csv",
                                      {"Authorization": f"Bearer {ADMIN_TOKEN}"})
        rows = body.decode("utf-8").splitlines()
        self.assertEqual(rows[0].split(",")[-5:], ["wallet_topped_up", "wallet_bonus",
                                                   "wallet_paid", "wallet_returned",
                                                   "wallet_liability"])
        self.assertEqual(rows[-1].split(",")[-5:], ["500000", "15000", "0", "0", "515000"])
        status, r = o.admin("GET", "/v1/admin/reports/summary?from=2026-11-25&to=2026-11-30")
        self.assertEqual(r["totals"]["wallet"], {"topped_up": 0, "bonus": 0, "paid": 0,
                                                 "returned": 0, "liability": 515000})
        status, r = o.admin("GET", "/v1/admin/reports/summary?from=2026-11-01&to=2026-11-23")
        self.assertEqual(r["totals"]["wallet"]["liability"], 0)

        status, view = o.admin("GET", "/v1/admin/customers/c-1")
        self.assertEqual(status, 200, view)
        self.assertEqual(view["wallet"]["balance"], 215000)
        self.assertEqual(view["cards"][0]["wallet"], 215000)
        history = [(h["topup_id"], h["amount"], h["topped_up"], h["bonus"])
                   for h in view["wallet"]["history"]]
        self.assertEqual(sorted(history), [("W-1", 165000, 150000, 15000),
                                           ("W-2", 50000, 50000, 0)])


if __name__ == "__main__":
    unittest.main()
