"""A soak of head office on PostgreSQL: several registers (protocol-level clients, as in
test_office_pg.py) push receipts on a few shared cards concurrently through two
kopilka-office processes on one database, sometimes sending a batch again to the other
process (an answer lost on the way), and pull alternately from both. At the end every
register's copy of every card equals head office's, and every entry is applied exactly once.
A register with no cursor pulls a snapshot in card order first (docs/sync.md "First sync: a
snapshot"), and half the registers start over with one every few pulls while the others
push, so a snapshot begun on one process and finished on the other misses nothing.

It runs for KOPILKA_SOAK_SECONDS (default 20 for CI; 600 under KOPILKA_SOAK=1, as
scripts/soak.sh runs it); a longer run by hand, e.g. before a release:
    KOPILKA_SOAK_SECONDS=3600 python3 -m unittest -v test_office_pg_soak
Skipped, saying so, where PostgreSQL is not installed."""
import json
import os
import random
import sys
import threading
import time
import unittest
import urllib.request

import pg_cluster
from kopilka_harness import Office
from test_office_ops import entry

CLUSTER = None
CARDS = [f"20000000001{n:02d}" for n in range(6)]
REGISTERS = 6


def setUpModule():
    global CLUSTER
    if pg_cluster.pg_bin_dir() is None:
        raise unittest.SkipTest("no PostgreSQL binaries (apt install postgresql, scripts/setup.sh)")
    CLUSTER = pg_cluster.shared_cluster()


class Register:
    """What a register keeps of the protocol: its entries, its cursor and its copy of cards."""

    def __init__(self, offices, register_id, credential, seed):
        self.offices = offices
        self.id = register_id
        self.credential = credential
        self.random = random.Random(seed)
        self.next_seq = 1
        self.entries = {}  # entry id -> (card, points)
        self.applied = 0  # `applied` summed over every answer
        self.cursor = 0
        self.cards = {}
        self.pulls = 0
        self.restarts = seed % 2 == 1  # starts over with a snapshot every fourth pull
        self.retries = 0
        self.errors = []

    def push(self):
        batch = []
        for _ in range(self.random.randint(1, 20)):
            card, points = self.random.choice(CARDS), self.random.randint(1, 50)
            batch.append(entry(self.id, self.next_seq, card, points, spent=points * 100))
            self.entries[batch[-1]["id"]] = (card, points)
            self.next_seq += 1
        first = self.random.randrange(2)
        # One in four batches goes to the other process too, as a register resending after
        # a lost answer does; exactly-once must hold across them.
        targets = [first, 1 - first] if self.random.random() < 0.25 else [first]
        for t in targets:
            while True:
                status, body = self.offices[t].sync("POST", "/v1/sync/push", self.credential,
                                                    {"entries": batch})
                if status == 503 and self.retries < 100:  # the register sends it again
                    self.retries += 1
                    time.sleep(0.05)
                    continue
                if status != 200 or body["refused"] or len(body["acked"]) != len(batch):
                    self.errors.append(("push", status, body))
                    return
                self.applied += body["applied"]
                break

    def snapshot_text(self, office, query):
        req = urllib.request.Request(f"http://127.0.0.1:{office.port}/v1/sync/pull?{query}")
        req.add_header("Authorization", f"Bearer {self.credential}")
        req.add_header("Kopilka-Protocol", "1")
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.read().decode()

    def snapshot(self):
        """Starts over as a new register does: a snapshot in card order, pages from both
        processes in turn, then the cursor at the snapshot's number."""
        self.cards, place, page_no = {}, "snapshot=0", 0
        while True:
            office = self.offices[(self.pulls + page_no) % 2]
            page_no += 1
            lines = self.snapshot_text(office, f"after=0&limit=2&format=2&{place}").split("\n")
            head = json.loads(lines[0])
            numbers = []
            for line in lines[1:-1]:
                if line.startswith("card\t"):
                    _, _, number, state = line.split("\t", 3)
                    numbers.append(number)
                    self.cards[number] = json.loads(state)
            if numbers != sorted(numbers) or (place != "snapshot=0" and numbers and numbers[0] <= last):
                self.errors.append(("a snapshot out of card order", place, numbers))
            if "card_after" not in head:
                self.cursor = head["next"]
                return
            last = head["card_after"]
            place = f"snapshot={head['snapshot']}&card_after={last}"

    def pull(self):
        """Pulls until the feed has no more, from the next process in turn."""
        if self.cursor == 0 or (self.restarts and self.pulls % 4 == 3):
            self.snapshot()
        office = self.offices[self.pulls % 2]
        self.pulls += 1
        while True:
            status, page = office.sync("GET", f"/v1/sync/pull?after={self.cursor}&limit=50",
                                       self.credential)
            if status != 200:
                self.errors.append(("pull", status, page))
                return
            for change in page["changes"]:
                if change["seq"] <= self.cursor:
                    self.errors.append(("a change at or below the cursor", self.cursor, change))
                self.cursor = change["seq"]
                if change["type"] == "card":
                    old = self.cards.get(change["number"], {"purchases": 0})
                    if change["state"]["purchases"] < old["purchases"]:
                        self.errors.append(("a card's state went back", old, change))
                    self.cards[change["number"]] = change["state"]
            if page["next"] < self.cursor:
                self.errors.append(("the cursor went back", self.cursor, page["next"]))
            self.cursor = page["next"]
            if not page["more"]:
                break
        # Its own acknowledged receipts are committed, so the pull has brought them.
        for card in CARDS:
            own = sum(points for (c, points) in self.entries.values() if c == card) * 100
            if self.cards.get(card, {"spent": 0})["spent"] < own:
                self.errors.append(("a pull missed this register's own receipts", card, own))

    def run(self, until):
        try:
            while time.time() < until and not self.errors:
                self.push()
                self.pull()
        except Exception as e:  # a dead connection fails the test with what it was
            self.errors.append(("exception", repr(e)))


class Soak(unittest.TestCase):
    def test_registers_through_two_processes_end_with_head_office_s_cards(self):
        seconds = float(os.environ.get("KOPILKA_SOAK_SECONDS",
                                       "600" if os.environ.get("KOPILKA_SOAK") else "20"))
        url = pg_cluster.fresh_database(CLUSTER)
        a = Office(storage_url=url).started_for(self)
        b = Office(storage_url=url).started_for(self)
        registers = []
        for n in range(REGISTERS):
            rid, cred = (a, b)[n % 2].enroll(f"Till {n}")
            registers.append(Register((a, b), rid, cred, seed=n))
        until = time.time() + seconds
        threads = [threading.Thread(target=r.run, args=(until,)) for r in registers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for r in registers:
            self.assertEqual(r.errors, [], r.id)
            r.pull()
            r.pull()  # once from each process after the last push
            self.assertEqual(r.errors, [], r.id)

        entries = {}
        for r in registers:
            entries.update(r.entries)
        self.assertGreater(len(entries), 100 * seconds / 20)  # it did push
        # Exactly once: the answers' applied counts, the entries table and the cards agree.
        self.assertEqual(sum(r.applied for r in registers), len(entries))
        database = url.rsplit("/", 1)[1]
        self.assertEqual(int(CLUSTER.psql("SELECT count(*) FROM entries", database)), len(entries))
        head = {}
        for o in (a, b):
            status, page = o.sync("GET", "/v1/sync/pull?after=0&limit=500", registers[0].credential)
            self.assertEqual((status, page["more"]), (200, False))
            head[o.port] = {c["number"]: c["state"] for c in page["changes"] if c["type"] == "card"}
        self.assertEqual(head[a.port], head[b.port])
        head = head[a.port]
        for card in CARDS:
            mine = [points for (c, points) in entries.values() if c == card]
            self.assertEqual(head[card]["spent"], sum(mine) * 100, card)
            self.assertEqual(head[card]["purchases"], len(mine), card)
            status, view = a.admin("GET", f"/v1/cards/{card}?at=2026-11-25T12:00:00Z")
            self.assertEqual((status, view["points"]["balance"]), (200, sum(mine)), card)
        # Every register's copy of every card is head office's.
        for r in registers:
            self.assertEqual(r.cards, head, r.id)
        print(f"\nfigures: office on PostgreSQL, {seconds:.0f} s, {len(registers)} registers, {len(entries)} entries, "
              f"{sum(r.pulls for r in registers)} pulls, {sum(r.retries for r in registers)} "
              "pushes sent again after 503", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
