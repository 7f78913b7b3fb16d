"""What head office's SQLite ingest could reach at best: raw SQL, no HTTP, no JSON, no rules.

`office_ingest_per_s` is judged against inserting entry-shaped rows into an empty table
(figures_pg.sqlite_insert_floor). An ingest that keeps each card's state current must also
rewrite that card's row, a random one of the chain's, with the change number a register's
pull reads it by (sync.md), and keep the entry's id unique (a retried push applies once)
and findable by card. This measures those writes alone, in transactions of 500 as a push
batch, on a chain of `--cards` cards of about a kilobyte and `--entries` stored entries
(synchronous=FULL, WAL, a 64 MiB page cache, as head office runs SQLite):

- `floor`: the bench's floor (figures_pg.sqlite_insert_floor, the same rows);
- `entries`: entries with their id's key and the by-card index, into the chain's table;
- `entries_and_cards`: the same, and each entry's card row rewritten with a new change number;
- `appended_and_cards`: the least any such design writes: entries appended with no index
  at all (no unique id, no history by card), and the card rewritten with its change number.

    python3 bench/ingest_card_floor.py [--cards 1000000] [--entries 1000000] [--n 50000]

Writes bench/results/ingest_card_floor.json (`--out`). It asserts nothing."""
import argparse
import json
import os
import random
import sqlite3
import tempfile
import time

from figures_pg import sqlite_insert_floor

STATE = "x" * 1040  # a card's state: 1 043 bytes on average in the generated chain
BODY = "b" * 600    # an entry's body


def card(i):
    return "2%011d" % i


def build(path, cards, entries, rng):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE cards (number TEXT PRIMARY KEY, phone TEXT, state TEXT NOT NULL, "
               "seq INTEGER NOT NULL)")
    db.execute("CREATE TABLE entries (id TEXT PRIMARY KEY, register_id TEXT NOT NULL, kind TEXT "
               "NOT NULL, card TEXT, at INTEGER NOT NULL, body TEXT NOT NULL, received INTEGER "
               "NOT NULL)")
    db.execute("CREATE TABLE appended (register_id TEXT, kind TEXT, card TEXT, at INTEGER, "
               "body TEXT, received INTEGER)")
    db.execute("BEGIN")
    db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?)",
                   ((card(i), None, STATE, i) for i in range(cards)))
    db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ((f"r-{i % 200:03d}:{i // 200:09d}", f"r-{i % 200:03d}", "receipt",
                     card(rng.randrange(cards)), 1700000000 + i, BODY, 1700000000)
                    for i in range(entries)))
    db.execute("COMMIT")
    db.execute("CREATE INDEX cards_by_seq ON cards(seq)")
    db.execute("CREATE INDEX entries_by_card ON entries(card, at)")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def timed(path, shape, n, cards, rng, seq, tag):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")
    rows = [(f"r-{i % 200:03d}:{tag}{i // 200:09d}", f"r-{i % 200:03d}", "receipt",
             card(rng.randrange(cards)), 1800000000 + i, BODY, 1800000000) for i in range(n)]
    started = time.perf_counter()
    for i in range(0, n, 500):
        chunk = rows[i:i + 500]
        db.execute("BEGIN")
        if shape == "appended_and_cards":
            db.executemany("INSERT INTO appended VALUES (?, ?, ?, ?, ?, ?)",
                           [r[1:] for r in chunk])
        else:
            db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", chunk)
        if shape != "entries":
            ups = []
            for r in chunk:
                seq += 1
                ups.append((STATE, seq, r[3]))
            db.executemany("UPDATE cards SET state = ?, seq = ? WHERE number = ?", ups)
        db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    return round(n / seconds), seq


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=1000000)
    ap.add_argument("--entries", type=int, default=1000000)
    ap.add_argument("--n", type=int, default=50000, help="entries timed in each run")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--dir", default="/var/tmp")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results",
                                                  "ingest_card_floor.json"))
    args = ap.parse_args()
    rng = random.Random(1)
    work = tempfile.mkdtemp(prefix="kopilka-card-floor-", dir=args.dir)
    path = os.path.join(work, "chain.db")
    started = time.perf_counter()
    build(path, args.cards, args.entries, rng)
    built_s = time.perf_counter() - started
    pool = [{"card": card(i), "kind": "receipt", "body": BODY} for i in range(1000)]
    results = {"cards": args.cards, "stored_entries": args.entries, "timed_entries": args.n,
               "built_s": round(built_s, 1), "load_at_start": list(os.getloadavg()),
               "runs": []}
    seq = 10 ** 8
    for run in range(args.runs):
        figures = {"floor": sqlite_insert_floor(work, pool, args.n, 500)}
        for shape in ("entries", "entries_and_cards", "appended_and_cards"):
            figures[shape], seq = timed(path, shape, args.n, args.cards, rng, seq, f"{shape}-{run}-")
        figures["floor_over_entries_and_cards"] = round(figures["floor"] /
                                                        figures["entries_and_cards"], 1)
        figures["floor_over_appended_and_cards"] = round(figures["floor"] /
                                                         figures["appended_and_cards"], 1)
        print(json.dumps(figures), flush=True)
        results["runs"].append(figures)
    results["load_at_end"] = list(os.getloadavg())
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(path + suffix)
        except OSError:
            pass
    os.rmdir(work)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
