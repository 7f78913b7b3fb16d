"""What the crash tests share: how many kills a run makes (CI, the sanitizers, KOPILKA_SOAK,
KOPILKA_KILLS), a thread that kills a server with SIGKILL and starts it again, reading a
running server's SQLite database, and retrying a request as a POS does."""
import os
import sqlite3
import threading
import time

from kopilka_harness import SANITIZED, request

SOAK = os.environ.get("KOPILKA_SOAK", "") not in ("", "0")
AT = "2026-11-24T12:00:00+03:00"
CARDS = ["2000000000015", "2000000000022", "2000000000039", "2000000000046"]
START_POINTS = 1000  # each card's opening adjustment


def kills(ci, soak):
    if os.environ.get("KOPILKA_KILLS"):
        return int(os.environ["KOPILKA_KILLS"])
    if SOAK:
        return soak
    return max(ci // 3, 8) if SANITIZED else ci


def read_db(path, query, args=()):
    """Reads the live database of a running server (WAL lets a reader in beside it)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute(query, args).fetchall()
    finally:
        db.close()


class Killer:
    """Kills `server` with SIGKILL after a random pause, starts it again, `count` times."""

    def __init__(self, server, count, rng):
        self.server, self.count, self.rng = server, count, rng
        self.done = 0
        self.thread = threading.Thread(target=self.run)

        self.error = None

    def run(self):
        try:
            for _ in range(self.count):
                time.sleep(self.rng.uniform(0.05, 0.6))
                self.server.kill9()
                self.server.start()
                self.done += 1
        except BaseException as e:  # a failed restart: reported by the test, not lost here
            self.error = e

    def alongside(self, clients, stop, errors):
        """Kills while `clients` (threads, not started) run; stops them once the kills are
        done or a client failed (`errors`), and raises the first failure."""
        for c in clients:
            c.start()
        self.thread.start()
        while self.thread.is_alive() and not errors:
            self.thread.join(0.2)
        stop.set()
        for c in clients:
            c.join()
        self.thread.join()
        if self.error:
            raise self.error
        if errors:
            raise errors[0]


def assert_no_sanitizer_report(test, server):
    """A sanitizer report aborts the process, which the kill loop would quietly restart."""
    log = server.log()
    for mark in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer", "WARNING: ThreadSanitizer"):
        test.assertNotIn(mark, log)


def until_answered(call, stats):
    """Calls until the server gives an HTTP answer, as a POS retries a lost request;
    counts the attempts cut off by a kill."""
    while True:
        try:
            return call()
        except OSError:
            stats["interrupted"] += 1
            time.sleep(0.05)
