"""For test_office_openapi.py: the paths head office serves (from its sources and from
`kopilka-office routes`), and call sequences that walk whole groups of paths (staff sign-in
and tokens, notifications and campaigns), each call validated against
docs/office-openapi.yaml through the test case's `call`, so the summing-up test sees them."""
import hashlib
import hmac
import json
import os
import re
import subprocess
import urllib.request

from kopilka_harness import BUILD, Office, http, request, temp_dir
from notify_sinks import html_page


def served_segments(sources):
    """(index, segment) for each literal path segment the route sources match on, as
    split_path numbers them ("/v1/admin/cards" → 0 "v1", 1 "admin", 2 "cards")."""
    found = set()
    for text in sources:
        for index, segment in re.findall(r'parts\[(\d+)\]\s*[=!]=\s*"([^"]+)"', text):
            found.add((int(index), segment))
        if re.search(r"\bwhat\s*==", text):
            # route_sync names parts[2] `what`.
            assert re.search(r"const std::string& what = parts\[2\];", text), "what is not parts[2]"
            found |= {(2, s) for s in re.findall(r'\bwhat\s*==\s*"([^"]+)"', text)}
        for path in re.findall(r'req\.path\s*==\s*"([^"]+)"', text):
            found |= {(i, s) for i, s in enumerate(path.strip("/").split("/"))}
    return found


def full_paths(sources):
    return {p for text in sources for p in re.findall(r'req\.path\s*==\s*"([^"]+)"', text)}


def staff_routes():
    """(method, path template) of every row of head office's staff route table."""
    out = subprocess.run([str(BUILD / "office" / "kopilka-office"), "routes"], check=True,
                         capture_output=True, text=True).stdout
    return {(r["method"], r["path"]) for r in map(json.loads, out.splitlines())}


def documented_segments(paths):
    return {(i, s) for template in paths for i, s in enumerate(template.strip("/").split("/"))
            if not s.startswith("{")}


def staff_answers_match_the_document(self):
    def staff(method, template, path, body=None, headers=None, expect=200):
        status, answer, response_headers = http(self.o.port, method, path, body, headers)
        self.assertEqual(status, expect, answer)
        self.openapi.check(self, method, template, status, answer)
        return answer, response_headers

    added = self.call("POST", "/v1/admin/users", "/v1/admin/users",
                      {"login": "openapi", "role": "support"})
    self.call("POST", "/v1/admin/users", "/v1/admin/users",
              {"login": "openapi", "role": "support"}, expect=409)
    self.call("POST", "/v1/admin/users", "/v1/admin/users", {"login": "x", "role": "boss"},
              expect=400)
    self.call("GET", "/v1/admin/users", "/v1/admin/users")
    self.call("PUT", "/v1/admin/users/{login}", "/v1/admin/users/openapi", {"role": "auditor"})
    self.call("PUT", "/v1/admin/users/{login}", "/v1/admin/users/nobody", {}, expect=404)
    self.call("PUT", "/v1/admin/users/{login}", "/v1/admin/users/openapi", {"x": 1},
              expect=400)
    reset = self.call("POST", "/v1/admin/users/{login}/reset-password",
                      "/v1/admin/users/openapi/reset-password")
    self.call("POST", "/v1/admin/users/{login}/reset-password",
              "/v1/admin/users/nobody/reset-password", expect=404)
    staff("POST", "/v1/auth/login", "/v1/auth/login", {"login": "openapi"}, expect=400)
    answer, headers = staff("POST", "/v1/auth/login", "/v1/auth/login",
                            {"login": "openapi", "password": reset["password"]})
    cookie = {"Cookie": headers["Set-Cookie"].split(";")[0], "X-CSRF-Token": answer["csrf"]}
    staff("GET", "/v1/auth/me", "/v1/auth/me", headers=cookie)
    staff("POST", "/v1/auth/password", "/v1/auth/password",
          {"old": reset["password"], "new": "short"}, cookie, expect=400)
    changed, headers = staff("POST", "/v1/auth/password", "/v1/auth/password",
                             {"old": reset["password"], "new": "a new long password"}, cookie)
    # The change starts a new session: its cookie and token from here on.
    cookie = {"Cookie": headers["Set-Cookie"].split(";")[0], "X-CSRF-Token": changed["csrf"]}
    made, _ = staff("POST", "/v1/admin/tokens", "/v1/admin/tokens", {"name": "openapi-t"},
                    cookie)
    staff("POST", "/v1/admin/tokens", "/v1/admin/tokens", {"name": "openapi-t"}, cookie,
          expect=409)
    staff("POST", "/v1/admin/tokens", "/v1/admin/tokens", {"name": "a b"}, cookie, expect=400)
    self.call("GET", "/v1/admin/tokens", "/v1/admin/tokens", token=made["token"])
    staff("DELETE", "/v1/admin/tokens/{name}", "/v1/admin/tokens/openapi-t", headers=cookie)
    staff("DELETE", "/v1/admin/tokens/{name}", "/v1/admin/tokens/openapi-t", headers=cookie,
          expect=404)
    staff("POST", "/v1/auth/logout", "/v1/auth/logout", headers=cookie)
    for _ in range(5):
        staff("POST", "/v1/auth/login", "/v1/auth/login",
              {"login": "openapi", "password": "wrong"}, expect=401)
    staff("POST", "/v1/auth/login", "/v1/auth/login",
          {"login": "openapi", "password": "wrong"}, expect=429)


def fleet_answers_match_the_document(self):
    store = self.call("POST", "/v1/admin/stores", "/v1/admin/stores",
                      {"name": "Тверская", "address": "Тверская, 1", "timezone": "Europe/Moscow"},
                      expect=201)
    self.call("PUT", "/v1/admin/stores/{id}", f"/v1/admin/stores/{store['id']}", {"name": "Тверская 1"})
    self.call("GET", "/v1/admin/stores", "/v1/admin/stores")
    self.call("POST", "/v1/admin/stores", "/v1/admin/stores", {"name": "X", "timezone": "Nowhere/City"},
              expect=400)
    self.call("PUT", "/v1/admin/stores/{id}", "/v1/admin/stores/s-none", {"name": "X"}, expect=404)
    added = self.call("POST", "/v1/admin/registers", "/v1/admin/registers",
                      {"name": "Store 1, till 2", "store": store["id"]}, expect=201)
    self.call("POST", "/v1/admin/registers", "/v1/admin/registers", {"name": ""}, expect=400)
    self.call("GET", "/v1/admin/enrolment-codes", "/v1/admin/enrolment-codes")
    rid = added["register"]["id"]
    self.call("PUT", "/v1/admin/registers/{id}", f"/v1/admin/registers/{rid}", {"name": "Till 2"})
    self.call("PUT", "/v1/admin/registers/{id}", f"/v1/admin/registers/{rid}", {"store": "s-none"},
              expect=400)
    self.call("PUT", "/v1/admin/registers/{id}", "/v1/admin/registers/r-none", {"name": "X"}, expect=404)
    self.call("POST", "/v1/admin/registers/{id}/revoke", f"/v1/admin/registers/{rid}/revoke")
    self.call("POST", "/v1/admin/registers/{id}/revoke", "/v1/admin/registers/r-none/revoke", expect=404)
    self.call("GET", "/v1/admin/registers", "/v1/admin/registers")


def notifications_answer_as_documented(self):
    self.given_card()
    self.call("GET", "/v1/admin/notifications", "/v1/admin/notifications?customer=c-1")
    listed = self.call("GET", "/v1/admin/notifications/templates",
                       "/v1/admin/notifications/templates")
    self.assertIn("points_burning", {t["event"] for t in listed["templates"]})
    path = "/v1/admin/notifications/templates/{event}/{locale}"
    welcome = "/v1/admin/notifications/templates/welcome/ru"
    text = {"subject": "Привет", "text": "{name}: {balance} {balance|бонус|бонуса|бонусов}"}
    self.assertEqual(self.call("PUT", path, welcome, text)["text"], text["text"])
    shown = self.call("POST", path + "/preview", welcome + "/preview")
    self.assertEqual(shown["text"], "Анна: 1021 бонус")
    err = self.call("PUT", path, welcome, {"subject": "s", "text": "{points}"}, expect=400)
    self.error(err, "invalid_template", "text")
    self.call("DELETE", path, welcome)
    self.call("GET", "/v1/admin/campaigns", "/v1/admin/campaigns")
    self.call("POST", "/v1/admin/campaigns/count", "/v1/admin/campaigns/count",
              {"channel": "sms", "segment": {"birthday_month": 5}})
    made = self.call("POST", "/v1/admin/campaigns", "/v1/admin/campaigns",
                     {"name": "Весна", "channel": "sms", "text": "{name}, весной скидка!"},
                     expect=201)
    one = "/v1/admin/campaigns/" + made["id"]
    self.call("GET", "/v1/admin/campaigns/{id}", one)
    self.call("POST", "/v1/admin/campaigns/{id}/test", one + "/test", {"to": "+79990000000"},
              expect=202)
    mail = self.call("POST", "/v1/admin/campaigns", "/v1/admin/campaigns",
                     {"name": "Письмо", "channel": "email", "subject": "S", "text": "{name}"},
                     expect=201)
    err = self.call("POST", "/v1/admin/campaigns/{id}/test",
                    f"/v1/admin/campaigns/{mail['id']}/test", {"to": "me@shop.example"},
                    expect=409)
    self.error(err, "channel_not_configured", None)
    # Nor is it started: it showed "running" for good, with nothing sent.
    err = self.call("POST", "/v1/admin/campaigns/{id}/start",
                    f"/v1/admin/campaigns/{mail['id']}/start", expect=409)
    self.error(err, "channel_not_configured", None)
    self.assertEqual(self.call("GET", "/v1/admin/campaigns/{id}",
                               f"/v1/admin/campaigns/{mail['id']}")["state"], "draft")
    # The test message as support would see it: queued, then (as if the gateway gave up) failed.
    resend = "/v1/admin/notifications/{id}/resend"
    sent = self.o.sql_row("SELECT id FROM outbox WHERE event = 'campaign' ORDER BY queued_at DESC")[0]
    err = self.call("POST", resend, f"/v1/admin/notifications/{sent}/resend", expect=409)
    self.error(err, "still_queued", None)
    self.o.sql_row(f"UPDATE outbox SET state = 'failed' WHERE id = '{sent}' RETURNING id")
    # A test send is not sent again (it went to an address typed in); a customer's message is.
    err = self.call("POST", resend, f"/v1/admin/notifications/{sent}/resend", expect=409)
    self.error(err, "test_send", None)
    self.o.sql_row(f"UPDATE outbox SET dedupe = 'campaign:{made['id']}:c:c-1' WHERE id = '{sent}' "
                   "RETURNING id")
    again = self.call("POST", resend, f"/v1/admin/notifications/{sent}/resend", expect=202)
    self.assertEqual(again["resends"], sent)
    err = self.call("POST", resend, "/v1/admin/notifications/n-none/resend", expect=404)
    self.error(err, "not_found", None)
    self.call("POST", "/v1/admin/campaigns/{id}/start", one + "/start")
    self.call("POST", "/v1/admin/campaigns/{id}/stop", one + "/stop")
    # The unsubscribe link: HTML for the customer's browser, its token an HMAC under the
    # database's key.
    status, _ = request(self.o.port, "GET", "/v1/unsubscribe?customer=c-1&channel=email&token=0")
    self.assertEqual(status, 400)
    key = self.o.sql_row("SELECT value FROM notify_state WHERE name = 'unsubscribe_key'")[0]
    token = hmac.new(key.encode(), b"c-1\nemail", hashlib.sha256).hexdigest()[:32]
    with urllib.request.urlopen(f"http://127.0.0.1:{self.o.port}/v1/unsubscribe?"
                                f"customer=c-1&channel=email&token={token}") as answer:
        self.assertEqual(answer.status, 200)
        self.assertTrue(answer.headers["Content-Type"].startswith("text/html"))
    self.openapi.checked.add(("GET", "/v1/unsubscribe", 200))
    link = f"/v1/unsubscribe?customer=c-1&channel=email&token={token}"
    self.assertEqual(html_page(self.o.port, "POST", link + "0", "")[0], 400)
    self.assertEqual(html_page(self.o.port, "POST", link, "List-Unsubscribe=One-Click")[0], 200)
    self.openapi.checked.update({("POST", "/v1/unsubscribe", 200), ("POST", "/v1/unsubscribe", 400)})
    # STOP from the SMS gateway: on a head office of its own whose [notify.sms] has an
    # inbound secret (without one the path is 404, as documented).
    self.call("POST", "/v1/sms/inbound", "/v1/sms/inbound", {"phone": "+79991234567",
                                                              "text": "STOP"}, expect=404)
    sms_office_dir = temp_dir(self)
    (sms_office_dir / "inbound.secret").write_text("inbound-secret-0123456789\n")
    os.chmod(sms_office_dir / "inbound.secret", 0o600)
    sms_office = Office(directory=sms_office_dir, extra_config=(
        '[notify.sms]\nurl = "http://127.0.0.1:9/send?to={phone}&text={text}"\n'
        'inbound_secret_file = "inbound.secret"\n')).started_for(self)
    for body, token, expect in (({"phone": "+79991234567", "text": "STOP"}, "wrong-secret-000000", 401),
                                ({"phone": "nobody", "text": "STOP"}, "inbound-secret-0123456789", 400),
                                ({"phone": "+79991234567", "text": "STOP"}, "inbound-secret-0123456789", 200)):
        status, answer = request(sms_office.port, "POST", "/v1/sms/inbound", body, token=token)
        self.assertEqual(status, expect, answer)
        self.openapi.check(self, "POST", "/v1/sms/inbound", status, answer)
