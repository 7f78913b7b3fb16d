"""kopilkad against hostile and absurd input: oversized bodies, deep nesting, absurd
numbers, bad paths and methods. Every one gets a JSON error (or, past the hard limit, a
dropped connection), the daemon stays up, and nothing changes."""
import http.client
import json
import threading
import time
import unittest

from kopilka_harness import POS_TOKEN, Daemon, request

CARD = "2000000000015"
CASHBACK = {"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10}


def raw_request(port, method, path, body=b"", headers=None, timeout=30):
    """Sends bytes as they are; returns (status, parsed body or None), or raises OSError."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        text = resp.read()
        try:
            return resp.status, json.loads(text)
        except ValueError:
            return resp.status, None
    finally:
        conn.close()


class HostileInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().started_for_class(cls)
        assert cls.d.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0] == 201
        assert cls.d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})[0] == 201
        sale = {"receipt_id": "BASE", "at": "2026-11-24T12:00:00+03:00", "card": CARD,
                "lines": [{"line": 1, "qty": 1, "price": 10000}]}
        assert cls.d.pos("POST", "/v1/receipts/confirm", sale)[0] == 200

    def setUp(self):
        self.before = self.snapshot()

    def tearDown(self):
        # Whatever the test sent, the daemon is up and nothing changed.
        self.assertEqual(self.snapshot(), self.before)

    def snapshot(self):
        status, health = request(self.d.port, "GET", "/v1/health")
        self.assertEqual(status, 200)
        card = self.d.pos("GET", f"/v1/cards/{CARD}?at=2026-11-24T12:00:00%2B03:00")[1]
        return health["pending"], card["points"], card["spent"]

    def assert_error(self, answer, status, code, field=None):
        got_status, body = answer
        self.assertEqual(got_status, status, body)
        self.assertEqual(body["error"]["code"], code, body)
        self.assertTrue(body["error"]["message"])
        if field is not None:
            self.assertEqual(body["error"].get("field"), field, body)

    def test_a_bank_cards_number_is_refused_everywhere_and_kept_nowhere(self):
        pan = "4111111111111111"  # Visa's test number: passes Luhn
        at = "2026-11-24T12:00:00+03:00"
        answers = [
            self.d.pos("POST", "/v1/receipts/confirm",
                       {"receipt_id": "PAN-1", "at": at, "card": pan,
                        "lines": [{"line": 1, "qty": 1, "price": 100}]}),
            self.d.pos("POST", "/v1/receipts/calculate",
                       {"receipt_id": "PAN-2", "card": pan,
                        "lines": [{"line": 1, "qty": 1, "price": 100}]}),
            self.d.pos("POST", "/v1/wallet/topup", {"topup_id": "PAN-3", "card": pan, "amount": 100}),
            self.d.pos("GET", f"/v1/cards/{pan}"),
            self.d.admin("PUT", f"/v1/admin/cards/{pan}", {"status": "active"}),
        ]
        for status, body in answers:
            self.assertEqual((status, body["error"]["code"]), (400, "invalid_request"), body)
            self.assertIn(body["error"]["field"], ("card", "number"), body)
            self.assertNotIn(pan, json.dumps(body))
        self.assertEqual(request(self.d.port, "GET", "/v1/receipts/PAN-1",
                                 token=POS_TOKEN)[0], 404)
        stored = b"".join(p.read_bytes() for p in self.d.data_dir.iterdir() if p.is_file())
        self.assertNotIn(pan.encode(), stored)
        self.assertNotIn(pan, self.d.log())
        # A loyalty number of the same length that is no bank card's still works.
        self.assertEqual(self.d.pos("GET", "/v1/cards/4111111111111112")[0], 404)

    def test_a_body_over_4_mib_is_413(self):
        line = {"line": 1, "qty": 1, "price": 1, "name": "x" * 200}
        body = json.dumps({"receipt_id": "BIG", "lines": [line] * 18000}).encode()
        self.assertGreater(len(body), 4 * 1024 * 1024)
        self.assertLess(len(body), 8 * 1024 * 1024)
        self.assert_error(self.d.pos("POST", "/v1/receipts/confirm", raw=body), 413,
                          "payload_too_large")

    def test_a_body_far_over_the_limit_is_dropped_unread(self):
        body = b"{" + b" " * (20 * 1024 * 1024) + b"}"
        try:
            status, _ = raw_request(self.d.port, "POST", "/v1/receipts/confirm", body,
                                    {"Authorization": f"Bearer {POS_TOKEN}"})
            self.assertEqual(status, 413)
        except (OSError, http.client.HTTPException):
            pass  # the connection was closed: also a refusal

    def test_deep_nesting_and_garbage_are_400(self):
        for raw in (b"[" * 100000, b'{"a":' * 50000, b"\x00\x01\x02", b"", b"null", b"1e999999",
                    b'{"receipt_id": "\xc3\x28", "lines": []}'):
            status, body = self.d.pos("POST", "/v1/receipts/confirm", raw=raw)
            self.assertEqual(status, 400, raw[:20])
            self.assertIn("code", body["error"])
        # A key given twice is named where it is.
        status, body = self.d.pos("POST", "/v1/receipts/calculate",
                                  raw=b'{"lines": [{"line": 1, "price": 100, "price": 200}]}')
        self.assertEqual((status, body["error"].get("field")), (400, "lines[0].price"), body)

    def test_absurd_numbers_name_their_field(self):
        def body(**line):
            return {"receipt_id": "ABS", "card": CARD,
                    "lines": [dict({"line": 1, "qty": 1, "price": 100}, **line)]}
        cases = [
            (body(price=10 ** 30), "lines[0].price"),
            (body(price=1.5), "lines[0].price"),
            (body(price=True), "lines[0].price"),
            (body(qty="1e400"), "lines[0].qty"),
            (body(qty=-0.001), "lines[0].qty"),
            (body(qty=0), "lines[0].qty"),
            (body(qty=11, price=10 ** 12), "lines[0].qty"),
            (body(line=-1), "lines[0].line"),
            (body(line=10 ** 20), "lines[0].line"),
            (dict(body(), redeem_points=10 ** 20), "redeem_points"),
            (dict(body(), redeem_points=-1), "redeem_points"),
            (dict(body(), coupons=["x" * 257]), "coupons[0]"),
            (dict(body(), receipt_id="R" * 257), "receipt_id"),
            (dict(body(), card="2" * 33), "card"),
            (dict(body(), expect={"total": -1}), "expect.total"),
            ({"receipt_id": "ABS", "lines": [{"line": 1, "qty": 6, "price": 10 ** 12},
                                            {"line": 2, "qty": 6, "price": 10 ** 12}]}, "lines"),
        ]
        for path in ("/v1/receipts/calculate", "/v1/receipts/confirm"):
            for b, field in cases:
                self.assert_error(self.d.pos("POST", path, b), 400, "invalid_request", field)
        self.assertEqual(self.d.pos("GET", "/v1/receipts/ABS")[0], 404)

    def test_256_characters_are_fine_257_are_not(self):
        ok = {"receipt_id": "LEN", "lines": [{"line": 1, "qty": 1, "price": 1, "name": "щ" * 256}]}
        self.assertEqual(self.d.pos("POST", "/v1/receipts/calculate", ok)[0], 200)
        ok["lines"][0]["name"] += "щ"
        self.assert_error(self.d.pos("POST", "/v1/receipts/calculate", ok), 400, "invalid_request",
                          "lines[0].name")

    def test_a_thousand_lines_are_fine_1001_are_not(self):
        lines = [{"line": i, "qty": 1, "price": 100} for i in range(1, 1001)]
        status, r = self.d.pos("POST", "/v1/receipts/calculate", {"receipt_id": "L", "lines": lines})
        self.assertEqual((status, r["total"]), (200, 100000))
        lines.append({"line": 1001, "qty": 1, "price": 100})
        self.assert_error(self.d.pos("POST", "/v1/receipts/calculate", {"receipt_id": "L", "lines": lines}),
                          400, "invalid_request", "lines")

    def test_hostile_refund_and_admin_bodies(self):
        self.assert_error(self.d.pos("POST", "/v1/receipts/BASE/refund",
                                     {"refund_id": "H-1", "lines": [{"line": 1, "qty": 1.0001}]}),
                          400, "invalid_request", "lines[0].qty")
        self.assert_error(self.d.pos("POST", "/v1/receipts/BASE/refund",
                                     {"refund_id": "H-1", "lines": [{"line": 9, "qty": 1}]}),
                          422, "refund_exceeds_sale")
        self.assert_error(self.d.pos("POST", "/v1/receipts/BASE/refund", {"lines": []}),
                          400, "invalid_request")
        self.assert_error(self.d.pos("POST", "/v1/receipts/BASE/cancel", {"refund_id": "x"}),
                          400, "invalid_request", "refund_id")
        self.assert_error(self.d.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                       {"adjust_id": "H", "points": 10 ** 30}),
                          400, "invalid_request", "points")
        self.assert_error(self.d.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                       {"adjust_id": "H", "points": 5, "lifetime_days": -1}),
                          400, "invalid_request", "lifetime_days")
        self.assert_error(self.d.admin("PUT", "/v1/admin/programs/x", raw=b"[" * 100000),
                          400, "invalid_request")
        self.assert_error(self.d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "sleeping"}),
                          400, "invalid_request", "status")

    def test_paths_methods_and_queries(self):
        self.assert_error(self.d.pos("GET", "/v2/cards/1234"), 404, "not_found")
        self.assert_error(self.d.pos("GET", "/v1/nothing"), 404, "not_found")
        self.assert_error(self.d.pos("DELETE", f"/v1/cards/{CARD}"), 405, "method_not_allowed")
        self.assert_error(self.d.pos("GET", "/v1/receipts/calculate"), 405, "method_not_allowed")
        self.assert_error(self.d.pos("POST", "/v1/health", {}), 405, "method_not_allowed")
        self.assert_error(self.d.pos("GET", f"/v1/cards/{'1' * 33}"), 400, "invalid_request", "number")
        self.assert_error(self.d.pos("GET", "/v1/cards/..%2F..%2Fetc"), 400, "invalid_request")
        self.assert_error(self.d.pos("GET", f"/v1/cards/{CARD}?at=tomorrow"), 400, "invalid_request", "at")
        self.assert_error(self.d.pos("GET", "/v1/events?after=-1"), 400, "invalid_request", "after")
        self.assert_error(self.d.pos("GET", "/v1/events?wait=1e9"), 400, "invalid_request", "wait")
        self.assertEqual(self.d.pos("GET", "/v1/receipts/" + "R" * 3000)[0], 404)
        status, _ = raw_request(self.d.port, "GET", "/v1/health",
                                headers={"Authorization": "Bearer " + "x" * 20000})
        self.assertEqual(status, 200)
        status, body = raw_request(self.d.port, "GET", f"/v1/cards/{CARD}",
                                   headers={"Authorization": "Basic " + POS_TOKEN})
        self.assertEqual((status, body["error"]["code"]), (401, "unauthorized"))

    def test_a_long_poll_never_holds_up_other_requests(self):
        answers = []
        t = threading.Thread(target=lambda: answers.append(self.d.pos("GET", "/v1/events?after=0&wait=3")))
        t.start()
        time.sleep(0.3)
        started = time.time()
        status, _ = self.d.pos("POST", "/v1/receipts/calculate",
                               {"receipt_id": "LP", "lines": [{"line": 1, "qty": 1, "price": 1}]})
        self.assertEqual(status, 200)
        self.assertLess(time.time() - started, 2)
        t.join()
        self.assertEqual(answers[0], (200, {"events": [], "last_seq": 0}))

    def test_many_parallel_clients(self):
        results = []

        def client(i):
            results.append(self.d.pos("POST", "/v1/receipts/calculate",
                                      {"receipt_id": f"P-{i}", "card": CARD,
                                       "lines": [{"line": 1, "qty": 1, "price": 1000 + i}]})[0])
        threads = [threading.Thread(target=client, args=(i,)) for i in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [200] * 40)


if __name__ == "__main__":
    unittest.main()
