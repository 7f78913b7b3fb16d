"""What the web admin's journeys share (tests/integration/test_web_journeys.py,
test_web_support.py): one head office, one register enrolled with it and one headless
Chromium for a test class, a customer with 500 points carried over and a purchase pushed at
a shift close, and the browser steps the journeys take. Pages are photographed at
1366×768 and 820×1180 into test-output/web_journeys/."""
import time
import unittest

from kopilka_harness import Daemon, Office, Session, enroll
import web_harness

CARD = "2000000000015"
NEW_CARD = "2000000000022"
TWIN_CARD = "2000000000039"  # the same person's card, entered once more as another customer
SIZES = ((1366, 768), (820, 1180))
SALE = {"receipt_id": "R-1", "card": CARD,
        "lines": [{"line": 1, "sku": "A-17", "name": "Шампунь", "category": "cosmetics",
                   "qty": 2, "price": 45000}]}


class JourneyCase(unittest.TestCase):
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

    def card_box(self, number):
        return web_harness.wait_for(self.driver, f'.card-box[data-card="{number}"]')

    def balance_on_page(self, number):
        return int(self.card_box(number).find_element(
            "css selector", '.tile[data-key="balance"] .v').get_attribute("data-value"))

    def balance_in_api(self, number):
        status, card = self.office.admin("GET", f"/v1/cards/{number}")
        self.assertEqual(status, 200, card)
        return card["card"]["status"], card["points"]["balance"]
