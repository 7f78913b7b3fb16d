"""Crash reliability of kopilkad: POS clients confirm, refund and cancel receipts while a
driver kills the server with SIGKILL at random moments and starts it again. Afterwards every
receipt, refund and cancellation the client was told "ok" is there exactly once, nothing
only calculated or refused is, a replay changes nothing, and every card's balance and spent
equal the sums of its ledger (the journal, and the stored answers).

A second test kills kopilkad in the middle of the shift-close backup: only whole backups
may be left. Kills: 30 for kopilkad and 8 during backups in CI (a third of that under the
sanitizers); KOPILKA_SOAK=1 raises them to 300 and 60 (or KOPILKA_KILLS=N for all). Head
office: test_reliability_crash_office.py. Each test prints one "figures:" line that
docs/reliability.md quotes."""
import json
import os
import random
import threading
import time
import unittest

from kopilka_harness import SANITIZED, Daemon, request
from crash_harness import AT, CARDS, START_POINTS, Killer, assert_no_sanitizer_report, kills, read_db, until_answered


class DaemonCrashTest(unittest.TestCase):
    def sale(self, rid, card, rng):
        lines = [{"line": n, "sku": f"S-{n}", "category": rng.choice(["cosmetics", "haircut", "tobacco"]),
                  "qty": rng.choice([1, 2, 3, "0.5"]), "price": rng.choice([9900, 45000, 150000])}
                 for n in range(1, rng.randint(1, 3) + 1)]
        body = {"receipt_id": rid, "at": AT, "lines": lines}
        if card:
            body["card"] = card
            if rng.random() < 0.4:
                body["redeem_points"] = rng.choice(["max", 50, 300])
        return body

    def pos_client(self, d, name, rng, stop, state, lock):
        """One POS: sells, calculates without confirming, refunds and cancels; retries a
        request cut off by a kill, except that it sometimes gives up on a confirm (sells
        without loyalty) and never sends it again."""
        i = 0
        stats = state["stats"]
        while not stop.is_set():
            i += 1
            rid = f"{name}-{i}"
            roll = rng.random()
            with lock:
                done = [r for r, v in state["receipts"].items() if v["status"] == "ok" and not v["cancelled"]]
            if roll < 0.15:
                status, _ = until_answered(lambda: d.pos("POST", "/v1/receipts/calculate",
                                                         self.sale(rid, rng.choice(CARDS), rng), timeout=10), stats)
                with lock:
                    state["calculated"].append(rid)
            elif roll < 0.30 and done:
                target = rng.choice(done)
                body = {"refund_id": f"RF-{rid}", "at": AT, "lines": [{"line": 1, "qty": "0.5"}]}
                status, ans = until_answered(lambda: d.pos("POST", f"/v1/receipts/{target}/refund", body,
                                                           timeout=10), stats)
                with lock:
                    stats["refunds"] += 1
                    if status == 200:
                        state["refunds"].setdefault(target, []).append(body["refund_id"])
                    else:
                        self.assertEqual((status, ans["error"]["code"]), (422, "refund_exceeds_sale"), ans)
            elif roll < 0.38 and done:
                target = rng.choice(done)
                status, ans = until_answered(lambda: d.pos("POST", f"/v1/receipts/{target}/cancel", {"at": AT},
                                                           timeout=10), stats)
                self.assertEqual(status, 200, ans)
                with lock:
                    stats["cancels"] += 1
                    state["receipts"][target]["cancelled"] = True
            else:
                card = rng.choice(CARDS + [None])
                body = self.sale(rid, card, rng)
                with lock:
                    state["receipts"][rid] = {"body": body, "status": "sent", "cancelled": False}
                    stats["confirms"] += 1
                while True:
                    try:
                        status, ans = d.pos("POST", "/v1/receipts/confirm", body, timeout=10)
                        break
                    except OSError:
                        stats["interrupted"] += 1
                        if rng.random() < 0.25:
                            status = None  # given up: sold without loyalty
                            break
                        time.sleep(0.05)
                with lock:
                    if status is None:
                        state["receipts"][rid]["status"] = "abandoned"
                    else:
                        self.assertEqual(status, 200, ans)
                        state["receipts"][rid]["status"] = "ok"

    def test_kill9_under_load_loses_nothing_and_doubles_nothing(self):
        seed = int(os.environ.get("KOPILKA_SEED", time.time()))
        rng = random.Random(seed)
        count = kills(30, 300)
        with Daemon() as d:
            self.assertEqual(d.admin("PUT", "/v1/admin/programs/cashback",
                                     {"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10})[0], 201)
            for card in CARDS:
                self.assertEqual(d.admin("PUT", f"/v1/admin/cards/{card}", {"status": "active"})[0], 201)
                self.assertEqual(d.admin("POST", f"/v1/admin/cards/{card}/points",
                                         {"adjust_id": f"A-{card}", "points": START_POINTS, "at": AT})[0], 200)
            state = {"receipts": {}, "calculated": [], "refunds": {},
                     "stats": {"confirms": 0, "refunds": 0, "cancels": 0, "interrupted": 0}}
            lock = threading.Lock()
            stop = threading.Event()
            killer = Killer(d, count, rng)
            clients = [threading.Thread(target=self.pos_client,
                                        args=(d, f"P{n}", random.Random(seed + n), stop, state, lock))
                       for n in range(2)]
            errors = []

            def guarded(t):
                def run():
                    try:
                        t()
                    except BaseException as e:  # surfaced below, not lost in the thread
                        errors.append(e)
                        stop.set()
                return run
            for c in clients:
                c.run = guarded(c.run)
            killer.alongside(clients, stop, errors)
            self.assertEqual(killer.done, count)
            self.verify(d, state)
            assert_no_sanitizer_report(self, d)
            print(f"\nfigures: kopilkad seed={seed} kills={killer.done} "
                  + " ".join(f"{k}={v}" for k, v in state["stats"].items())
                  + f" stored={state['stored']} lost=0 doubled=0", flush=True)

    def verify(self, d, state):
        receipts = state["receipts"]
        ok = [r for r, v in receipts.items() if v["status"] == "ok"]
        self.assertGreater(len(ok), 0)
        for rid in ok:
            self.assertEqual(d.pos("GET", f"/v1/receipts/{rid}")[0], 200, rid)
        for rid in state["calculated"]:
            self.assertEqual(d.pos("GET", f"/v1/receipts/{rid}")[0], 404, rid)
        stored = {}
        for rid in receipts:
            status, body = d.pos("GET", f"/v1/receipts/{rid}")
            if status == 200:
                stored[rid] = body
        state["stored"] = len(stored)
        # Every refund told ok is there once, and nothing else is.
        for rid, body in stored.items():
            got = [r["refund_id"] for r in body["refunds"]]
            refunds = sorted(r for r in got if not r.startswith("cancel:"))
            self.assertEqual(refunds, sorted(state["refunds"].get(rid, [])), rid)
            self.assertEqual(body["cancelled"], receipts[rid]["cancelled"], rid)
            self.assertEqual(got.count(f"cancel:{rid}"), 1 if receipts[rid]["cancelled"] else 0, rid)

        db = d.data_dir / "kopilka.db"
        self.assertEqual(read_db(db, "PRAGMA integrity_check"), [("ok",)])
        # One journal entry per stored receipt, refund and cancel: none lost, none twice.
        entries = {row[0]: row for row in read_db(db, "SELECT entry_id, kind, card, effects FROM journal")}
        rows = read_db(db, "SELECT receipt_id, entry_id, cancel_entry_id FROM receipts")
        self.assertEqual(sorted(r[0] for r in rows), sorted(stored))
        refund_rows = read_db(db, "SELECT entry_id FROM refunds")
        expected = [r[1] for r in rows] + [r[0] for r in refund_rows]
        self.assertEqual(len(expected), len(set(expected)))
        expected = set(expected) | {r[2] for r in rows if r[2]}
        expected |= {e for e, v in entries.items() if v[1] == "adjust"}
        self.assertEqual(sorted(expected), sorted(e for e, v in entries.items() if v[1] != "birthday"))

        for card in CARDS:
            # The ledger: the journal's effects on this card.
            lots = draws = spent = 0
            for _, _, c, effects in entries.values():
                if c != card:
                    continue
                fx = json.loads(effects)
                lots += sum(l["points"] for l in fx.get("new_lots", []))
                draws += sum(x["points"] for x in fx.get("draws", []))
                spent += fx.get("spent_delta", 0)
            # The stored answers the POS was given.
            answered = START_POINTS
            for body in stored.values():
                if body["result"]["card"] == card and body["result"]["loyalty"] == "applied":
                    answered += body["result"]["points_accrued"] - body["result"]["points_redeemed"]
                    answered += body["refunded"]["points_returned"] - body["refunded"]["points_reversed"]
            view = d.pos("GET", f"/v1/cards/{card}?at=2026-11-24T12:00:00%2B03:00")[1]
            self.assertEqual(view["points"]["balance"], lots - draws, card)
            self.assertEqual(view["points"]["balance"], answered, card)
            self.assertEqual(view["spent"], spent, card)

        # Replaying every confirm applies nothing again.
        before = [d.pos("GET", f"/v1/cards/{c}")[1]["points"]["balance"] for c in CARDS]
        for rid in stored:
            status, body = d.pos("POST", "/v1/receipts/confirm", receipts[rid]["body"])
            self.assertEqual((status, body.get("replayed")), (200, True), rid)
        self.assertEqual([d.pos("GET", f"/v1/cards/{c}")[1]["points"]["balance"] for c in CARDS], before)


class BackupCrashTest(unittest.TestCase):
    def test_kill9_during_the_shift_close_backup_leaves_only_whole_backups(self):
        """A shift close makes a backup (VACUUM INTO); a kill in the middle of it must not
        leave a partial file that looks like the newest backup."""
        rng = random.Random(int(os.environ.get("KOPILKA_SEED", time.time())))
        count = kills(8, 60)
        lines = [{"line": n, "qty": 1, "price": 100, "name": "n" * 250} for n in range(1, 200)]
        with Daemon() as d:
            for i in range(60 if SANITIZED else 150):  # a database big enough to take a while to copy
                self.assertEqual(d.pos("POST", "/v1/receipts/confirm", {"receipt_id": f"B-{i}", "lines": lines},
                                       timeout=60)[0], 200)
            backups = d.data_dir / "backups"
            cut = 0
            for k in range(count):
                def close_shift():
                    try:
                        d.pos("POST", "/v1/shift/close", {"shift_id": f"S-{k}"}, timeout=60)
                    except OSError:
                        pass  # killed before it answered
                closer = threading.Thread(target=close_shift)
                closer.start()
                time.sleep(rng.uniform(0.0, 0.4))
                d.kill9()
                closer.join()
                for f in backups.glob("kopilka-*.db"):
                    self.assertEqual(read_db(f, "PRAGMA integrity_check"), [("ok",)], f.name)
                cut += any(backups.glob(".partial-*"))  # this kill landed inside a copy
                d.start()
            self.assertEqual(d.pos("POST", "/v1/shift/close", {"shift_id": "S-last"})[0], 200)
            whole = sorted(backups.glob("kopilka-*.db"))
            self.assertGreaterEqual(len(whole), 1)
            self.assertLessEqual(len(whole), 7)
            self.assertEqual([p.name for p in backups.iterdir() if p not in whole], [])
            for f in whole:
                self.assertEqual(read_db(f, "PRAGMA integrity_check"), [("ok",)], f.name)
            assert_no_sanitizer_report(self, d)
            print(f"\nfigures: backup kills={count} cut_mid_copy={cut} whole_backups={len(whole)} "
                  "partial_left=0", flush=True)
