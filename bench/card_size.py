#!/usr/bin/env python3
"""Card size: kopilka-bench-card-size (a card after 10 and after 1 000 receipts, folded and
unfolded: state bytes and the card work of one confirm), then head office's push ingest over
several shift-close storms on one generated chain, with the card documents' average and
largest size after each storm (on a build before folding, they grew storm after storm).
Writes bench/results/card_size.json. Not part of CTest; see docs/benchmarks.md."""
import argparse
import json
import pathlib
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import figures_office as fo  # noqa: E402
from procs import Server, free_port, office_config  # noqa: E402

SOURCE = pathlib.Path(__file__).resolve().parent.parent


def log(msg):
    print(f"[card_size {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def documents(db):
    with sqlite3.connect(db) as c:
        avg, top, n = c.execute("SELECT avg(length(state)), max(length(state)), count(*) FROM cards").fetchone()
    return {"cards": n, "avg_bytes": round(avg), "max_bytes": top}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=str(SOURCE / "build" / "release"))
    ap.add_argument("--cards", type=int, default=20000)
    ap.add_argument("--entries", type=int, default=50000)
    ap.add_argument("--registers", type=int, default=200)
    ap.add_argument("--per-register", type=int, default=50)
    ap.add_argument("--storms", type=int, default=6)
    ap.add_argument("--out", default=str(SOURCE / "bench" / "results" / "card_size.json"))
    a = ap.parse_args()
    bin_dir = pathlib.Path(a.build_dir)
    out = subprocess.run([bin_dir / "bench" / "kopilka-bench-card-size"], check=True,
                         capture_output=True, text=True)
    results = {"card": json.loads(out.stdout)}
    log(f"card: {results['card']}")
    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(tmp)
        creds_path, pool_path = d / "credentials.txt", d / "pool.jsonl"
        subprocess.run([bin_dir / "bench" / "kopilka-bench-gen", "office", "--dir", d / "office-data",
                        "--cards", str(a.cards), "--programs", "30", "--entries", str(a.entries),
                        "--registers", str(a.registers), "--credentials", creds_path,
                        "--pool", pool_path, "--pool-size", "500"], check=True, stdout=sys.stderr)
        credentials = [tuple(line.split()) for line in creds_path.read_text().splitlines()]
        pool = fo.load_pool(pool_path)
        port = free_port()
        office_config(d / "office.toml", port, d / "office-data")
        office = Server(bin_dir / "office" / "kopilka-office", d / "office.toml", port,
                        d / "office.log").start()
        storms = []
        try:
            before = documents(d / "office-data" / "office.db")
            for i in range(a.storms):
                r = fo.ingest(port, credentials, pool, a.registers, a.per_register, f"c{i}-",
                              a.cards, office.proc.pid)
                r["documents_after"] = documents(d / "office-data" / "office.db")
                log(f"storm {i + 1}: {r}")
                storms.append(r)
        finally:
            office.stop()
    results["office"] = {"cards": a.cards, "generated_entries": a.entries,
                         "documents_before": before, "storms": storms}
    pathlib.Path(a.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
