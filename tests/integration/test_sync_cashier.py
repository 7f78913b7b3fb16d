"""The cashier during a large pull (docs/sync.md "When a register syncs"): pulled pages are
applied off the register's event loop, and receipts confirmed meanwhile are all journalled,
none fails, and each card ends as head office's state with this register's receipts over
it, also for cards whose new state arrives in the very pull the receipts land in."""
import subprocess
import threading

from kopilka_harness import ean13, request
from sync_harness import AT, AT_Q, CASHBACK, SyncCase, sale

CHUNKS = 4
CARDS_PER_CHUNK = 1000
HOT = [ean13(900000 + i) for i in range(6)]  # known before, changed at head office during the feed


class CashierDuringPullTest(SyncCase):

    def office_points(self, card, adjust_id, points):
        status, body = self.office.admin("POST", f"/v1/admin/cards/{card}/points",
                                         {"adjust_id": adjust_id, "points": points, "reason": "перенос",
                                          "at": AT})
        self.assertEqual(status, 200, body)

    def card_at(self, port, token, card):
        status, body = request(port, "GET", f"/v1/cards/{card}?at={AT_Q}", token=token)
        self.assertEqual(status, 200, body)
        return body["points"]["balance"], body["spent"]

    def import_cards(self, first, count):
        csv = self.office.dir / f"cards-{first}.csv"
        csv.write_text("number,name\n" + "".join(f"{ean13(first + i)},Покупатель {i}\n" for i in range(count)),
                       encoding="utf-8")
        out = subprocess.run([self.office.binary, "import", "cards", str(csv), "--config",
                              str(self.office.config_path)], capture_output=True, text=True, timeout=300)
        self.assertEqual(out.returncode, 0, out.stderr)

    def test_receipts_confirmed_while_a_large_pull_is_applied_are_all_kept(self):
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)
        for i, card in enumerate(HOT):
            status, body = self.office.admin("PUT", f"/v1/admin/cards/{card}",
                                             {"customer": {"id": f"h-{i}", "name": "Анна"}})
            self.assertEqual(status, 201, body)
            self.office_points(card, f"A-{i}", 1000 + i)
        d = self.register("Касса 1")
        s = self.sync(d)
        self.assertEqual((s["sync"], s["pulled"]), ("ok", 1 + len(HOT)), s)
        # The feed: chunks of new cards, the hot cards changed again between them, so their
        # new states come in different slices of the pull.
        for chunk in range(CHUNKS):
            self.import_cards(100000 + chunk * CARDS_PER_CHUNK, CARDS_PER_CHUNK)
            for i, card in enumerate(HOT):
                self.office_points(card, f"B-{chunk}-{i}", 10 * (chunk + 1))

        result = {}
        sync = threading.Thread(target=lambda: result.update(self.sync(d)))
        sync.start()
        # Receipts from the moment the run has begun: it pushes only what was pending then.
        while not d.admin("GET", "/v1/admin/sync")[1]["running"]:
            self.assertTrue(sync.is_alive(), result)
        confirmed = {}  # card -> [(points_accrued, price)]
        during = 0
        n = 0
        while sync.is_alive() or n < len(HOT):
            card = HOT[n % len(HOT)]
            price = 10000 + 100 * n
            status, r = d.pos("POST", "/v1/receipts/confirm", sale(f"R-{n}", card=card, price=price))
            self.assertEqual(status, 200, r)
            confirmed.setdefault(card, []).append((r["points_accrued"], price))
            if sync.is_alive():
                during += 1
            n += 1
        sync.join()
        self.assertEqual(result["sync"], "ok", result)
        self.assertLessEqual(result["pending"], n, result)  # the last ones may come after its end
        self.assertEqual(result["pulled"], CHUNKS * (CARDS_PER_CHUNK + len(HOT)) - (CHUNKS - 1) * len(HOT))
        self.assertGreater(during, 5)  # the receipts did land during the pull
        # Every receipt is journalled, pending.
        status, health = request(d.port, "GET", "/v1/health")
        self.assertEqual(health["pending"], n)
        # Each hot card is head office's state plus this register's receipts over it.
        office_before = {}
        for card in HOT:
            office = self.card_at(self.office.port, "admin-token-for-tests-0001", card)
            office_before[card] = office
            accrued = sum(p for p, _ in confirmed[card])
            spent = sum(price for _, price in confirmed[card])
            self.assertEqual(self.card_at(d.port, "pos-token-for-tests-0001", card),
                             (office[0] + accrued, office[1] + spent), card)
        self.assertEqual(office_before[HOT[1]], (1001 + 100, 0))
        # The next sync hands them to head office: both ends then agree, nothing doubled.
        entries_before = self.office_entries()[0]
        s = self.sync(d)
        self.assertEqual((s["sync"], s["pushed"], s["pending"]), ("ok", n, 0), s)
        for card in HOT:
            office = self.card_at(self.office.port, "admin-token-for-tests-0001", card)
            accrued = sum(p for p, _ in confirmed[card])
            spent = sum(price for _, price in confirmed[card])
            self.assertEqual(office, (office_before[card][0] + accrued, office_before[card][1] + spent), card)
            self.assertEqual(self.card_at(d.port, "pos-token-for-tests-0001", card), office, card)
        self.assertEqual(self.office_entries(), (entries_before + n, entries_before + n))

