"""Paying from a card's wallet across processes (programs.md "wallet"): the same wallet spent
at two registers offline journals at both and becomes the same negative balance at head
office and at both registers after sync; a refund gives wallet money back everywhere; a
register that has not synced within wallet_offline_hours lowers a payment to
wallet_offline_limit; `kopilka receipt calc` shows the wallet line."""
import datetime
import json
import os
import sqlite3
import subprocess

from sync_harness import AT, CARD, KOPILKA, SyncCase, sale


def russian():
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "ru_RU.UTF-8"
    return env


def paying(receipt_id, amount, price=100000):
    body = sale(receipt_id, price=price)
    body["pay_from_wallet"] = amount
    return body


class WalletPayTest(SyncCase):
    def seed_wallet(self, kopecks):
        """The card at head office with `kopecks` in its wallet, written into its state."""
        self.seed_office()
        self.office.stop()
        with sqlite3.connect(self.office.dir / "office-data" / "office.db") as db:
            state = json.loads(db.execute("SELECT state FROM cards WHERE number = ?",
                                          (CARD,)).fetchone()[0])
            state["wallet"] = kopecks
            db.execute("UPDATE cards SET state = ? WHERE number = ?", (json.dumps(state), CARD))
        self.office.start()

    def wallet_at_office(self):
        return json.loads(self.office_state()).get("wallet", 0)

    @classmethod
    def wallet_at(cls, d):
        return json.loads(cls.register_state(d)).get("wallet", 0)

    def test_an_offline_double_spend_converges_to_one_negative_wallet_and_refunds_return(self):
        self.seed_wallet(100000)
        a, b = self.register("Касса 1"), self.register("Касса 2")
        self.sync(a)
        self.sync(b)
        self.assertEqual((self.wallet_at(a), self.wallet_at(b)), (100000, 100000))
        self.office.stop()
        # Both registers synced a moment ago: no offline limit yet.
        status, r = a.pos("POST", "/v1/receipts/confirm", paying("A-1", 80000))
        self.assertEqual(status, 200, r)
        self.assertEqual((r["total"], r["paid_from_wallet"], r["wallet_balance_after"],
                          r["points_accrued"]), (100000, 80000, 20000, 50), r)
        self.assertEqual(r["lines"][0]["paid_from_wallet"], 80000)
        self.assertIn("С кошелька оплачено 800,00 ₽. Остаток 200,00 ₽.",
                      [m["text"] for m in r["messages"]])
        status, r = b.pos("POST", "/v1/receipts/confirm", paying("B-1", 70000))
        self.assertEqual((status, r["paid_from_wallet"], r["wallet_balance_after"]),
                         (200, 70000, 30000), r)
        self.assertEqual((self.wallet_at(a), self.wallet_at(b)), (20000, 30000))
        self.office.start()
        for d in (a, b, a):
            self.assertEqual(self.sync(d)["sync"], "ok")
        # 100000 − 80000 − 70000: head office applied both payments as they happened.
        self.assertEqual(self.wallet_at_office(), -50000)
        self.assertEqual((self.wallet_at(a), self.wallet_at(b)), (-50000, -50000))
        # A negative wallet pays nothing.
        status, r = a.pos("POST", "/v1/receipts/calculate", paying("A-2", "max"))
        self.assertEqual((status, r["paid_from_wallet"], r["wallet_pay_max"], r["total"]),
                         (200, 0, 0, 100000), r)

        # B's receipt comes back: 700,00 ₽ to the wallet, at B, then everywhere.
        status, back = b.pos("POST", "/v1/receipts/B-1/refund", {"refund_id": "RB-1", "at": AT})
        self.assertEqual((status, back["wallet_returned"], back["money_returned"]),
                         (200, 70000, 100000), back)
        self.assertEqual(self.wallet_at(b), 20000)
        for d in (b, a):
            self.assertEqual(self.sync(d)["sync"], "ok")
        self.assertEqual(self.wallet_at_office(), 20000)
        self.assertEqual((self.wallet_at(a), self.wallet_at(b)), (20000, 20000))
        # The same refund again changes nothing.
        status, again = b.pos("POST", "/v1/receipts/B-1/refund", {"refund_id": "RB-1", "at": AT})
        self.assertEqual((status, again["replayed"], again["wallet_returned"]), (200, True, 70000))
        self.assertEqual(self.wallet_at(b), 20000)

    def test_a_register_offline_too_long_lowers_wallet_payments_to_the_limit(self):
        self.seed_wallet(50000)
        status, s = self.office.admin("PUT", "/v1/admin/settings",
                                      {"wallet_offline_limit": 15000, "wallet_offline_hours": 2})
        self.assertEqual((status, s["wallet_offline_limit"], s["wallet_offline_hours"]),
                         (200, 15000, 2), s)
        a = self.register("Касса 1")
        self.sync(a)
        status, r = a.pos("POST", "/v1/receipts/calculate", paying("A-0", 20000))
        self.assertEqual((status, r["paid_from_wallet"]), (200, 20000), r)  # synced: no limit
        # Head office goes away; the register's last sync is three hours old.
        self.office.stop()
        a.stop()
        three_hours_ago = (datetime.datetime.now(datetime.timezone.utc)
                           - datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
        with sqlite3.connect(a.data_dir / "kopilka.db") as db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'last_sync'", (three_hours_ago,))
        a.start()
        status, r = a.pos("POST", "/v1/receipts/calculate", paying("A-1", 20000))
        self.assertEqual((status, r["paid_from_wallet"], r["wallet_pay_max"]), (200, 15000, 15000), r)
        self.assertIn("Нет связи с офисом: с кошелька можно оплатить не больше 150,00 ₽ до "
                      "синхронизации кассы.",
                      [m["text"] for m in r["messages"] if m["to"] == "cashier"])
        status, r = a.pos("POST", "/v1/receipts/confirm", paying("A-1", 10000))
        self.assertEqual((status, r["paid_from_wallet"]), (200, 10000), r)
        # What this card already paid here since the last sync counts against the limit.
        status, r = a.pos("POST", "/v1/receipts/calculate", paying("A-2", "max"))
        self.assertEqual((status, r["paid_from_wallet"], r["wallet_balance_after"]),
                         (200, 5000, 35000), r)
        # Back online: the limit is gone once the register syncs.
        self.office.start()
        self.assertEqual(self.sync(a)["sync"], "ok")
        status, r = a.pos("POST", "/v1/receipts/calculate", paying("A-2", "max"))
        self.assertEqual((status, r["paid_from_wallet"]), (200, 40000), r)

    def test_bad_pay_from_wallet_is_refused_naming_the_field(self):
        self.seed_wallet(1000)
        a = self.register("Касса 1")
        self.sync(a)
        for bad in (-1, 1.5, "all", 10 ** 13 + 1):
            status, body = a.pos("POST", "/v1/receipts/calculate", paying("A-1", bad))
            self.assertEqual((status, body["error"]["field"]), (400, "pay_from_wallet"), body)
        self.assertEqual(self.wallet_at(a), 1000)

    def test_kopilka_receipt_calc_shows_the_wallet_line(self):
        self.seed_wallet(30000)
        a = self.register("Касса 1")
        self.sync(a)
        out = subprocess.run([KOPILKA, "--config", str(a.config_path), "receipt", "calc",
                              "--card", CARD, "--pay-from-wallet", "max", "--at", AT,
                              "--line", "S-1,haircut,1,100000"],
                             capture_output=True, text=True, timeout=120, env=russian())
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("с кошелька 300,00 ₽, в кошельке после 0,00 ₽, кошельком можно оплатить "
                      "не больше 300,00 ₽", out.stdout)
        code, answer, err = self.kopilka(a, "receipt", "calc", "--card", CARD,
                                         "--pay-from-wallet", "-5", "--line", "S-1,haircut,1,100")
        self.assertNotEqual(code, 0)
