"""The web admin's registers-and-stores, notifications and settings pages, and the dashboard,
in headless Chromium against a real kopilka-office and a real kopilkad enrolled with it
(office.md "The web admin"). One journey, in order, on one office and one browser:
the owner's dashboard shows exactly the summary report of receipts the register confirmed
and pushed; the technician adds a store and a register on the fleet page, sees its
enrolment code (which enrols) and revokes it; the marketer counts a campaign's recipients,
test-sends, starts it and watches its progress to the end, and edits a template with its
live preview; the owner changes a setting and sees the API's message for a bad one; the
auditor finds all of it in the audit log, sees every page read-only, and is refused (403)
when calling the API to change anything with the session. Screenshots of every page at
1366×768 and 820×1180 go to the build's test-output/web_admin/; no page is wider than the
window and the console stays free of errors. SQLite only (the pages are engine-blind)."""
import concurrent.futures
import datetime
import gzip
import json
import os
import pathlib
import time
import unittest
import zoneinfo

from kopilka_harness import ADMIN_TOKEN, Daemon, Office, ean13, enroll, request, staff_user, user_add
from notify_sinks import HttpSink
import web_harness
from web_steps import SIZES, BrowserSteps, count, decimal, get, money, percent, sale

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
CASHBACK = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
            "points": {"max_redeem_percent": 100}}


CARD = ean13(1)


class WebPagesJourneyTest(BrowserSteps, unittest.TestCase):
    """The tests run in the order of their numbers; the auditor's (6) looks at what the
    others changed. The auditor signs in through the page; the others' pages get the
    cookie of a session made over HTTP (signing in is test_web_admin.py's subject)."""

    @classmethod
    def setUpClass(cls):
        chromium = web_harness.chromium_or_skip()
        cls.sms = HttpSink()
        cls.addClassCleanup(cls.sms.stop)
        cls.office = Office(extra_config=(
            f'[notify.sms]\nurl = "{cls.sms.url}/send"\n'
            'headers = { "Content-Type" = "application/json" }\n'
            "body = '{\"to\": \"{phone}\", \"text\": \"{text}\"}'\n")).started_for_class(cls)
        o = cls.office
        assert o.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0] == 201
        # Customers for the campaign: three in "vip" who take SMS, one who does not, one
        # in another group.
        for n, (cid, name, groups, sms) in enumerate(
                [("c-anna", "Анна", ["vip"], True), ("c-boris", "Борис", ["vip"], True),
                 ("c-vera", "Вера", ["vip"], True), ("c-gleb", "Глеб", ["vip"], False),
                 ("c-dina", "Дина", ["new"], True)], start=1):
            status, body = o.admin("PUT", f"/v1/admin/cards/{ean13(n)}", {
                "groups": groups, "customer": {"id": cid, "name": name, "phone": f"+7999123450{n}",
                                               "consents": {"email": False, "sms": sms}}})
            assert status in (200, 201), body
        cls.daemon = Daemon().started_for_class(cls)
        cls.register_id = enroll(cls.office, cls.daemon, "Касса 1")
        cls.sync_register()
        # The owner, the technician and the marketer are signed in over HTTP (their pages
        # get the session's cookie); the auditor signs in through the page, first time and
        # all. Each password hashed takes a while: the four are made at once.
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            people = {login: pool.submit(staff_user, o, login, role) for login, role in
                      (("olga", "owner"), ("tim", "technician"), ("maria", "marketer"))}
            auditor = pool.submit(user_add, o, "audrey", "auditor")
            cls.sessions = {login: f.result() for login, f in people.items()}
            cls.one_time = {"audrey": auditor.result()}
        cls.driver = web_harness.browser_for_class(cls, chromium)
        cls.base = f"http://127.0.0.1:{o.port}/"
        cls.made = {}  # what the journeys changed, for the auditor's
        print(f"\nweb pages screenshots: {web_harness.outputs_dir()}", flush=True)

    @classmethod
    def sync_register(cls):
        status, body = request(cls.daemon.port, "POST", "/v1/admin/sync", {}, token=ADMIN_TOKEN)
        assert status == 200 and body["sync"] == "ok", body

    def test_0_every_script_and_style_is_served_and_all_fit_one_pages_budget(self):
        web = pathlib.Path(os.environ.get("KOPILKA_SOURCE_DIR", "../..")) / "web"
        files = sorted(p.relative_to(web).as_posix() for p in web.rglob("*")
                       if p.suffix in (".js", ".css") and "node_modules" not in p.parts)
        for page in ("fleet", "fleet_stores", "notifications", "notify_campaigns", "settings"):
            self.assertIn(f"js/pages/{page}.js", files)
        total = 0
        for rel in files:
            status, _, body = get(self.office.port, "/" + rel)
            self.assertEqual((status, body), (200, (web / rel).read_bytes()), rel)
            total += len(gzip.compress(body))
        self.assertLessEqual(total, 300 * 1024)

    # --- 1, 2, 3: the owner's dashboard and settings ------------------------------------------------------

    def test_2_dashboard_default_period_ends_on_the_local_day(self):
        """East or west of Greenwich, the default period ends on the screen's own date."""
        self.sign_in("olga")
        d = self.driver
        hour = datetime.datetime.now(datetime.timezone.utc).hour
        zone = "Pacific/Kiritimati" if hour >= 10 else "Pacific/Pago_Pago"  # UTC+14 / UTC−11
        d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
        try:
            d.get(self.base + "#dashboard")
            # The default period is what a tab that chose none shows (a choice is kept for the
            # session: the tiles' test before this one chose its days).
            d.execute_script("sessionStorage.clear()")
            d.refresh()  # the same address with another #fragment would not load the page again
            local = datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()
            self.assertNotEqual(local, datetime.datetime.now(datetime.timezone.utc).date())
            to = self.wait("#report-to").get_attribute("value")
            start = self.wait("#report-from").get_attribute("value")
            self.assertEqual((start, to), ((local - datetime.timedelta(days=29)).isoformat(),
                                           local.isoformat()))
        finally:
            d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})

    def test_1_dashboard_tiles_equal_the_report_api(self):
        dm = self.daemon
        # Receipts confirmed on the register: with a card, one redeeming points, one
        # without a card, and a refund of one line; then its sync pushes them.
        for body in (sale("W-1", [70000, 30000], card=CARD), sale("W-2", [60000], card=CARD, redeem=20),
                     sale("W-3", [33333])):
            status, answer = dm.pos("POST", "/v1/receipts/confirm", body)
            self.assertEqual(status, 200, answer)
        status, answer = dm.pos("POST", "/v1/receipts/W-1/refund",
                                {"refund_id": "WR-1", "lines": [{"line": 2, "qty": 1}]})
        self.assertEqual(status, 200, answer)
        self.sync_register()

        pages = self.sign_in("olga")
        self.assertEqual(pages, ["dashboard", "customers", "programs", "fleet", "notifications",
                                 "settings", "staff", "audit"])
        d = self.driver
        first = self.wait("#dashboard-body .tiles")
        today = datetime.datetime.now(MOSCOW).date()
        start, end = (today - datetime.timedelta(days=1)).isoformat(), today.isoformat()
        d.execute_script("document.getElementById('report-from').value = arguments[0];"
                         "document.getElementById('report-to').value = arguments[1];"
                         "document.getElementById('report-load').click();", start, end)
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(d, 10, poll_frequency=0.05).until(ec.staleness_of(first))
        self.wait("#dashboard-body .tiles")
        # textContent: WebDriver's .text turns the no-break spaces of the figures into spaces.
        shown = dict(d.execute_script(
            "return [...document.querySelectorAll('#dashboard-body .tile')]"
            ".map((t) => [t.dataset.key, t.querySelector('.v').textContent]);"))

        status, r = self.office.admin(
            "GET", f"/v1/admin/reports/summary?from={start}&to={end}&group=day")
        names = {p["id"]: p["name"] for p in self.office.admin("GET", "/v1/admin/programs")[1]["programs"]}
        self.assertEqual(status, 200, r)
        f = r["totals"]
        # The register's figures arrived: three receipts (two with the card), 20 points spent.
        self.assertEqual((f["receipts"]["all"], f["receipts"]["card"]), (3, 2))
        self.assertEqual(f["points"]["redeemed"], 20)
        self.assertGreater(f["points"]["issued"], 0)
        self.assertEqual(shown, {
            "revenue": money(f["revenue"]["all"]), "revenue_card": money(f["revenue"]["card"]),
            "receipts": count(f["receipts"]["all"]), "average_check": money(f["average_check"]["all"]),
            "active_customers": count(f["active_customers"]), "repeat_rate": percent(f["repeat_rate"]),
            "new_customers": count(f["new_customers"]), "retention": percent(f["retention"]),
            "frequency": decimal(f["frequency"]), "clv": money(f["clv"]) if f["clv"] is not None else "—",
            "issued": count(f["points"]["issued"]), "redeemed": count(f["points"]["redeemed"]),
            "burned": count(f["points"]["burned"]), "adjusted": count(f["points"]["adjusted"]),
            "liability": money(f["points"]["liability_money"]),
        })
        self.assertEqual(d.execute_script(
            "return document.querySelector('.tile[data-key=liability] .sub').textContent;"),
            f'баллов: {count(f["points"]["liability"])}')
        # Up to when the figures are whole, as office.md's «данные полны по 29.11 22:00».
        until = r["complete_until"]
        self.assertTrue(until, r)
        self.assertEqual(d.find_element("css selector", "#complete-until").text,
                         f"Данные полны по {until[8:10]}.{until[5:7]} {until[11:16]}")
        # Each program's effect, under its name (the marketer's question), and the CSV.
        rows = d.execute_script(
            "return [...document.querySelectorAll('#report-programs tbody tr')]"
            ".map((tr) => [tr.dataset.program, tr.cells[0].textContent, tr.cells[1].textContent,"
            " tr.cells[3].textContent]);")
        self.assertEqual(rows, [[p["program"], names.get(p["program"], p["program"]), count(p["receipts"]),
                                 count(p["points_issued"])] for p in r["programs"]])
        self.assertTrue(rows, r["programs"])
        href = d.find_element("css selector", "#report-csv").get_attribute("href")
        self.assertIn("format=csv", href)
        self.assertIn("bom=1", href)  # for Excel
        # The store picker offers the chain's stores by name (a typed id once showed zeros).
        names = sorted(s["name"] for s in self.office.admin("GET", "/v1/admin/stores")[1]["stores"])
        self.assertEqual(d.execute_script(
            "return [...document.querySelectorAll('#report-store option')].map((o) => o.textContent);"),
            ["все магазины"] + names)
        self.wait(".uplot")
        self.shoot("dashboard-report")
        self.assert_console_clean()

    # --- 3: the owner's settings -------------------------------------------------------------

    def test_3_owner_changes_a_setting_and_sees_the_message_for_a_bad_one(self):
        o = self.office
        self.sign_in("olga")
        d = self.driver
        self.click('a[data-page="settings"]')
        # The point's value prices every point customers hold: the first press says so.
        self.fill("#set-point_value", "50")
        self.click("#settings-save")
        self.until("the point value's warning", lambda: "0,50 ₽" in self.wait("#settings-banner.warn").text)
        self.assertEqual(o.admin("GET", "/v1/admin/settings")[1]["saved"], False)
        self.fill("#set-point_value", "0")
        self.click("#settings-save")
        self.click("#settings-save")
        err = self.wait('.field[data-key="point_value"] .err')
        refusal = self.api_error("PUT", "/v1/admin/settings", {"point_value": 0})
        self.assertEqual(refusal["field"], "point_value")
        # The API's «must be a whole number from 1 to 1000000 kopecks», in Russian.
        self.assertEqual(refusal["message"], "must be a whole number from 1 to 1000000 kopecks")
        self.until("the point value's message",
                   lambda: err.text == "Целое число копеек от 1 до 1000000.")
        self.assertEqual(o.admin("GET", "/v1/admin/settings")[1]["saved"], False)
        self.fill("#set-point_value", "100")
        self.fill("#set-expiry_warning_days", "10")
        self.click("#settings-save")  # the value the chain has: nothing to confirm
        self.wait("#settings-banner.ok")
        now = o.admin("GET", "/v1/admin/settings")[1]
        self.assertEqual((now["point_value"], now["expiry_warning_days"], now["saved"]), (100, 10, True))
        self.shoot("settings")
        self.assert_console_clean("/v1/admin/settings")

    # --- 4: the technician's fleet page ----------------------------------------------------

    def test_4_technician_adds_a_store_and_a_register_and_revokes_it(self):
        o = self.office
        # A register whose clock is ten minutes ahead, to be highlighted.
        skewed, credential = o.enroll("Касса со спешащими часами")
        status, _ = request(o.port, "GET", "/v1/sync/pull?after=0&limit=1", token=credential,
                            headers={"Kopilka-Protocol": "1",
                                     "Kopilka-Clock": str(int(time.time()) + 600)})
        self.assertEqual(status, 200)

        self.assertEqual(self.sign_in("tim"), ["programs", "fleet", "settings"])
        d = self.driver
        self.click('a[data-page="fleet"]')
        row = self.wait(f'#registers tr[data-id="{self.register_id}"]')
        self.assertEqual(row.get_attribute("data-attention"), "")
        self.assertEqual(row.find_element("css selector", "[data-state]").get_attribute("data-state"), "ok")
        row = self.wait(f'#registers tr[data-id="{skewed}"]')
        self.assertEqual(row.get_attribute("data-attention"), "skew")
        self.assertIn(row.find_element("css selector", "[data-skew]").get_attribute("data-skew"),
                      ("599", "600", "601"))

        # A store: a time zone the zone database does not know is the API's refusal.
        bad = {"name": "Салон на Садовой", "address": "Садовая, 5", "timezone": "Europe/Atlantis"}
        self.fill("#store-name", bad["name"])
        self.fill("#store-address", bad["address"])
        self.fill("#store-timezone", bad["timezone"])
        self.click("#store-save")
        err = self.wait('#store-form .field[data-key="timezone"] .err')
        refusal = self.api_error("POST", "/v1/admin/stores", bad)
        self.assertEqual(refusal["field"], "timezone")
        self.assertIn("is not a time zone", refusal["message"])
        self.until("the time zone's message, in Russian",
                   lambda: err.text.startswith("Неизвестный часовой пояс: выберите город"))
        self.assertEqual(o.admin("GET", "/v1/admin/stores")[1], {"stores": []})
        # The zone as the owner knows it: its city (once only «Asia/Yekaterinburg» was taken).
        self.fill("#store-timezone", "Екатеринбург")
        self.click("#store-save")
        cell = self.wait("#stores tbody tr td")
        stores = o.admin("GET", "/v1/admin/stores")[1]["stores"]
        self.assertEqual([(s["name"], s["address"], s["timezone"]) for s in stores],
                         [("Салон на Садовой", "Садовая, 5", "Asia/Yekaterinburg")])
        store = stores[0]["id"]
        self.assertTrue(cell.text.startswith("Салон на Садовой"))
        self.assertIn("Екатеринбург (МСК+2)", self.wait("#stores tbody tr").text)
        # … and its address corrected.
        self.click(f'[data-edit-store="{store}"]')
        self.fill("#store-address", "Садовая, 7")
        self.click("#store-save")
        # (the banner said "added" already: wait for what the edit says)
        self.wait("#fleet-banner", text="«Салон на Садовой» сохранён")
        self.until("the new address", lambda: o.admin("GET", "/v1/admin/stores")[1]["stores"][0]["address"] == "Садовая, 7")

        # A register in that store: its one-time code is on the page, and it enrols.
        self.fill("#register-name", "Касса 3")
        self.wait(f'#register-store option[value="{store}"]').click()
        self.click("#register-add")
        code = self.wait("#enrol-code").text
        # The store's «сохранён» was the last action's word, not this one's: it goes (it
        # once stayed green above whatever came next).
        self.assertEqual((self.text_now("#fleet-banner"), d.find_elements("css selector", "#fleet-banner.ok")), ("", []))
        # When the code lapses, written as the other Russian pages write dates.
        self.assertRegex(self.text_now("#enrol-code-box"), r"Действует до \d\d\.\d\d\.\d{4} \d\d:\d\d")
        added = [r for r in o.admin("GET", "/v1/admin/registers")[1]["registers"] if r["name"] == "Касса 3"]
        self.assertEqual([r["store"] for r in added], [store])
        new_id = added[0]["id"]
        self.wait(f'#codes tr[data-id="{new_id}"]')
        # Not heard from yet: waiting for its till, not «в порядке».
        waiting = self.wait(f'#registers tr[data-id="{new_id}"] [data-state]')
        self.assertEqual((waiting.get_attribute("data-state"), waiting.text),
                         ("waiting", "ожидает подключения"))
        self.shoot("fleet")
        status, enrolled = o.sync("POST", "/v1/sync/enroll", None, {"code": code})
        self.assertEqual((status, enrolled.get("register_id")), (200, new_id), enrolled)

        # The till enrolled before any store existed is moved into it from its row (once
        # the page could not: its days stayed in head office's zone, out of store reports).
        self.driver.refresh()
        self.wait(f'select[data-move="{self.register_id}"] option[value="{store}"]').click()
        self.wait("#fleet-banner", text="теперь в магазине «Салон на Садовой»")
        self.until("the till's store", lambda: {r["id"]: r["store"] for r in o.admin(
            "GET", "/v1/admin/registers")[1]["registers"]}[self.register_id] == store)

        # Revoked after a confirmation: the row says so and the credential is refused.
        self.driver.refresh()
        self.click(f'[data-revoke="{new_id}"]')
        self.assertIn("Касса 3", self.wait(f'#registers tr[data-id="{new_id}"] .confirm').text)
        states = {r["id"]: r["state"] for r in o.admin("GET", "/v1/admin/registers")[1]["registers"]}
        self.assertNotEqual(states[new_id], "revoked")  # nothing happens before the confirmation
        self.click("#confirm-revoke")
        row = self.wait(f'#registers tr[data-id="{new_id}"][data-attention="revoked"]')
        self.assertEqual(row.find_elements("css selector", "[data-revoke]"), [])
        states = {r["id"]: r["state"] for r in o.admin("GET", "/v1/admin/registers")[1]["registers"]}
        self.assertEqual((states[new_id], states[self.register_id]), ("revoked", "ok"))
        status, _ = o.sync("GET", "/v1/sync/pull?after=0&limit=1", enrolled["credential"])
        self.assertEqual(status, 401)
        self.shoot("fleet-revoked")
        self.made.update(store=store, register=new_id)
        self.assert_console_clean("/v1/admin/stores")

    # --- 5: the marketer's notifications page ----------------------------------------------

    def test_5_marketer_counts_tests_starts_a_campaign_and_sees_it_finish(self):
        o = self.office
        self.assertEqual(self.sign_in("maria"),
                         ["dashboard", "customers", "programs", "notifications", "settings"])
        d = self.driver
        self.click('a[data-page="notifications"]')
        self.fill("#c-name", "VIP вечер")
        self.wait('#c-channel option[value="sms"]').click()
        self.fill("#c-text", "{name}, ждём вас в пятницу! {points}")
        self.fill("#seg-groups", "vip")
        self.click("#campaign-count")
        count = self.wait("#campaign-recipients[data-n]")
        status, n = o.admin("POST", "/v1/admin/campaigns/count",
                            {"channel": "sms", "segment": {"groups": ["vip"]}})
        self.assertEqual((status, n["recipients"]), (200, 3))  # Глеб did not consent
        self.assertEqual(count.get_attribute("data-n"), "3")
        # A placeholder campaigns do not have: the refusal under the text, in Russian.
        self.click("#campaign-create")
        err = self.wait('#campaign-form .field[data-key="text"] .err')
        refusal = self.api_error("POST", "/v1/admin/campaigns", {
            "name": "VIP вечер", "channel": "sms", "text": "{name}, ждём вас в пятницу! {points}",
            "segment": {"groups": ["vip"]}})
        self.assertEqual(refusal["message"],
                         "no value for {points}; a campaign may use {name} and {card_tail}")
        self.until("the text's message, in Russian", lambda: err.text ==
                   "В рассылке нет подстановки {points}: можно {name} и {card_tail}.")
        self.assertEqual(o.admin("GET", "/v1/admin/campaigns")[1], {"campaigns": []})
        self.fill("#c-text", "{name}, ждём вас в пятницу!")
        # A look at the templates keeps what was typed here (it once came back empty).
        self.click("#tab-templates")
        self.wait("#tpl-preview-text")
        self.click("#tab-campaigns")
        self.assertEqual(self.wait("#c-text").get_attribute("value"), "{name}, ждём вас в пятницу!")
        self.click("#campaign-create")
        self.wait('#campaign-state[data-state="draft"]')
        # The form is emptied: a second press once made an identical second draft.
        self.assertEqual((self.wait("#c-name").get_attribute("value"),
                          self.wait("#c-text").get_attribute("value")), ("", ""))
        (campaign,) = o.admin("GET", "/v1/admin/campaigns")[1]["campaigns"]
        self.assertEqual((campaign["name"], campaign["segment"]), ("VIP вечер", {"groups": ["vip"]}))
        # Who it goes to, in words (it once read «Кому: {"groups":["vip"]}»).
        self.assertEqual(self.wait("#campaign-segment").text, "Кому: Группы (любая из): vip")

        self.fill("#test-to", "+79990000001")
        self.click("#campaign-test")
        self.wait("#campaign-banner.ok")
        self.until("the test SMS", lambda: [r for r in self.sms.requests
                                            if json.loads(r["body"])["to"] == "+79990000001"])
        self.shoot("notifications-campaign-draft")
        # The first press only says to how many it goes (once it sent at once), counted
        # then: Глеб agreed to SMS since the page counted 3 (it said 3, and the progress
        # stayed «3 of 4» or «3 of 5» for good when the segment changed so).
        self.assertEqual(o.admin("PUT", "/v1/admin/customers/c-gleb",
                                 {"consents": {"sms": True}})[0], 200)
        self.click("#campaign-start")
        self.wait('#campaign-start[data-armed="yes"]', text="получателям: 4? Нажмите ещё раз")
        self.assertEqual(self.sms.requests[-1:] and json.loads(self.sms.requests[-1]["body"])["to"],
                         "+79990000001")  # nothing but the test SMS yet
        self.click("#campaign-start")
        box = self.wait("#campaign-progress-box")
        finished = self.until("the campaign to finish", lambda: d.find_element(
            "css selector", '#campaign-progress-box[data-finished="yes"]') if d.find_elements(
            "css selector", '#campaign-progress-box[data-finished="yes"]') else None, timeout=30)
        self.assertIsNotNone(box)
        view = o.admin("GET", f"/v1/admin/campaigns/{campaign['id']}")[1]
        self.assertEqual((view["state"], view["queued"], view["progress"]["sent"]), ("done", 4, 4))
        sent = finished.find_element("css selector", '[data-count="sent"]').get_attribute("data-n")
        self.assertEqual(sent, "4")
        self.assertEqual(d.find_element("css selector", "#campaign-progress").get_attribute("value"), "4")
        self.assertIn("4 из 4", self.wait("#campaign-progress-text").text)
        self.assertEqual(d.find_elements("css selector", "#campaign-start, #campaign-stop"), [])
        to = sorted(json.loads(r["body"])["to"] for r in self.sms.requests
                    if "ждём вас в пятницу" in json.loads(r["body"])["text"])
        self.assertEqual(to, ["+79990000001", "+79991234501", "+79991234502", "+79991234503",
                              "+79991234504"])
        self.assertEqual(o.admin("PUT", "/v1/admin/customers/c-gleb",
                                 {"consents": {"sms": False}})[0], 200)
        self.shoot("notifications-campaigns")

        # A template edited with its preview following the text as it is typed.
        self.click("#tab-templates")
        self.wait("#tpl-preview-text")
        self.wait('#tpl-event option[value="points_burning"]').click()
        typed = "{name}, {points|бонус|бонуса|бонусов} сгорят {date_text}. Приходите!"
        self.fill("#tpl-text", typed)
        subject = self.driver.find_element("css selector", "#tpl-subject").get_attribute("value")
        status, expect = o.admin("POST", "/v1/admin/notifications/templates/points_burning/ru/preview",
                                 {"subject": subject, "text": typed})
        self.assertEqual(status, 200, expect)
        self.until("the live preview", lambda: self.text_now("#tpl-preview-text") == expect["text"])
        self.assertIn("Приходите!", expect["text"])
        self.click("#tpl-save")
        self.wait("#tpl-banner.ok")
        templates = o.admin("GET", "/v1/admin/notifications/templates")[1]["templates"]
        saved = [x for x in templates if (x["event"], x["locale"]) == ("points_burning", "ru")]
        self.assertEqual((saved[0]["text"], saved[0]["custom"]), (typed, True))
        self.shoot("notifications-templates")

        self.click("#tab-log")
        self.wait("#delivery-log")
        log = o.admin("GET", "/v1/admin/notifications?limit=200")[1]["notifications"]
        rows = d.execute_script("return [...document.querySelectorAll('#delivery-log tbody tr')]"
                                ".map((r) => r.dataset.id);")
        self.assertEqual(rows, [n["id"] for n in log])
        # The delivery log's reasons read in Russian, those with a number or a card in them too
        # (three of them once showed as the API wrote them).
        shown = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "import('/js/error_text.js').then((m) => done(arguments[0].map(m.errorText)));",
            ["the card has no customer", "announced for card ****0015 before it was replaced",
             "the customer's 3 messages a day were sent: goes at 2026-12-05T09:00:00+03:00"])
        self.assertEqual(shown, ["у карты нет клиента",
                                 "событие карты ****0015, объявленное до её замены",
                                 "клиенту уже ушло 3 сообщ. за день: уйдёт 2026-12-05T09:00:00+03:00"])
        self.shoot("notifications-log")
        self.made["campaign"] = campaign["id"]
        # Refusals the page provoked on purpose, and a preview of a brace typed half way.
        self.assert_console_clean("/v1/admin/campaigns", "/preview")

    # --- 6: the auditor ------------------------------------------------------------------------

    def test_6_auditor_sees_the_changes_read_only_and_cannot_change_anything(self):
        if set(self.made) != {"store", "register", "campaign"}:
            self.fail("the auditor's journey runs after tests 4 and 5 of this class")
        o, d = self.office, self.driver
        self.assertEqual(self.sign_in("audrey"), ["dashboard", "customers", "programs", "fleet",
                                                  "notifications", "settings", "staff", "audit"])
        # More than a page of entries: the auditor once could not read past the newest 100.
        for i in range(105):
            self.assertEqual(o.admin("PUT", "/v1/admin/settings", {"expiry_warning_days": 10 + i % 2})[0], 200)
        self.click('a[data-page="audit"]')
        self.wait("#audit tbody tr")
        rows = "return [...document.querySelectorAll('#audit tbody tr')]"
        self.assertEqual(d.execute_script(rows + ".length;"), 100)
        self.click("#audit-more")
        self.wait("#audit tbody tr:nth-child(101)")
        shown = [tuple(row) for row in d.execute_script(
            rows + ".map((tr) => [tr.cells[1].textContent, tr.cells[3].dataset.action, tr.cells[4].textContent]);")]
        entries = o.admin("GET", "/v1/admin/audit?limit=1000")[1]["entries"]
        self.assertEqual(shown, [(e["who"], e["action"], e["object"]) for e in entries])
        self.assertFalse(d.find_element("css selector", "#audit-more").is_displayed())
        # A change reads field by field, not as two JSON documents.
        self.assertEqual(d.execute_script(rows + "[0].cells[5].textContent;"), "Предупреждать о сгорании за, дней: 11 → 10")
        c, s, r = self.made["campaign"], self.made["store"], self.made["register"]
        for change in [("olga", "settings.update", "settings:chain"),
                       ("maria", "template.update", "template:points_burning:ru"),
                       ("maria", "campaign.start", f"campaign:{c}"),
                       ("maria", "campaign.test", f"campaign:{c}"),
                       ("maria", "campaign.create", f"campaign:{c}"),
                       ("tim", "register.revoke", f"register:{r}"),
                       ("tim", "register.add", f"register:{r}"),
                       ("tim", "store.update", f"store:{s}"),
                       ("tim", "store.add", f"store:{s}")]:
            self.assertIn(change, shown)
        self.assert_read_only("audit")
        self.shoot("auditor-audit")
        # On a tablet a long before → after (a template's text) keeps a readable column: the
        # table scrolls in its box rather than squeezing it to a letter a line.
        web_harness.set_viewport(d, *SIZES[1])
        narrowest = d.execute_script(
            "return Math.min(...[...document.querySelectorAll('#audit td pre')].map((p) => p.offsetWidth));")
        web_harness.set_viewport(d, *SIZES[0])
        self.assertGreaterEqual(narrowest, 200)

        for page, ready in (("dashboard", "#dashboard-body .tiles"), ("programs", "#programs"),
                            ("fleet", f'#registers tr[data-id="{r}"]'),
                            ("notifications", "#campaigns"), ("settings", "#settings-form")):
            self.click(f'a[data-page="{page}"]')
            self.wait(ready)
            self.assert_read_only(page)
            self.shoot(f"auditor-{page}")
        self.assertEqual(d.find_elements("css selector", "#settings-readonly") != [], True)
        # Notifications: a campaign opened, the templates and the log, all without actions.
        self.click('a[data-page="notifications"]')
        self.click(f'[data-open="{c}"]')
        self.wait('#campaign-state[data-state="done"]')
        self.assert_read_only("a campaign")
        self.click("#tab-templates")
        self.wait("#tpl-preview-text")
        self.assert_read_only("templates")
        self.click("#tab-log")
        self.wait("#delivery-log")
        self.assert_read_only("the delivery log")

        # The API refuses the auditor's own session (cookie and CSRF token) every change.
        calls = [("PUT", "/v1/admin/settings", {"expiry_warning_days": 3}),
                 ("POST", "/v1/admin/stores", {"name": "x", "timezone": "Europe/Moscow"}),
                 ("PUT", f"/v1/admin/stores/{s}", {"name": "x"}),
                 ("POST", "/v1/admin/registers", {"name": "x"}),
                 ("POST", f"/v1/admin/registers/{self.register_id}/revoke", {}),
                 ("POST", f"/v1/admin/campaigns/{c}/stop", {}),
                 ("PUT", "/v1/admin/notifications/templates/welcome/ru", {"text": "x"})]
        answers = d.execute_async_script("""
          const [calls, done] = arguments;
          (async () => {
            const me = await (await fetch('/v1/auth/me')).json();
            const out = [];
            for (const [method, path, body] of calls) {
              const r = await fetch(path, {method, body: JSON.stringify(body), headers: {
                'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf}});
              out.push([r.status, (await r.json()).error.code]);
            }
            done([me.role, out]);
          })();""", calls)
        self.assertEqual(answers, ["auditor", [[403, "forbidden"]] * len(calls)])
        states = {x["id"]: x["state"] for x in o.admin("GET", "/v1/admin/registers")[1]["registers"]}
        self.assertEqual(states[self.register_id], "ok")
        self.assertEqual(o.admin("GET", "/v1/admin/settings")[1]["expiry_warning_days"], 10)
        # The same pages in English: the fleet's strings are there too.
        self.click('a[data-page="fleet"]')
        self.click("#lang-switch")
        self.wait("h1", text="Registers and stores")
        self.assertEqual(self.text_now("#registers th"), "Name")
        self.click("#lang-switch")
        self.wait("h1", text="Кассы и магазины")
        self.assert_console_clean(*[path for _, path, _ in calls])


if __name__ == "__main__":
    unittest.main()
