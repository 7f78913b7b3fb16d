"""Several kopilka-office processes on one PostgreSQL database (docs/office.md "PostgreSQL"):
one register's push sent to two processes applies each entry once; concurrent pushes to one
card serialise; a register pulling from one process and pushing to another sees one truth;
and the change feed never serves a number past one still to commit, shown by holding a
transaction open between two writers. Runs on a throwaway cluster (pg_cluster.py); skipped,
saying so, where PostgreSQL is not installed."""
import threading
import time
import unittest

import pg_cluster
from kopilka_harness import ADMIN_TOKEN, Office, request
from test_office import CARD, entry

CLUSTER = None


def setUpModule():
    global CLUSTER
    if pg_cluster.pg_bin_dir() is None:
        raise unittest.SkipTest("no PostgreSQL binaries (apt install postgresql, scripts/setup.sh)")
    CLUSTER = pg_cluster.shared_cluster()


def sync(office, method, path, credential, body=None):
    return request(office.port, method, path, body, token=credential,
                   headers={"Kopilka-Protocol": "1"})


class TwoOfficesOneDatabase(unittest.TestCase):
    def setUp(self):
        self.database = pg_cluster.fresh_database(CLUSTER)
        self.a = Office(storage_url=self.database).start()
        self.b = Office(storage_url=self.database).start()

    def tearDown(self):
        self.a.__exit__(None, None, None)
        self.b.__exit__(None, None, None)

    def enroll(self, name):
        code = self.a.add_register(name)
        status, body = sync(self.b, "POST", "/v1/sync/enroll", None, {"code": code})
        self.assertEqual(status, 200, body)
        return body["register_id"], body["credential"]

    def balance(self, office):
        status, card = office.admin("GET", f"/v1/cards/{CARD}?at=2026-11-25T12:00:00Z")
        self.assertEqual(status, 200, card)
        return card["points"]["balance"], card["spent"]

    def test_one_batch_sent_to_both_processes_applies_each_entry_once(self):
        rid, cred = self.enroll("Till 1")
        batch = [entry(rid, i, i) for i in range(1, 101)]
        answers = []

        def push(office):
            for _ in range(3):
                answers.append(sync(office, "POST", "/v1/sync/push", cred, {"entries": batch}))

        threads = [threading.Thread(target=push, args=(o,)) for o in (self.a, self.b, self.a, self.b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(answers), 12)
        for status, body in answers:
            self.assertEqual(status, 200, body)
            self.assertEqual(len(body["acked"]), 100)
        self.assertEqual(sum(body["applied"] for _, body in answers), 100)
        self.assertEqual(self.balance(self.a), (5050, 100 * 100000))
        self.assertEqual(self.balance(self.b), (5050, 100 * 100000))

    def test_concurrent_pushes_to_one_card_serialise(self):
        registers = [self.enroll(f"Till {n}") for n in range(4)]

        def push(rid, cred, office):
            for seq in range(1, 26):
                status, body = sync(office, "POST", "/v1/sync/push", cred,
                                    {"entries": [entry(rid, seq, 7)]})
                self.assertEqual((status, body["applied"]), (200, 1), body)

        threads = [threading.Thread(target=push, args=(rid, cred, (self.a, self.b)[n % 2]))
                   for n, (rid, cred) in enumerate(registers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # 100 entries of 7 points and 1000 ₽ each: a lost update would show as less.
        self.assertEqual(self.balance(self.a), (700, 100 * 100000))
        self.assertEqual(self.balance(self.b), (700, 100 * 100000))

    def test_a_register_pulling_from_one_and_pushing_to_the_other_sees_one_truth(self):
        rid, cred = self.enroll("Till 1")
        self.assertEqual(sync(self.b, "POST", "/v1/sync/push", cred, {"entries": [entry(rid, 1, 40)]})[0], 200)
        status, page = sync(self.a, "GET", "/v1/sync/pull?after=0", cred)
        self.assertEqual(status, 200, page)
        cards = [c for c in page["changes"] if c["type"] == "card"]
        self.assertEqual([c["number"] for c in cards], [CARD])
        self.assertEqual(cards[0]["state"]["spent"], 100000)
        status, _ = self.a.admin("PUT", "/v1/admin/programs/p1",
                                 {"id": "p1", "name": "n", "kind": "discount", "percent": 5})
        self.assertEqual(status, 201)
        status, more = sync(self.b, "GET", f"/v1/sync/pull?after={page['next']}", cred)
        self.assertEqual(status, 200, more)
        self.assertEqual([(c["type"], c.get("id")) for c in more["changes"]], [("program", "p1")])
        # The card view of either process uses the program the other one stored.
        self.assertEqual(self.balance(self.a), self.balance(self.b))

    def test_a_pull_never_passes_a_number_still_to_commit(self):
        rid, cred = self.enroll("Till 1")
        status, start = sync(self.b, "GET", "/v1/sync/pull?after=0", cred)
        cursor = start["next"]
        # Writer 1 takes the next number and holds its transaction open; writer 2 (process A,
        # an admin edit) then asks for the number after it.
        dbname = self.database.rsplit("/", 1)[1]
        held = CLUSTER.session(dbname)
        held.stdin.write("BEGIN;\n"
                         "UPDATE server_seq SET seq = seq + 1;\n"
                         "INSERT INTO programs(id, document, seq) SELECT 'held', NULL, seq FROM server_seq;\n")
        held.stdin.flush()
        deadline = time.time() + 10
        while CLUSTER.psql("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
                           f"AND datname = '{dbname}'") != "1":
            self.assertLess(time.time(), deadline, "the held transaction did not start")
            time.sleep(0.05)
        answer = []
        writer2 = threading.Thread(target=lambda: answer.append(self.a.admin(
            "PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна"}})))
        writer2.start()
        time.sleep(1.0)
        # Writer 2 waits for writer 1 to commit; a pull meanwhile serves nothing past the cursor.
        self.assertTrue(writer2.is_alive(), answer)
        status, page = sync(self.b, "GET", f"/v1/sync/pull?after={cursor}", cred)
        self.assertEqual((status, page["changes"], page["next"]), (200, [], cursor))
        held.stdin.write("COMMIT;\n")
        held.stdin.close()
        errors = held.stderr.read()
        self.assertEqual(held.wait(timeout=10), 0, errors)
        held.stdout.close()
        held.stderr.close()
        writer2.join(timeout=10)
        self.assertEqual(answer[0][0], 201, answer)
        status, page = sync(self.b, "GET", f"/v1/sync/pull?after={cursor}", cred)
        self.assertEqual(status, 200, page)
        self.assertEqual([(c["seq"], c["type"]) for c in page["changes"]],
                         [(cursor + 1, "program_deleted"), (cursor + 2, "card")])


class DatabaseRestart(unittest.TestCase):
    def test_head_office_reconnects_after_postgresql_restarts(self):
        with Office(storage_url=pg_cluster.fresh_database(CLUSTER)) as o:
            self.assertEqual(o.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна"}})[0], 201)
            CLUSTER.restart()
            # The request that finds the connection gone may fail (503, and a register
            # retries); the next one runs on a new connection.
            first = o.admin("GET", f"/v1/cards/{CARD}")[0]
            self.assertIn(first, (200, 503))
            status, card = o.admin("GET", f"/v1/cards/{CARD}")
            self.assertEqual((status, card["customer"]["name"]), (200, "Анна"))

    def test_with_the_database_down_callers_get_503_and_the_log_gets_why(self):
        with Office(storage_url=pg_cluster.fresh_database(CLUSTER)) as o:
            self.assertEqual(request(o.port, "GET", "/v1/health")[1]["db"], "ok")
            CLUSTER.halt()
            try:
                # libpq's own words (several lines, naming the host) once went to anyone,
                # signed in or not; they belong in the log.
                for method, path, body in (("GET", f"/v1/cards/{CARD}", None),
                                           ("POST", "/v1/auth/login", {"login": "x", "password": "y"})):
                    status, answer = request(o.port, method, path, body, token=ADMIN_TOKEN)
                    self.assertEqual((status, answer["error"]["code"]), (503, "storage_unavailable"), answer)
                    self.assertEqual(answer["error"]["message"],
                                     "head office's database is unavailable: try again shortly")
                self.assertIn(f"GET /v1/cards/{CARD}: 503: ", o.log())
                self.assertIn("PostgreSQL", o.log())
                # Monitoring sees it too: head office answers, its database does not.
                self.assertEqual(request(o.port, "GET", "/v1/health")[1]["db"], "unavailable")
            finally:
                CLUSTER.resume()
            o.admin("GET", f"/v1/cards/{CARD}")  # may meet the old connection gone, as above
            self.assertEqual(o.admin("GET", f"/v1/cards/{CARD}")[0], 404)  # served again


if __name__ == "__main__":
    unittest.main()
