"""Two kopilka-office processes on one PostgreSQL share the notification outbox (office.md
"Notifications", docs/office.md "Durability"): both follow the card feed and both send,
and each of the messages a pushed batch of cards calls for reaches the webhook sink once,
under one delivery id. Skipped, saying so, where PostgreSQL is not installed."""
import datetime
import json
import os
import time
import unittest
import zoneinfo

import pg_cluster
from kopilka_harness import Office, ean13, temp_dir
from notify_sinks import HttpSink

CLUSTER = None
CARDS = 60  # each: a burn warning and a welcome
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
SECRET = "webhook-secret-for-tests"


def setUpModule():
    global CLUSTER
    if pg_cluster.pg_bin_dir() is None:
        raise unittest.SkipTest("no PostgreSQL binaries (apt install postgresql, scripts/setup.sh)")
    CLUSTER = pg_cluster.shared_cluster()


def burning_lot(register_id, seq, card):
    now = datetime.datetime.now(MOSCOW)
    day = now.date().isoformat()
    last = (now.date() + datetime.timedelta(days=5)).isoformat()
    return {"id": f"{register_id}:{seq}", "seq": seq, "kind": "receipt", "card": card,
            "at": now.isoformat(timespec="seconds"), "receipt_id": f"R-{seq}",
            "effects": {"card": card, "spent_delta": 100000, "purchases_delta": 1,
                        "new_lots": [{"id": "0", "program": "", "earned_day": day,
                                      "usable_from": day, "last_day": last, "points": 900}]}}


class SharedOutboxTest(unittest.TestCase):
    def office(self, url, sink):
        directory = temp_dir(self) / f"office-{len(self.offices)}"
        directory.mkdir()
        (directory / "hook.secret").write_text(SECRET + "\n")
        os.chmod(directory / "hook.secret", 0o600)
        o = Office(directory=directory, storage_url=url, extra_config=(
            "[notify]\nsend_timeout = 2\n"
            f'[[notify.webhook]]\nurl = "{sink.url}/hook"\nsecret_file = "hook.secret"\n'
        )).started_for(self)
        self.offices.append(o)
        return o

    def outbox(self, url):
        out = CLUSTER.psql("SELECT state, COUNT(*) FROM outbox GROUP BY state ORDER BY state",
                           database=url.rsplit("/", 1)[1])
        return dict((s, int(n)) for s, n in (line.split("|") for line in out.splitlines()))

    def test_two_processes_send_each_message_once(self):
        sink = HttpSink()
        self.addCleanup(sink.stop)
        sink.delay = 0.02  # a real CRM takes a while: both workers are busy at once
        url = pg_cluster.fresh_database(CLUSTER)
        self.offices = []
        a, b = self.office(url, sink), self.office(url, sink)
        register_id, credential = a.enroll("Store 1, till 1")
        cards = [ean13(i) for i in range(1, CARDS + 1)]
        status, body = b.sync("POST", "/v1/sync/push", credential, {"entries": [
            burning_lot(register_id, seq, card) for seq, card in enumerate(cards, 1)]})
        self.assertEqual(status, 200, body)

        expected = 2 * CARDS
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.outbox(url).get("sent", 0) < expected:
            time.sleep(0.1)
        self.assertEqual(self.outbox(url), {"sent": expected})
        time.sleep(2)  # two more turns of both workers: nothing is sent again
        deliveries = [r["headers"]["X-Kopilka-Delivery"] for r in sink.requests]
        self.assertEqual(len(deliveries), expected)
        self.assertEqual(len(set(deliveries)), expected)
        sent = sorted((r["headers"]["X-Kopilka-Event"], json.loads(r["body"])["card"])
                      for r in sink.requests)
        self.assertEqual(sent, sorted([("points_burning", c) for c in cards] +
                                      [("welcome", c) for c in cards]))


if __name__ == "__main__":
    unittest.main()
