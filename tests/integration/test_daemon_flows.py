"""kopilkad's endpoints beyond the contract example: birthday grants journalled exactly
once, loyalty refused for blocked, lost and unknown cards, redeem capped, refunds of all
that is left, admin edits answering 201 then 200, and the journal counting each entry once."""
import datetime
import unittest
import zoneinfo

from kopilka_harness import Daemon, request

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
ANNA = "2000000000015"
BLOCKED = "2000000000046"
LOST = "2000000000053"
NEW = "2000000000022"
BIRTHDAY = {"id": "birthday", "name": "ДР", "kind": "birthday", "grant": 1000, "days_before": 7,
            "points": {"lifetime_days": 14, "max_redeem_percent": 15}}
CASHBACK = {"id": "cashback", "name": "Кешбэк", "kind": "bonus", "percent": 10,
            "points": {"max_redeem_percent": 50}}
EVERYONE = {"id": "everyone", "name": "Скидка всем", "kind": "discount", "percent": 10,
            "audience": {"anyone": True}, "scope": {"categories": ["promo"]}}


def receipt(receipt_id, at, card=None, price=100000, category="haircut", **extra):
    body = {"receipt_id": receipt_id, "at": at,
            "lines": [{"line": 1, "sku": "S-1", "category": category, "qty": 1, "price": price}]}
    if card:
        body["card"] = card
    body.update(extra)
    return body


class DaemonFlowsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().started_for_class(cls)
        d = cls.d
        for p in (BIRTHDAY, CASHBACK, EVERYONE):
            assert d.admin("PUT", f"/v1/admin/programs/{p['id']}", p)[0] == 201
        # Her gift day D (birthday − 7 days) was four days ago, by the register's clock: the
        # gift is still good today (through D + 14), whatever day the suite runs.
        cls.gift_day = datetime.datetime.now(MOSCOW).date() - datetime.timedelta(days=4)
        birthday = cls.gift_day + datetime.timedelta(days=7)
        if (birthday.month, birthday.day) == (2, 29):
            cls.gift_day -= datetime.timedelta(days=1)
            birthday -= datetime.timedelta(days=1)
        assert d.admin("PUT", f"/v1/admin/cards/{ANNA}",
                       {"customer": {"id": "c-1", "name": "Анна", "phone": "+79991234567",
                                     "birthday": f"1990-{birthday:%m-%d}"}})[0] == 201
        assert d.admin("PUT", f"/v1/admin/cards/{BLOCKED}", {"status": "blocked"})[0] == 201
        assert d.admin("PUT", f"/v1/admin/cards/{LOST}", {"status": "lost"})[0] == 201
        assert d.admin("PUT", f"/v1/admin/cards/{NEW}", {})[0] == 201

    def pending(self):
        return request(self.d.port, "GET", "/v1/health")[1]["pending"]

    def card(self, number, at):
        status, body = self.d.pos("GET", f"/v1/cards/{number}?at={at.replace('+', '%2B')}")
        self.assertEqual(status, 200, body)
        return body

    def test_a_birthday_grant_is_journalled_once_and_spent_like_any_points(self):
        def at(days, time):  # D + days at time, Moscow
            return f"{self.gift_day + datetime.timedelta(days=days)}T{time}+03:00"

        # Usable from day D through D + 14.
        self.assertEqual(self.card(ANNA, at(-1, "23:59:00"))["points"]["balance"], 0)
        before = self.pending()
        c = self.card(ANNA, at(0, "00:01:00"))
        burns = str(self.gift_day + datetime.timedelta(days=14))
        self.assertEqual(c["points"], {"balance": 1000, "usable": 1000, "pending": 0,
                                       "burning": [{"points": 1000, "on": burns}]})
        self.assertEqual(self.pending(), before + 1)
        # Looking again, or by phone, grants nothing more.
        self.assertEqual(self.card(ANNA, at(2, "12:00:00"))["points"]["balance"], 1000)
        when = at(3, "12:00:00").replace("+", "%2B")
        status, by_phone = self.d.pos("GET", f"/v1/cards?phone=%2B79991234567&at={when}")
        self.assertEqual((status, by_phone["points"]["balance"]), (200, 1000))
        # As a cashier types it: the stored +7 form is found.
        status, by_phone = self.d.pos("GET", f"/v1/cards?phone=8%20(999)%20123-45-67&at={when}")
        self.assertEqual((status, by_phone["points"]["balance"]), (200, 1000))
        self.assertEqual(self.pending(), before + 1)
        # A sale of 1 000 ₽ may take 15 % in birthday points: 150 points = 150 ₽; it pays
        # 850 ₽ in money and earns 10 % of that, 85 points.
        status, r = self.d.pos("POST", "/v1/receipts/confirm",
                               receipt("BD-1", at(4, "00:30:00"), ANNA, redeem_points=400))
        self.assertEqual(status, 200, r)
        self.assertEqual((r["points_redeem_max"], r["points_redeemed"], r["paid_with_points"]), (150, 150, 15000))
        self.assertEqual((r["total"], r["points_accrued"], r["points_balance_after"]), (85000, 85, 935))
        self.assertEqual(self.pending(), before + 2)
        c = self.card(ANNA, at(15, "12:00:00"))  # the rest of the gift has burnt
        self.assertEqual(c["points"]["balance"], 85)
        self.assertEqual(c["spent"], 100000)  # the part paid with points counts (programs.md)

    def test_a_sale_in_a_birthday_week_spends_the_gift_whatever_the_clock(self):
        # Grants depend on `at` alone (programs.md "Units"): a receipt dated in a gift week
        # 200 days from now counts and spends the gift, as a look-up at that `at` shows it.
        # It was hidden from the receipt while the look-up showed it. Settling at that later
        # day still folds nothing away that is good today.
        number = "2000000000138"
        today = datetime.datetime.now(MOSCOW).date()
        birthday = today + datetime.timedelta(days=200)
        if (birthday.month, birthday.day) == (2, 29):
            birthday -= datetime.timedelta(days=1)
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{number}", {"customer": {
            "id": "c-ahead", "name": "Вера", "birthday": f"1990-{birthday:%m-%d}"}})[0], 201)
        now = datetime.datetime.now(MOSCOW).replace(microsecond=0)
        self.assertEqual(self.d.admin("POST", f"/v1/admin/cards/{number}/points",
                                      {"adjust_id": "AH-1", "points": 500, "lifetime_days": 30,
                                       "at": now.isoformat()})[0], 200)
        before = self.pending()
        ahead = datetime.datetime.combine(birthday, datetime.time(12), MOSCOW).isoformat()
        self.assertEqual(self.card(number, ahead)["points"]["usable"], 1000)  # 500 burnt by then
        self.assertEqual(self.pending(), before)  # shown, not journalled by a look-up
        sale = receipt("AH-S", ahead, number, redeem_points="max")
        status, calc = self.d.pos("POST", "/v1/receipts/calculate", sale)
        self.assertEqual(status, 200, calc)
        # 1 000 ₽ with 15 % of it payable by the gift's points: 150.
        self.assertEqual((calc["points_redeem_max"], calc["points_redeemed"]), (150, 150))
        status, r = self.d.pos("POST", "/v1/receipts/confirm", sale)
        self.assertEqual(status, 200, r)
        self.assertEqual((r["points_redeemed"], r["total"]), (150, 85000))
        self.assertEqual(self.pending(), before + 2)  # the gift, then the receipt
        points = self.card(number, now.isoformat())["points"]
        self.assertEqual(points["usable"], 500, points)

    def test_loyalty_refusals_still_calculate_promotions_for_anyone(self):
        at = "2026-11-24T12:00:00+03:00"
        for card, why in ((None, "no_card"), ("2000000000999", "card_not_found"),
                          (BLOCKED, "card_blocked"), (LOST, "card_lost")):
            status, r = self.d.pos("POST", "/v1/receipts/calculate",
                                   receipt("LR-1", at, card, price=20000, category="promo"))
            self.assertEqual(status, 200, r)
            self.assertEqual(r["loyalty"], why)
            self.assertEqual((r["total_before"], r["discount"], r["total"], r["points_accrued"]),
                             (20000, 2000, 18000, 0))
        # A confirmed sale on a blocked card records the receipt and leaves the card alone.
        status, r = self.d.pos("POST", "/v1/receipts/confirm", receipt("LR-2", at, BLOCKED, price=20000))
        self.assertEqual((status, r["loyalty"], r["points_accrued"]), (200, "card_blocked", 0))
        self.assertEqual(self.card(BLOCKED, at)["spent"], 0)

    def test_redeem_above_the_limit_is_lowered_and_the_answer_shows_it(self):
        number = "2000000000060"
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{number}", {})[0], 201)
        self.assertEqual(self.d.admin("POST", f"/v1/admin/cards/{number}/points",
                                      {"adjust_id": "RD-1", "points": 10000,
                                       "at": "2026-11-24T10:00:00+03:00"})[0], 200)
        status, r = self.d.pos("POST", "/v1/receipts/confirm",
                               receipt("RD-S", "2026-11-24T12:00:00+03:00", number, price=30000,
                                       redeem_points=9999))
        self.assertEqual(status, 200, r)
        # Half of 300 ₽ in points (the cashback program's 50 %; adjusted points have no cap
        # of their own, but the base is the receipt): 300 points at most.
        self.assertEqual(r["points_redeem_max"], r["points_redeemed"])
        self.assertEqual(r["total"] + r["paid_with_points"], 30000)
        self.assertEqual(r["points_balance_after"], 10000 - r["points_redeemed"] + r["points_accrued"])
        status, stored = self.d.pos("GET", "/v1/receipts/RD-S")
        self.assertEqual(stored["result"]["points_redeemed"], r["points_redeemed"])
        # Cancelling gives the redeemed points back and takes the accrued ones.
        status, c = self.d.pos("POST", "/v1/receipts/RD-S/cancel", {"at": "2026-11-25T12:00:00+03:00"})
        self.assertEqual(status, 200, c)
        self.assertEqual((c["points_returned"], c["points_reversed"]), (r["points_redeemed"], r["points_accrued"]))
        self.assertEqual(self.card(number, "2026-11-25T12:00:00+03:00")["points"]["balance"], 10000)
        # The sale sent again after its cancel: the stored answer, and word of the cancel.
        status, again = self.d.pos("POST", "/v1/receipts/confirm",
                                   receipt("RD-S", "2026-11-24T12:00:00+03:00", number, price=30000,
                                           redeem_points=9999))
        self.assertEqual((status, again.get("replayed"), again.get("cancelled")), (200, True, True), again)

    def test_a_refund_without_lines_returns_all_that_is_left(self):
        at = "2026-11-24T12:00:00+03:00"
        status, sale = self.d.pos("POST", "/v1/receipts/confirm", {
            "receipt_id": "RA-1", "at": at, "card": NEW,
            "lines": [{"line": 1, "qty": "1.5", "price": 10001, "category": "x"},
                      {"line": 2, "qty": 2, "price": 2500, "category": "x"}]})
        self.assertEqual(status, 200, sale)
        self.assertEqual((sale["total"], sale["points_accrued"]), (20002, 20))  # 15002 + 5000
        status, r1 = self.d.pos("POST", "/v1/receipts/RA-1/refund",
                                {"refund_id": "RA-R1", "at": at, "lines": [{"line": 1, "qty": "0.5"}]})
        self.assertEqual(status, 200, r1)
        status, r2 = self.d.pos("POST", "/v1/receipts/RA-1/refund", {"refund_id": "RA-R2", "at": at})
        self.assertEqual(status, 200, r2)
        self.assertEqual(r1["points_reversed"] + r2["points_reversed"], 20)
        self.assertEqual(r2["spent_after"], 0)
        status, err = self.d.pos("POST", "/v1/receipts/RA-1/refund", {"refund_id": "RA-R3", "at": at})
        self.assertEqual((status, err["error"]["code"]), (422, "refund_exceeds_sale"))
        # A cancel after everything was refunded changes nothing and says so.
        status, c = self.d.pos("POST", "/v1/receipts/RA-1/cancel", {})
        self.assertEqual((status, c["points_reversed"], c["points_returned"]), (200, 0, 0))
        status, stored = self.d.pos("GET", "/v1/receipts/RA-1")
        self.assertEqual(status, 200)
        self.assertTrue(stored["refunded"]["complete"])
        self.assertEqual([r["refund_id"] for r in stored["refunds"]], ["RA-R1", "RA-R2", "cancel:RA-1"])
        self.assertEqual(self.card(NEW, at)["points"]["balance"], 0)
        # The same refund_id on another receipt is a conflict, not a second refund.
        self.assertEqual(self.d.pos("POST", "/v1/receipts/confirm",
                                    receipt("RA-2", at, NEW, price=500))[0], 200)
        status, err = self.d.pos("POST", "/v1/receipts/RA-2/refund", {"refund_id": "RA-R1", "at": at})
        self.assertEqual((status, err["error"]["code"]), (409, "refund_conflict"))
        # Said as it is: the id belongs to another receipt's return ("a different body" sent
        # an integrator looking for a fault in the body).
        self.assertEqual(err["error"]["message"], "refund RA-R1 was made for receipt RA-1: each "
                                                  "return takes a refund id of its own")

    def test_a_look_up_in_the_future_journals_nothing_due_only_then(self):
        # 100 look-ups at 100 future years once wrote 100 birthday grants into the journal.
        number = "2000000000084"
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{number}",
                                      {"customer": {"id": "c-84", "name": "Вера",
                                                    "birthday": "1991-12-01"}})[0], 201)
        today = self.card(number, "")  # settles what is due by the register's clock
        before = self.pending()
        for year in range(2100, 2200):
            c = self.card(number, f"{year}-11-25T12:00:00+03:00")
            # Shown as it will be then: that year's gift (today's has long burnt by then).
            self.assertEqual(c["points"]["balance"], 1000, year)
        self.assertEqual(self.pending(), before)
        self.assertEqual(self.card(number, "")["points"]["balance"], today["points"]["balance"])
        # A time no shop can have is refused, naming the field.
        status, body = self.d.pos("GET", f"/v1/cards/{number}?at=9999-12-31T22:00:00Z")
        self.assertEqual((status, body["error"]["code"], body["error"]["field"]),
                         (400, "invalid_request", "at"), body)

    def test_a_look_up_in_the_past_journals_no_past_years_gift(self):
        # Look-ups "as of" each past year's birthday week once granted every past year's gift
        # in turn (each year later than the last granted one), points out of thin air.
        number = "2000000000091"
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{number}",
                                      {"customer": {"id": "c-91", "name": "Ира",
                                                    "birthday": "1992-12-01"}})[0], 201)
        before = self.pending()
        for year in range(2000, 2010):
            self.card(number, f"{year}-11-25T12:00:00+03:00")
        self.assertEqual(self.pending(), before)

    def test_admin_edits_answer_201_then_200_and_404_for_missing(self):
        number = "2000000000077"
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{number}", {"groups": ["vip"]})[0], 201)
        status, c = self.d.admin("PUT", f"/v1/admin/cards/{number}",
                                 {"status": "blocked", "customer": {"name": "Ольга", "phone": None}})
        self.assertEqual(status, 200, c)
        self.assertEqual(c["card"], {"number": number, "status": "blocked", "groups": ["vip"]})
        self.assertEqual(c["customer"]["name"], "Ольга")
        status, err = self.d.admin("POST", "/v1/admin/cards/2000000000999/points", {"adjust_id": "Z", "points": 5})
        self.assertEqual((status, err["error"]["code"]), (404, "card_not_found"))
        status, err = self.d.admin("DELETE", "/v1/admin/programs/nothing-here")
        self.assertEqual((status, err["error"]["code"]), (404, "program_not_found"))
        status, err = self.d.admin("GET", "/v1/admin/programs/nothing-here")
        self.assertEqual((status, err["error"]["code"]), (404, "program_not_found"))
        status, err = self.d.pos("GET", "/v1/cards?phone=%2B70000000000")
        self.assertEqual((status, err["error"]["code"]), (404, "card_not_found"))
        status, err = self.d.pos("GET", "/v1/receipts/never")
        self.assertEqual((status, err["error"]["code"]), (404, "receipt_not_found"))
        status, err = self.d.pos("POST", "/v1/receipts/never/cancel", {})
        self.assertEqual((status, err["error"]["code"]), (404, "receipt_not_found"))

    def test_receipt_ids_in_paths_are_percent_decoded(self):
        at = "2026-11-24T12:00:00+03:00"
        self.assertEqual(self.d.pos("POST", "/v1/receipts/confirm", receipt("R/7 №1", at, NEW, price=1000))[0], 200)
        status, stored = self.d.pos("GET", "/v1/receipts/R%2F7%20%E2%84%961")
        self.assertEqual((status, stored.get("receipt_id")), (200, "R/7 №1"))
        status, r = self.d.pos("POST", "/v1/receipts/R%2F7%20%E2%84%961/cancel", {"at": at})
        self.assertEqual((status, r["receipt_id"]), (200, "R/7 №1"))
        for bad in ("/v1/receipts/R%2", "/v1/receipts/R%zz", "/v1/receipts/R%00"):
            status, err = self.d.pos("GET", bad)
            self.assertEqual((status, err["error"]["code"]), (400, "invalid_request"), bad)

    def test_shift_close_keeps_the_last_seven_backups(self):
        for i in range(9):
            status, body = self.d.pos("POST", "/v1/shift/close", {"shift_id": f"S-{i}"})
            self.assertEqual(status, 200)
            self.assertEqual(body["error"], "head office not configured")
            self.assertEqual(body["pending"], self.pending())
        import time
        time.sleep(1.1)  # backups are named by the second
        self.d.pos("POST", "/v1/shift/close", {"shift_id": "S-last"})
        backups = sorted((self.d.data_dir / "backups").glob("kopilka-*.db"))
        self.assertGreaterEqual(len(backups), 1)
        self.assertLessEqual(len(backups), 7)
        self.assertTrue(backups[-1].read_bytes().startswith(b"SQLite format 3\x00"))


class FractionalPercentTest(unittest.TestCase):
    """A 7.5 % program's answer, given again: a replayed confirm and GET /v1/receipts/{id}
    once carried the percent as {"bytes": [55, 46, 53], "subtype": 68}."""

    def setUp(self):
        self.d = Daemon().started_for(self)

    def test_a_replayed_answer_carries_the_percent_as_a_number(self):
        program = {"id": "h75", "name": "7,5 %", "kind": "discount", "percent": 7.5,
                   "audience": {"anyone": True}}
        self.assertEqual(self.d.admin("PUT", "/v1/admin/programs/h75", program)[0], 201)
        body = receipt("FR-1", "2026-11-24T12:00:00+03:00", card=NEW, price=100000)
        body["lines"][0]["qty"] = 0.5
        status, first = self.d.pos("POST", "/v1/receipts/confirm", body)
        self.assertEqual(status, 200, first)
        self.assertEqual(first["applied"][0]["percent"], 7.5)
        status, again = self.d.pos("POST", "/v1/receipts/confirm", body)
        self.assertEqual((status, again["replayed"]), (200, True))
        self.assertEqual(again["applied"][0]["percent"], 7.5)
        self.assertEqual({k: v for k, v in again.items() if k != "replayed"}, first)
        status, stored = self.d.pos("GET", "/v1/receipts/FR-1")
        self.assertEqual(stored["result"]["applied"][0]["percent"], 7.5)


if __name__ == "__main__":
    unittest.main()
