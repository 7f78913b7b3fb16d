#!/usr/bin/env python3
"""What keeping the report sums costs the shift-close storm: the storm of bench/run.py
(`office_ingest_per_s`: every register pushing its shift at once over HTTP) into one office
with the sums kept and with them left out (`kopilka-office --benchmark-without-report-sums`),
alternated, on an office holding a year of the chain's journal and of its sums.

    kopilka-bench-gen office --dir W/office-data --cards 1000000 --entries 5000000 \\
        --registers 200 --credentials W/credentials.txt --pool W/pool.jsonl --pool-size 2000
    python3 bench/report_year.py W/office-data/office.db --cards 1000000 --entries 5000000 \\
        --today DAY
    python3 bench/report_storm.py --work W --build-dir build/bench --cards 1000000 --runs 3

Each storm pushes new entries, so the office grows a little from one storm to the next; the
order of the two kinds is swapped every run so that neither always meets the bigger file.
The cost is (time with − time without) ÷ time with, per pair, as kopilka-bench-report
--baseline gives it for the ingest alone.

The pool's entries are dated over the whole year the generator made, so bench/run.py's
storm is a year of late entries arriving at once. `--shift-close` moves each storm's
entries to one day (every date in an entry by the same number of days), each storm a day
before the last one's, from the day before the pool's last: a shift close of the chain,
whose receipts are the day's.
"""
import argparse
import datetime
import json
import os
import pathlib
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figures_office as fo  # noqa: E402
from procs import FIRST_START_S, Server, free_port, office_config  # noqa: E402

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def on_day(pool, day):
    """The pool's entries moved to `day`, every date in each by the same number of days."""
    moved = []
    for e in pool:
        shift = day - datetime.date.fromisoformat(e["at"][:10])
        moved.append(json.loads(DATE.sub(
            lambda m: (datetime.date.fromisoformat(m.group(0)) + shift).isoformat(),
            json.dumps(e))))
    return moved


def storm(bin_dir, work, args, credentials, pool, kept, stamp):
    port = free_port()
    office_config(work / "storm.toml", port, work / "office-data")
    flags = [] if kept else ["--benchmark-without-report-sums"]
    office = Server(bin_dir / "office" / "kopilka-office", work / "storm.toml", port,
                    work / "storm.log", flags).start(timeout=FIRST_START_S)
    try:
        out = fo.ingest(port, credentials, pool, args.registers, args.per_register, stamp,
                        args.cards, office.proc.pid, health=True)
    finally:
        office.stop()
    out["report_sums"] = kept
    out["load_average"] = os.getloadavg()[0]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="the generated office's directory")
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--cards", type=int, default=1000000)
    ap.add_argument("--registers", type=int, default=200)
    ap.add_argument("--per-register", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shift-close", action="store_true",
                    help="each storm's entries on one day, as a chain's shift close")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    work, bin_dir = pathlib.Path(args.work), pathlib.Path(args.build_dir)
    credentials = [tuple(line.split()) for line in
                   (work / "credentials.txt").read_text().splitlines()]
    pool = fo.load_pool(work / "pool.jsonl")
    last_day = max(datetime.date.fromisoformat(e["at"][:10]) for e in pool)
    storms = 0

    def entries():
        nonlocal storms
        storms += 1
        return on_day(pool, last_day - datetime.timedelta(days=storms)) if args.shift_close else pool

    # A first start (the customer index, the integrity check) and a storm that warms the
    # file, neither timed.
    storm(bin_dir, work, args, credentials, entries(), True, f"w{int(time.time())}-")
    runs = []
    for r in range(args.runs):
        pair = {}
        for kept in ((True, False) if r % 2 == 0 else (False, True)):
            s = storm(bin_dir, work, args, credentials, entries(), kept,
                      f"r{int(time.time())}{'k' if kept else 'n'}{r}-")
            print(json.dumps(s), file=sys.stderr, flush=True)
            pair["with" if kept else "without"] = s
        pair["cost_share"] = round(
            (pair["with"]["seconds"] - pair["without"]["seconds"]) / pair["with"]["seconds"], 3)
        pair["cpu_cost_share"] = round(
            (pair["with"]["office_cpu_us_per_entry"] - pair["without"]["office_cpu_us_per_entry"])
            / pair["with"]["office_cpu_us_per_entry"], 3)
        runs.append(pair)
    result = {
        "storm": {"registers": args.registers, "per_register": args.per_register,
                  "cards": args.cards,
                  "entries_dated": "one day a storm" if args.shift_close else "over the year"},
        "runs": runs,
        "cost_share_median": statistics.median(p["cost_share"] for p in runs),
        "cpu_cost_share_median": statistics.median(p["cpu_cost_share"] for p in runs),
    }
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
