"""Figures measured against kopilka-office: journal entries ingested per second while many
registers push at once (the shift-close storm), and a new register's first sync of every
card, with the office's own pull serving rate beside it."""
import json
import random
import sqlite3
import threading
import time

from figures_register import card_number
from procs import ADMIN_TOKEN, Client, cpu_seconds

BATCH = 500  # docs/sync.md: a register pushes in batches of up to 500


def load_pool(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def push_bodies(register_id, pool, per_register, stamp, offset, cards):
    """A register's shift: real entries from the pool, each moved to a card drawn from the
    whole chain, as the customers of a day are."""
    rng = random.Random(offset)
    bodies, n = [], 0
    while n < per_register:
        entries = []
        for _ in range(min(BATCH, per_register - n)):
            e = pool[(offset + n) % len(pool)]
            card = card_number(1 + rng.randrange(cards))
            entries.append({"id": f"{register_id}:{stamp}{n}", "seq": n + 1, "kind": "receipt",
                            "card": card, "at": e["at"], "receipt_id": f"R-{stamp}-{n}",
                            "effects": dict(e["effects"], card=card), "detail": {}})
            n += 1
        bodies.append(json.dumps({"register_id": register_id, "entries": entries}).encode())
    return bodies


def ingest(port, credentials, pool, registers, per_register, stamp, cards, office_pid):
    """`registers` clients push `per_register` entries each, all starting together. Beside
    the rate, the office's own CPU time per entry (the clients share the machine)."""
    creds = credentials[:registers]
    work = [(rid, cred, push_bodies(rid, pool, per_register, stamp, i * 7919, cards))
            for i, (rid, cred) in enumerate(creds)]
    barrier = threading.Barrier(len(work) + 1)
    errors = []

    def register(rid, cred, bodies):
        try:
            c = Client(port, cred, timeout=600)
            barrier.wait()
            for b in bodies:
                status, text = c.call("POST", "/v1/sync/push", raw=b,
                                      headers={"Kopilka-Protocol": "1"})
                if status != 200:
                    errors.append(f"{rid}: {status} {text[:200]}")
                    return
            c.close()
        except Exception as e:  # a failed client is reported, not hidden
            errors.append(f"{rid}: {e}")

    threads = [threading.Thread(target=register, args=w) for w in work]
    for t in threads:
        t.start()
    barrier.wait()
    t0, cpu0 = time.perf_counter(), cpu_seconds(office_pid)
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds(office_pid) - cpu0
    if errors:
        raise RuntimeError("push failed: " + "; ".join(errors[:5]))
    total = registers * per_register
    return {"registers": registers, "entries": total, "seconds": round(seconds, 3),
            "per_s": round(total / seconds), "office_cpu_us_per_entry": round(cpu / total * 1e6, 1)}


def sqlite_insert_limit(directory, pool, n):
    """The same rows inserted straight into SQLite in one transaction with one fsync, on the
    same disk: what storage alone allows, with no HTTP, parsing or card updates."""
    path = f"{directory}/insert-limit.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, card TEXT, body TEXT) WITHOUT ROWID")
    rows = [(f"x:{i}", pool[i % len(pool)]["card"], json.dumps(pool[i % len(pool)]))
            for i in range(n)]
    t0 = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO entries VALUES (?, ?, ?)", rows)
    db.execute("COMMIT")
    seconds = time.perf_counter() - t0
    db.close()
    for suffix in ("", "-wal", "-shm"):
        try:
            import os
            os.unlink(path + suffix)
        except OSError:
            pass
    return round(n / seconds)


def pull_all(port, credential, limit=1000):
    """The office serving every change in pages over one connection: the first sync's floor."""
    c = Client(port, credential, timeout=600)
    after, changes, pages = 0, 0, 0
    t0 = time.perf_counter()
    while True:
        status, text = c.call("GET", f"/v1/sync/pull?after={after}&limit={limit}",
                              headers={"Kopilka-Protocol": "1"})
        if status != 200:
            raise RuntimeError(f"pull answered {status}: {text[:200]}")
        page = json.loads(text)
        changes += len(page["changes"])
        pages += 1
        after = page["next"]
        if not page["more"]:
            break
    seconds = time.perf_counter() - t0
    c.close()
    return {"changes": changes, "pages": pages, "seconds": round(seconds, 3)}


def first_sync(daemon_port, timeout=3600):
    """POST /v1/admin/sync on a freshly enrolled register: push nothing, pull everything."""
    c = Client(daemon_port, ADMIN_TOKEN, timeout=timeout)
    t0 = time.perf_counter()
    status, text = c.call("POST", "/v1/admin/sync", body={})
    seconds = time.perf_counter() - t0
    c.close()
    body = json.loads(text)
    if status != 200 or body.get("sync") != "ok":
        raise RuntimeError(f"first sync: {status} {text[:300]}")
    return {"seconds": round(seconds, 3), "pulled": body.get("pulled")}
