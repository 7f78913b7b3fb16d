"""The demo register answers what README.md says it answers, on whatever day it is
started: Anna's card with her birthday gift granted and announced, and the demo coupon
valid today."""
import datetime
import pathlib
import subprocess
import unittest

from kopilka_harness import BUILD, Daemon, temp_dir

SOURCE = pathlib.Path(__file__).resolve().parents[2]
ANNA = "2000000000015"
GIFT_MESSAGE = "Подарок ко дню рождения: 1000 бонусов"
MOSCOW = datetime.timezone(datetime.timedelta(hours=3))  # Europe/Moscow has no DST since 2014


class DemoTest(unittest.TestCase):
    def setUp(self):
        self.tmp = temp_dir(self)
        self.d = Daemon(directory=self.tmp)  # a config on a free port; --demo keeps it
        self.d.args = lambda: [self.d.binary, "--demo", str(self.tmp)]
        self.d.started_for(self)

    def test_anna_has_her_birthday_gift_and_the_readme_says_so(self):
        status, card = self.d.pos("GET", f"/v1/cards/{ANNA}")
        self.assertEqual(status, 200, card)
        # 755 points earned and the 1 000-point gift: her birthday is three days away.
        self.assertEqual((card["points"]["balance"], card["points"]["usable"]), (1755, 1755), card)
        in_three_days = datetime.datetime.now(MOSCOW).date() + datetime.timedelta(days=3)
        self.assertEqual(card["customer"]["birthday"][5:], in_three_days.isoformat()[5:])
        self.assertIn({"to": "customer", "text": GIFT_MESSAGE}, card["messages"])
        self.assertEqual(card["levels"][0]["percent"], 10)
        # The gift is granted once: a second lookup shows the same balance and message.
        again = self.d.pos("GET", f"/v1/cards/{ANNA}")[1]
        self.assertEqual((again["points"]["balance"], again["messages"]), (1755, card["messages"]))
        readme = (SOURCE / "README.md").read_text()
        self.assertIn("1 755 points", readme)
        self.assertIn(f"«{GIFT_MESSAGE}»", readme)
        self.assertNotIn("Anna's card: 755", readme)

    def test_the_readme_receipt_is_answered_as_the_readme_says(self):
        # As README.md's curl, at an hour outside the weekday-morning happy hours.
        evening = datetime.datetime.now(MOSCOW).replace(hour=20, minute=0, second=0, microsecond=0)
        status, calc = self.d.pos("POST", "/v1/receipts/calculate", {
            "receipt_id": "R-0001", "card": ANNA, "redeem_points": "max", "at": evening.isoformat(),
            "lines": [{"line": 1, "sku": "A-17", "name": "Шампунь", "category": "cosmetics", "qty": 2, "price": 45000},
                      {"line": 2, "sku": "S-1", "name": "Стрижка", "category": "haircut", "qty": 1, "price": 150000}]})
        self.assertEqual(status, 200, calc)
        self.assertEqual((calc["total_before"], calc["discount"], calc["points_redeemed"], calc["total"],
                          calc["points_accrued"], calc["points_balance_after"]),
                         (240000, 34500, 513, 154200, 154, 1396), calc)
        readme = " ".join((SOURCE / "README.md").read_text().replace("#", " ").split())
        for figure in ("2 400,00 ₽", "30 % off the shampoo", "5 % off the haircut", "pays 513 points",
                       "1 542,00 ₽", "earns 154 points", "1 396 after it"):
            self.assertIn(figure, readme)

    def test_the_demo_coupon_applies_today(self):
        status, calc = self.d.pos("POST", "/v1/receipts/calculate", {
            "receipt_id": "C-1", "card": "2000000000022", "coupons": ["VESNA10"],
            "lines": [{"line": 1, "sku": "A-17", "category": "cosmetics", "qty": 1, "price": 100000}]})
        self.assertEqual(status, 200, calc)
        self.assertEqual(calc["coupons"][0]["status"], "applied", calc)
        self.assertIn("spring", [a["program"] for a in calc["applied"]])
        program = self.d.admin("GET", "/v1/admin/programs/spring")[1]
        today = datetime.datetime.now(MOSCOW).date()
        self.assertEqual(program["valid"]["from"], today.isoformat())
        self.assertEqual(program["valid"]["to"], (today + datetime.timedelta(days=91)).isoformat())


class DemoEnrolmentTest(unittest.TestCase):
    def test_the_demo_register_is_not_enrolled(self):
        # Its balances were written without receipts: enrolled, it lost them at head office
        # (Anna 1 451 → 696 points) and its public tokens served a real chain.
        tmp = temp_dir(self)
        config = tmp / "kopilka.toml"
        config.write_text(f'listen = "127.0.0.1:8765"\ndata_dir = "{tmp}/data"\n'
                          'pos_token = "demo-pos-token-0000"\n'
                          'admin_token = "demo-admin-token-0000"\n')
        before = config.read_text()
        out = subprocess.run([str(BUILD / "cli" / "kopilka"), "--config", str(config), "enroll",
                              "--office", "http://127.0.0.1:9", "--code", "ABCD-EFGH"],
                             capture_output=True, text=True, timeout=60, env={"LC_ALL": "C"})
        self.assertEqual(out.returncode, 1, out)
        self.assertIn("this is the demo register", out.stderr)
        self.assertEqual(config.read_text(), before)
        self.assertFalse((tmp / "data" / "office.enrol").exists())


if __name__ == "__main__":
    unittest.main()
