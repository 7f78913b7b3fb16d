"""Whole journeys through the web admin in headless Chromium (office.md "The web admin"),
against a real kopilka-office and a real kopilkad enrolled with it: the owner creates a
marketer on the staff page; the marketer creates a program with the form, sees the API's
validation message, previews and saves it, and the register applies it after its
shift-close sync; support finds a customer by a phone typed as `8 (999) 123-45-67`,
adjusts points with a reason and replaces a lost card; the auditor reads without a single
action. Every page visited is photographed at 1366×768 and 820×1180 into
test-output/web_journeys/ and must not be wider than the window."""
import json
import time
import unittest

from kopilka_harness import Daemon, Office, Session, enroll, request, user_add
import web_harness
from web_steps import money

CARD = "2000000000015"
NEW_CARD = "2000000000022"
TWIN_CARD = "2000000000039"  # the same person's card, entered once more as another customer
SIZES = ((1366, 768), (820, 1180))
SALE = {"receipt_id": "R-1", "card": CARD,
        "lines": [{"line": 1, "sku": "A-17", "name": "Шампунь", "category": "cosmetics",
                   "qty": 2, "price": 45000}]}


class JourneyTest(unittest.TestCase):
    """One head office, one register and one browser for every journey of the class."""

    @classmethod
    def setUpClass(cls):
        chromium = web_harness.chromium_or_skip()
        cls.office = Office().started_for_class(cls)
        cls.register = Daemon().started_for_class(cls)
        enroll(cls.office, cls.register, "Касса 1")
        # The customer the service desk looks for, with 500 points carried over, and one
        # purchase made at the register and pushed at its shift close.
        office = cls.office
        assert office.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {
            "id": "c-1", "name": "Анна Ёлкина", "phone": "+79991234567"}})[0] == 201
        assert office.admin("POST", f"/v1/admin/cards/{CARD}/points", {
            "adjust_id": "seed-1", "points": 500, "reason": "перенос баланса"})[0] == 200
        assert office.admin("PUT", f"/v1/admin/cards/{TWIN_CARD}", {"customer": {
            "id": "c-2", "name": "Анна Ёлкина", "email": "anna@example.ru"}})[0] == 201
        assert office.admin("PUT", "/v1/admin/settings", {"max_adjust_points": 1000})[0] == 200
        # The till is in Yekaterinburg, two hours from head office's Moscow.
        status, store = office.admin("POST", "/v1/admin/stores",
                                     {"name": "Екатеринбург", "timezone": "Asia/Yekaterinburg"})
        assert status == 201, store
        till = office.admin("GET", "/v1/admin/registers")[1]["registers"][0]["id"]
        assert office.admin("PUT", f"/v1/admin/registers/{till}", {"store": store["id"]})[0] == 200
        cls.shift_close("S-0")
        assert cls.register.pos("POST", "/v1/receipts/confirm", SALE)[0] == 200
        cls.shift_close("S-1")
        cls.driver = web_harness.browser_for_class(cls, chromium)
        cls.base = f"http://127.0.0.1:{cls.office.port}/"

    @classmethod
    def shift_close(cls, shift):
        status, s = cls.register.pos("POST", "/v1/shift/close", {"shift_id": shift})
        assert (status, s["sync"], s["pending"]) == (200, "ok", 0), s

    # --- the browser -----------------------------------------------------------------

    def css(self, selector):
        return self.driver.find_elements("css selector", selector)

    def fill(self, css, text):
        el = web_harness.wait_for(self.driver, css)
        el.clear()
        el.send_keys(text)
        return el

    def click(self, css):
        web_harness.wait_for(self.driver, css).click()

    def wait_until(self, check, what, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                if check():
                    return
            except Exception:  # the element is being redrawn
                pass
            time.sleep(0.05)
        self.fail(f"timed out waiting for {what}")

    def photograph(self, page):
        """Both window sizes: nothing wider than the window, a screenshot of each."""
        for w, h in SIZES:
            web_harness.set_viewport(self.driver, w, h)
            self.wait_until(lambda: self.driver.execute_script("return window.innerWidth") == w,
                            f"the {w}px viewport")
            self.assertEqual(web_harness.horizontal_overflow(self.driver), 0,
                             f"{page} overflows horizontally at {w}×{h}")
            web_harness.screenshot_into(self.driver, "web_journeys", f"{page}-{w}x{h}")
        web_harness.set_viewport(self.driver, *SIZES[0])

    def assert_clean_console(self, expected_refusals=()):
        """No console errors but the API refusals the journey provoked on purpose."""
        errors = [e for e in web_harness.console_errors(self.driver)
                  if not any(path in e["message"] for path in expected_refusals)]
        self.assertEqual(errors, [])

    def nav(self):
        return [a.get_attribute("data-page") for a in self.css("nav a[data-page]")]

    def sign_in(self, login, one_time, new_password, photograph=False):
        """From a browser with no session: sign in, change the one-time password."""
        d = self.driver
        web_harness.console_errors(d)  # what an earlier journey left is not this one's
        if not d.current_url.startswith(self.base):
            d.get(self.base)
        d.delete_all_cookies()
        d.execute_script("localStorage.clear(); sessionStorage.clear()")
        d.get(self.base)
        self.fill("#login", login)
        self.fill("#password", one_time)
        if photograph:
            self.photograph("signin")
        self.click("#signin")
        self.fill("#old-password", one_time)
        if photograph:
            self.photograph("password")
        self.fill("#new-password", new_password)
        self.fill("#new-password-again", new_password)
        self.click("#change-password")
        web_harness.wait_for(d, "nav")
        return self.nav()

    def as_browser(self, method, path, body=None):
        """A call with the browser's own session (what the API tells this person)."""
        session = Session(self.office.port, self.driver.get_cookie("kopilka_session")["value"], None, None)
        status, me = session.call("GET", "/v1/auth/me")
        self.assertEqual(status, 200, me)
        session.csrf = me["csrf"]
        return session.call(method, path, body)

    def user(self, login):
        users = self.office.admin("GET", "/v1/admin/users")[1]["users"]
        return next(u for u in users if u["login"] == login)

    def sign_out(self):
        self.click("#sign-out")
        web_harness.wait_for(self.driver, "#signin")

    # --- the journeys ----------------------------------------------------------------

    def test_owner_creates_a_marketer_whose_program_the_register_applies(self):
        d = self.driver
        one_time = user_add(self.office, "olga", "owner")
        pages = self.sign_in("olga", one_time, "Kopilka-owner-2026", photograph=True)
        self.assertEqual(pages, ["dashboard", "customers", "programs", "fleet", "notifications",
                                 "settings", "staff", "audit"])
        self.click('a[data-page="staff"]')
        web_harness.wait_for(d, '#users tr[data-login="olga"]')
        self.fill("#new-login", "maria")
        web_harness.wait_for(d, '#new-role option[value="marketer"]').click()
        self.click("#add-user")
        password = web_harness.wait_for(d, "#one-time-password").text
        row = web_harness.wait_for(d, '#users tr[data-login="maria"]')
        self.assertEqual((row.get_attribute("data-role"), row.find_element("css selector", ".state").text),
                         ("marketer", "одноразовый пароль ещё не сменён"))
        users = {u["login"]: u for u in self.office.admin("GET", "/v1/admin/users")[1]["users"]}
        self.assertEqual((users["maria"]["role"], users["maria"]["must_change_password"]),
                         ("marketer", True))
        self.photograph("staff")
        # A role change and a disable take effect at once and can be undone on the page.
        row_of = lambda: self.css('#users tr[data-login="maria"]')[0]
        for role in ("support", "marketer"):
            web_harness.wait_for(d, f'#role-maria option[value="{role}"]').click()
            self.wait_until(lambda: row_of().get_attribute("data-role") == role, f"maria as {role}")
            self.assertEqual(self.user("maria")["role"], role)
        for disabled in (True, False):
            row_of().find_element("css selector", "button.toggle").click()
            self.wait_until(lambda: row_of().get_attribute("data-disabled") == str(disabled).lower(),
                            f"maria disabled={disabled}")
            self.assertEqual(self.user("maria")["disabled"], disabled)
        # The owner does not get to demote or disable the account the page is open with.
        self.assertEqual(self.css('#users tr[data-login="olga"] select, #users tr[data-login="olga"] button'), [])
        self.assert_clean_console()
        self.sign_out()

        # The marketer signs in with the password the page showed.
        pages = self.sign_in("maria", password, "Kopilka-marketer-2026")
        self.assertEqual(pages, ["dashboard", "customers", "programs", "notifications", "settings"])
        self.click('a[data-page="programs"]')
        self.photograph("programs")
        self.click("#new-program")
        self.fill("#f-id", "ten")
        self.fill("#f-name", "Десять процентов")
        self.fill("#f-percent", "150")
        self.click("#save")
        err = web_harness.wait_for(d, '.field[data-key="percent"] .err')
        bad = {"id": "ten", "name": "Десять процентов", "kind": "discount", "enabled": True, "percent": 150}
        status, answer = self.office.admin("PUT", "/v1/admin/programs/ten", bad)
        self.assertEqual((status, answer["error"]["field"]), (400, "percent"))
        self.assertEqual(err.text, answer["error"]["message"])
        self.fill("#f-percent", "10")
        self.click("#preview")
        cell = web_harness.wait_for(d, '#preview-table tr[data-key="discount"] td')
        sample = json.loads(d.find_element("css selector", "#receipt").get_attribute("value"))
        status, expected = self.office.admin("POST", "/v1/admin/programs/preview", {
            "program": dict(bad, percent=10), "receipt": sample, "card_points": 0})
        self.assertEqual(status, 200, expected)
        self.assertEqual(int(cell.get_attribute("data-value")), expected["result"]["discount"])
        self.photograph("program-form")
        self.click("#save")
        web_harness.wait_for(d, "#form-banner.ok")
        self.assertEqual([(p["id"], p["percent"]) for p in self.office.admin("GET", "/v1/admin/programs")[1]["programs"]],
                         [("ten", 10)])
        self.assert_clean_console(["/v1/admin/programs/ten"])
        self.sign_out()

        # The register knows nothing of it until its shift-close sync, then applies it.
        calc = dict(SALE, receipt_id="R-2")
        status, before = self.register.pos("POST", "/v1/receipts/calculate", calc)
        self.assertEqual((status, before["discount"], before["total"]), (200, 0, 90000), before)
        self.shift_close("S-2")
        status, after = self.register.pos("POST", "/v1/receipts/calculate", calc)
        self.assertEqual((status, after["discount"], after["total"]), (200, 9000, 81000), after)
        self.assertEqual([a["program"] for a in after["applied"]], ["ten"])

    def card_box(self, number):
        return web_harness.wait_for(self.driver, f'.card-box[data-card="{number}"]')

    def balance_on_page(self, number):
        return int(self.card_box(number).find_element(
            "css selector", '.tile[data-key="balance"] .v').get_attribute("data-value"))

    def balance_in_api(self, number):
        status, card = self.office.admin("GET", f"/v1/cards/{number}")
        self.assertEqual(status, 200, card)
        return card["card"]["status"], card["points"]["balance"]

    def test_support_finds_a_customer_by_phone_adjusts_points_and_replaces_a_lost_card(self):
        d = self.driver
        pages = self.sign_in("sveta", user_add(self.office, "sveta", "support"), "Kopilka-support-2026")
        self.assertEqual(pages, ["customers", "programs", "notifications", "settings"])
        self.click('a[data-page="customers"]')
        self.fill("#customer-q", "8 (999) 123-45-67")
        row = web_harness.wait_for(d, '#customers tr[data-id="c-1"]')
        self.assertEqual([c.text for c in row.find_elements("css selector", "td")],
                         ["Анна Ёлкина", "+7 999 123-45-67", "", CARD])
        self.assertEqual(len(self.css("#customers tbody tr")), 1)
        self.photograph("customers")
        # A part a role does not get was once written as the text "null".
        self.assertNotIn("null", d.find_element("css selector", "main").text)
        row.find_element("css selector", "a").click()
        web_harness.wait_for(d, "#customer-name", text="Анна Ёлкина")
        self.assertNotIn("null", d.find_element("css selector", "main").text)
        self.assertEqual(self.balance_on_page(CARD), 500)
        # The receipt as printed at its till: its store's name and local time (it was once
        # in head office's zone with the offset cut off, and the store an id), its lines.
        sale = self.office.admin("GET", "/v1/admin/customers/c-1")[1]["purchases"][0]
        self.assertTrue(sale["at"].endswith("+05:00"), sale["at"])
        cells = web_harness.wait_for(d, "#purchases").find_elements("css selector", "tbody tr td")
        self.assertEqual([c.text for c in cells[:6]],
                         [sale["at"][:19].replace("T", " "), "покупка", "R-1", CARD, "Екатеринбург",
                          money(90000)])
        self.assertEqual(cells[6].find_element("css selector", "summary").text, "1 поз.")

        # Above the owner's limit for support: the API's own message under the field.
        status, refusal = self.as_browser("POST", f"/v1/admin/cards/{CARD}/points",
                                          {"adjust_id": "probe", "points": 5000, "reason": "x"})
        self.assertEqual((status, refusal["error"]["code"]), (403, "adjust_limit"))
        box = self.card_box(CARD)
        self.fill(f"#adjust-points-{CARD}", "5000")
        self.fill(f"#adjust-reason-{CARD}", "компенсация за ошибку кассира")
        box.find_element("css selector", "button.adjust").click()
        err = web_harness.wait_for(d, f'.card-box[data-card="{CARD}"] .field[data-key="points"] .err',
                                   text="1000")
        self.assertEqual(err.text, refusal["error"]["message"])
        self.assertEqual((self.balance_on_page(CARD), self.balance_in_api(CARD)), (500, ("active", 500)))

        self.fill(f"#adjust-points-{CARD}", "300")
        self.card_box(CARD).find_element("css selector", "button.adjust").click()
        web_harness.wait_for(d, "#customer-banner", text="+300")
        self.assertEqual((self.balance_on_page(CARD), self.balance_in_api(CARD)), (800, ("active", 800)))
        history = web_harness.wait_for(d, "#points-history tbody tr")
        self.assertEqual([c.text for c in history.find_elements("css selector", "td")][1:],
                         [CARD, "300", "0", "компенсация за ошибку кассира", ""])
        self.photograph("customer")

        # Taking more than the card holds would put it into debt: said first, not done.
        self.fill(f"#adjust-points-{CARD}", "-1000")
        self.card_box(CARD).find_element("css selector", "button.adjust").click()
        note = web_harness.wait_for(d, f'.card-box[data-card="{CARD}"] .adjust-form .confirm-note',
                                    text="в минус на 200")
        self.assertIn("800", note.text)
        self.assertEqual(self.balance_in_api(CARD), ("active", 800))
        self.fill(f"#adjust-points-{CARD}", "5")  # another figure: the question goes away
        self.assertEqual(self.css(f'.card-box[data-card="{CARD}"] .adjust-form .confirm-note'), [])

        # The card is lost: the new one carries the balance, the old one says lost. The first
        # press says what cannot be undone; the second replaces it.
        self.fill(f"#new-card-{CARD}", NEW_CARD)
        self.card_box(CARD).find_element("css selector", "button.replace").click()
        web_harness.wait_for(d, f'.card-box[data-card="{CARD}"] .replace-form .confirm-note', text=NEW_CARD)
        self.assertEqual(self.balance_in_api(CARD), ("active", 800))
        self.card_box(CARD).find_element("css selector", "button.replace").click()
        web_harness.wait_for(d, "#customer-banner", text=NEW_CARD)
        self.assertEqual(self.card_box(CARD).get_attribute("data-status"), "lost")
        self.assertEqual(self.card_box(NEW_CARD).get_attribute("data-status"), "active")
        self.assertEqual(self.balance_on_page(NEW_CARD), 800)
        self.assertEqual(self.balance_in_api(CARD)[0], "lost")
        self.assertEqual(self.balance_in_api(NEW_CARD), ("active", 800))
        # A lost card offers nothing more to do.
        self.assertEqual(self.card_box(CARD).find_elements("css selector", "button"), [])
        self.photograph("customer-replaced")

        # Block and unblock the new card.
        self.card_box(NEW_CARD).find_element("css selector", "button.block").click()
        self.wait_until(lambda: self.card_box(NEW_CARD).get_attribute("data-status") == "blocked",
                        "the card blocked on the page")
        self.assertEqual(self.balance_in_api(NEW_CARD), ("blocked", 800))
        self.card_box(NEW_CARD).find_element("css selector", "button.unblock").click()
        self.wait_until(lambda: self.card_box(NEW_CARD).get_attribute("data-status") == "active",
                        "the card active on the page")
        self.assertEqual(self.balance_in_api(NEW_CARD), ("active", 800))

        # Contacts: the API's message under the e-mail field, then saved with consent.
        self.click("#edit-contacts summary")
        self.fill("#edit-email", "anna-at-example.ru")
        self.click("#save-contacts")
        err = web_harness.wait_for(d, '#contacts-form .field[data-key="email"] .err', text="@")
        status, answer = self.as_browser("PUT", "/v1/admin/customers/c-1", {"email": "anna-at-example.ru"})
        self.assertEqual((status, answer["error"]["field"]), (400, "email"))
        self.assertEqual(err.text, answer["error"]["message"])
        self.fill("#edit-email", "anna@example.ru")
        self.click("#edit-consent-email")
        self.click("#save-contacts")
        web_harness.wait_for(d, "#customer-banner", text="Контакты сохранены")
        c = self.office.admin("GET", "/v1/admin/customers/c-1")[1]
        self.assertEqual((c["phone"], c["email"], c["consents"]),
                         ("+79991234567", "anna@example.ru", {"email": True, "sms": False}))

        # The same person entered twice: merged into this customer, the other is gone.
        self.fill("#merge-q", TWIN_CARD)
        go = web_harness.wait_for(d, '#merge-found button.merge-from[data-id="c-2"]')
        go.click()
        web_harness.wait_for(d, '#merge-found button.merge-from.armed').click()
        web_harness.wait_for(d, "#customer-banner", text="объединён")
        self.card_box(TWIN_CARD)
        self.assertEqual(self.office.admin("GET", "/v1/admin/customers/c-2")[0], 404)
        self.assertEqual(sorted(c["number"] for c in self.office.admin("GET", "/v1/admin/customers/c-1")[1]["cards"]),
                         [CARD, NEW_CARD, TWIN_CARD])
        # A message the customer says never came (here: failed for good) goes out again.
        self.office.sql_row(
            "INSERT INTO outbox (id, dedupe, event, channel, target, customer_id, card, payload, "
            "state, reason, attempts, next_attempt, queued_at) VALUES ('n-web-1', 'web-1', "
            f"'welcome', 'email', '', 'c-1', '{CARD}', '{{}}', 'failed', 'timeout', 6, 0, "
            f"{int(time.time())}) RETURNING id")
        d.refresh()
        web_harness.wait_for(d, 'button.resend[data-id="n-web-1"]').click()
        web_harness.wait_for(d, "#customer-banner", text="уйдёт ещё раз")
        # A new delivery beside the failed one (what becomes of it is the worker's business:
        # this head office has no channel, so it may already be suppressed).
        log = self.office.admin("GET", "/v1/admin/notifications?customer=c-1")[1]["notifications"]
        self.assertEqual(sorted((n["event"], n["id"] == "n-web-1", n["state"] == "failed")
                                for n in log),
                         [("welcome", False, False), ("welcome", True, True)])
        self.assert_clean_console([f"/v1/admin/cards/{CARD}/points", "/v1/admin/customers/c-1"])

        # What a program does, for explaining a customer's points: support once had no way
        # to open a program at all.
        self.assertIn(self.office.admin("PUT", "/v1/admin/programs/cashback5", {
            "id": "cashback5", "name": "Кешбэк 5 %", "kind": "bonus", "percent": 5})[0], (200, 201))
        explained = self.office.admin("GET", "/v1/admin/programs")[1]["explained"]
        self.assertIn("5", explained["cashback5"])
        self.click('a[data-page="programs"]')
        row = web_harness.wait_for(d, '#programs tr[data-id="cashback5"]')
        self.assertEqual(row.find_element("css selector", "td.does").text, explained["cashback5"])
        row.find_element("css selector", "a").click()
        web_harness.wait_for(d, "#program-does", text=explained["cashback5"])
        self.assertEqual(web_harness.wait_for(d, "#program-title").text, "Кешбэк 5 %")
        self.assertEqual(d.find_elements("css selector", "main button, main input, main textarea"), [])
        self.photograph("program-read-only")
        self.sign_out()

    def test_the_auditor_reads_customers_and_staff_without_any_action(self):
        d = self.driver
        pages = self.sign_in("alla", user_add(self.office, "alla", "auditor"), "Kopilka-auditor-2026")
        self.assertEqual(pages, ["dashboard", "customers", "programs", "fleet", "notifications",
                                 "settings", "staff", "audit"])
        d.get(self.base + "#customer/c-1")
        web_harness.wait_for(d, "#customer-name", text="Анна Ёлкина")
        web_harness.wait_for(d, "#contacts")
        self.assertEqual(self.css("#main button, #main form, #edit-contacts, #merge"), [])
        self.click('a[data-page="staff"]')
        web_harness.wait_for(d, '#users tr[data-login="alla"]')
        self.assertEqual(self.css("#add-user-form, #users select, #users button"), [])
        self.click("#who")
        web_harness.wait_for(d, "#tokens-panel")
        # A personal API token: shown once, acts with the auditor's role, revocable.
        self.fill("#token-name", "bi-export")
        self.click("#create-token")
        token = web_harness.wait_for(d, "#new-token").text
        web_harness.wait_for(d, '#tokens tr[data-name="bi-export"]')
        self.photograph("account")
        self.assertEqual(request(self.office.port, "GET", "/v1/admin/audit", token=token)[0], 200)
        self.assertEqual(request(self.office.port, "PUT", "/v1/admin/settings", {}, token=token)[0], 403)
        self.click('#tokens tr[data-name="bi-export"] button.revoke')
        web_harness.wait_for(d, "#tokens-body", text="Токенов нет")
        self.assertEqual(request(self.office.port, "GET", "/v1/admin/audit", token=token)[0], 401)
        self.assert_clean_console()
        self.sign_out()


if __name__ == "__main__":
    unittest.main()
