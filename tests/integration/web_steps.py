"""Steps of the web admin's browser journeys (test_web_pages.py): signing a person in once
per browser, filling and clicking with as few WebDriver calls as will do, screenshots at
both window sizes with the overflow check, the console check, and the figures as the
dashboard writes them. A TestCase mixin: the class sets `driver`, `base`, `office`,
`sessions` and `one_time` (login → one-time password)."""
import time
import urllib.request

import web_harness

SIZES = ((1366, 768), (820, 1180))


def money(kopecks):
    """What the dashboard shows for kopecks: ru-RU grouping (no-break space), a decimal
    comma, two decimals, a no-break space and '₽', a minus sign for less than nothing
    (written here independently of the page's code)."""
    sign = "\u2212" if kopecks < 0 else ""
    rub, kop = divmod(abs(kopecks), 100)
    return f"{sign}{rub:,}".replace(",", "\u00a0") + f",{kop:02d}\u00a0₽"


def count(n):
    """A count (points, receipts) as the Russian pages group it: «12 001», a no-break space."""
    return ("\u2212" if n < 0 else "") + f"{abs(n):,}".replace(",", "\u00a0")


def percent(rate):
    """A rate as the Russian page writes it: one decimal, a decimal comma."""
    return "—" if rate is None else f"{rate * 100:.1f} %".replace(".", ",")


def decimal(x):
    return "—" if x is None else f"{x:.2f}".replace(".", ",")


def get(port, path):
    """(status, None, body bytes) of a plain GET of a web file."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
        return r.status, None, r.read()


def sale(receipt_id, lines, card=None, redeem=None):
    body = {"receipt_id": receipt_id,
            "lines": [{"line": i + 1, "sku": f"S-{i + 1}", "category": "haircut", "qty": 1,
                       "price": price} for i, price in enumerate(lines)]}
    if card:
        body["card"] = card
    if redeem is not None:
        body["redeem_points"] = redeem
    return body


class BrowserSteps:
    signed_in = None  # (login, menu) of the browser's session
    sessions = {}  # login → kopilka_harness.Session of a person signed in over HTTP
    screenshots = None  # a folder of its own under test-output/, else the shared web_admin/

    def sign_in(self, login):
        """`login`'s browser session; the pages its menu offers. A person in `sessions`
        (signed in over HTTP beforehand) gets that session's cookie; anyone else signs in
        through the form with the one-time password, which must then be changed."""
        d = self.driver
        cls = type(self)
        web_harness.set_viewport(d, *SIZES[0])
        if cls.signed_in and cls.signed_in[0] == login:
            d.get(self.base + "#" + cls.signed_in[1][0])
        else:
            if not d.current_url.startswith(self.base):
                d.get(self.base)
            d.delete_all_cookies()
            d.execute_script("localStorage.clear(); sessionStorage.clear()")
            session = cls.sessions.get(login)
            if session:
                d.add_cookie({"name": "kopilka_session", "value": session.cookie, "path": "/",
                              "httpOnly": True, "sameSite": "Strict"})
                d.execute_script("localStorage.setItem('kopilka.session', '1')")
            d.refresh()
            if not session:
                self.fill("#login", login)
                self.fill("#password", cls.one_time[login])
                self.click("#signin")
                self.fill("#old-password", cls.one_time[login])
                for css in ("#new-password", "#new-password-again"):
                    self.fill(css, f"password-of-{login}")
                self.click("#change-password")
        self.wait('#who', text=login)
        menu = d.execute_script("return [...document.querySelectorAll('nav a[data-page]')]"
                                ".map((a) => a.dataset.page);")
        web_harness.console_errors(d)
        cls.signed_in = (login, menu)
        return menu

    def wait(self, css, timeout=10, text=None):
        """web_harness.wait_for polling every 50 ms, not WebDriver's default 500 ms (a
        journey waits for the page some forty times)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait
        wait = WebDriverWait(self.driver, timeout, poll_frequency=0.05)
        if text is not None:
            wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
        return wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def el(self, css):
        """The element, waiting only when it is not there yet (each WebDriver call costs)."""
        from selenium.common.exceptions import NoSuchElementException
        try:
            return self.driver.find_element("css selector", css)
        except NoSuchElementException:
            return self.wait(css)

    def fill(self, css, text):
        el = self.el(css)
        el.clear()
        el.send_keys(text)
        return el

    def click(self, css):
        self.el(css).click()

    def text_now(self, css):
        """The element's text as it is now (None when there is none): for text a page
        redraws while it is watched."""
        return self.driver.execute_script(
            "const e = document.querySelector(arguments[0]); return e && e.textContent;", css)

    def until(self, what, check, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}: last saw {value!r}")
            time.sleep(0.1)

    def shoot(self, name):
        """Both window sizes: nothing wider than the window, a screenshot of each."""
        # The tablet first, so that the laptop size the journey works at is the last one set.
        for w, h in reversed(SIZES):
            web_harness.set_viewport(self.driver, w, h)
            time.sleep(0.05)
            self.assertEqual(web_harness.horizontal_overflow(self.driver), 0,
                             f"{name} overflows horizontally at {w}×{h}")
            if self.screenshots:
                web_harness.screenshot_into(self.driver, self.screenshots, f"{name}-{w}x{h}")
            else:
                web_harness.screenshot(self.driver, f"{name}-{w}x{h}")

    def assert_console_clean(self, *expected_refusals):
        """No console errors but the browser's own line for each 4xx this test provoked
        on purpose (named by its path)."""
        errors = [e["message"] for e in web_harness.console_errors(self.driver)]
        unexpected = [m for m in errors if not any(p in m for p in expected_refusals)]
        self.assertEqual(unexpected, [])

    def api_error(self, method, path, body):
        """The refusal the API gives the admin token for `body` (the page must show it)."""
        status, answer = self.office.admin(method, path, body)
        self.assertEqual(status, 400, answer)
        return answer["error"]

    READ_ONLY_BUTTONS = {"report-load", "audit-load", "audit-more", "log-load", "tab-campaigns", "tab-templates",
                         "tab-log",
                         # Exports read: the auditor may (office.md "Export jobs").
                         "export-customers", "export-cards", "export-journal"}

    READ_ONLY_INPUTS = {"report-from", "report-to", "report-store", "audit-who", "audit-action",
                        "audit-object", "audit-from",
                        "audit-to", "log-customer"}  # filters: they change nothing

    def assert_read_only(self, page):
        buttons, editable = self.driver.execute_script(
            "const m = document.querySelector('main');"
            "return [[...m.querySelectorAll('button')].map((b) => b.id),"
            " [...m.querySelectorAll('input, textarea')]"
            "  .filter((e) => !e.readOnly && !e.disabled).map((e) => e.id)];")
        self.assertLessEqual(set(buttons), self.READ_ONLY_BUTTONS, f"{page} offers the auditor {buttons}")
        self.assertLessEqual(set(editable), self.READ_ONLY_INPUTS, f"{page} lets the auditor edit")
