"""Customer notifications from a real head office (office.md "Notifications"): points about
to burn reach a real SMTP server (aiosmtpd) with the right plural forms and an
unsubscribe link that only asks on GET and acts on POST (RFC 8058 one-click), the SMS gateway as its configured request, and a webhook signed with
HMAC-SHA256 whose delivery id stays the same on the retry after a 500; a gateway that
does not answer is given up on after send_timeout and the SMS delivered once on the retry;
a burn date is announced once; consent withdrawn after queueing suppresses the message;
quiet hours defer it to the morning in the customer's store's zone; kill -9 of head office while a webhook is in flight
neither loses the message nor sends it again once its send was recorded; and a change
made while the nightly look goes through the cards in card order is still announced. Runs on
PostgreSQL too (integration_test_office_notify_postgresql). Campaigns and STOP replies:
test_office_notify_campaigns.py. Waits poll; the only fixed
pauses check that nothing more happens."""
import datetime
import hashlib
import hmac
import json
import os
import re
import time
import unittest
import zoneinfo

from kopilka_harness import Office, ean13, free_port, request, temp_dir
from notify_sinks import HttpSink, SmtpSink, html_page, system_python_with_aiosmtpd

CARD = "2000000000015"
OTHER = "2000000000022"
SECRET = "webhook-secret-for-tests"
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def today():
    return datetime.datetime.now(MOSCOW).date()


def lot_entry(register_id, seq, card, points, last_day):
    day = today().isoformat()
    return {"id": f"{register_id}:{seq}", "seq": seq, "kind": "receipt", "card": card,
            "at": datetime.datetime.now(MOSCOW).isoformat(timespec="seconds"),
            "receipt_id": f"R-{seq}",
            "effects": {"card": card, "spent_delta": 100000, "purchases_delta": 1,
                        "new_lots": [{"id": "0", "program": "", "earned_day": day,
                                      "usable_from": day, "last_day": last_day.isoformat(),
                                      "points": points}]}}


def wait_for(what, check, timeout=40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}: last saw {value!r}")


INBOUND_SECRET = "inbound-secret-for-tests-0123"
SEND_TIMEOUT = 2  # seconds; a worker's claim lasts this plus 10 s


class NotifyCase(unittest.TestCase):
    quiet_hours = None
    max_per_day = 10
    sms_failures = ("500", "hang")
    send_timeout = SEND_TIMEOUT
    scan_rate = None  # head office's default pace
    extra_notify = ""  # more [notify] keys

    def setUp(self):
        if system_python_with_aiosmtpd() is None:
            self.skipTest("aiosmtpd is not installed (apt install python3-aiosmtpd)")
        tmp = temp_dir(self)
        self.smtp = SmtpSink(tmp / "mail")
        self.addCleanup(self.smtp.stop)
        self.hooks = HttpSink(fail_first=1)
        self.addCleanup(self.hooks.stop)
        self.sms = HttpSink(fail_first=1, failures=self.sms_failures)
        self.addCleanup(self.sms.stop)
        port = free_port()
        office_dir = tmp / "office"
        office_dir.mkdir()
        for name, secret in (("hook.secret", SECRET), ("inbound.secret", INBOUND_SECRET)):
            (office_dir / name).write_text(secret + "\n")
            os.chmod(office_dir / name, 0o600)
        quiet = f'quiet_hours = "{self.quiet_hours}"\n' if self.quiet_hours else ""
        if self.scan_rate is not None:
            quiet += f"scan_rate = {self.scan_rate}\n"
        quiet += self.extra_notify
        self.o = Office(directory=office_dir, port=port, extra_config=(
            f'[notify]\npublic_url = "http://127.0.0.1:{port}"\n{quiet}'
            f'max_per_day = {self.max_per_day}\nsend_timeout = {self.send_timeout}\n'
            f'[notify.email]\nurl = "smtp://127.0.0.1:{self.smtp.port}"\n'
            'from = "Копилка <noreply@shop.example>"\n'
            f'[notify.sms]\nurl = "{self.sms.url}/send?ref={{id}}"\n'
            'headers = { "Content-Type" = "application/json" }\n'
            "body = '{\"to\": \"{phone}\", \"text\": \"{text}\"}'\n"
            'inbound_secret_file = "inbound.secret"\n'
            f'[[notify.webhook]]\nurl = "{self.hooks.url}/hook"\nsecret_file = "hook.secret"\n'
        )).started_for(self)
        self.register_id, self.credential = self.o.enroll("Store 1, till 1")
        self.seq = 0

    def customer(self, card, customer_id, email=True, sms=True, groups=None,
                 address="anna@example.ru", name="Анна Петрова", phone="+79991234567"):
        edit = {"customer": {"id": customer_id, "name": name, "phone": phone,
                             "email": address, "consents": {"email": email, "sms": sms}}}
        if groups is not None:
            edit["groups"] = groups
        status, body = self.o.admin("PUT", f"/v1/admin/cards/{card}", edit)
        self.assertIn(status, (200, 201), body)

    def push_lot(self, card, points, days_left, register=None):
        register_id, credential = register or (self.register_id, self.credential)
        self.seq += 1
        status, body = self.o.sync("POST", "/v1/sync/push", credential, {"entries": [
            lot_entry(register_id, self.seq, card, points,
                      today() + datetime.timedelta(days=days_left))]})
        self.assertEqual(status, 200, body)

    def feed_followed(self, card):
        """Waits until the worker has looked at the card's latest change (and so queued
        whatever it calls for)."""
        wait_for(f"the worker past card {card}", lambda: int((self.o.sql_row(
            "SELECT value FROM notify_state WHERE name = 'card_cursor'") or ("0",))[0]) >=
            self.o.sql_row(f"SELECT seq FROM cards WHERE number = '{card}'")[0])

    def deferred(self, customer_id):
        """(how many, earliest, latest next attempt) of the customer's queued e-mails and SMS."""
        n, first, last = self.o.sql_row(
            "SELECT COUNT(*), MIN(next_attempt), MAX(next_attempt) FROM outbox WHERE state = "
            f"'queued' AND customer_id = '{customer_id}' AND channel IN ('email', 'sms')")
        return int(n), first and int(first), last and int(last)

    def log(self, customer_id):
        status, body = self.o.admin("GET", f"/v1/admin/notifications?customer={customer_id}")
        self.assertEqual(status, 200, body)
        return body["notifications"]

    def states(self, customer_id):
        return sorted((n["channel"], n["state"]) for n in self.log(customer_id))


class NotificationsTest(NotifyCase):
    sms_failures = ("hang",)  # the gateway's first answer never comes

    def test_burning_points_reach_mail_sms_and_a_signed_webhook_once(self):
        self.customer(CARD, "c-anna")
        self.push_lot(CARD, 900, 5)
        # Head office gives up on the silent gateway after send_timeout; the SMS waits for
        # its retry (10 s on) with the reason in the log.
        wait_for("the gateway timeouts", lambda: [
            (n["channel"], n["state"], n["reason"]) for n in self.log("c-anna")
            if n["channel"] == "sms"] == [("sms", "queued", f"no answer within {SEND_TIMEOUT} s from "
                                                           f"127.0.0.1:{self.sms.port}")] * 2)
        # ... and head office's own log says the channel is not answering, once.
        self.assertEqual(self.o.log().count("notifications: the sms channel is not answering: "
                                            f"no answer within {SEND_TIMEOUT} s"), 1)
        mails = wait_for("the e-mails", lambda: len(self.smtp.messages()) == 2 and self.smtp.messages())
        mail = next(m for m in mails if str(m["Subject"]) == "Бонусы скоро сгорят")
        self.assertEqual(mail["To"].addresses[0].addr_spec, "anna@example.ru")
        burn = (today() + datetime.timedelta(days=5)).strftime("%d.%m.%Y")
        text = mail.get_content()
        self.assertIn(f"Анна, 900 бонусов на карте …0015 сгорят после {burn}: осталось 5 дней.",
                      text)
        link = re.search(r"http://127\.0\.0\.1:\d+/v1/unsubscribe\?\S+", text).group(0)
        self.assertEqual(mail["List-Unsubscribe"], f"<{link}>")
        self.assertEqual(mail["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")

        # The webhook's first try got a 500; the retry (within 10 s) carries the same id.
        burning = lambda: [r for r in self.hooks.requests  # noqa: E731
                           if r["headers"]["X-Kopilka-Event"] == "points_burning"]
        wait_for("the webhook retry", lambda: len(burning()) == 2, timeout=30)
        first, retry = burning()
        self.assertEqual(first["headers"]["X-Kopilka-Delivery"],
                         retry["headers"]["X-Kopilka-Delivery"])
        signature = "sha256=" + hmac.new(SECRET.encode(), retry["body"], hashlib.sha256).hexdigest()
        self.assertEqual(retry["headers"]["X-Kopilka-Signature"], signature)
        payload = json.loads(retry["body"])
        self.assertEqual((payload["event"], payload["card"], payload["points"]),
                         ("points_burning", CARD, 900))

        wait_for("the SMS", lambda: len(self.sms.answered_ok) == 2, timeout=30)  # and welcome
        # Each SMS: one call left hanging, one answered; the same message both times.
        self.assertEqual(sorted(self.sms.hung), sorted(self.sms.answered_ok))
        self.assertEqual(len(set(self.sms.answered_ok)), 2)
        self.assertEqual(len(self.sms.requests), 4)
        texts = [json.loads(r["body"]) for r in self.sms.requests]
        self.assertEqual({t["to"] for t in texts}, {"+79991234567"})
        self.assertIn(f"Анна, 900 бонусов на карте …0015 сгорят после {burn}: осталось 5 дней.",
                      {t["text"] for t in texts})
        wait_for("every message sent", lambda: self.states("c-anna") == [
            ("email", "sent"), ("email", "sent"), ("sms", "sent"), ("sms", "sent"),
            ("webhook", "sent"), ("webhook", "sent")])
        self.assertEqual(sorted(n["event"] for n in self.log("c-anna")),
                         ["points_burning"] * 3 + ["welcome"] * 3)

        # Another receipt on the card: the same burn date is not announced again.
        self.seq += 1
        self.o.sync("POST", "/v1/sync/push", self.credential, {"entries": [{
            "id": f"{self.register_id}:{self.seq}", "seq": self.seq, "kind": "receipt",
            "card": CARD, "at": datetime.datetime.now(MOSCOW).isoformat(timespec="seconds"),
            "receipt_id": "R-x", "effects": {"card": CARD, "spent_delta": 100,
                                             "purchases_delta": 1}}]})
        self.feed_followed(CARD)
        self.assertEqual(len(self.log("c-anna")), 6)
        self.assertEqual(len(self.smtp.messages()), 2)  # the burn warning and the welcome

        # Opening the link (a mail scanner does) only asks; the POST (the page's button, or
        # the mail client's one-click) unsubscribes: the next e-mail is suppressed, the SMS
        # still goes.
        path = link[link.index("/v1/"):]
        status, text = html_page(self.o.port, "GET", path)
        self.assertEqual(status, 200)
        self.assertIn("Больше не получать от нас письма? Stop receiving e-mails from us?", text)
        self.assertIn('<form method="post">', text)
        unsubscribed = "SELECT COUNT(*) FROM unsubscribed WHERE customer_id = 'c-anna'"
        self.assertEqual(self.o.sql_row(unsubscribed)[0], 0)
        self.assertEqual(html_page(self.o.port, "POST", path[:-1] + "x",
                                   "List-Unsubscribe=One-Click")[0], 400)
        self.assertEqual(self.o.sql_row(unsubscribed)[0], 0)
        status, text = html_page(self.o.port, "POST", path, "List-Unsubscribe=One-Click")
        self.assertEqual(status, 200)
        self.assertIn("Вы отписались", text)
        self.assertEqual(self.o.sql_row(unsubscribed + " AND channel = 'email'")[0], 1)
        self.push_lot(CARD, 21, 6)
        wait_for("the second burn date handled", lambda: sorted(
            (n["channel"], n["state"], n["reason"]) for n in self.log("c-anna")
            if n["state"] != "sent") == [("email", "suppressed", "unsubscribed")])
        self.assertEqual(len(self.smtp.messages()), 2)

    def test_support_sends_a_message_again_as_a_new_delivery(self):
        # office.md: support may resend a notification (the customer says it never came).
        self.customer(CARD, "c-anna")
        self.push_lot(CARD, 900, 5)
        wait_for("the e-mails", lambda: len(self.smtp.messages()) == 2, timeout=30)
        burn = lambda: next(n for n in self.log("c-anna")  # noqa: E731
                            if n["channel"] == "email" and n["event"] == "points_burning")
        wait_for("the e-mail logged as sent", lambda: burn()["state"] == "sent")
        original = burn()["id"]
        status, again = self.o.admin("POST", f"/v1/admin/notifications/{original}/resend")
        self.assertEqual((status, again["state"], again["resends"]), (202, "queued", original))
        self.assertNotEqual(again["id"], original)
        wait_for("the e-mail sent again", lambda: len(self.smtp.messages()) == 3, timeout=30)
        self.assertEqual(str(self.smtp.messages()[-1]["Subject"]), "Бонусы скоро сгорят")
        state = lambda i: next(n["state"] for n in self.log("c-anna") if n["id"] == i)  # noqa: E731
        wait_for("the new delivery logged as sent", lambda: state(again["id"]) == "sent")
        status, audit = self.o.admin("GET", "/v1/admin/audit?action=notification.resend")
        self.assertEqual([(e["object"], e["after"]) for e in audit["entries"]],
                         [(f"notification:{original}", {"id": again["id"]})])
        # Checked again when it goes: with the e-mail consent withdrawn, it is suppressed.
        self.customer(CARD, "c-anna", email=False)
        status, third = self.o.admin("POST", f"/v1/admin/notifications/{original}/resend")
        self.assertEqual(status, 202, third)
        wait_for("the third suppressed", lambda: state(third["id"]) == "suppressed")
        self.assertEqual(len(self.smtp.messages()), 3)
        status, err = self.o.admin("POST", "/v1/admin/notifications/n-nothing/resend")
        self.assertEqual((status, err["error"]["code"]), (404, "not_found"))

    def test_consent_withdrawn_after_queueing_suppresses(self):
        self.customer(OTHER, "c-other", email=False, sms=True)
        self.push_lot(OTHER, 100, 3)
        # The gateway's first answers are 500s: the messages wait for their retry.
        wait_for("the first SMS attempts", lambda: len(self.sms.requests) == 2)  # and welcome
        self.customer(OTHER, "c-other", email=False, sms=False)
        wait_for("the SMS suppressed", lambda: [s for c, s in self.states("c-other") if c == "sms"]
                 == ["suppressed", "suppressed"], timeout=30)
        self.assertEqual(len(self.sms.requests), 2)
        reasons = {(n["channel"], n["reason"]) for n in self.log("c-other")
                   if n["channel"] != "webhook"}
        self.assertEqual(reasons, {("sms", "no consent to SMS"), ("email", "no consent to e-mail")})

    def test_a_forged_unsubscribe_link_is_refused(self):
        self.customer(CARD, "c-anna")
        status, _ = self.o.admin("GET", "/v1/unsubscribe?customer=c-anna&channel=email&token=00")
        self.assertEqual(status, 400)
        # Nor is a STOP reply taken from anyone but the gateway.
        status, _ = request(self.o.port, "POST", "/v1/sms/inbound",
                            {"phone": "+79991234567", "text": "STOP"}, token="not-the-secret")
        self.assertEqual(status, 401)
        self.assertTrue(self.o.admin("GET", "/v1/admin/customers/c-anna")[1]["consents"]["sms"])


class QuietHoursTest(NotifyCase):
    now = datetime.datetime.now(MOSCOW)
    quiet_hours = (f"{(now - datetime.timedelta(hours=1)).strftime('%H:%M')}-"
                   f"{(now + datetime.timedelta(hours=2)).strftime('%H:%M')}")

    def quiet_end(self):
        """When this quiet period ends in Moscow: the morning the messages wait for."""
        end = datetime.datetime.strptime(self.quiet_hours.split("-")[1], "%H:%M").time()
        now = datetime.datetime.now(MOSCOW)
        at = datetime.datetime.combine(now.date(), end, MOSCOW)
        return int((at if at > now else at + datetime.timedelta(days=1)).timestamp())

    def move(self, register_id, store):
        status, body = self.o.admin("PUT", f"/v1/admin/registers/{register_id}", {"store": store})
        self.assertEqual(status, 200, body)

    def test_quiet_hours_defer_customer_messages_not_webhooks(self):
        self.customer(CARD, "c-anna")  # its register has no store: head office's zone
        self.push_lot(CARD, 900, 5)
        wait_for("the webhooks", lambda: len(self.hooks.answered_ok) == 2, timeout=30)
        wait_for("the morning", lambda: self.deferred("c-anna") == (4, self.quiet_end(),
                                                                     self.quiet_end()))
        self.assertEqual(self.smtp.messages(), [])
        self.assertEqual(self.states("c-anna"), [("email", "queued")] * 2 + [("sms", "queued")] * 2
                         + [("webhook", "sent")] * 2)

    def test_quiet_hours_keep_the_customers_store_zone(self):
        # Анна buys in Moscow, inside the quiet hours; Иван in Vladivostok, seven hours
        # ahead, outside them: his messages go now, hers wait for the Moscow morning.
        status, tver = self.o.admin("POST", "/v1/admin/stores", {
            "name": "Тверская", "address": "", "timezone": "Europe/Moscow"})
        self.assertEqual(status, 201, tver)
        status, east = self.o.admin("POST", "/v1/admin/stores", {
            "name": "Светланская", "address": "", "timezone": "Asia/Vladivostok"})
        self.assertEqual(status, 201, east)
        self.move(self.register_id, tver["id"])
        far = self.o.enroll("Vladivostok, till 1")
        self.move(far[0], east["id"])
        self.customer(CARD, "c-anna")
        self.customer(OTHER, "c-ivan", name="Иван", address="ivan@example.ru")
        self.push_lot(CARD, 900, 5)
        self.push_lot(OTHER, 500, 5, register=far)
        wait_for("Иван's e-mails", lambda: len(self.smtp.messages()) == 2)
        wait_for("Анна's morning", lambda: self.deferred("c-anna") == (4, self.quiet_end(),
                                                                        self.quiet_end()))
        self.assertEqual({m["To"].addresses[0].addr_spec for m in self.smtp.messages()},
                         {"ivan@example.ru"})
        self.assertEqual([s for c, s in self.states("c-ivan") if c == "email"], ["sent", "sent"])


class DailyLimitTest(NotifyCase):
    max_per_day = 3

    def test_the_fourth_message_of_a_day_waits_for_tomorrow(self):
        self.hooks.fail_first = self.sms.fail_first = 0
        self.customer(CARD, "c-anna")
        self.push_lot(CARD, 900, 5)  # a burn warning and a welcome, by e-mail and SMS each
        wait_for("three sent", lambda: [s for c, s in self.states("c-anna") if c != "webhook"]
                 .count("sent") == 3, timeout=30)
        midnight = int(datetime.datetime.combine(today() + datetime.timedelta(days=1),
                                                 datetime.time(0), MOSCOW).timestamp())
        wait_for("the fourth put off to midnight", lambda: self.deferred("c-anna") ==
                 (1, midnight, midnight))
        self.assertEqual(sorted(s for c, s in self.states("c-anna") if c != "webhook"),
                         ["queued", "sent", "sent", "sent"])


class KillDuringDispatchTest(NotifyCase):
    send_timeout = 5  # the sink takes 3 s: slow, not silent
    def test_kill_9_while_a_webhook_is_in_flight(self):
        self.hooks.fail_first = 0
        self.hooks.delay = 3.0
        self.customer(CARD, "c-anna", email=False, sms=False)
        self.push_lot(CARD, 900, 5)
        wait_for("the webhook calls", lambda: len(self.hooks.requests) == 2)  # and welcome
        self.o.kill9()
        self.o.start()
        # The killed process's claim runs out (send_timeout + 10 s: 15 s) before the message
        # is tried again.
        wait_for("the webhooks sent", lambda: [s for c, s in self.states("c-anna")
                                               if c == "webhook"] == ["sent", "sent"], timeout=40)
        ids = {(r["headers"]["X-Kopilka-Event"], r["headers"]["X-Kopilka-Delivery"])
               for r in self.hooks.requests}
        self.assertEqual(len(ids), 2)  # retries of one delivery each, never a second message
        calls = len(self.hooks.requests)
        self.o.kill9()
        self.o.start()
        time.sleep(3)  # three turns of the worker
        self.assertEqual(len(self.hooks.requests), calls)  # recorded sent: never again


class NightlyScanTest(NotifyCase):
    scan_rate = 20  # cards a second: the nightly look over 60 cards lasts 3 s

    def test_the_nightly_look_in_card_order_misses_no_change_made_during_it(self):
        cards = [ean13(100 + i) for i in range(60)]
        for card in cards:
            self.push_lot(card, 100, 5)
        burning = ("SELECT COUNT(*) FROM outbox WHERE event = 'points_burning' AND "
                   "channel = 'webhook'")
        wait_for("a warning for each card", lambda: self.o.sql_row(burning)[0] == 60)
        # A new day's look at every card, in card-number order: the first card is behind
        # it at once, and a lot added to it then, with a burn date of its own, must still
        # be announced (by the change feed after the look); no card is announced twice.
        self.o.restart()
        time.sleep(1.0)
        self.push_lot(cards[0], 7, 4)
        wait_for("the look's end", lambda: "burn scan of 60 cards" in self.o.log())
        self.feed_followed(cards[0])
        wait_for("the new burn date announced", lambda: self.o.sql_row(burning)[0] == 61)
        new_date = (today() + datetime.timedelta(days=4)).isoformat()
        self.assertEqual(self.o.sql_row(
            f"SELECT COUNT(*) FROM outbox WHERE dedupe LIKE 'points_burning:{cards[0]}:{new_date}:%'"
            " AND channel = 'webhook'")[0], 1)
        time.sleep(1.0)  # nothing more comes
        self.assertEqual(self.o.sql_row(burning)[0], 61)
        self.assertEqual(self.o.sql_row(
            "SELECT COUNT(DISTINCT card) FROM outbox WHERE event = 'points_burning'")[0], 60)


class SlowScanTest(NotifyCase):
    scan_rate = 2  # cards a second: the look over 40 cards after a restart lasts 20 s

    def test_a_message_queued_during_a_long_scan_goes_within_the_minute(self):
        # With 200 000 cards the look after a start takes 17 minutes at the default pace,
        # and a welcome, a campaign or a test send queued meanwhile waited for its end.
        for i in range(40):
            self.push_lot(ean13(300 + i), 100, 5)
        burning = ("SELECT COUNT(*) FROM outbox WHERE event = 'points_burning' AND "
                   "channel = 'webhook'")
        wait_for("a warning for each card", lambda: self.o.sql_row(burning)[0] == 40, timeout=60)
        self.o.restart()
        status, c = self.o.admin("POST", "/v1/admin/campaigns", {
            "name": "Тест", "channel": "email", "subject": "Проверка", "text": "Текст"})
        self.assertEqual(status, 201, c)
        self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/test",
                                      {"to": "marketer@shop.example"})[0], 202)
        wait_for("the test e-mail", lambda: [m for m in self.smtp.messages()
                                             if "marketer@shop.example" in str(m["To"])],
                 timeout=30)
        arrived = datetime.datetime.now()
        # ... while the look was still under way (it ends some 20 s after the start).
        end = wait_for("the look's end", lambda: re.search(
            r"\[([0-9-]+ [0-9:.]+)\] \[info\] notifications: burn scan of 40 cards", self.o.log()))
        ended = datetime.datetime.strptime(end.group(1), "%Y-%m-%d %H:%M:%S.%f")
        self.assertLess(arrived, ended, (arrived, ended))


if __name__ == "__main__":
    unittest.main()
