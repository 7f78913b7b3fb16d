"""Crash reliability of kopilka-office: registers push journal entries while a driver kills
head office with SIGKILL at random moments and starts it again (20 kills in CI, 200 with
KOPILKA_SOAK=1). Afterwards every entry a register was told was acknowledged is there
exactly once and every card equals the sum of its entries. Prints one "figures:" line
that docs/reliability.md quotes."""
import os
import random
import threading
import time
import unittest

from kopilka_harness import Office, request
from crash_harness import AT, CARDS, Killer, assert_no_sanitizer_report, kills, read_db


def entry(register_id, seq, rng):
    card = rng.choice(CARDS)
    points = rng.randint(1, 500)
    spent = rng.randint(1, 1000) * 100
    return {"id": f"{register_id}:{seq}", "seq": seq, "kind": "receipt", "at": AT,
            "effects": {"card": card, "spent_delta": spent, "purchases_delta": 1,
                        "new_lots": [{"id": "0", "program": "cashback", "earned_day": "2026-11-24",
                                      "usable_from": "2026-11-24", "last_day": None, "points": points}]}}


class OfficeCrashTest(unittest.TestCase):
    def push(self, o, cred, entries, timeout=10):
        return request(o.port, "POST", "/v1/sync/push", {"entries": entries}, token=cred,
                       headers={"Kopilka-Protocol": "1"}, timeout=timeout)

    def register_client(self, o, rid, cred, rng, stop, state, lock):
        """One register: journals entries and pushes what head office has not acknowledged,
        in batches that sometimes resend acknowledged ones; a push cut off by a kill is
        simply pushed again."""
        seq = 0
        pending, acked = [], state["acked"]
        while not stop.is_set():
            for _ in range(rng.randint(1, 15)):
                seq += 1
                e = entry(rid, seq, rng)
                pending.append(e)
                with lock:
                    state["entries"][e["id"]] = e
            batch = list(pending)
            with lock:
                if acked and rng.random() < 0.3:
                    batch += [state["entries"][i] for i in rng.sample(sorted(acked), min(5, len(acked)))
                              if i.startswith(rid + ":")]
            rng.shuffle(batch)
            try:
                status, body = self.push(o, cred, batch)
            except OSError:
                with lock:
                    state["interrupted"] += 1
                time.sleep(0.05)
                continue
            self.assertEqual(status, 200, body)
            self.assertEqual(sorted(body["acked"]), sorted(e["id"] for e in batch))
            with lock:
                state["pushes"] += 1
                acked.update(body["acked"])
            pending = []

    def test_kill9_during_push_ingest_applies_each_entry_once(self):
        seed = int(os.environ.get("KOPILKA_SEED", time.time()))
        rng = random.Random(seed)
        count = kills(20, 200)
        with Office() as o:
            registers = []
            for n in range(2):
                registers.append(o.enroll(f"Till {n}"))
            state = {"entries": {}, "acked": set(), "pushes": 0, "interrupted": 0}
            lock = threading.Lock()
            stop = threading.Event()
            errors = []

            def client(n):
                try:
                    self.register_client(o, *registers[n], random.Random(seed + n), stop, state, lock)
                except BaseException as e:
                    errors.append(e)
                    stop.set()
            threads = [threading.Thread(target=client, args=(n,)) for n in range(len(registers))]
            killer = Killer(o, count, rng)
            killer.alongside(threads, stop, errors)
            self.assertEqual(killer.done, count)

            # Every register pushes what it still holds; then a replay of everything
            # applies nothing new.
            for rid, cred in registers:
                mine = [e for i, e in state["entries"].items() if i.startswith(rid + ":")]
                left = [e for e in mine if e["id"] not in state["acked"]]
                if left:
                    status, body = self.push(o, cred, left)
                    self.assertEqual(status, 200, body)
                status, body = self.push(o, cred, mine[:2000])
                self.assertEqual((status, body["applied"]), (200, 0), body)

            db = o.dir / "office-data" / "office.db"
            self.assertEqual(read_db(db, "PRAGMA integrity_check"), [("ok",)])
            stored = sorted(r[0] for r in read_db(db, "SELECT id FROM entries"))
            self.assertEqual(stored, sorted(state["entries"]))
            for card in CARDS:
                mine = [e for e in state["entries"].values() if e["effects"]["card"] == card]
                status, view = o.admin("GET", f"/v1/cards/{card}?at=2026-11-25T12:00:00Z")
                self.assertEqual(status, 200, view)
                self.assertEqual(view["points"]["balance"],
                                 sum(e["effects"]["new_lots"][0]["points"] for e in mine), card)
                self.assertEqual(view["spent"], sum(e["effects"]["spent_delta"] for e in mine), card)
            assert_no_sanitizer_report(self, o)
            print(f"\nfigures: kopilka-office seed={seed} kills={killer.done} pushes={state['pushes']} "
                  f"interrupted={state['interrupted']} entries={len(state['entries'])} lost=0 doubled=0",
                  flush=True)


if __name__ == "__main__":
    unittest.main()
