"""Head office on PostgreSQL for the benchmarks: a throwaway cluster (tests/integration/
pg_cluster.py's, started durable: fsync, synchronous_commit and full_page_writes on), the
generated office loaded into it table by table, and the raw insert floor of each engine:
rows shaped like the entries table inserted in transactions of a push batch's size."""
import csv
import io
import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "integration"))
import pg_cluster  # noqa: E402

TABLES = ["registers", "programs", "cards", "entries", "coupon_totals", "adjustments"]
ENTRY_COLUMNS = "id, register_id, kind, card, at, body, received"


def start_cluster():
    """A durable cluster, or None when PostgreSQL is not installed. The caller stops it."""
    bin_dir = pg_cluster.pg_bin_dir()
    if bin_dir is None:
        return None
    cluster = pg_cluster.Cluster(bin_dir, durable=True).start()
    return cluster


def durability(cluster):
    return {k: cluster.setting(k) for k in ("fsync", "synchronous_commit", "full_page_writes")}


def _csv(rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for row in rows:
        w.writerow(["\\N" if v is None else v for v in row])
    return out.getvalue()


def copy_office(cluster, database, sqlite_path):
    """Every table of the generated SQLite office into `database` (its schema already made by
    kopilka-office itself), and the server sequence: the same data on both engines."""
    src = sqlite3.connect(sqlite_path)
    for table in TABLES:
        cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
        rows = src.execute(f"SELECT {', '.join(cols)} FROM {table}")
        cluster.psql(f"COPY {table}({', '.join(cols)}) FROM STDIN (FORMAT csv, NULL '\\N')",
                     database=database, stdin=_csv(rows))
    seq = src.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0]
    src.close()
    cluster.psql(f"UPDATE server_seq SET seq = {int(seq)}", database=database)
    cluster.psql("VACUUM ANALYZE", database=database)


def _floor_rows(pool, n):
    return [(f"floor:{i}", "r-floor", "receipt", pool[i % len(pool)]["card"], 1700000000 + i,
             json.dumps(pool[i % len(pool)]), 1700000000) for i in range(n)]


def sqlite_insert_floor(directory, pool, n, batch):
    """Rows shaped like the entries table, into SQLite (WAL, synchronous=FULL, as the office
    runs it) on the same disk, one transaction (one fsync) per `batch` rows."""
    path = os.path.join(directory, "insert-floor.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE entries (id TEXT PRIMARY KEY, register_id TEXT NOT NULL, kind TEXT "
               "NOT NULL, card TEXT, at INTEGER NOT NULL, body TEXT NOT NULL, received INTEGER "
               "NOT NULL) WITHOUT ROWID")
    rows = _floor_rows(pool, n)
    t0 = time.perf_counter()
    for i in range(0, n, batch):
        db.execute("BEGIN")
        db.executemany(f"INSERT INTO entries({ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       rows[i:i + batch])
        db.execute("COMMIT")
    seconds = time.perf_counter() - t0
    db.close()
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(path + suffix)
        except OSError:
            pass
    return round(n / seconds)


def pg_insert_floor(cluster, pool, n, batch):
    """The same rows into PostgreSQL through libpq (psql, COPY over TCP loopback, as the
    office connects), one transaction (one WAL flush) per `batch` rows."""
    database = cluster.database("insert_floor")
    cluster.psql("DROP TABLE IF EXISTS entries; CREATE TABLE entries (id TEXT PRIMARY KEY, "
                 "register_id TEXT NOT NULL, kind TEXT NOT NULL, card TEXT, at BIGINT NOT NULL, "
                 "body TEXT NOT NULL, received BIGINT NOT NULL)", database=database)
    rows = _floor_rows(pool, n)
    script = io.StringIO()
    for i in range(0, n, batch):
        script.write(f"BEGIN;\nCOPY entries({ENTRY_COLUMNS}) FROM STDIN (FORMAT csv);\n")
        script.write(_csv(rows[i:i + batch]))
        script.write("\\.\nCOMMIT;\n")
    t0 = time.perf_counter()
    subprocess.run([os.path.join(cluster.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                    "127.0.0.1", "-p", str(cluster.port), "-U", pg_cluster.USER, "-d", database],
                   input=script.getvalue().encode(), check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    cluster.psql("DROP TABLE entries", database=database)
    return round(n / seconds)

