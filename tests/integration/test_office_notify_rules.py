"""Which events head office announces, judged as the owner and the customer would: the
chain's expiry_warning_days (PUT /v1/admin/settings) decides which burn dates are warned
of; a newcomer whose first receipts come in one push is welcomed; a level going up is
congratulated, going down is not; a lost card's replacement repeats no welcome and no
warning; the customer's own unsubscribe shows on the customer, is audited, ends when the
desk gives consent again, and survives a merge, whose survivor keeps both delivery logs;
points_accrued, turned on, announces each purchase's points once; two levels reached before
their messages could go (quiet hours) send the one the card holds, not both.
Runs on PostgreSQL too (integration_test_office_notify_rules_postgresql)."""
import datetime
import re
import time
import unittest

from notify_sinks import html_page
from test_office_notify import CARD, MOSCOW, OTHER, NotifyCase, lot_entry, today, wait_for

THIRD = "2000000000039"
SCALE = {"id": "scale", "name": "Скидка", "kind": "discount_scale",
         "levels": [{"from_spent": 100000, "percent": 3}, {"from_spent": 300000, "percent": 5}]}


class NotifyRulesTest(NotifyCase):
    sms_failures = ("500",)  # the first SMS of each message fails and is retried

    def push(self, *entries):
        status, body = self.o.sync("POST", "/v1/sync/push", self.credential,
                                   {"entries": list(entries)})
        self.assertEqual((status, body["refused"]), (200, []), body)

    def entry(self, card, kind="receipt", spent=100000, purchases=1):
        self.seq += 1
        return {"id": f"{self.register_id}:{self.seq}", "seq": self.seq, "kind": kind,
                "card": card, "at": datetime.datetime.now(MOSCOW).isoformat(timespec="seconds"),
                "receipt_id": f"R-{self.seq}",
                "effects": {"card": card, "spent_delta": spent, "purchases_delta": purchases}}

    def events(self, customer_id, channel="email"):
        return sorted((n["event"], n["state"]) for n in self.log(customer_id)
                      if n["channel"] == channel)

    def test_the_chains_warning_days_decide_which_burn_dates_are_announced(self):
        status, body = self.o.admin("PUT", "/v1/admin/settings", {"expiry_warning_days": 3})
        self.assertEqual(status, 200, body)
        self.customer(CARD, "c-anna")
        self.push_lot(CARD, 900, 5)
        self.feed_followed(CARD)
        wait_for("the welcome", lambda: self.events("c-anna") == [("welcome", "sent")])
        # Fourteen days: the same lot is within them now, without waiting for the night.
        self.assertEqual(self.o.admin("PUT", "/v1/admin/settings", {"expiry_warning_days": 14})[0],
                         200)
        wait_for("the burn warning", lambda: self.events("c-anna") == [
            ("points_burning", "sent"), ("welcome", "sent")])

    def test_a_newcomers_two_offline_receipts_are_welcomed(self):
        self.customer(THIRD, "c-three")
        self.push(self.entry(THIRD), self.entry(THIRD))
        self.feed_followed(THIRD)
        wait_for("the welcome", lambda: self.events("c-three") == [("welcome", "sent")])

    def test_a_level_going_up_is_congratulated_and_going_down_is_not(self):
        self.assertEqual(self.o.admin("PUT", "/v1/admin/programs/scale", SCALE)[0], 201)
        self.customer(CARD, "c-anna")
        self.push(self.entry(CARD, spent=400000))  # the first purchase reaches 5 %
        self.feed_followed(CARD)
        wait_for("the congratulation", lambda: ("level_reached", "sent") in self.events("c-anna"))
        self.push(self.entry(CARD, kind="refund", spent=-200000, purchases=0))  # back to 3 %
        self.feed_followed(CARD)
        time.sleep(1.5)  # a congratulation would be queued by now
        levels = [n for n in self.log("c-anna") if n["event"] == "level_reached"]
        self.assertEqual(len(levels), 3, levels)  # e-mail, SMS and webhook, once each
        mail = [m for m in self.smtp.messages() if "5%" in m.get_content()]
        self.assertEqual(len(mail), 1)

    def test_a_replacement_card_repeats_no_welcome_and_no_warning(self):
        self.customer(CARD, "c-anna")
        self.push_lot(CARD, 300, 5)
        wait_for("the first messages", lambda: self.events("c-anna") == [
            ("points_burning", "sent"), ("welcome", "sent")])
        status, body = self.o.admin("POST", f"/v1/admin/cards/{CARD}/replace", {"new_card": OTHER})
        self.assertEqual(status, 200, body)
        self.feed_followed(OTHER)
        time.sleep(1.5)  # what the new card would call for is queued by now
        self.assertEqual(len(self.smtp.messages()), 2)
        fresh = [n for n in self.log("c-anna") if n["card"] == OTHER]
        self.assertEqual({(n["event"], n["state"]) for n in fresh}, {("points_burning", "suppressed")})
        self.assertEqual([e for e in self.events("c-anna") if e[0] == "welcome"], [("welcome", "sent")])
        self.assertEqual({n["reason"] for n in fresh},
                         {"announced for card ****0015 before it was replaced"})

    def test_a_customer_with_two_new_cards_is_welcomed_once(self):
        # Two merged customers' cards each bought first today: two welcomes went out in the
        # same second to one person.
        self.customer(CARD, "c-a", address="anna@example.ru")
        self.customer(OTHER, "c-b", address="anna.p@example.ru")
        status, body = self.o.admin("POST", "/v1/admin/customers/c-a/merge", {"from": "c-b"})
        self.assertEqual(status, 200, body)
        self.push(self.entry(CARD), self.entry(OTHER))
        self.feed_followed(CARD)
        self.feed_followed(OTHER)
        wait_for("the welcome", lambda: ("welcome", "sent") in self.events("c-a"))
        time.sleep(1.5)  # a second welcome would be queued by now
        self.assertEqual([e for e in self.events("c-a") if e[0] == "welcome"], [("welcome", "sent")])

    def unsubscribe_by_mail(self, customer_id, address):
        mail = wait_for("the mail", lambda: next(
            (m for m in self.smtp.messages() if m["To"].addresses[0].addr_spec == address), None))
        link = re.search(r"http://127\.0\.0\.1:\d+/v1/unsubscribe\?\S+", mail.get_content()).group(0)
        status, _ = html_page(self.o.port, "POST", link[link.index("/v1/"):],
                              "List-Unsubscribe=One-Click")
        self.assertEqual(status, 200)

    def test_an_unsubscribe_shows_on_the_customer_and_ends_when_the_desk_gives_consent(self):
        self.customer(CARD, "c-anna")
        self.push_lot(CARD, 300, 5)
        self.unsubscribe_by_mail("c-anna", "anna@example.ru")
        status, customer = self.o.admin("GET", "/v1/admin/customers/c-anna")
        self.assertEqual(customer["consents"], {"email": False, "sms": True})
        # The customer view lists the messages, as the delivery log does.
        self.assertEqual(sorted(n["id"] for n in customer["notifications"]),
                         sorted(n["id"] for n in self.log("c-anna")))
        status, audit = self.o.admin("GET", "/v1/admin/audit?action=customer.unsubscribe")
        self.assertEqual([(e["who"], e["object"], e["after"]["consents"]["email"])
                          for e in audit["entries"]], [("unsubscribe-link", "customer:c-anna", False)])
        # The customer asks the desk to have the e-mails again: the next one goes.
        status, body = self.o.admin("PUT", "/v1/admin/customers/c-anna", {"consents": {"email": True}})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.o.sql_row(
            "SELECT COUNT(*) FROM unsubscribed WHERE customer_id = 'c-anna'")[0], 0)
        self.push_lot(CARD, 50, 6)
        burn = (today() + datetime.timedelta(days=6)).strftime("%d.%m.%Y")
        wait_for("the second warning by e-mail", lambda: any(
            burn in m.get_content() for m in self.smtp.messages()))

    def test_a_merge_keeps_the_unsubscribe_and_both_logs(self):
        self.customer(CARD, "c-a", address="anna@example.ru")
        self.customer(OTHER, "c-b", address="anna.p@example.ru")
        self.push_lot(OTHER, 100, 20)  # c-b's welcome
        self.unsubscribe_by_mail("c-b", "anna.p@example.ru")
        before = {n["id"] for n in self.log("c-b")}
        status, body = self.o.admin("POST", "/v1/admin/customers/c-a/merge", {"from": "c-b"})
        self.assertEqual(status, 200, body)
        status, customer = self.o.admin("GET", "/v1/admin/customers/c-a")
        self.assertFalse(customer["consents"]["email"])
        self.assertTrue(before <= {n["id"] for n in self.log("c-a")})
        self.push_lot(CARD, 100, 5)
        wait_for("the warning handled", lambda: ("points_burning", "suppressed") in
                 self.events("c-a"))
        self.assertEqual(len([m for m in self.smtp.messages()
                              if m["To"].addresses[0].addr_spec == "anna@example.ru"]), 0)

    def test_a_link_mailed_before_a_merge_unsubscribes_the_survivor(self):
        self.customer(CARD, "c-a", address="anna@example.ru")
        self.customer(OTHER, "c-b", address="anna.p@example.ru")
        self.push_lot(OTHER, 100, 20)  # c-b's welcome, with its link
        wait_for("c-b's mail", lambda: any(m["To"].addresses[0].addr_spec == "anna.p@example.ru"
                                           for m in self.smtp.messages()))
        status, body = self.o.admin("POST", "/v1/admin/customers/c-a/merge", {"from": "c-b"})
        self.assertEqual(status, 200, body)
        self.unsubscribe_by_mail("c-b", "anna.p@example.ru")
        status, customer = self.o.admin("GET", "/v1/admin/customers/c-a")
        self.assertFalse(customer["consents"]["email"])
        status, audit = self.o.admin("GET", "/v1/admin/audit?action=customer.unsubscribe")
        self.assertEqual([e["object"] for e in audit["entries"]], ["customer:c-a"])


class PointsAccruedTest(NotifyCase):
    """points_accrued, off by default, turned on in [notify]."""
    sms_failures = ("500",)
    extra_notify = "points_accrued = true\n"

    def test_each_purchases_points_are_announced_once(self):
        cash = {"id": "cash", "name": "Кешбэк", "kind": "bonus", "percent": 5}
        self.assertEqual(self.o.admin("PUT", "/v1/admin/programs/cash", cash)[0], 201)
        self.customer(CARD, "c-anna")
        day = today().isoformat()
        self.seq += 1
        entry = {"id": f"{self.register_id}:{self.seq}", "seq": self.seq, "kind": "receipt",
                 "card": CARD, "at": datetime.datetime.now(MOSCOW).isoformat(timespec="seconds"),
                 "receipt_id": "R-cash", "effects": {
                     "card": CARD, "spent_delta": 90000, "purchases_delta": 1,
                     "new_lots": [{"id": "0", "program": "cash", "earned_day": day,
                                   "usable_from": day, "last_day": None, "points": 45}]}}
        status, body = self.o.sync("POST", "/v1/sync/push", self.credential, {"entries": [entry]})
        self.assertEqual(status, 200, body)
        mail = wait_for("the mail", lambda: next(
            (m for m in self.smtp.messages() if str(m["Subject"]) == "Начислены бонусы"), None))
        self.assertIn("Анна, на карту …0015 начислено 45 бонусов, всего 45 бонусов.",
                      mail.get_content())
        wait_for("the webhook", lambda: any(
            r["headers"]["X-Kopilka-Event"] == "points_accrued" for r in self.hooks.requests))
        # Another look at the card (a nightly one, a later change) announces it no more.
        self.push(self.entry(CARD, spent=100, purchases=1))
        self.feed_followed(CARD)
        accrued = [n for n in self.log("c-anna") if n["event"] == "points_accrued"]
        self.assertEqual(sorted(n["channel"] for n in accrued), ["email", "sms", "webhook"])

    push = NotifyRulesTest.push
    entry = NotifyRulesTest.entry



class LevelBurstTest(NotifyCase):
    """A card crossed 3 % and then 5 % while its messages waited (quiet hours, as for a
    register catching up overnight): «3 %» and «5 %» went in the same second, the first
    untrue and one of the customer's messages of the day spent."""
    now = datetime.datetime.now(MOSCOW)
    quiet_hours = (f"{(now - datetime.timedelta(hours=1)).strftime('%H:%M')}-"
                   f"{(now + datetime.timedelta(hours=2)).strftime('%H:%M')}")
    push = NotifyRulesTest.push
    entry = NotifyRulesTest.entry

    def test_two_levels_reached_while_waiting_send_the_one_the_card_holds(self):
        self.assertEqual(self.o.admin("PUT", "/v1/admin/programs/scale", SCALE)[0], 201)
        self.customer(CARD, "c-anna")
        self.push(self.entry(CARD, spent=100000))  # 3 %
        self.feed_followed(CARD)
        wait_for("the 3 % message", lambda: self.o.sql_row(
            "SELECT COUNT(*) FROM outbox WHERE event = 'level_reached' AND channel = 'email'")[0] == 1)
        self.push(self.entry(CARD, spent=200000))  # 5 %
        self.feed_followed(CARD)
        wait_for("the 5 % message", lambda: self.o.sql_row(
            "SELECT COUNT(*) FROM outbox WHERE event = 'level_reached' AND channel = 'email'")[0] == 2)
        # The morning: no quiet hours any more, and what waited is due.
        text = self.o.config_path.read_text()
        self.o.config_path.write_text(re.sub(r'quiet_hours = "[^"]*"\n', "", text))
        self.o.restart()
        self.o.sql_row("UPDATE outbox SET next_attempt = 0 WHERE state = 'queued' RETURNING id")
        wait_for("the level messages", lambda: sorted(
            n["state"] for n in self.log("c-anna")
            if n["event"] == "level_reached" and n["channel"] == "email") == ["sent", "suppressed"],
            timeout=30)
        mail = [m.get_content() for m in self.smtp.messages()]
        self.assertEqual([m for m in mail if "3%" in m], [])
        self.assertEqual(len([m for m in mail if "5%" in m]), 1, mail)
        (why,) = [n["reason"] for n in self.log("c-anna")
                  if n["event"] == "level_reached" and n["state"] == "suppressed" and
                  n["channel"] == "email"]
        self.assertEqual(why, "the card's level is no longer 3 %: 5 %")


if __name__ == "__main__":
    unittest.main()
