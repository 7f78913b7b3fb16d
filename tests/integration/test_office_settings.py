"""Chain settings (office.md "Stores, registers and chain settings"): two real registers
whose own configs disagree on point_value are enrolled with one head office; once each has
synced, both compute the same receipt with head office's settings (office.toml's until the
owner saves some), and it matches head office. Also: GET/PUT /v1/admin/settings (merge, checks, audit) and what
`kopilka config show` says about where a value came from."""
import json
import subprocess
import unittest

from kopilka_harness import BUILD, Daemon, Office, enroll, request

KOPILKA = str(BUILD / "cli" / "kopilka")
CARD = "2000000000015"
AT = "2026-11-24T12:00:00+03:00"
AT_Q = AT.replace("+", "%2B")
CASHBACK = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
            "points": {"max_redeem_percent": 100}}


def sale(receipt_id, category="haircut", price=100000, redeem=None):
    body = {"receipt_id": receipt_id, "card": CARD, "at": AT,
            "lines": [{"line": 1, "sku": "S-1", "category": category, "qty": 1, "price": price}]}
    if redeem is not None:
        body["redeem_points"] = redeem
    return body


class ChainSettingsTest(unittest.TestCase):

    def setUp(self):
        self.office = Office().started_for(self)
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}", {})[0], 201)
        status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                         {"adjust_id": "A-1", "points": 500, "reason": "перенос",
                                          "at": AT})
        self.assertEqual(status, 200, body)

    def register(self, name, point_value):
        own = f"point_value = {point_value}\n"
        d = Daemon(extra_config=own).started_for(self)
        enroll(self.office, d, name, config=own)
        return d

    def sync(self, d):
        status, body = d.admin("POST", "/v1/admin/sync", {})
        self.assertEqual((status, body.get("sync")), (200, "ok"), body)
        return body

    def calculate(self, d, body):
        status, r = d.pos("POST", "/v1/receipts/calculate", body)
        self.assertEqual(status, 200, r)
        return {k: r[k] for k in ("total", "discount", "paid_with_points", "points_accrued",
                                  "points_redeemed")}

    def balance(self, port, token):
        status, body = request(port, "GET", f"/v1/cards/{CARD}?at={AT_Q}", token=token)
        self.assertEqual(status, 200, body)
        return body["points"]["balance"]

    def test_a_register_logs_when_the_chain_settings_override_its_own_file(self):
        # The owner saved only point_value; the chain's no_loyalty_categories ([]) came down
        # with it and silently dropped the register's ["tobacco"].
        # Before the owner saves any, head office's own (office.toml's) come down with the
        # first sync: an enrolled register never computes by its file alone (office.md).
        a = self.register("Касса 1", 100)
        self.sync(a)
        self.assertEqual(self.calculate(a, sale("T-1", category="tobacco"))["points_accrued"], 50)
        warned = [l for l in a.log().splitlines() if "[warning]" in l and "chain settings" in l]
        self.assertEqual(len(warned), 1, warned)
        self.assertIn("no_loyalty_categories to [] on this register (was [tobacco]; [tobacco] in "
                      "this register's config file)", warned[0])
        # The owner saving the same values changes nothing a register computes, nor warns again.
        status, _ = self.office.admin("PUT", "/v1/admin/settings", {"point_value": 100})
        self.assertEqual(status, 200)
        self.sync(a)
        self.assertEqual(self.calculate(a, sale("T-1", category="tobacco"))["points_accrued"], 50)
        warned = [l for l in a.log().splitlines() if "[warning]" in l and "chain settings" in l]
        self.assertEqual(len(warned), 1, warned)

    def test_two_registers_compute_one_receipt_alike_once_head_office_sets_the_chain(self):
        a, b = self.register("Касса 1", 100), self.register("Касса 2", 50)
        for d in (a, b):
            self.sync(d)
        # Both by head office's settings, saved by nobody yet (office.toml's), not by their
        # files (100 points were 100,00 ₽ at one register and 50,00 ₽ at the other): alike.
        for d in (a, b):
            self.assertEqual(self.calculate(d, sale("R-1", redeem=100))["paid_with_points"], 10000)
            self.assertEqual(self.calculate(d, sale("R-2", category="tobacco"))["points_accrued"], 50)

        status, before = self.office.admin("GET", "/v1/admin/settings")
        self.assertEqual(status, 200)
        self.assertEqual(before, {"point_value": 100, "no_loyalty_categories": [],
                                  "expiry_warning_days": 7, "max_adjust_points": 5000,
                                  "wallet_offline_hours": 24, "wallet_offline_limit": 300000,
                                  "timezone": "Europe/Moscow", "saved": False})
        status, after = self.office.admin("PUT", "/v1/admin/settings",
                                          {"point_value": 200, "no_loyalty_categories": ["alcohol"]})
        self.assertEqual(status, 200, after)
        self.assertEqual(after, {"point_value": 200, "no_loyalty_categories": ["alcohol"],
                                 "expiry_warning_days": 7, "max_adjust_points": 5000,
                                 "wallet_offline_hours": 24, "wallet_offline_limit": 300000,
                                 "timezone": "Europe/Moscow", "saved": True})
        self.assertEqual(self.office.admin("GET", "/v1/admin/settings")[1], after)

        for d in (a, b):
            self.sync(d)
        expected = {
            # 100 points at 2,00 ₽ each: 200,00 ₽ paid with points.
            "R-1": {"total": 80000, "discount": 0, "paid_with_points": 20000,
                    "points_accrued": 20, "points_redeemed": 100},
            # 5 % of 1 000,00 ₽ at 2,00 ₽ a point; tobacco is no longer excluded.
            "R-2": {"total": 100000, "discount": 0, "paid_with_points": 0,
                    "points_accrued": 25, "points_redeemed": 0},
        }
        bodies = {"R-1": sale("R-1", redeem=100), "R-2": sale("R-2", category="tobacco")}
        for rid, body in bodies.items():
            self.assertEqual(self.calculate(a, body), expected[rid], rid)
            self.assertEqual(self.calculate(b, body), expected[rid], rid)

        # A receipt confirmed at one register lands at head office and the other alike.
        status, r = a.pos("POST", "/v1/receipts/confirm", sale("R-3"))
        self.assertEqual((status, r["points_accrued"]), (200, 25), r)
        self.sync(a)
        self.sync(b)
        self.assertEqual(self.balance(self.office.port, "admin-token-for-tests-0001"), 525)
        self.assertEqual(self.balance(b.port, "pos-token-for-tests-0001"), 525)

        # The register says which values are head office's; its own file is untouched.
        status, config = a.admin("GET", "/v1/admin/config")
        self.assertEqual((config["point_value"], config["no_loyalty_categories"]), (200, ["alcohol"]))
        self.assertEqual(config["from_office"],
                         ["point_value", "no_loyalty_categories", "expiry_warning_days",
                          "wallet_offline_hours", "wallet_offline_limit", "timezone"])
        self.assertIn("point_value = 100", a.config_path.read_text())
        out = subprocess.run([KOPILKA, "--config", str(b.config_path), "--json", "config", "show"],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        shown = json.loads(out.stdout)
        self.assertEqual((shown["point_value"], shown["from_office"][0]), (200, "point_value"))
        # `config get` tells the value in use, as `config show` does, and the file's beside it.
        out = subprocess.run([KOPILKA, "--config", str(b.config_path), "--json", "config", "get",
                              "point_value"], capture_output=True, text=True, timeout=60)
        self.assertEqual(json.loads(out.stdout), {"key": "point_value", "value": 200,
                                                  "from_office": True, "file_value": 50})
        out = subprocess.run([KOPILKA, "--config", str(b.config_path), "config", "get",
                              "point_value"], capture_output=True, text=True, timeout=60)
        self.assertEqual((out.returncode, out.stdout), (0, "200\n"), out.stderr)
        self.assertIn("head office", out.stderr)
        # A local edit of a chain setting is kept in the file; head office's value stays in use.
        status, edited = b.admin("PUT", "/v1/admin/config", {"point_value": 75})
        self.assertEqual((status, edited["point_value"]), (200, 200), edited)
        self.assertIn("point_value = 75", b.config_path.read_text())

    def test_put_merges_checks_each_key_and_is_audited(self):
        status, _ = self.office.admin("PUT", "/v1/admin/settings", {"expiry_warning_days": 3})
        self.assertEqual(status, 200)
        status, s = self.office.admin("PUT", "/v1/admin/settings", {"max_adjust_points": 1000})
        self.assertEqual((status, s["expiry_warning_days"], s["max_adjust_points"]), (200, 3, 1000))
        for body, field, message in (
                ({"point_value": 0}, "point_value",
                 "must be a whole number from 1 to 1000000 kopecks"),
                ({"expiry_warning_days": "3"}, "expiry_warning_days",
                 "must be a whole number, not a string (write it without quotes)"),
                ({"no_loyalty_categories": ["tobacco", 1]}, "no_loyalty_categories[1]",
                 "must be a string"),
                ({"point_value": 150, "pointvalue": 1}, "pointvalue", None),
                ({"timezone": "Europe/Samara"}, "timezone", None)):
            status, err = self.office.admin("PUT", "/v1/admin/settings", body)
            self.assertEqual((status, err["error"]["code"], err["error"]["field"]),
                             (400, "invalid_request", field), err)
            if message:
                self.assertEqual(err["error"]["message"], message)
        # Nothing of a refused PUT was taken.
        self.assertEqual(self.office.admin("GET", "/v1/admin/settings")[1]["point_value"], 100)
        status, audit = self.office.admin("GET", "/v1/admin/audit")
        updates = [e for e in audit["entries"] if e["action"] == "settings.update"]
        self.assertEqual(len(updates), 2, audit)
        latest = [e for e in updates if e["after"]["max_adjust_points"] == 1000][0]
        self.assertEqual((latest["object"], latest["who"]), ("settings:chain", "admin_token"))
        self.assertEqual((latest["before"]["max_adjust_points"], latest["after"]["max_adjust_points"]),
                         (5000, 1000))
        self.assertEqual(latest["after"]["expiry_warning_days"], 3)
        # The same values again change nothing: no new entry, no change for the registers.
        seq = self.office.sql_row("SELECT seq FROM chain_settings")
        self.assertEqual(self.office.admin("PUT", "/v1/admin/settings", {"point_value": 100})[0], 200)
        self.assertEqual(self.office.sql_row("SELECT seq FROM chain_settings"), seq)
        # The owner is not held to the support role's limit.
        status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                         {"adjust_id": "A-2", "points": 2000, "at": AT})
        self.assertEqual(status, 200, body)


if __name__ == "__main__":
    unittest.main()
