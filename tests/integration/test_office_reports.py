"""The summary report over the real kopilka-office (office.md "Reports"): entries pushed by a
register land in their store-local days, the JSON answer and the CSV download agree, and
`kopilka-office report summary` prints the same. Runs on SQLite, and on PostgreSQL under
KOPILKA_OFFICE_STORAGE=postgresql."""
import subprocess
import time
import unittest
import urllib.request

from kopilka_harness import ADMIN_TOKEN, Office, request


def entry(reg, n, kind, at, card, detail, effects):
    return {"id": f"{reg}:{n}", "seq": n, "kind": kind, "card": card, "at": at,
            "effects": {"card": card, **effects}, "detail": detail}


class OfficeReportsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.o = Office().started_for_class(cls)
        cls.reg, cls.cred = cls.o.enroll("Store 1, till 1")
        r = cls.reg
        entries = [
            entry(r, 1, "receipt", "2026-11-02T23:30:00+03:00", "2000000000015",
                  {"receipt_id": "R1", "total": 10000, "response": {"applied": []}},
                  {"spent_delta": 10000, "new_lots": [{"id": "0", "program": "", "earned_day":
                   "2026-11-02", "usable_from": "2026-11-02", "last_day": None, "points": 100}]}),
            entry(r, 2, "receipt", "2026-11-03T10:00:00+03:00", "",
                  {"receipt_id": "R2", "total": 3333, "response": {"applied": []}}, {}),
            entry(r, 3, "refund", "2026-11-10T10:00:00+03:00", "2000000000015",
                  {"receipt_id": "R1", "response": {"money_returned": 2500}},
                  {"spent_delta": -2500, "draws": [{"lot": f"{r}:1/0", "points": 25}]}),
        ]
        status, answer = cls.o.sync("POST", "/v1/sync/push", cls.cred,
                                    {"register_id": r, "entries": entries})
        assert status == 200 and answer["applied"] == 3, answer

    def test_json_weeks_from_monday(self):
        status, r = self.o.admin("GET", "/v1/admin/reports/summary?from=2026-11-01&to=2026-11-15"
                                        "&group=week")
        self.assertEqual(status, 200, r)
        self.assertEqual(r["totals"]["revenue"], {"card": 7500, "no_card": 3333, "all": 10833})
        self.assertEqual(r["totals"]["receipts"], {"card": 1, "no_card": 1, "all": 2})
        self.assertEqual(r["totals"]["average_check"], {"card": 7500, "no_card": 3333, "all": 5417})
        self.assertEqual(r["totals"]["points"]["issued"], 75)
        self.assertEqual(r["totals"]["points"]["liability_money"], 7500)
        self.assertIsNotNone(r["complete_until"])
        self.assertEqual([g["period"] for g in r["groups"]],
                         ["2026-10-26", "2026-11-02", "2026-11-09"])
        self.assertEqual([g["revenue"]["all"] for g in r["groups"]], [0, 13333, -2500])

    def test_csv_download(self):
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.o.port}/v1/admin/reports/summary?from=2026-11-01"
            "&to=2026-11-15&group=month&format=csv",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        with urllib.request.urlopen(req) as resp:
            self.assertTrue(resp.headers["Content-Type"].startswith("text/csv"))
            rows = resp.read().decode("utf-8").splitlines()
        self.assertEqual(rows[0].split(",")[:4],
                         ["period", "revenue_card", "revenue_no_card", "revenue_all"])
        self.assertEqual(len(rows), 3)
        self.assertIn("attachment", resp.headers["Content-Disposition"])
        self.assertTrue(rows[1].startswith("2026-11-01,7500,3333,10833,1,1,2,"), rows[1])
        self.assertTrue(rows[2].startswith("total,7500,3333,10833,1,1,2,"), rows[2])

    def test_liability_money_at_the_chain_point_value(self):
        # The owner set a point to 50 kopecks at head office, as the registers then pay it;
        # the liability was once priced at office.toml's 100 all the same.
        status, r = self.o.admin("PUT", "/v1/admin/settings", {"point_value": 50})
        self.assertEqual(status, 200, r)
        try:
            status, r = self.o.admin("GET", "/v1/admin/reports/summary?from=2026-11-01"
                                            "&to=2026-11-15")
            self.assertEqual((r["totals"]["points"]["liability"],
                              r["totals"]["points"]["liability_money"]), (75, 3750), r)
            out = subprocess.run([self.o.binary, "report", "summary", "--from", "2026-11-01",
                                  "--to", "2026-11-15", "--config", str(self.o.config_path)],
                                 capture_output=True, text=True, timeout=60)
            self.assertIn('"liability_money":3750', out.stdout.replace(" ", ""), out.stderr)
        finally:
            self.o.admin("PUT", "/v1/admin/settings", {"point_value": 100})

    def test_bad_query_and_shell_command(self):
        status, r = self.o.admin("GET", "/v1/admin/reports/summary?from=2026-11-15&to=2026-11-01")
        self.assertEqual(status, 400, r)
        self.assertEqual(r["error"]["field"], "to")
        # A store or register the chain does not have (a name typed for an id) is named, not
        # answered with zeros that read as "it sold nothing".
        for key in ("store", "register"):
            status, r = self.o.admin("GET", "/v1/admin/reports/summary?from=2026-11-01&to=2026-11-15"
                                     f"&{key}=%D0%A2%D0%B2%D0%B5%D1%80%D1%81%D0%BA%D0%B0%D1%8F")  # «Тверская»
            self.assertEqual((status, r["error"]["field"]), (400, key), r)
        # A store and a register of another store: one of them was dropped, and the answer
        # read as the other's figures.
        status, store = self.o.admin("POST", "/v1/admin/stores",
                                     {"name": "Тверская", "timezone": "Europe/Moscow"})
        self.assertEqual(status, 201, store)
        status, r = self.o.admin("GET", "/v1/admin/reports/summary?from=2026-11-01&to=2026-11-15"
                                 f"&store={store['id']}&register={self.reg}")
        self.assertEqual((status, r["error"]["field"]), (400, "register"), r)
        self.assertIn("is not in store", r["error"]["message"])
        out = subprocess.run([self.o.binary, "report", "summary", "--from", "2026-11-01", "--to",
                              "2026-11-15", "--csv", "--config", str(self.o.config_path)],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertTrue(out.stdout.splitlines()[-1].startswith("total,7500,3333,10833,"))


if __name__ == "__main__":
    unittest.main()


class CompleteUntilTest(unittest.TestCase):
    """complete_until is when every register had pushed all it held: a batch of a longer
    sync (Kopilka-Pending above the batch) does not move it; the last batch, or a pull made
    with nothing pending, does."""

    def setUp(self):
        self.o = Office().started_for(self)
        self.reg, self.cred = self.o.enroll("Store 1, till 1")
        self.n = 0

    def complete_until(self):
        status, r = self.o.admin("GET", "/v1/admin/reports/summary?from=2026-11-01&to=2026-11-30")
        self.assertEqual(status, 200, r)
        return r["complete_until"]

    def call(self, method, path, pending, body=None):
        time.sleep(1.1)  # complete_until is in whole seconds: each call a second apart
        status, answer = request(self.o.port, method, path, body, token=self.cred,
                                 headers={"Kopilka-Protocol": "1", "Kopilka-Pending": str(pending)})
        self.assertEqual(status, 200, answer)

    def push(self, pending):
        self.n += 1
        self.call("POST", "/v1/sync/push", pending, {"register_id": self.reg, "entries": [
            entry(self.reg, self.n, "receipt", "2026-11-03T10:00:00+03:00", "",
                  {"receipt_id": f"R{self.n}", "total": 100, "response": {"applied": []}}, {})]})

    def test_a_sync_cut_short_leaves_the_data_incomplete(self):
        enrolled = self.complete_until()
        self.assertIsNotNone(enrolled)
        self.push(pending=600)  # the first batch of a longer sync; then the line drops
        self.assertEqual(self.complete_until(), enrolled)
        self.call("GET", "/v1/sync/pull?after=0", pending=599)  # a pull with entries left
        self.assertEqual(self.complete_until(), enrolled)
        self.push(pending=1)  # all it held
        caught_up = self.complete_until()
        self.assertGreater(caught_up, enrolled)
        self.call("GET", "/v1/sync/pull?after=0", pending=0)
        self.assertGreater(self.complete_until(), caught_up)

    def test_a_refused_entry_or_a_revoked_register_holding_entries_leaves_it_incomplete(self):
        # A push whose one entry head office refused carried "all it held", and the
        # dashboard said the data was complete while the receipt stayed at the register.
        self.push(pending=1)
        caught_up = self.complete_until()
        self.n += 1
        forged = entry(self.reg, self.n, "receipt", "2026-11-03T10:00:00+03:00", "",
                       {"receipt_id": f"R{self.n}", "total": -5}, {})
        time.sleep(1.1)
        status, answer = request(self.o.port, "POST", "/v1/sync/push",
                                 {"register_id": self.reg, "entries": [forged]}, token=self.cred,
                                 headers={"Kopilka-Protocol": "1", "Kopilka-Pending": "1"})
        self.assertEqual((status, [r["id"] for r in answer["refused"]]),
                         (200, [forged["id"]]), answer)
        self.assertEqual(self.complete_until(), caught_up)
        # Revoked while it said it held an entry: still counted, its receipt still missing.
        self.call("GET", "/v1/sync/pull?after=0", pending=1)
        status, _ = self.o.admin("POST", f"/v1/admin/registers/{self.reg}/revoke", {})
        self.assertEqual(status, 200)
        other, cred = self.o.enroll("Store 1, till 2")
        time.sleep(1.1)
        request(self.o.port, "GET", "/v1/sync/pull?after=0", token=cred,
                headers={"Kopilka-Protocol": "1", "Kopilka-Pending": "0"})
        self.assertEqual(self.complete_until(), caught_up)
