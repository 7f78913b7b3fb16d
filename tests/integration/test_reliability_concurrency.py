"""Concurrency: POS requests, scanner events and sync with head office all at once against
one kopilkad. kopilkad serves everything on one event loop; only the network calls of a sync
run on a worker thread, so the test is meant to be run on a ThreadSanitizer build too
(scripts/soak.sh does): a data race makes the sanitizer report and the daemon exit non-zero.

While two POS clients confirm and refund, a scanner sends cards, a long poll reads events,
head office changes a program and shift closes sync on demand; afterwards the events are
numbered without gaps or repeats, every journal entry reached head office once, and each
card's balance is the same at the register and at head office.
CI runs 20 s (10 s under the sanitizers); KOPILKA_SOAK=1 runs 5 minutes."""
import os
import random
import signal
import threading
import time
import unittest

from kopilka_harness import SANITIZED, Daemon, Office, enroll
from pty_harness import PtyPair, needs_socat

SOAK = os.environ.get("KOPILKA_SOAK", "") not in ("", "0")
SECONDS = int(os.environ.get("KOPILKA_CONCURRENCY_SECONDS", 300 if SOAK else (10 if SANITIZED else 20)))
AT = "2026-11-24T12:00:00+03:00"
CARDS = ["2000000000015", "2000000000022", "2000000000039"]


@needs_socat
class ConcurrencyTest(unittest.TestCase):
    def setUp(self):
        self.cable = PtyPair.for_test(self)
        self.office = Office().started_for(self)
        self.d = Daemon(extra_config=f'[[scanner]]\nname = "front"\nport = "{self.cable.a}"\nbaud = 9600\n'
                                     'repeat_window = "0ms"\n')
        self.d.started_for(self)

    def test_pos_scanner_and_sync_together(self):
        rng = random.Random(int(os.environ.get("KOPILKA_SEED", time.time())))
        for card in CARDS:
            self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{card}", {"status": "active"})[0], 201)
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback",
                                           {"id": "cashback", "name": "К", "kind": "bonus", "percent": 10})[0], 201)
        enroll(self.office, self.d, "Till 1", sync_interval="10s",
               config=f'[[scanner]]\nname = "front"\nport = "{self.cable.a}"\nbaud = 9600\nrepeat_window = "0ms"\n')
        self.assertEqual(self.d.pos("POST", "/v1/shift/close", {"shift_id": "S-0"})[1]["sync"], "ok")

        stop = threading.Event()
        errors = []
        stats = {"receipts": 0, "refunds": 0, "scans": 0, "events": 0, "syncs": 0, "program_changes": 0}
        events = []

        def guarded(fn):
            def run():
                try:
                    fn()
                except BaseException as e:
                    errors.append(e)
                    stop.set()
            return threading.Thread(target=run)

        def pos(name):
            def loop():
                i = 0
                while not stop.is_set():
                    i += 1
                    rid = f"{name}-{i}"
                    body = {"receipt_id": rid, "at": AT, "card": rng.choice(CARDS),
                            "lines": [{"line": 1, "qty": 2, "price": rng.choice([10000, 45000])}]}
                    status, answer = self.d.pos("POST", "/v1/receipts/confirm", body)
                    self.assertEqual(status, 200, answer)
                    stats["receipts"] += 1
                    if i % 4 == 0:
                        status, answer = self.d.pos("POST", f"/v1/receipts/{rid}/refund",
                                                    {"refund_id": f"RF-{rid}", "at": AT,
                                                     "lines": [{"line": 1, "qty": 1}]})
                        self.assertEqual(status, 200, answer)
                        stats["refunds"] += 1
            return loop

        def scanner():
            fd = self.cable.open_b()
            try:
                while not stop.is_set():
                    os.write(fd, f"{rng.choice(CARDS)}\r".encode())
                    stats["scans"] += 1
                    time.sleep(0.05)
            finally:
                os.close(fd)

        def poll():
            after = 0
            while not stop.is_set():
                status, body = self.d.pos("GET", f"/v1/events?after={after}&wait=1")
                self.assertEqual(status, 200, body)
                events.extend(body["events"])
                if body["events"]:
                    after = body["events"][-1]["seq"]

        def sync():
            n = 0
            while not stop.is_set():
                n += 1
                if n % 3 == 0:
                    status, _ = self.office.admin("PUT", "/v1/admin/programs/cashback",
                                                  {"id": "cashback", "name": f"К {n}", "kind": "bonus",
                                                   "percent": 10})
                    self.assertEqual(status, 200)
                    stats["program_changes"] += 1
                status, body = self.d.pos("POST", "/v1/shift/close", {"shift_id": f"S-{n}"})
                self.assertEqual(status, 200, body)
                self.assertEqual(body["sync"], "ok", body)
                stats["syncs"] += 1
                self.assertEqual(self.d.admin("GET", "/v1/admin/sync")[0], 200)

        threads = [guarded(pos("P1")), guarded(pos("P2")), guarded(scanner), guarded(poll), guarded(sync)]
        for t in threads:
            t.start()
        deadline = time.time() + SECONDS
        while time.time() < deadline and not errors:
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]

        # Events: numbered 1, 2, 3… with no gap and no repeat, every scan a known card.
        seqs = [e["seq"] for e in events]
        self.assertEqual(seqs, list(range(seqs[0], seqs[0] + len(seqs))))
        scanned = [e for e in events if e["type"] == "card_scanned"]
        self.assertGreater(len(scanned), 0)
        self.assertTrue(all(e["card"] in CARDS and e["known"] for e in scanned))
        stats["events"] = len(events)

        # Everything reached head office once; the balances agree.
        body = self.d.pos("POST", "/v1/shift/close", {"shift_id": "S-last"})[1]
        self.assertEqual((body["sync"], body["pending"]), ("ok", 0), body)
        self.assertEqual(self.office.admin("GET", "/v1/admin/programs/cashback")[1]["name"],
                         self.d.admin("GET", "/v1/admin/programs/cashback")[1]["name"])
        for card in CARDS:
            here = self.d.pos("GET", f"/v1/cards/{card}?at=2026-11-25T12:00:00Z")[1]
            there = self.office.admin("GET", f"/v1/cards/{card}?at=2026-11-25T12:00:00Z")[1]
            self.assertEqual((here["points"]["balance"], here["spent"]),
                             (there["points"]["balance"], there["spent"]), card)
        self.assertEqual(self.d.stop(signal.SIGTERM), 0, self.d.log()[-3000:])
        self.assertNotIn("WARNING: ThreadSanitizer", self.d.log())
        print("\nfigures: concurrency seconds=%d %s" % (SECONDS, " ".join(f"{k}={v}" for k, v in stats.items())),
              flush=True)


if __name__ == "__main__":
    unittest.main()
