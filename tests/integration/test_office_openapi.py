"""docs/office-openapi.yaml describes what kopilka-office really answers: a running head
office is asked on every path it serves (health, admin programs and cards, card lookups,
enrolment, push, pull, upload), with the answers that succeed and the errors each path
lists, and every answer is validated against the schema the document gives for that path,
method and status. Every documented operation must have answered with success at least
once; every staff path `kopilka-office routes` lists, and every sync path segment
office/routes_sync.cc matches, must be in the document (and the document may hold no path
head office does not serve)."""
import pathlib
import time
import unittest
import urllib.request

from kopilka_harness import ADMIN_TOKEN, Office, request
import office_openapi_calls
from office_openapi_calls import documented_segments, full_paths, served_segments, staff_routes
from openapi_check import OpenApiSpec

SOURCE = pathlib.Path(__file__).resolve().parents[2]
SPEC_PATH = SOURCE / "docs" / "office-openapi.yaml"
# info.description: any operation may answer these with the Error body.
ANY_OPERATION_ERRORS = {401, 403, 405, 413, 500, 503}

CARD = "2000000000015"
OTHER = "2000000000022"
AT = "2026-11-24T12:00:00+03:00"
LATER = "2026-11-25T12:00:00%2B03:00"
CASHBACK = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
            "points": {"max_redeem_percent": 50}}
SPRING = {"id": "spring", "name": "Весна", "kind": "coupon", "codes": ["VESNA10"], "percent": 10,
          "uses_per_card": 1}


def entry(register_id, seq, points=100, card=CARD, coupons=None):
    effects = {"card": card, "spent_delta": 100000, "purchases_delta": 1,
               "new_lots": [{"id": "0", "program": "cashback", "earned_day": "2026-11-24",
                             "usable_from": "2026-11-24", "last_day": None, "points": points}]}
    if coupons:
        effects["coupon_programs"] = coupons
    return {"id": f"{register_id}:{seq}", "seq": seq, "kind": "receipt", "card": card, "at": AT,
            "receipt_id": f"R-{seq}", "effects": effects}


class OfficeOpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.openapi = OpenApiSpec(SPEC_PATH, ANY_OPERATION_ERRORS)
        cls.spec = cls.openapi.doc
        # An SMS channel to nowhere: a campaign's test send needs one to be queued at all.
        cls.o = Office(extra_config='[notify.sms]\nurl = "http://127.0.0.1:9/send"\n'
                       "body = '{\"to\": \"{phone}\", \"text\": \"{text}\"}'\n"
                       ).started_for_class(cls)
        cls.register_id, cls.credential = cls.o.enroll("Store 1, till 1")

    def call(self, method, template, path, body=None, token=ADMIN_TOKEN, expect=200,
             protocol=None, raw=None):
        """Asks head office, checks the status, validates the body; returns the body."""
        headers = {"Kopilka-Protocol": protocol} if protocol is not None else None
        status, answer = request(self.o.port, method, path, body, token=token, headers=headers,
                                 raw=raw)
        self.assertEqual(status, expect, answer)
        self.openapi.check(self, method, template, status, answer)
        return answer

    def sync(self, method, template, path, body=None, expect=200, token=None, protocol="1"):
        return self.call(method, template, path, body, token=token or self.credential,
                         expect=expect, protocol=protocol)

    def given_card(self):
        """CARD with Анна's phone, whatever ran before (setup: not what is checked)."""
        status, body = self.o.admin("PUT", f"/v1/admin/cards/{CARD}",
                                    {"customer": {"name": "Анна", "phone": "+79991234567"}})
        self.assertIn(status, (200, 201), body)

    def error(self, answer, code, field=None):
        self.assertEqual(answer["error"]["code"], code, answer)
        self.assertEqual(answer["error"].get("field"), field, answer)

    def test_1_the_document_is_an_openapi_3_1_document(self):
        self.assertTrue(self.spec["openapi"].startswith("3.1"))
        for method, template, op in self.openapi.operations():
            self.assertIn("operationId", op, f"{method} {template}")
            self.assertIn("summary", op, f"{method} {template}")

    def test_2_every_path_the_sources_serve_is_documented(self):
        sources = [p.read_text() for p in sorted((SOURCE / "office").glob("routes*.cc"))]
        routes = staff_routes()
        served = served_segments(sources) | documented_segments({p: 0 for _, p in routes})
        self.assertIn((2, "upload"), served)  # the parse finds route_sync's, the table the rest
        self.assertIn((4, "points"), served)
        documented = documented_segments(self.spec["paths"])
        for method, path in routes:
            self.assertIn(method.lower(), self.spec["paths"].get(path, {}), f"{method} {path}")
        self.assertEqual(sorted(served - documented), [], "served, missing from the document")
        self.assertEqual(sorted(documented - served), [], "documented, not served")
        for path in full_paths(sources):
            self.assertIn(path, self.spec["paths"])
        # The comparison sees a path the document lacks.
        fewer = {t: v for t, v in self.spec["paths"].items() if t != "/v1/sync/upload"}
        self.assertEqual(served - documented_segments(fewer), {(2, "upload")})

    def test_3_admin_answers_match_the_document(self):
        health = self.call("GET", "/v1/health", "/v1/health", token=None)
        self.assertEqual((health["service"], health["protocol"]), ("kopilka-office", 1))
        self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/cashback", CASHBACK,
                  expect=201)
        self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/cashback", CASHBACK)
        self.assertEqual(self.call("GET", "/v1/admin/programs/{id}",
                                   "/v1/admin/programs/cashback"), CASHBACK)
        listed = self.call("GET", "/v1/admin/programs", "/v1/admin/programs")
        self.assertIn(CASHBACK, listed["programs"])
        self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/spring", SPRING,
                  expect=201)
        self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/old",
                  dict(CASHBACK, id="old"), expect=201)
        self.assertEqual(self.call("DELETE", "/v1/admin/programs/{id}", "/v1/admin/programs/old"),
                         {"deleted": "old"})
        preview = self.call("POST", "/v1/admin/programs/preview", "/v1/admin/programs/preview",
                            {"program": CASHBACK, "card_points": 0,
                             "receipt": {"receipt_id": "P-1", "card": CARD,
                                         "lines": [{"line": 1, "sku": "A", "qty": 1,
                                                    "price": 10000}]}})
        self.assertIn("total", preview["result"])
        card = self.call("PUT", "/v1/admin/cards/{number}", f"/v1/admin/cards/{CARD}",
                         {"groups": ["regular"],
                          "customer": {"id": "c-1", "name": "Анна", "phone": "+79991234567",
                                       "birthday": "1990-05-01"}}, expect=201)
        self.assertEqual(card["customer"]["phone"], "+79991234567")
        card = self.call("PUT", "/v1/admin/cards/{number}", f"/v1/admin/cards/{CARD}",
                         {"status": "active"})
        self.assertEqual(card["card"]["groups"], ["regular"])
        adjust = {"adjust_id": "A-1", "points": 500, "reason": "перенос", "lifetime_days": 30,
                  "at": AT}
        adjusted = self.call("POST", "/v1/admin/cards/{number}/points",
                             f"/v1/admin/cards/{CARD}/points", adjust)
        self.assertEqual((adjusted["adjust_id"], adjusted["points"]["balance"]), ("A-1", 500))
        again = self.call("POST", "/v1/admin/cards/{number}/points",
                          f"/v1/admin/cards/{CARD}/points", adjust)
        self.assertTrue(again["replayed"])
        seen = self.call("GET", "/v1/cards/{number}", f"/v1/cards/{CARD}?at={LATER}")
        self.assertEqual(seen["points"]["balance"], 500)
        self.call("GET", "/v1/cards", "/v1/cards?phone=%2B79991234567")
        audit = self.call("GET", "/v1/admin/audit", "/v1/admin/audit?object=program:old")
        self.assertEqual([(e["action"], e["who"]) for e in audit["entries"]],
                         [("program.delete", "admin_token"), ("program.create", "admin_token")])
        self.assertEqual(audit["entries"][0]["before"]["id"], "old")
        self.assertIsNone(audit["entries"][0]["after"])
        report = self.call("GET", "/v1/admin/reports/summary",
                           "/v1/admin/reports/summary?from=2020-01-01&to=2029-12-31&group=month")
        self.assertEqual(report["totals"]["points"]["adjusted"], 500)
        self.assertEqual(report["totals"]["points"]["liability"], 500)
        # A register credential reaches only /v1/sync/*.
        self.call("GET", "/v1/cards/{number}", f"/v1/cards/{CARD}", token=self.credential,
                  expect=403)
        settings = self.call("GET", "/v1/admin/settings", "/v1/admin/settings")
        self.assertEqual(settings["max_adjust_points"], 5000)
        settings = self.call("PUT", "/v1/admin/settings", "/v1/admin/settings",
                             {"expiry_warning_days": 5})
        self.assertEqual((settings["expiry_warning_days"], settings["saved"]), (5, True))
        self.error(self.call("PUT", "/v1/admin/settings", "/v1/admin/settings", {"nope": 1},
                             expect=400), "invalid_request", "nope")
        # The CSV exports have no JSON body to check: their status, type and header row.
        req = urllib.request.Request(f"http://127.0.0.1:{self.o.port}/v1/admin/exports/cards.csv",
                                     headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            self.assertEqual((resp.status, resp.headers["Content-Type"]), (200, "text/csv; charset=utf-8"))
            self.assertTrue(resp.read().decode().startswith("number,status,"))
        self.openapi.checked.add(("GET", "/v1/admin/exports/{file}", 200))
        # The same file through an export job: started, polled until done, fetched.
        job = self.call("POST", "/v1/admin/export-jobs", "/v1/admin/export-jobs",
                        {"file": "cards.csv"}, expect=202)
        for _ in range(500):
            job = self.call("GET", "/v1/admin/export-jobs/{id}", f"/v1/admin/export-jobs/{job['id']}")
            if job["state"] != "running":
                break
            time.sleep(0.01)
        self.assertEqual(job["state"], "done", job)
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.o.port}/v1/admin/export-jobs/{job['id']}/file",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            self.assertEqual((resp.status, resp.headers["Content-Type"]), (200, "text/csv; charset=utf-8"))
            self.assertTrue(resp.read().decode().startswith("number,status,"))
        self.openapi.checked.add(("GET", "/v1/admin/export-jobs/{id}/file", 200))
        self.error(self.call("POST", "/v1/admin/export-jobs", "/v1/admin/export-jobs",
                             {"file": "x.csv"}, expect=400), "invalid_request", "file")

    def test_3b_fleet_and_stores_match_the_document(self):
        office_openapi_calls.fleet_answers_match_the_document(self)

    def test_3_customers_answers_match_the_document(self):
        one, two, fresh = "2000000000305", "2000000000312", "2000000000329"
        for number, cid, name in ((one, "c-305", "Вера Ёлкина"), (two, "c-312", "Вера Е.")):
            status, body = self.o.admin("PUT", f"/v1/admin/cards/{number}",
                                        {"customer": {"id": cid, "name": name}})
            self.assertIn(status, (200, 201), body)
        found = self.call("GET", "/v1/admin/customers", "/v1/admin/customers?q=%D0%95%D0%9B%D0%9A")
        self.assertIn("c-305", [c["id"] for c in found["customers"]])
        edited = self.call("PUT", "/v1/admin/customers/{id}", "/v1/admin/customers/c-305",
                           {"phone": "8 999 305-00-05", "email": "vera@example.ru",
                            "consents": {"sms": True}})
        self.assertEqual(edited["phone"], "+79993050005")
        replaced = self.call("POST", "/v1/admin/cards/{number}/replace",
                             f"/v1/admin/cards/{one}/replace", {"new_card": fresh})
        self.assertEqual(replaced["lost"]["card"]["status"], "lost")
        merged = self.call("POST", "/v1/admin/customers/{id}/merge",
                           "/v1/admin/customers/c-305/merge", {"from": "c-312"})
        self.assertEqual(merged["cards"], [one, two, fresh])
        view = self.call("GET", "/v1/admin/customers/{id}", "/v1/admin/customers/c-305")
        self.assertEqual([c["status"] for c in view["cards"]], ["lost", "active", "active"])
        erased = self.call("POST", "/v1/admin/customers/{id}/erase",
                           "/v1/admin/customers/c-305/erase", {})
        self.assertEqual(erased["cards"], [one, two, fresh])

    def test_4_admin_errors_match_the_document(self):
        self.given_card()
        err = self.call("GET", "/v1/admin/programs", "/v1/admin/programs", token=None, expect=401)
        self.error(err, "unauthorized")
        self.call("GET", "/v1/admin/programs", "/v1/admin/programs", token="wrong-token",
                  expect=401)
        err = self.call("GET", "/v1/admin/programs", "/v1/admin/programs", token=self.credential,
                        expect=403)
        self.error(err, "forbidden")
        err = self.call("GET", "/v1/admin/programs/{id}", "/v1/admin/programs/nope", expect=404)
        self.error(err, "program_not_found")
        self.call("DELETE", "/v1/admin/programs/{id}", "/v1/admin/programs/nope", expect=404)
        err = self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/x",
                        dict(CASHBACK, id="y"), expect=400)
        self.error(err, "invalid_program", "id")
        err = self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/x", {"id": "x"},
                        expect=400)
        self.assertEqual(err["error"]["code"], "invalid_program")
        err = self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/x", raw=b"{",
                        expect=400)
        self.error(err, "invalid_request")
        self.call("PATCH", "/v1/admin/programs/{id}", "/v1/admin/programs/x", {}, expect=405)
        err = self.call("PUT", "/v1/admin/cards/{number}", "/v1/admin/cards/12", {}, expect=400)
        self.error(err, "invalid_request", "number")
        err = self.call("PUT", "/v1/admin/cards/{number}", f"/v1/admin/cards/{OTHER}",
                        {"customer": {"phone": "8 999"}}, expect=400)
        self.error(err, "invalid_request", "customer.phone")
        self.call("PUT", "/v1/admin/cards/{number}", f"/v1/admin/cards/{OTHER}", {"colour": 1},
                  expect=400)
        # The method is checked before the body is read: a GET without a body is a 405, as
        # is one on the points path.
        status, err = request(self.o.port, "GET", f"/v1/admin/cards/{OTHER}", token=ADMIN_TOKEN)
        self.assertEqual((status, err["error"]["code"]), (405, "method_not_allowed"))
        status, err = request(self.o.port, "GET", f"/v1/admin/cards/{OTHER}/points",
                              token=ADMIN_TOKEN)
        self.assertEqual((status, err["error"]["code"]), (405, "method_not_allowed"))
        self.call("DELETE", "/v1/admin/cards/{number}", f"/v1/admin/cards/{OTHER}", {},
                  expect=405)
        err = self.call("POST", "/v1/admin/cards/{number}/points",
                        f"/v1/admin/cards/{OTHER}/points", {"adjust_id": "A-9", "points": 5},
                        expect=404)
        self.error(err, "card_not_found")
        err = self.call("POST", "/v1/admin/cards/{number}/points",
                        f"/v1/admin/cards/{CARD}/points", {"adjust_id": "A-9"}, expect=400)
        self.error(err, "invalid_request", "points")
        self.call("PUT", "/v1/admin/cards/{number}", f"/v1/admin/cards/{OTHER}", {}, expect=201)
        self.call("POST", "/v1/admin/cards/{number}/points", f"/v1/admin/cards/{CARD}/points",
                  {"adjust_id": "A-conflict", "points": 5})
        err = self.call("POST", "/v1/admin/cards/{number}/points",
                        f"/v1/admin/cards/{OTHER}/points", {"adjust_id": "A-conflict", "points": 5},
                        expect=409)
        self.error(err, "adjustment_conflict", "adjust_id")
        err = self.call("GET", "/v1/cards/{number}", "/v1/cards/12", expect=400)
        self.error(err, "invalid_request", "number")
        err = self.call("GET", "/v1/cards/{number}", f"/v1/cards/{CARD}?at=yesterday", expect=400)
        self.assertEqual(err["error"]["field"], "at")
        err = self.call("GET", "/v1/cards/{number}", "/v1/cards/2000000000999", expect=404)
        self.error(err, "card_not_found")
        self.call("GET", "/v1/cards/{number}", f"/v1/cards/{CARD}", token=None, expect=401)
        err = self.call("GET", "/v1/cards", "/v1/cards", expect=400)
        self.error(err, "invalid_request", "phone")
        self.call("GET", "/v1/cards", "/v1/cards?phone=%2B70000000000", expect=404)
        # A bare + arrives as a space, and the phone as typed is made E.164 all the same.
        self.call("GET", "/v1/cards", "/v1/cards?phone=%2B79991234567")
        self.call("GET", "/v1/cards", "/v1/cards?phone=+79991234567")
        self.call("GET", "/v1/cards", "/v1/cards?phone=8%20(999)%20123-45-67")
        self.call("POST", "/v1/cards/{number}", f"/v1/cards/{CARD}", {}, expect=405)
        self.call("POST", "/v1/health", "/v1/health", {}, token=None, expect=405)
        status, err = request(self.o.port, "GET", "/v1/reports", token=ADMIN_TOKEN)
        self.assertEqual((status, err["error"]["code"]), (404, "not_found"))

    def test_5_sync_answers_match_the_document(self):
        self.given_card()
        for program in (CASHBACK, SPRING):
            status, body = self.o.admin("PUT", f"/v1/admin/programs/{program['id']}", program)
            self.assertIn(status, (200, 201), body)
        self.call("PUT", "/v1/admin/programs/{id}", "/v1/admin/programs/gone",
                  dict(CASHBACK, id="gone"), expect=201)
        self.call("DELETE", "/v1/admin/programs/{id}", "/v1/admin/programs/gone")
        code = self.o.add_register("Store 2, till 1")
        enrolled = self.sync("POST", "/v1/sync/enroll", "/v1/sync/enroll",
                             {"code": code, "register_id": "r-openapi1"}, token="")
        self.assertEqual(enrolled["register_id"], "r-openapi1")
        rid, cred = enrolled["register_id"], enrolled["credential"]
        card_3 = "2000000000039"
        uploaded = self.sync("POST", "/v1/sync/upload", "/v1/sync/upload",
                             {"cards": [{"number": card_3, "status": "active", "groups": [],
                                         "customer": {"id": "c-3", "name": "Ира",
                                                      "phone": "+79990000003", "birthday": None}},
                                        {"number": CARD, "customer": {"phone": "+79990000001"}}],
                              "programs": [dict(CASHBACK, percent=7),
                                           dict(CASHBACK, id="local")]}, token=cred)
        self.assertEqual((uploaded["cards"], uploaded["created"], uploaded["programs_uploaded"]),
                         (2, 1, ["local"]))
        self.assertEqual(sorted(c["field"] for c in uploaded["conflicts"]),
                         ["customer.phone", "document"])
        pushed = self.sync("POST", "/v1/sync/push", "/v1/sync/push",
                           {"register_id": rid,
                            "entries": [entry(rid, 1, coupons=["spring"]), entry(rid, 2, -5)]},
                           token=cred)
        self.assertEqual(pushed["acked"], [f"{rid}:1"])
        self.assertEqual([r["id"] for r in pushed["refused"]], [f"{rid}:2"])
        again = self.sync("POST", "/v1/sync/push", "/v1/sync/push",
                          {"entries": [entry(rid, 1, coupons=["spring"])]}, token=cred)
        self.assertEqual((again["acked"], again["applied"]), ([f"{rid}:1"], 0))
        page = self.sync("GET", "/v1/sync/pull", "/v1/sync/pull?after=0&limit=5000", token=cred)
        self.assertFalse(page["more"])
        self.assertEqual({c["type"] for c in page["changes"]},
                         {"program", "program_deleted", "card", "counter", "settings"})
        first = self.sync("GET", "/v1/sync/pull", "/v1/sync/pull?limit=1", token=cred)
        self.assertEqual((len(first["changes"]), first["more"]), (1, True))
        self.assertEqual(first["remaining"], len(page["changes"]) - 1)
        self.sync("GET", "/v1/sync/pull", f"/v1/sync/pull?after={page['next']}", token=cred)

    def test_6_sync_errors_match_the_document(self):
        for method, template, body in (("POST", "/v1/sync/enroll", {"code": "x"}),
                                       ("POST", "/v1/sync/push", {"entries": []}),
                                       ("GET", "/v1/sync/pull", None),
                                       ("POST", "/v1/sync/upload", {})):
            for protocol in (None, "2"):
                err = self.sync(method, template, template, body, expect=426, protocol=protocol)
                self.assertEqual((err["error"]["code"], err["supported"]), ("protocol_mismatch", [1]))
        err = self.sync("POST", "/v1/sync/enroll", "/v1/sync/enroll", {"code": "nope"}, token="",
                        expect=403)
        self.error(err, "enrolment_refused")
        err = self.sync("POST", "/v1/sync/enroll", "/v1/sync/enroll", {}, token="", expect=400)
        self.error(err, "invalid_request", "code")
        err = self.sync("POST", "/v1/sync/enroll", "/v1/sync/enroll",
                        {"code": "x", "register_id": "till-1"}, token="", expect=400)
        self.error(err, "invalid_request", "register_id")
        rid = self.register_id
        for template, method, body in (("/v1/sync/push", "POST", {"entries": []}),
                                       ("/v1/sync/pull", "GET", None),
                                       ("/v1/sync/upload", "POST", {})):
            err = self.sync(method, template, template, body, token="r-x.wrong", expect=401)
            self.error(err, "unauthorized")
        push = "/v1/sync/push"
        self.error(self.sync("POST", push, push, {}, expect=400), "invalid_request", "entries")
        self.error(self.sync("POST", push, push, {"entries": {}}, expect=400), "invalid_request",
                   "entries")
        err = self.sync("POST", push, push, {"entries": [{"seq": 1}]}, expect=400)
        self.error(err, "invalid_request", "entries[0].id")
        err = self.sync("POST", push, push, {"entries": [entry("r-someone-else", 1)]}, expect=403)
        self.assertEqual(err["error"]["code"], "foreign_entry")
        err = self.sync("POST", push, push,
                        {"entries": [entry(rid, n) for n in range(1, 2002)]}, expect=413)
        self.error(err, "batch_too_large", "entries")
        self.sync("GET", push, push, expect=405)
        for query, field in (("after=-1", "after"), ("limit=0", "limit"), ("limit=5001", "limit"),
                             ("limit=x", "limit")):
            err = self.sync("GET", "/v1/sync/pull", f"/v1/sync/pull?{query}", expect=400)
            self.error(err, "invalid_request", field)
        # sync.md: a page is 1 to 5 000 changes, and the message says so.
        err = self.sync("GET", "/v1/sync/pull", "/v1/sync/pull?limit=0", expect=400)
        self.assertEqual(err["error"]["message"], "must be a whole number from 1 to 5000")
        upload = "/v1/sync/upload"
        # This register has pulled and pushed: an upload belongs to enrolment.
        self.error(self.sync("POST", upload, upload, {"cards": []}, expect=409), "upload_closed")
        code = self.o.add_register("Store 1, till 9")
        fresh = self.sync("POST", "/v1/sync/enroll", "/v1/sync/enroll", {"code": code})
        cred = fresh["credential"]
        err = self.sync("POST", upload, upload,
                        {"cards": [{"number": CARD}, {"number": "12"}]}, expect=400, token=cred)
        self.error(err, "invalid_request", "cards[1].number")
        err = self.sync("POST", upload, upload,
                        {"cards": [{"number": CARD, "customer": {"phone": "x"}}]}, expect=400,
                        token=cred)
        self.error(err, "invalid_request", "cards[0].customer.phone")
        err = self.sync("POST", upload, upload, {"programs": [{"id": "x"}]}, expect=400, token=cred)
        self.assertEqual(err["error"]["code"], "invalid_program")
        self.assertTrue(err["error"]["field"].startswith("programs[0]"), err)
        self.error(self.sync("POST", upload, upload, {"cards": {}}, expect=400, token=cred),
                   "invalid_request", "cards")

    def test_7_staff_answers_match_the_document(self):
        office_openapi_calls.staff_answers_match_the_document(self)

    def test_8_notifications_answer_as_documented(self):
        office_openapi_calls.notifications_answer_as_documented(self)

    def test_9_every_documented_operation_answered_with_success(self):
        """Sums up the tests before it (run after them, by its name)."""
        succeeded = {(m, t) for m, t, status in self.openapi.checked if status < 300}
        documented = {(m, t) for m, t, _ in self.openapi.operations()}
        self.assertEqual(sorted(documented - succeeded), [])


if __name__ == "__main__":
    unittest.main()
