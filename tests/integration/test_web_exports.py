"""The web admin's export buttons (office.md "Export jobs") in headless Chromium against a
real kopilka-office: the owner exports cards.csv and customers.csv from the customers page,
the marketer the journal of the dashboard's period; each click shows the job's progress
("300 из 300 строк" and a full bar at the end) and the browser saves the file, which is
byte for byte GET /v1/admin/exports/{file}. Support, who may not export, sees no button.
Screenshots of both pages at 1366×768 and 820×1180 go to test-output/web_exports/."""
import concurrent.futures
import pathlib
import subprocess
import tempfile
import unittest

from kopilka_harness import ADMIN_TOKEN, Office, ean13, fetch, staff_user
import web_harness
from web_steps import BrowserSteps

CARDS = 300  # the paging is test_office_export_jobs.py's; import commits each card alone


def one_shot(port, path):
    status, _, body = fetch(port, path, {"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert status == 200, (path, status, body)
    return body


class WebExportsTest(BrowserSteps, unittest.TestCase):
    screenshots = "web_exports"

    @classmethod
    def setUpClass(cls):
        chromium = web_harness.chromium_or_skip()
        cls.office = o = Office().started_for_class(cls)
        csv = o.dir / "import.csv"
        csv.write_text("number,customer_id,name,phone\n" + "".join(
            f'{ean13(10**10 + i)},c-{i},"Петрова, Вера {i}",+7998{i:07d}\n' for i in range(CARDS)),
            encoding="utf-8")
        run = subprocess.run([o.binary, "import", "cards", str(csv), "--config", str(o.config_path)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run
        for n, at in enumerate(("2026-10-30T12:00:00+03:00", "2026-11-20T12:00:00+03:00")):
            status, body = o.admin("POST", f"/v1/admin/cards/{ean13(10**10)}/points",
                                   {"adjust_id": f"A-{n}", "points": 100 + n, "reason": "перенос",
                                    "at": at})
            assert status == 200, body
        # Each password hashed takes a while: the three accounts are made at once.
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            made = {login: pool.submit(staff_user, o, login, role) for login, role in
                    (("olga", "owner"), ("maria", "marketer"), ("sveta", "support"))}
            cls.sessions = {login: f.result() for login, f in made.items()}
        cls.one_time = {}
        downloads = tempfile.TemporaryDirectory(prefix="kopilka-downloads-")
        cls.addClassCleanup(downloads.cleanup)
        cls.downloads = pathlib.Path(downloads.name)
        cls.driver = web_harness.browser_for_class(cls, chromium, downloads=cls.downloads)
        cls.base = f"http://127.0.0.1:{o.port}/"

    def downloaded(self, name):
        path = self.downloads / name
        self.until(f"{name} saved", lambda: path.exists() and not list(
            self.downloads.glob("*.crdownload")) and path.stat().st_size > 0)
        return path.read_bytes()

    def export(self, kind):
        """Clicks the export button of `kind`, watching its status line; what it showed."""
        self.driver.execute_script(
            "const s = document.getElementById(arguments[0]); window.seen = [];"
            "new MutationObserver(() => window.seen.push(s.textContent))"
            ".observe(s, {childList: true, subtree: true, characterData: true});",
            f"export-{kind}-status")
        self.click(f"#export-{kind}")
        self.wait(f"#export-{kind}-link")
        return self.driver.execute_script("return window.seen;")

    def test_1_owner_exports_cards_and_customers_from_the_customers_page(self):
        self.sign_in("olga")
        self.driver.get(self.base + "#customers")
        seen = self.export("cards")
        self.assertIn("Считаем строки…", seen[0])  # the job as started, before it counted
        self.assertEqual(self.text_now("#export-cards-text"), "300 из 300 строк")
        bar = self.driver.execute_script(
            "const b = document.getElementById('export-cards-bar'); return [b.value, b.max];")
        self.assertEqual(bar, [CARDS, CARDS])
        # With the byte order mark Excel needs to read it as UTF-8 (names were garbled).
        self.assertEqual(self.downloaded("cards.csv"),
                         b"\xef\xbb\xbf" + one_shot(self.office.port, "/v1/admin/exports/cards.csv"))
        self.export("customers")
        self.assertEqual(self.downloaded("customers.csv"),
                         one_shot(self.office.port, "/v1/admin/exports/customers.csv?bom=1"))
        self.assertEqual(web_harness.console_errors(self.driver), [])
        self.shoot("customers-exported")

    def test_2_marketer_exports_the_journal_of_the_dashboards_period(self):
        self.sign_in("maria")
        self.driver.get(self.base + "#dashboard")
        for css, day in (("#report-from", "2026-11-01"), ("#report-to", "2026-11-30")):
            self.driver.execute_script("document.querySelector(arguments[0]).value = arguments[1];",
                                       css, day)
        self.export("journal")
        self.assertEqual(self.text_now("#export-journal-text"), "1 из 1 строк")
        text = self.downloaded("journal.csv")
        self.assertEqual(text, one_shot(self.office.port,
                                        "/v1/admin/exports/journal.csv?from=2026-11-01&to=2026-11-30"
                                        "&bom=1"))
        self.assertIn(b"2026-11-20T12:00:00+03:00", text)
        self.assertNotIn(b"2026-10-30", text)
        self.assertEqual(web_harness.console_errors(self.driver), [])
        self.shoot("dashboard-exported")

    def test_3_support_sees_no_export_button(self):
        self.sign_in("sveta")
        self.driver.get(self.base + "#customers")
        self.wait("#customer-q")
        self.assertEqual(self.driver.find_elements("css selector", ".export"), [])


if __name__ == "__main__":
    unittest.main()
