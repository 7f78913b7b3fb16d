"""docs/openapi.yaml describes what kopilkad really answers: a running daemon is asked
every common question (health, card lookup, calculate, confirm, refund, cancel, the stored
receipt, sync state, programs, errors), and each answer is validated against the schema the
document gives for that path, method and status. An answer with a status the document does
not list fails, except the errors its description promises for any operation."""
import pathlib
import unittest

from kopilka_harness import Daemon, request
from openapi_check import OpenApiSpec

SOURCE = pathlib.Path(__file__).resolve().parents[2]
SPEC_PATH = SOURCE / "docs" / "openapi.yaml"
# info.description: any operation may answer these with the Error body.
ANY_OPERATION_ERRORS = {401, 403, 405, 413, 500, 503}

CARD = "2000000000015"
CASHBACK = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
            "points": {"max_redeem_percent": 50}}
AT = "2026-11-24T12:00:00+03:00"


def sale(receipt_id, redeem=None):
    body = {"receipt_id": receipt_id, "card": CARD, "at": AT,
            "lines": [{"line": 1, "sku": "A-17", "category": "cosmetics", "qty": 2, "price": 45000},
                      {"line": 2, "sku": "S-1", "category": "haircut", "qty": 1, "price": 150000}]}
    if redeem is not None:
        body["redeem_points"] = redeem
    return body


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.openapi = OpenApiSpec(SPEC_PATH, ANY_OPERATION_ERRORS)
        cls.spec = cls.openapi.doc
        cls.d = Daemon().started_for_class(cls)

    def call(self, method, template, path, body=None, token="pos-token-for-tests-0001",
             expect=200, **kw):
        """Asks the daemon, checks the status, validates the body; returns the body."""
        status, answer = request(self.d.port, method, path, body, token=token, **kw)
        self.assertEqual(status, expect, answer)
        self.openapi.check(self, method, template, status, answer)
        return answer

    def admin(self, method, template, path, body=None, expect=200):
        return self.call(method, template, path, body, token="admin-token-for-tests-0001",
                         expect=expect)

    def test_1_the_document_is_an_openapi_3_document(self):
        self.assertTrue(self.spec["openapi"].startswith("3.0"))
        for template, item in self.spec["paths"].items():
            for method, op in item.items():
                if method == "parameters":
                    continue
                self.assertIn("operationId", op, f"{method} {template}")
                self.assertIn("summary", op, f"{method} {template}")

    def test_2_answers_match_the_document(self):
        health = self.call("GET", "/v1/health", "/v1/health", token=None)
        self.assertEqual(health["status"], "ok")
        self.admin("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/cashback", CASHBACK,
                   expect=201)
        self.admin("GET", "/v1/admin/programs", "/v1/admin/programs")
        card = self.admin("PUT", "/v1/admin/cards/{number}", f"/v1/admin/cards/{CARD}",
                          {"groups": ["regular"],
                           "customer": {"id": "c-1", "name": "Анна", "phone": "+79991234567",
                                        "birthday": "1990-05-01"}}, expect=201)
        self.assertEqual(card["customer"]["name"], "Анна")
        self.admin("POST", "/v1/admin/cards/{number}/points", f"/v1/admin/cards/{CARD}/points",
                   {"adjust_id": "A-1", "points": 500, "reason": "перенос", "at": AT})
        self.call("GET", "/v1/cards/{number}", f"/v1/cards/{CARD}")
        self.call("GET", "/v1/cards", "/v1/cards?phone=%2B79991234567")
        calc = self.call("POST", "/v1/receipts/calculate", "/v1/receipts/calculate",
                         sale("R-1", redeem="max"))
        self.assertGreater(calc["points_redeemed"], 0)
        confirmed = self.call("POST", "/v1/receipts/confirm", "/v1/receipts/confirm",
                              sale("R-1", redeem="max"))
        self.assertEqual(confirmed["total"], calc["total"])
        self.call("GET", "/v1/receipts/{receipt_id}", "/v1/receipts/R-1")
        refund = self.call("POST", "/v1/receipts/{receipt_id}/refund", "/v1/receipts/R-1/refund",
                           {"refund_id": "F-1", "at": AT, "lines": [{"line": 1, "qty": 1}]})
        self.assertEqual(refund["receipt_id"], "R-1")
        self.call("POST", "/v1/receipts/{receipt_id}/cancel", "/v1/receipts/R-1/cancel", {"at": AT})
        stored = self.call("GET", "/v1/receipts/{receipt_id}", "/v1/receipts/R-1")
        self.assertTrue(stored["cancelled"])
        self.call("GET", "/v1/events", "/v1/events?after=0&wait=0")
        self.admin("GET", "/v1/admin/sync", "/v1/admin/sync")
        self.call("POST", "/v1/shift/close", "/v1/shift/close", {"shift_id": "S-1"})

    def test_3_errors_match_the_document(self):
        self.call("GET", "/v1/cards/{number}", "/v1/cards/12", expect=400)
        self.call("GET", "/v1/cards/{number}", "/v1/cards/2000000000999", expect=404)
        self.call("GET", "/v1/cards/{number}", f"/v1/cards/{CARD}", token=None, expect=401)
        self.call("GET", "/v1/cards/{number}", f"/v1/cards/{CARD}", token="wrong", expect=401)
        self.call("GET", "/v1/cards", "/v1/cards?phone=%2B70000000000", expect=404)
        bad = sale("R-BAD")
        bad["lines"][0]["qty"] = -1
        err = self.call("POST", "/v1/receipts/calculate", "/v1/receipts/calculate", bad, expect=400)
        self.assertEqual(err["error"]["field"], "lines[0].qty")
        self.call("POST", "/v1/receipts/confirm", "/v1/receipts/confirm", bad, expect=400)
        self.call("POST", "/v1/receipts/confirm", "/v1/receipts/confirm", sale("R-2"))
        changed = sale("R-2")
        changed["lines"][0]["price"] = 1
        self.call("POST", "/v1/receipts/confirm", "/v1/receipts/confirm", changed, expect=409)
        self.call("GET", "/v1/receipts/{receipt_id}", "/v1/receipts/NOPE", expect=404)
        self.call("POST", "/v1/receipts/{receipt_id}/refund", "/v1/receipts/NOPE/refund",
                  {"refund_id": "X"}, expect=404)
        err = self.call("POST", "/v1/receipts/{receipt_id}/refund", "/v1/receipts/R-2/refund",
                        {"refund_id": "F-2", "lines": [{"line": 1, "qty": 5}]}, expect=422)
        self.assertEqual(err["error"]["code"], "refund_exceeds_sale")
        self.call("POST", "/v1/receipts/{receipt_id}/cancel", "/v1/receipts/NOPE/cancel", {},
                  expect=404)
        self.call("GET", "/v1/admin/sync", "/v1/admin/sync", expect=403)
        self.admin("GET", "/v1/admin/programs/{id}", "/v1/admin/programs/nope", expect=404)
        self.admin("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/x", {"id": "x"},
                   expect=400)
        self.call("DELETE", "/v1/receipts/confirm", "/v1/receipts/confirm", expect=405)


if __name__ == "__main__":
    unittest.main()
