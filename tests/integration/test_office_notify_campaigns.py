"""Campaigns and opt-outs at a real head office (office.md "Notifications"): a campaign to a
segment counts exactly the customers it will send to (consent per channel, those who
followed an unsubscribe link left out), sends a test to the marketer and then to the
segment; a STOP reply through the SMS gateway withdraws SMS consent and suppresses queued
SMS. The office, sinks and helpers are test_office_notify.py's. Runs on PostgreSQL too
(integration_test_office_notify_campaigns_postgresql)."""
import hashlib
import hmac
import json
import re
import unittest
import urllib.parse

from kopilka_harness import request
from notify_sinks import html_page
from test_office_notify import CARD, INBOUND_SECRET, OTHER, NotifyCase, wait_for


class CampaignTest(NotifyCase):
    def test_a_campaign_to_a_segment_with_consent(self):
        self.customer(CARD, "c-anna", groups=["vip"])
        self.customer(OTHER, "c-boris", email=False, groups=["vip"], name="Борис",
                      address="boris@example.ru")
        self.customer("2000000000039", "c-vera", groups=["new"], name="Вера",
                      address="vera@example.ru")
        # Глеб consented to both but followed an e-mail's unsubscribe link.
        self.customer("2000000000046", "c-gleb", groups=["vip"], name="Глеб",
                      address="gleb@example.ru")
        html_page(self.o.port, "GET", "/v1/unsubscribe?customer=c-gleb&channel=email&token=0")
        key = self.o.sql_row("SELECT value FROM notify_state WHERE name = 'unsubscribe_key'")[0]
        token = hmac.new(key.encode(), b"c-gleb\nemail", hashlib.sha256).hexdigest()[:32]
        self.assertEqual(html_page(self.o.port, "POST", "/v1/unsubscribe?customer=c-gleb&"
                                   f"channel=email&token={token}", "List-Unsubscribe=One-Click")[0],
                         200)
        status, n = self.o.admin("POST", "/v1/admin/campaigns/count",
                                 {"channel": "email", "segment": {"groups": ["vip"]}})
        self.assertEqual((status, n), (200, {"recipients": 1}))  # Борис no consent, Глеб gone
        status, n = self.o.admin("POST", "/v1/admin/campaigns/count",
                                 {"channel": "sms", "segment": {"groups": ["vip"]}})
        self.assertEqual((status, n), (200, {"recipients": 3}))  # Глеб left e-mail only
        # A slip that could only ever count nobody is named, not answered with 0.
        scale = {"id": "scale", "name": "Скидка", "kind": "discount_scale",
                 "levels": [{"from_spent": 100000, "percent": 3}]}
        self.assertEqual(self.o.admin("PUT", "/v1/admin/programs/scale", scale)[0], 201)
        for segment, field in (({"level": {"program": "Скидка", "percent": 3}}, "segment.level.program"),
                               ({"level": {"program": "scale", "percent": "5%"}}, "segment.level.percent"),
                               ({"last_purchase_after": "2026-12-01", "last_purchase_before": "2026-11-01"},
                                "segment.last_purchase_before"),
                               ({"store": "no-such-store"}, "segment.store")):
            status, err = self.o.admin("POST", "/v1/admin/campaigns/count",
                                       {"channel": "email", "segment": segment})
            self.assertEqual((status, err["error"]["field"]), (400, field), err)
        status, n = self.o.admin("POST", "/v1/admin/campaigns/count",
                                 {"channel": "email", "segment": {"level": {"program": "scale", "percent": 3}}})
        self.assertEqual(status, 200, n)
        status, bad = self.o.admin("POST", "/v1/admin/campaigns", {
            "name": "x", "channel": "email", "subject": "s", "text": "{points}"})
        self.assertEqual((status, bad["error"]["field"]), (400, "text"))
        status, c = self.o.admin("POST", "/v1/admin/campaigns", {
            "name": "VIP вечер", "channel": "email", "subject": "Приглашение",
            "text": "{name}, ждём вас в пятницу! Карта {card_tail}.", "segment": {"groups": ["vip"]}})
        self.assertEqual((status, c["recipients"], c["state"]), (201, 1, "draft"))
        for bad in ("не адрес", "a@b.ru, c@d.ru", "Маша <masha@shop.example>"):
            status, err = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/test", {"to": bad})
            self.assertEqual((status, err["error"]["field"]), (400, "to"), err)
        status, _ = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/test",
                                 {"to": "marketer@shop.example"})
        self.assertEqual(status, 202)
        test = wait_for("the test e-mail", lambda: [m for m in self.smtp.messages()
                                                    if "marketer@shop.example" in str(m["To"])])
        # A test has no customer: {card_tail} shows an example card (it once failed the send
        # with "no value for {card_tail}" while the page said it was sent).
        self.assertIn("ждём вас в пятницу! Карта …1234.", test[0].get_content())
        status, started = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/start")
        self.assertEqual((status, started["state"]), (200, "running"))
        wait_for("the campaign sent", lambda: self.o.admin(
            "GET", f"/v1/admin/campaigns/{c['id']}")[1]["progress"]["sent"] == 1)
        mail = [m for m in self.smtp.messages() if "anna@example.ru" in str(m["To"])]
        self.assertEqual([str(m["Subject"]) for m in mail if str(m["Subject"]) == "Приглашение"],
                         ["Приглашение"])
        self.assertIn("Анна, ждём вас в пятницу! Карта …0015.",
                      next(m for m in mail if str(m["Subject"]) == "Приглашение").get_content())
        view = self.o.admin("GET", f"/v1/admin/campaigns/{c['id']}")[1]
        self.assertEqual((view["state"], view["queued"]), ("done", 1))
        self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/start")[0], 409)
        self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/stop")[0], 409)
        status, audit = self.o.admin("GET", f"/v1/admin/audit?object=campaign:{c['id']}")
        self.assertEqual([e["action"] for e in audit["entries"]],
                         ["campaign.start", "campaign.test", "campaign.create"])


class SmsStopTest(NotifyCase):
    def inbound(self, body, secret=INBOUND_SECRET, path="/v1/sms/inbound"):
        if isinstance(body, str):
            return request(self.o.port, "POST", path, raw=body.encode(), token=secret)
        return request(self.o.port, "POST", path, body, token=secret)

    def test_stop_withdraws_sms_consent_and_suppresses_queued_sms(self):
        self.customer(CARD, "c-anna")
        self.customer(OTHER, "c-boris", name="Борис", address="boris@example.ru")  # same phone
        self.customer("2000000000039", "c-vera", name="Вера", address="vera@example.ru",
                      phone="+79990000000")
        self.push_lot(CARD, 900, 5)
        # The gateway's first answers are 500s: both SMS wait for their retry.
        wait_for("the first SMS attempts", lambda: len(self.sms.requests) == 2)

        # A wrong secret, a reply that is not STOP, a phone that is not one: nothing changes.
        self.assertEqual(self.inbound({"phone": "+79991234567", "text": "STOP"},
                                      secret="wrong-secret-0123456789")[0], 401)
        self.assertEqual(self.inbound({"phone": "+79991234567", "text": "STOP"}, secret=None)[0],
                         401)
        self.assertEqual(self.inbound({"phone": "+79991234567", "text": "спасибо"}),
                         (200, {"stop": False, "customers": []}))
        status, bad = self.inbound({"phone": "nobody", "text": "STOP"})
        self.assertEqual((status, bad["error"]["field"]), (400, "phone"))
        self.assertEqual(self.o.admin("GET", "/v1/admin/customers/c-anna")[1]["consents"]["sms"],
                         True)

        # СТОП from the phone (any spelling of it) reaches both its customers at once.
        self.assertEqual(self.inbound({"phone": "8 (999) 123-45-67", "text": " Стоп\n"}),
                         (200, {"stop": True, "customers": ["c-anna", "c-boris"]}))
        self.assertEqual(sorted((n["channel"], n["state"], n["reason"]) for n in self.log("c-anna")
                                if n["channel"] == "sms"), [("sms", "suppressed", "unsubscribed")] * 2)
        for who in ("c-anna", "c-boris"):
            consents = self.o.admin("GET", f"/v1/admin/customers/{who}")[1]["consents"]
            self.assertEqual(consents, {"email": True, "sms": False})
        self.assertEqual(self.o.admin("GET", "/v1/admin/customers/c-vera")[1]["consents"],
                         {"email": True, "sms": True})
        status, audit = self.o.admin("GET", "/v1/admin/audit?action=customer.sms_stop")
        self.assertEqual(sorted((e["who"], e["object"], e["before"]["consents"]["sms"],
                                 e["after"]["consents"]["sms"]) for e in audit["entries"]),
                         [("sms-gateway", "customer:c-anna", True, False),
                          ("sms-gateway", "customer:c-boris", True, False)])

        # The gateway that can only be given a URL: the secret in it, the reply as a form.
        # A campaign SMS tells how to refuse it.
        self.sms.fail_first = 0
        status, c = self.o.admin("POST", "/v1/admin/campaigns", {
            "name": "Распродажа", "channel": "sms", "text": "{name}, скидки до 50%!",
            "segment": {}})
        self.assertEqual((status, c["recipients"]), (201, 1), c)  # Вера alone still consents
        # Not a phone, or a list: refused at once, naming the field; a phone as people write
        # it goes out as E.164.
        for bad in ("не телефон", "+79990000000, +79990000001"):
            status, err = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/test", {"to": bad})
            self.assertEqual((status, err["error"]["field"]), (400, "to"), err)
        self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/test",
                                      {"to": "8 (999) 000-00-00"})[0], 202)
        wait_for("the test SMS", lambda: len(self.sms.answered_ok) == 1)
        self.assertEqual(json.loads(self.sms.requests[-1]["body"])["to"], "+79990000000")
        # A test goes to oneself, not to a list: five in ten minutes, then refused by field.
        for n in range(4):
            self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/test",
                                          {"to": f"+7999000000{n + 1}"})[0], 202)
        status, err = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/test",
                                   {"to": "+79990000009"})
        self.assertEqual((status, err["error"]["field"]), (400, "to"), err)
        self.assertTrue(json.loads(self.sms.requests[-1]["body"])["text"].endswith(
            "скидки до 50%! Отказ: СТОП"), self.sms.requests[-1]["body"])
        status, done = self.inbound("phone=%2B79990000000&text=stop", secret=None,
                                    path=f"/v1/sms/inbound?secret={INBOUND_SECRET}")
        self.assertEqual((status, done), (200, {"stop": True, "customers": ["c-vera"]}))
        status, n = self.o.admin("POST", "/v1/admin/campaigns/count",
                                 {"channel": "sms", "segment": {}})
        self.assertEqual((status, n), (200, {"recipients": 0}))


if __name__ == "__main__":
    unittest.main()


class CampaignPeopleTest(NotifyCase):
    """A campaign's messages reach people as they are when the messages go: one each, under
    the customer who holds the card then, and a stop holds back what still waits."""

    def campaign(self, channel, segment):
        status, c = self.o.admin("POST", "/v1/admin/campaigns", {
            "name": "Вечер", "channel": channel, "subject": "Приглашение",
            "text": "{name}, ждём вас", "segment": segment})
        self.assertEqual(status, 201, c)
        status, started = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/start")
        self.assertEqual(status, 200, started)
        return c["id"]

    def campaign_sms(self):
        """The campaign's SMS the gateway was asked to send: path (one per delivery) → phone."""
        return {r["path"]: json.loads(r["body"])["to"] for r in self.sms.requests
                if "ждём вас" in r["body"].decode()}

    def campaign_log(self, customer_id):
        return sorted((n["card"], n["state"]) for n in self.log(customer_id)
                      if n["event"] == "campaign")

    def test_cards_that_become_one_customer_get_one_message_logged_under_them(self):
        self.customer(CARD, "c-anna", groups=["vip"])
        self.customer(OTHER, "c-boris", groups=["vip"], name="Борис", phone="+79990000002")
        self.customer("2000000000039", "c-vera", groups=["vip"], name="Вера",
                      phone="+79990000003")
        cid = self.campaign("sms", {"groups": ["vip"]})
        # The gateway's first answers are 500s: the three SMS wait for their retry.
        wait_for("the first SMS attempts", lambda: len(self.campaign_sms()) == 3)
        # Meanwhile Борис turns out to be Анна, and Вера's card is given to Фёдор.
        status, body = self.o.admin("POST", "/v1/admin/customers/c-anna/merge", {"from": "c-boris"})
        self.assertEqual(status, 200, body)
        status, body = self.o.admin("PUT", "/v1/admin/cards/2000000000039", {"customer": {
            "id": "c-fedor", "name": "Фёдор", "phone": "+79990000004",
            "consents": {"email": False, "sms": True}}})
        self.assertEqual(status, 200, body)
        wait_for("the retries", lambda: self.o.admin(
            "GET", f"/v1/admin/campaigns/{cid}")[1]["progress"]["queued"] == 0, timeout=60)
        progress = self.o.admin("GET", f"/v1/admin/campaigns/{cid}")[1]["progress"]
        self.assertEqual((progress["sent"], progress["suppressed"]), (2, 1), progress)
        ok = set(self.sms.answered_ok)
        self.assertEqual(sorted(to for path, to in self.campaign_sms().items() if path in ok),
                         ["+79990000004", "+79991234567"])
        anna = self.campaign_log("c-anna")
        self.assertEqual(sorted(state for _, state in anna), ["sent", "suppressed"])
        self.assertEqual(self.campaign_log("c-fedor"), [("2000000000039", "sent")])
        self.assertEqual(self.campaign_log("c-vera"), [])


    def test_a_customer_id_of_any_text_is_reachable_and_can_unsubscribe(self):
        # Ids are whatever the chain's own system gives: spaces, '&', '+', Cyrillic.
        odd = "ид 1&c+1"
        self.customer(CARD, odd)
        path = "/v1/admin/customers/" + urllib.parse.quote(odd, safe="")
        status, body = self.o.admin("GET", path)
        self.assertEqual((status, body.get("id")), (200, odd), body)
        status, body = self.o.admin("PUT", path, {"name": "Анна Иванова"})
        self.assertEqual((status, body.get("name")), (200, "Анна Иванова"), body)
        self.campaign("email", {})
        mail = wait_for("the campaign e-mail", lambda: [
            m for m in self.smtp.messages() if str(m["Subject"]) == "Приглашение"])[0]
        # The link, exactly as the e-mail prints it, unsubscribes that customer.
        link = re.search(r"http://127\.0\.0\.1:\d+/v1/unsubscribe\?\S+", mail.get_content()).group(0)
        self.assertEqual(mail["List-Unsubscribe"], f"<{link}>")
        status, text = html_page(self.o.port, "POST", link[link.index("/v1/"):],
                                 "List-Unsubscribe=One-Click")
        self.assertEqual(status, 200, text)
        self.assertEqual(self.o.sql_row("SELECT customer_id, channel FROM unsubscribed"),
                         (odd, "email"))


    def test_the_campaign_template_wraps_each_campaign_and_support_may_resend_one(self):
        status, body = self.o.admin("PUT", "/v1/admin/notifications/templates/campaign/ru", {
            "subject": "Копилка", "text": "{text}\n— Магазин «Ромашка»"})
        self.assertEqual(status, 200, body)
        # A name with braces stays text, in the subject too, through the wrapper.
        self.customer(CARD, "c-anna", name="{points} Петрова")
        status, c = self.o.admin("POST", "/v1/admin/campaigns", {
            "name": "Вечер", "channel": "email", "subject": "Приглашение, {name}",
            "text": "{name}, ждём вас", "segment": {}})
        self.assertEqual(status, 201, c)
        cid = c["id"]
        self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{cid}/start")[0], 200)
        invitations = lambda: [m for m in self.smtp.messages()  # noqa: E731
                               if str(m["Subject"]) == "Приглашение, {points}"]
        mail = wait_for("the campaign e-mail", invitations)[0]
        self.assertTrue(mail.get_content().startswith("{points}, ждём вас\n— Магазин «Ромашка»"),
                        mail.get_content())
        # The customer says it never came: support sends it again, and it goes.
        sent = next(n for n in self.log("c-anna") if n["event"] == "campaign")
        self.assertEqual(sent["campaign"], {"id": cid, "name": "Вечер"})  # which one reached her
        status, again = self.o.admin("POST", f"/v1/admin/notifications/{sent['id']}/resend")
        self.assertEqual(status, 202, again)
        wait_for("the resent e-mail", lambda: len(invitations()) == 2)
        # The server has the mail a moment before the worker writes down that it was sent.
        wait_for("both marked sent",
                 lambda: self.campaign_log("c-anna") == [(CARD, "sent"), (CARD, "sent")])
        # Support is not a way to flood one address: three resends to it an hour.
        for _ in range(2):
            self.assertEqual(self.o.admin("POST", f"/v1/admin/notifications/{sent['id']}/resend")[0], 202)
        status, err = self.o.admin("POST", f"/v1/admin/notifications/{sent['id']}/resend")
        self.assertEqual((status, err["error"]["code"]), (429, "too_many_resends"), err)
        # A test send goes to an address typed in: sent again, it escaped the tests' own limit.
        self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{cid}/test",
                                      {"to": "victim@example.com"})[0], 202)
        (test_id,) = self.o.sql_row("SELECT id FROM outbox WHERE target = 'victim@example.com'")
        wait_for("the test sent", lambda: self.o.sql_row(
            f"SELECT state FROM outbox WHERE id = '{test_id}'")[0] != "queued")
        status, err = self.o.admin("POST", f"/v1/admin/notifications/{test_id}/resend")
        self.assertEqual((status, err["error"]["code"]), (409, "test_send"), err)

    def test_a_mailbox_refused_for_good_says_what_the_server_said(self):
        self.customer(CARD, "c-anna", address="nobody@example.ru")
        self.campaign("email", {})
        wait_for("the refusal", lambda: [n for n in self.log("c-anna")
                                         if n["event"] == "campaign" and n["state"] == "failed"])
        failed = next(n for n in self.log("c-anna") if n["event"] == "campaign")
        self.assertEqual(failed["reason"], "the mail server answered: 550 5.1.1 "
                                           "<nobody@example.ru>: no such user here")


class CampaignStopTest(NotifyCase):
    quiet_hours = "00:00-23:59"  # all day in head office's zone: every message waits

    def test_a_campaign_whose_messages_wait_can_still_be_stopped(self):
        self.customer(CARD, "c-anna")
        self.customer(OTHER, "c-boris", name="Борис", address="boris@example.ru")
        status, c = self.o.admin("POST", "/v1/admin/campaigns", {
            "name": "Ночь", "channel": "email", "subject": "s", "text": "{name}!", "segment": {}})
        self.assertEqual(status, 201, c)
        self.assertEqual(self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/start")[0], 200)
        wait_for("every message queued", lambda: self.o.admin(
            "GET", f"/v1/admin/campaigns/{c['id']}")[1]["state"] == "done")
        self.assertEqual(self.o.admin("GET", f"/v1/admin/campaigns/{c['id']}")[1]["progress"]["queued"], 2)
        status, stopped = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/stop")
        self.assertEqual((status, stopped["state"]), (200, "stopped"), stopped)
        self.assertEqual(stopped["progress"], {"queued": 0, "sent": 0, "failed": 0, "suppressed": 2})
        status, err = self.o.admin("POST", f"/v1/admin/campaigns/{c['id']}/stop")
        self.assertEqual((status, err["error"]["code"]), (409, "conflict"), err)
