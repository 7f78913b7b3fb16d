"""Whole journeys through the web admin in headless Chromium (office.md "The web admin"),
against a real kopilka-office and a real kopilkad enrolled with it (web_journey.py): the
owner creates a marketer on the staff page; the marketer creates a program with the form,
sees the API's validation message, previews and saves it, and the register applies it
after its shift-close sync; the auditor reads without a single action. Support's journey
is test_web_support.py. Every page visited is photographed and must not be wider than the
window."""
import json
import unittest

from kopilka_harness import request, user_add
import web_harness
from web_journey import SALE, JourneyCase


class JourneyTest(JourneyCase):
    def test_owner_creates_a_marketer_whose_program_the_register_applies(self):
        d = self.driver
        one_time = user_add(self.office, "olga", "owner")
        pages = self.sign_in("olga", one_time, "Kopilka-owner-2026", photograph=True)
        self.assertEqual(pages, ["dashboard", "customers", "programs", "fleet", "notifications",
                                 "settings", "staff", "audit"])
        self.click('a[data-page="staff"]')
        web_harness.wait_for(d, '#users tr[data-login="olga"]')
        self.fill("#new-login", "maria")
        # No role is chosen for a new account until the owner chooses one (it was «владелец»,
        # a click away from making a new hire an owner); without one nothing is sent.
        role = web_harness.wait_for(d, "#new-role")
        self.assertEqual((role.get_attribute("value"), d.execute_script(
            "const s = document.getElementById('new-role'); return s.options[s.selectedIndex].text;")),
            ("", "— выберите роль —"))
        self.click("#add-user")
        web_harness.wait_for(d, "#add-user-form .err", text="Роль")
        self.assertEqual(d.find_element("css selector", "#add-user-form .err").text,
                         "Роль: Выберите роль из списка.")
        self.assertNotIn("maria", [u["login"] for u in self.office.admin("GET", "/v1/admin/users")[1]["users"]])
        web_harness.wait_for(d, '#new-role option[value="marketer"]').click()
        self.click("#add-user")
        password = web_harness.wait_for(d, "#one-time-password").text
        row = web_harness.wait_for(d, '#users tr[data-login="maria"]')
        self.assertEqual(d.find_element("css selector", "#new-role").get_attribute("value"), "")  # the next hire's
        self.assertEqual((row.get_attribute("data-role"), row.find_element("css selector", ".state").text),
                         ("marketer", "одноразовый пароль ещё не сменён"))
        users = {u["login"]: u for u in self.office.admin("GET", "/v1/admin/users")[1]["users"]}
        self.assertEqual((users["maria"]["role"], users["maria"]["must_change_password"]),
                         ("marketer", True))
        self.photograph("staff")
        # A role change is asked first (a wheel's scroll over the list once made support an
        # owner at once), then made; a disable takes a second press; both can be undone.
        row_of = lambda: self.css('#users tr[data-login="maria"]')[0]
        web_harness.wait_for(d, '#role-maria option[value="owner"]').click()
        self.assertIn("роль «владелец»", web_harness.wait_for(d, '#users tr[data-login="maria"] .confirm').text)
        self.assertEqual(self.user("maria")["role"], "marketer")  # nothing changed yet
        row_of().find_element("css selector", ".confirm button.secondary").click()
        self.assertEqual(self.css("#role-maria")[0].get_attribute("value"), "marketer")
        for role in ("support", "marketer"):
            web_harness.wait_for(d, f'#role-maria option[value="{role}"]').click()
            web_harness.wait_for(d, "#confirm-role-maria").click()
            self.wait_until(lambda: row_of().get_attribute("data-role") == role, f"maria as {role}")
            self.assertEqual(self.user("maria")["role"], role)
        for disabled in (True, False):
            row_of().find_element("css selector", "button.toggle").click()
            if disabled:
                self.assertIn("ещё раз", row_of().find_element("css selector", "button.toggle").text)
                self.assertEqual(self.user("maria")["disabled"], False)
                row_of().find_element("css selector", "button.toggle").click()
            self.wait_until(lambda: row_of().get_attribute("data-disabled") == str(disabled).lower(),
                            f"maria disabled={disabled}")
            self.assertEqual(self.user("maria")["disabled"], disabled)
        # Maria lost the paper: the owner gives her a new one-time password from the page
        # (once only the shell could); the first press only asks.
        row_of().find_element("css selector", "button.reset").click()
        self.assertEqual(self.user("maria")["must_change_password"], True)
        self.assertIn("ещё раз", row_of().find_element("css selector", "button.reset").text)
        row_of().find_element("css selector", "button.reset").click()
        self.wait_until(lambda: web_harness.wait_for(d, "#one-time-password").text != password,
                        "a new one-time password")
        password = web_harness.wait_for(d, "#one-time-password").text
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
        self.assertEqual(answer["error"]["message"], "must be more than 0 and at most 100")
        self.assertEqual(err.text, "Больше 0 и не больше 100.")
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
