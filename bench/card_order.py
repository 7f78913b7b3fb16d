#!/usr/bin/env python3
"""Card order: what a first sync's card order costs SQLite alone (docs/benchmarks.md,
"Results on this machine"). The register's `cards` table as it is (WITHOUT ROWID, keyed by
card number, rows of about 800 bytes), WAL and synchronous=FULL as kopilkad opens it, filled
with N cards in transactions of 1 000 (a pulled page):

  ordered  the cards in number order, as a freshly generated office's feed has them;
  direct   the cards in random number order, each page upserted as it comes (what the
           register does today with a real chain's feed);
  staged   the same random pages appended to a staging table, then one upsert into `cards`
           in number order at the end.

  python3 bench/card_order.py --cards 1000000 --out bench/results/card_order.json

Not part of CTest; a run at 1 000 000 cards takes about six minutes here.
"""
import argparse
import json
import os
import random
import sqlite3
import tempfile
import time

STATE = "x" * 800
PAGE = 1000
UPSERT = ("INSERT INTO cards VALUES (?, NULL, ?, 0) "
          "ON CONFLICT(number) DO UPDATE SET state = excluded.state")


def fresh(path):
    for f in (path, path + "-wal", path + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE cards (number TEXT PRIMARY KEY, phone TEXT, state TEXT NOT NULL, "
               "updated INTEGER NOT NULL) WITHOUT ROWID")
    return db


def in_pages(db, sql, rows):
    for k in range(0, len(rows), PAGE):
        db.execute("BEGIN")
        db.executemany(sql, rows[k:k + PAGE])
        db.execute("COMMIT")


def run(path, numbers, how):
    db = fresh(path)
    t0 = time.perf_counter()
    if how == "staged":
        db.execute("CREATE TEMP TABLE staged (number TEXT, state TEXT)")
        in_pages(db, "INSERT INTO staged VALUES (?, ?)", [(n, STATE) for n in numbers])
        db.execute("BEGIN")
        db.execute("INSERT INTO cards SELECT number, NULL, state, 0 FROM staged ORDER BY number "
                   "ON CONFLICT(number) DO UPDATE SET state = excluded.state")
        db.execute("COMMIT")
    else:
        in_pages(db, UPSERT, [(n, STATE) for n in numbers])
    seconds = time.perf_counter() - t0
    wal = os.path.getsize(path + "-wal")
    db.close()
    return {"seconds": round(seconds, 1), "us_per_card": round(seconds / len(numbers) * 1e6, 1),
            "wal_bytes": wal}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=100000)
    ap.add_argument("--out")
    args = ap.parse_args()
    numbers = ["%013d" % (2000000000000 + i * 7) for i in range(args.cards)]
    shuffled = numbers[:]
    random.Random(1).shuffle(shuffled)
    out = {"cards": args.cards, "page": PAGE, "load_average_start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="kopilka-card-order-") as d:
        path = os.path.join(d, "cards.db")
        out["ordered"] = run(path, numbers, "ordered")
        out["staged"] = run(path, shuffled, "staged")
        out["direct"] = run(path, shuffled, "direct")
    out["load_average_end"] = os.getloadavg()
    print(json.dumps(out))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(out, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
