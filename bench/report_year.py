#!/usr/bin/env python3
"""Gives a generated office (kopilka-bench-gen office) the report sums of a year of its
chain, so that a storm pushed into it writes into report tables of a year's size, as it
would at a real chain's shift close; the generator writes the journal alone.

The rows have the shape and the key spread of the sums a year leaves (office/aggregates.cc):
`--entries` receipts spread over the registers and the days before `--today`, seven in ten
with a card drawn from the chain's customers ("c-1" … "c-N", as the generator names them),
each customer's first day, each customer's list of their rows (schema 027), and the visit
counts built from the customer days as schema 011 builds them. They are made for what writing into them costs; no report compares them with
the journal.

    python3 bench/report_year.py OFFICE.db --cards 1000000 --entries 5000000 --today DAY
"""
import argparse
import sqlite3
import sys
import time


def fill(db_path, cards, entries, today):
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA cache_size = -1048576")  # 1 GiB: the inserts land in random pages
    db.execute("PRAGMA temp_store = MEMORY")
    registers = [r[0] for r in db.execute("SELECT id FROM registers ORDER BY id")]
    if not registers:
        sys.exit("the office has no registers")
    if db.execute("SELECT count(*) FROM report_receipt_packs").fetchone()[0]:
        sys.exit("the office has report sums already")
    first = today - 365
    db.execute("BEGIN")
    db.execute("CREATE TEMP TABLE regs(n INTEGER PRIMARY KEY, id TEXT NOT NULL)")
    # The receipts a row each, as the other sums are made from them; kept in packs after.
    db.execute("""CREATE TEMP TABLE report_receipts(register_id TEXT, receipt_id TEXT,
                  day INTEGER, customer TEXT, total INTEGER, programs TEXT)""")
    db.executemany("INSERT INTO regs VALUES (?, ?)", list(enumerate(registers)))
    steps = [
        ("receipts",
         f"""WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {entries - 1})
             INSERT INTO report_receipts(register_id, receipt_id, day, customer, total, programs)
             SELECT r.id, printf('Y-%010d', i), {first} + i * 365 / {entries},
                    CASE WHEN abs(random()) % 10 < 7
                         THEN 'c-' || (1 + abs(random()) % {cards}) END,
                    5000 + abs(random()) % 300000, ''
             FROM s JOIN regs r ON r.n = i % {len(registers)}"""),
        # Schema 028's packs: each register's receipts of a day in one.
        ("receipt packs",
         """INSERT INTO report_receipt_packs(day, pack, register_id, receipts)
            SELECT day, 1, register_id, group_concat(char(10) || receipt_id || char(9) ||
              coalesce(customer, '') || char(9) || total || char(9) || programs, '')
            FROM report_receipts GROUP BY day, register_id"""),
        ("customer days",
         """INSERT INTO report_customer_days(day, register_id, customer, receipts, revenue)
            SELECT day, register_id, customer, 1, total FROM report_receipts
            WHERE customer IS NOT NULL ORDER BY register_id, day, customer
            ON CONFLICT (register_id, day, customer) DO UPDATE SET
              receipts = receipts + 1, revenue = revenue + excluded.revenue"""),
        ("first days",
         """UPDATE report_customer_days SET first_day = f.day
            FROM (SELECT customer, MIN(day) AS day FROM report_customer_days GROUP BY customer) f
            WHERE f.customer = report_customer_days.customer"""),
        # Schema 027's lists, as its migration leaves a customer record's: whole, in the
        # table; a push of one of their cards moves it to that card.
        ("customer lists",
         """INSERT INTO report_customer_rows(customer, rows)
            SELECT customer, group_concat(day || ' ' || receipts || ' ' || register_id, char(10))
            FROM (SELECT customer, day, receipts, register_id FROM report_customer_days
                  ORDER BY customer, day, register_id)
            GROUP BY customer"""),
        ("days",
         """INSERT INTO report_days(day, register_id, revenue_card, revenue_no_card,
              receipts_card, receipts_no_card)
            SELECT day, register_id, SUM(CASE WHEN customer IS NULL THEN 0 ELSE total END),
              SUM(CASE WHEN customer IS NULL THEN total ELSE 0 END),
              SUM(customer IS NOT NULL), SUM(customer IS NULL)
            FROM report_receipts GROUP BY day, register_id"""),
        ("chain days",
         """INSERT INTO report_chain_days(day, revenue_card, revenue_no_card, receipts_card,
              receipts_no_card)
            SELECT day, SUM(revenue_card), SUM(revenue_no_card), SUM(receipts_card),
              SUM(receipts_no_card) FROM report_days GROUP BY day"""),
        # Schema 011's own backfill, from the customer days.
        ("visit steps",
         """INSERT INTO report_visit_steps(day, prev, n)
            SELECT day, prev, COUNT(*) FROM (
              SELECT v.day AS day,
                COALESCE(LAG(v.day) OVER (PARTITION BY v.customer ORDER BY v.day), -1) AS prev
              FROM (SELECT customer, day FROM report_customer_days GROUP BY customer, day) v
              UNION ALL
              SELECT 2147483647 AS day, MAX(v.day) AS prev
              FROM (SELECT customer, day FROM report_customer_days GROUP BY customer, day) v
              GROUP BY v.customer
            ) s GROUP BY day, prev"""),
        ("visit gaps",
         """INSERT INTO report_visit_gaps(prev, next, n)
            SELECT prev, next, COUNT(*) FROM (
              SELECT COALESCE(LAG(v.day) OVER (PARTITION BY v.customer ORDER BY v.day), -1)
                AS prev,
                COALESCE(LEAD(v.day) OVER (PARTITION BY v.customer ORDER BY v.day), 2147483647)
                AS next
              FROM (SELECT customer, day FROM report_customer_days GROUP BY customer, day) v
            ) g GROUP BY prev, next"""),
    ]
    for name, sql in steps:
        t0 = time.perf_counter()
        db.execute(sql)
        print(f"{name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    db.execute("COMMIT")
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("report_receipt_packs", "report_customer_days", "report_visit_steps")}
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--cards", type=int, required=True)
    ap.add_argument("--entries", type=int, required=True)
    ap.add_argument("--today", type=int, required=True, help="day number (days since 1970)")
    args = ap.parse_args()
    print(fill(args.db, args.cards, args.entries, args.today))


if __name__ == "__main__":
    main()
