"""The head-office web admin (office.md "The web admin"): the program preview computes a
sample receipt without saving; and, in headless Chromium, the sign-in page loads with a
clean console and a signed-in owner creates a program through the form. The files it is
served from: test_web_files.py."""
import json
import subprocess
import time
import unittest

from kopilka_harness import Office, fetch, request
import web_harness


def get(port, path):
    return fetch(port, path, timeout=10)


DISCOUNT = {"id": "ten", "name": "Десять процентов", "kind": "discount", "percent": 10}
RECEIPT = {"receipt_id": "P-1", "card": "2000000000015",
           "lines": [{"line": 1, "sku": "A-17", "name": "Шампунь", "category": "cosmetics",
                      "qty": 2, "price": 45000}]}


class ProgramPreviewTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.office = Office().started_for_class(cls)

    def preview(self, body):
        return self.office.admin("POST", "/v1/admin/programs/preview", body)

    def test_preview_calculates_with_the_engine_and_saves_nothing(self):
        status, body = self.preview({"program": DISCOUNT, "receipt": RECEIPT})
        self.assertEqual(status, 200, body)
        r = body["result"]
        self.assertEqual((r["total_before"], r["discount"], r["total"], r["loyalty"]),
                         (90000, 9000, 81000, "applied"))
        self.assertEqual([a["program"] for a in r["applied"]], ["ten"])
        self.assertEqual(self.office.admin("GET", "/v1/admin/programs")[1], {"programs": [], "explained": {}})
        self.assertEqual(self.office.admin("GET", "/v1/admin/audit")[1]["entries"], [])

    def test_points_on_the_sample_card_can_be_redeemed(self):
        bonus = {"id": "cb", "name": "Кешбэк", "kind": "bonus", "percent": 10}
        receipt = dict(RECEIPT, redeem_points="max")
        status, body = self.preview({"program": bonus, "receipt": receipt, "card_points": 50})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["result"]["points_redeemed"], 50)
        self.assertEqual(body["result"]["total"], 85000)

    def test_a_level_by_what_was_spent_can_be_tried_on_the_sample_card(self):
        # The sample card had bought nothing, so a marketer could not see the 10 % tier.
        levels = {"id": "lv", "name": "Уровни", "kind": "bonus",
                  "levels": [{"from_spent": 0, "percent": 5}, {"from_spent": 4000000, "percent": 10}]}
        for spent, points in ((0, 45), (3999999, 45), (4000000, 90)):
            status, body = self.preview({"program": levels, "receipt": RECEIPT, "card_spent": spent})
            self.assertEqual((status, body["result"]["points_accrued"]), (200, points), (spent, body))
        status, body = self.preview({"program": levels, "receipt": RECEIPT, "card_spent": -1})
        self.assertEqual((status, body["error"]["field"]), (400, "card_spent"), body)

    def test_a_bad_program_gets_the_same_answer_as_saving_it(self):
        bad = dict(DISCOUNT, percent=150)
        status, body = self.preview({"program": bad, "receipt": RECEIPT})
        put = self.office.admin("PUT", "/v1/admin/programs/ten", bad)
        self.assertEqual(status, 400)
        self.assertEqual(body, put[1])
        self.assertEqual((body["error"]["code"], body["error"]["field"]), ("invalid_program", "percent"))

    def test_bad_receipts_and_bodies_are_refused_by_field(self):
        status, body = self.preview({"program": DISCOUNT, "receipt": dict(RECEIPT, lines="x")})
        self.assertEqual(status, 400)
        self.assertTrue(body["error"]["field"].startswith("receipt.lines"), body)
        status, body = self.preview({"program": DISCOUNT})
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_request"))
        status, body = self.preview({"program": DISCOUNT, "receipt": RECEIPT, "card_points": -1})
        self.assertEqual((status, body["error"]["field"]), (400, "card_points"))

    def test_preview_needs_a_staff_credential(self):
        status, _ = request(self.office.port, "POST", "/v1/admin/programs/preview",
                            {"program": DISCOUNT, "receipt": RECEIPT})
        self.assertEqual(status, 401)


class BrowserBase(unittest.TestCase):
    """Headless Chromium against a real kopilka-office; skipped, saying why, without one."""

    @classmethod
    def setUpClass(cls):
        chromium = web_harness.chromium_or_skip()
        cls.office = Office().started_for_class(cls)
        cls.driver = web_harness.browser_for_class(cls, chromium)
        print(f"\nweb admin screenshots: {web_harness.outputs_dir()}", flush=True)
        cls.base = f"http://127.0.0.1:{cls.office.port}/"

    def open(self, hash_=""):
        self.driver.get(self.base + hash_)
        web_harness.console_errors(self.driver)  # the log is read once per test below

    def assert_fits(self, name, width, height):
        web_harness.set_viewport(self.driver, width, height)
        time.sleep(0.3)
        self.assertEqual(web_harness.horizontal_overflow(self.driver), 0,
                         f"{name} overflows horizontally at {width}×{height}")
        return web_harness.screenshot(self.driver, f"{name}-{width}x{height}")



class BrowserTest(BrowserBase):
    def test_sign_in_page_has_its_favicon_and_a_clean_console(self):
        self.driver.get(self.base)
        web_harness.wait_for(self.driver, "#signin")
        errors = web_harness.console_errors(self.driver)
        self.assertEqual(errors, [])
        icon = self.driver.execute_script(
            "const l = document.querySelector('link[rel=icon]'); return l && l.href;")
        self.assertEqual(icon, self.base + "favicon.svg")
        status, headers, _ = get(self.office.port, "/favicon.svg")
        self.assertEqual((status, headers["Content-Type"]), (200, "image/svg+xml"))
        self.assertEqual(self.driver.find_element("css selector", "h1").text, "Вход")
        for w, h in ((1366, 768), (820, 1180)):
            self.assertTrue(self.assert_fits("signin", w, h).exists())
        web_harness.set_viewport(self.driver, 1366, 768)

    def test_language_switch_shows_english_and_back(self):
        self.driver.get(self.base)
        web_harness.wait_for(self.driver, "#lang-switch").click()
        web_harness.wait_for(self.driver, "h1", text="Sign in")
        self.assertEqual(self.driver.find_element("css selector", "#signin").text, "Sign in")
        self.driver.find_element("css selector", "#lang-switch").click()
        web_harness.wait_for(self.driver, "h1", text="Вход")
        self.assertEqual(web_harness.console_errors(self.driver), [])


def figures(i):
    """One period's figures F of the summary report (office.md), growing with i."""
    return {"revenue": {"card": 100000 + i * 5000, "no_card": 50000, "all": 150000 + i * 5000},
            "receipts": {"card": 10 + i, "no_card": 5, "all": 15 + i},
            "average_check": {"card": 10000, "no_card": 9000, "all": 9500},
            "active_customers": 40, "new_customers": 3, "repeat_rate": 0.4123, "retention": 0.5,
            "frequency": 1.2, "clv": 300000,
            "points": {"issued": 100 + i, "redeemed": 50, "burned": 5, "adjusted": 0,
                       "liability": 10000, "liability_money": 1000000}}


class DashboardRenderingTest(BrowserBase):
    """The dashboard's tiles and charts for a summary report of the documented shape. The
    report and the session are answered inside the page (the report is built elsewhere);
    every other call goes to the real office with the admin token."""

    def test_tiles_and_three_charts_fit_laptop_and_tablet(self):
        from kopilka_harness import ADMIN_TOKEN
        summary = {"from": "2026-11-01", "to": "2026-11-30", "complete_until": None,
                   "totals": figures(0), "programs": [],
                   "groups": [dict(figures(i), period=f"2026-11-{i + 1:02d}") for i in range(30)]}
        d = self.driver
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.setExtraHTTPHeaders",
                          {"headers": {"Authorization": "Bearer " + ADMIN_TOKEN}})
        script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
          localStorage.setItem('kopilka.session', '1');
          const real = window.fetch, S = %s;
          const answer = (v) => Promise.resolve(new Response(JSON.stringify(v), {status: 200}));
          window.fetch = (u, o) => u === '/v1/auth/me'
            ? answer({login: 'olga', role: 'owner', must_change_password: false, csrf: 'x'})
            : u.startsWith('/v1/admin/reports/summary') ? answer(S) : real(u, o);
        """ % json.dumps(summary)})
        try:
            d.get(self.base + "#dashboard")
            web_harness.wait_for(d, ".uplot")
            time.sleep(1)
            self.assertEqual(len(d.find_elements("css selector", ".uplot")), 3)
            tile = d.find_element("css selector", '.tile[data-key="repeat_rate"] .v')
            self.assertEqual(tile.text, "41,2 %")
            # Points grouped as the money beside them is («10000» once, by «10 000,00 ₽»).
            self.assertEqual(d.execute_script(
                "return document.querySelector('.tile[data-key=liability] .sub').textContent;"),
                "баллов: 10\u00a0000")
            for w, h in ((1366, 768), (820, 1180)):
                self.assert_fits("dashboard-charts", w, h)
                chart = d.execute_script(
                    "const c = document.querySelector('.chart');"
                    "return [c.clientWidth, c.querySelector('.uplot').offsetWidth];")
                self.assertLessEqual(chart[1], chart[0], f"a chart is wider than its panel at {w}")
            self.assertEqual(web_harness.console_errors(d), [])
        finally:
            d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                              {"identifier": script["identifier"]})
            d.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
            d.execute_script("localStorage.clear(); sessionStorage.clear()")
            web_harness.set_viewport(d, 1366, 768)

class SignedInBrowserTest(BrowserBase):
    """An owner made with `kopilka-office user add` signs in, changes the one-time password,
    and creates a program through the form (needs the staff accounts of office.md)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        out = subprocess.run([Office.binary, "user", "add", "olga", "--role", "owner",
                              "--config", str(cls.office.config_path)],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise unittest.SkipTest("this build has no staff accounts (`kopilka-office user add` "
                                    f"failed: {out.stderr.strip()[:200]})")
        if request(cls.office.port, "POST", "/v1/auth/login", {})[0] == 404:
            raise unittest.SkipTest("this build has no browser sign-in (POST /v1/auth/login is 404)")
        cls.one_time = out.stdout.strip()

    def add_user(self, login, role):
        out = subprocess.run([Office.binary, "user", "add", login, "--role", role,
                              "--config", str(self.office.config_path)],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def sign_in_fresh(self, login, one_time, new_password):
        """Signs in from a browser with no session, changing the one-time password."""
        d = self.driver
        d.get(self.base)
        d.delete_all_cookies()
        d.execute_script("localStorage.clear(); sessionStorage.clear()")
        d.get(self.base)
        self.fill("#login", login)
        self.fill("#password", one_time)
        self.click("#signin")
        self.fill("#old-password", one_time)
        self.fill("#new-password", new_password)
        self.fill("#new-password-again", new_password)
        self.click("#change-password")
        nav = web_harness.wait_for(d, "nav")
        return [a.get_attribute("data-page") for a in nav.find_elements("css selector", "a[data-page]")]

    def test_a_technician_sees_only_what_the_role_may_do(self):
        pages = self.sign_in_fresh("tim", self.add_user("tim", "technician"), "Kopilka-tech-2026")
        self.assertEqual(pages, ["programs", "fleet", "settings"])
        web_harness.wait_for(self.driver, "#programs, #main .panel")
        self.assertEqual(self.driver.find_elements("css selector", "#new-program"), [])
        self.click("#sign-out")
        web_harness.wait_for(self.driver, "#signin")

    def fill(self, css, text):
        el = web_harness.wait_for(self.driver, css)
        el.clear()
        el.send_keys(text)
        return el

    def click(self, css):
        web_harness.wait_for(self.driver, css).click()

    def test_program_form_asks_for_the_code_and_previews_beside_itself(self):
        """Found by a new shop owner: «Сохранить» with no code showed «this path does not
        take PUT»; a failed «Рассчитать» left the last result on screen with the error out
        of view; «5,5» and «1 000» were refused; points had no thousands apart; the loyalty
        read «applied» and the list the kinds in English."""
        d = self.driver
        self.sign_in_fresh("mila", self.add_user("mila", "marketer"), "Kopilka-mila-2026")
        self.click('a[data-page="programs"]')
        self.click("#new-program")
        web_harness.wait_for(d, "#f-id")
        from selenium.webdriver.support.ui import Select  # importable once web_harness started
        Select(d.find_element("css selector", "#f-kind")).select_by_value("bonus")
        self.fill("#f-name", "Кешбэк пять с половиной")
        self.fill("#f-percent", "5,5")
        d.execute_script("window.sent = []; const real = window.fetch;"
                         "window.fetch = (u, o) => { window.sent.push([(o && o.method) || 'GET', u]); return real(u, o); };")
        self.click("#save")
        err = web_harness.wait_for(d, '.field[data-key="id"] .err', text="Заполните")
        self.assertEqual(err.text, "Заполните это поле.")
        self.assertEqual(d.find_element("css selector", "#form-banner").text, "Код: Заполните это поле.")
        self.assertEqual(d.execute_script("return window.sent;"), [])  # nothing was sent
        self.assertEqual(d.execute_script("return document.activeElement.id;"), "f-id")
        self.assertEqual(json.loads(d.find_element("css selector", "#raw").get_attribute("value"))["percent"], 5.5)
        # Money is typed in roubles, as the owner thinks of it (it once asked for kopecks:
        # 5 000 ₽ was 500000, and a ×100 slip was one keystroke away).
        changed = "document.getElementById('f-min_total').dispatchEvent(new Event('change'));"
        self.fill("#f-min_total", "1 500,5")
        d.execute_script(changed)
        self.assertEqual(json.loads(d.find_element("css selector", "#raw").get_attribute("value"))
                         ["min_total"], 150050)
        self.fill("#f-min_total", "")
        d.execute_script(changed)

        # A preview with 1 000 points on the card, all redeemed: grouped as money is.
        self.fill("#f-id", "cb55")
        self.fill("#f-points", '{"max_redeem_percent": 100}')
        sample = json.loads(d.find_element("css selector", "#receipt").get_attribute("value"))
        d.execute_script("document.getElementById('receipt').value = arguments[0];",
                         json.dumps(dict(sample, redeem_points="max"), ensure_ascii=False))
        self.fill("#card-points", "1 000")
        self.click("#preview")
        web_harness.wait_for(d, "#preview-table")
        self.assertFalse(d.find_elements("css selector", "#form-banner.banner"), "the banner of the save stays")
        program = json.loads(d.find_element("css selector", "#raw").get_attribute("value"))
        status, expected = self.office.admin("POST", "/v1/admin/programs/preview", {
            "program": program, "receipt": dict(sample, redeem_points="max"), "card_points": 1000})
        self.assertEqual(status, 200, expected)
        r = expected["result"]
        self.assertEqual((r["points_redeemed"], r["loyalty"]), (1000, "applied"))
        shown = dict(d.execute_script(
            "return [...document.querySelectorAll('#preview-table tr')].map((tr) => [tr.dataset.key, tr.cells[1].textContent]);"))
        self.assertEqual(shown["points_redeemed"], "1\u00a0000")
        self.assertEqual(shown["points_accrued"], f"{r['points_accrued']:,}".replace(",", "\u00a0"))
        self.assertEqual(shown["loyalty"], "карта применена")
        self.assert_fits("program-preview", 1366, 768)

        # A preview that fails: the last result goes at once, the error is beside the preview
        # (in Russian), and the field it names is marked.
        self.fill("#f-percent", "пять")
        self.click("#preview")
        box = web_harness.wait_for(d, "#preview-result #preview-error")
        self.assertEqual(box.text, "Процент: Нужно число, например 5 или 12,5.")
        self.assertEqual(d.find_elements("css selector", "#preview-table"), [])
        self.assertEqual(d.find_element("css selector", '.field[data-key="percent"] .err').text,
                         "Нужно число, например 5 или 12,5.")
        self.assert_fits("program-preview-refused", 1366, 768)
        self.fill("#f-percent", "5,5")
        self.click("#save")
        web_harness.wait_for(d, "#form-banner.ok")
        saved = self.office.admin("GET", "/v1/admin/programs")[1]
        self.assertIn(("cb55", 5.5), [(p["id"], p["percent"]) for p in saved["programs"]])
        self.click('a[data-page="programs"]')
        row = web_harness.wait_for(d, '#programs tr[data-id="cb55"]')
        cells = [c.text for c in row.find_elements("css selector", "td")]
        self.assertEqual(cells[2], "Бонусы (кешбэк)")
        self.assertEqual(cells[3], saved["explained"]["cb55"].split(": ", 1)[1])
        self.assertNotIn("(bonus)", d.find_element("css selector", "#programs").text)
        self.assertEqual([e for e in web_harness.console_errors(d) if "/preview" not in e["message"]], [])
        self.click("#sign-out")
        web_harness.wait_for(d, "#signin")

    def test_owner_signs_in_and_creates_a_program_through_the_form(self):
        d = self.driver
        # The one-time password must be changed before anything else.
        pages = self.sign_in_fresh("olga", self.one_time, "Kopilka-web-2026")
        self.assertEqual(pages, ["dashboard", "customers", "programs", "fleet", "notifications",
                                 "settings", "staff", "audit"])
        # The report is not there yet or empty: the dashboard says so instead of failing.
        web_harness.wait_for(d, "#dashboard-body .panel, #dashboard-body .tiles")
        self.assert_fits("dashboard", 1366, 768)

        self.click('a[data-page="programs"]')
        self.click("#new-program")
        self.fill("#f-id", "web-ten")
        self.fill("#f-name", "Десять процентов")
        self.fill("#f-percent", "150")
        self.click("#save")
        err = web_harness.wait_for(d, '.field[data-key="percent"] .err')
        bad = dict(DISCOUNT, id="web-ten", name="Десять процентов", enabled=True, percent=150)
        status, answer = self.office.admin("PUT", "/v1/admin/programs/web-ten", bad)
        self.assertEqual((status, answer["error"]["message"]), (400, "must be more than 0 and at most 100"))
        self.assertEqual(err.text, "Больше 0 и не больше 100.")

        self.fill("#f-percent", "10")
        self.click("#preview")
        cell = web_harness.wait_for(d, '#preview-table tr[data-key="discount"] td')
        self.assertEqual(cell.get_attribute("data-value"), "24000")
        self.assertEqual(self.office.admin("GET", "/v1/admin/programs")[1], {"programs": [], "explained": {}})
        for w, h in ((1366, 768), (820, 1180)):
            self.assert_fits("program-form", w, h)
        web_harness.set_viewport(d, 1366, 768)

        self.click("#save")
        web_harness.wait_for(d, "#form-banner.ok")
        programs = self.office.admin("GET", "/v1/admin/programs")[1]["programs"]
        self.assertEqual([(p["id"], p["percent"]) for p in programs], [("web-ten", 10)])
        # Saved, the page names the program (it still said «Новая программа»).
        self.assertEqual(d.find_element("css selector", "#program-edit-title").text, "Программа web-ten")
        self.click('a[data-page="programs"]')
        web_harness.wait_for(d, '#programs tr[data-id="web-ten"]')
        self.assert_fits("programs", 1366, 768)
        self.click('a[data-page="audit"]')
        # Actions read in words, with the code on hover; a login typed with capitals finds
        # its entries, and the action is chosen from a list.
        web_harness.wait_for(d, "#audit", text="Программа создана")
        cell = d.find_element("css selector", '#audit td[data-action="program.create"]')
        self.assertEqual((cell.text, cell.get_attribute("title")), ("Программа создана", "program.create"))
        from selenium.webdriver.support.ui import Select  # importable once web_harness started
        d.find_element("css selector", "#audit-who").send_keys("Olga")
        Select(d.find_element("css selector", "#audit-action")).select_by_visible_text("Программа удалена")
        self.click("#audit-load")
        web_harness.wait_for(d, "#audit-body", text="Записей нет.")
        Select(d.find_element("css selector", "#audit-action")).select_by_visible_text("Программа создана")
        self.click("#audit-load")
        web_harness.wait_for(d, '#audit td[data-action="program.create"]')
        self.assert_fits("audit", 820, 1180)
        # On a tablet the menu is one bar across the top, not half the screen.
        self.assertLess(d.find_element("css selector", "nav").size["height"], 150)
        self.assertEqual([e for e in web_harness.console_errors(d)
                          if "/v1/admin/reports/summary" not in e["message"]
                          and "/v1/admin/programs/web-ten" not in e["message"]], [])
