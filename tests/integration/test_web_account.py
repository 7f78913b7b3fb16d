"""A person's own account in the web admin (office.md "Staff, roles and audit"): after a
password change they chose, the account page says what the change ended (every session) and
what it did not (the API tokens), above the list of them, and the new session works on."""
import unittest

from kopilka_harness import user_add
import web_harness
from web_journey import JourneyCase


class AccountJourneyTest(JourneyCase):
    def end_session_elsewhere(self):
        """Signs this browser's session out behind the page's back, as an idle timeout or a
        sign-out in another tab does; the logout's status."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/v1/auth/me').then((r) => r.json()).then((me) => fetch('/v1/auth/logout',"
            " {method: 'POST', headers: {'X-CSRF-Token': me.csrf, 'Content-Type': 'application/json'},"
            " body: '{}'})).then((r) => done(r.status));")

    def test_a_chosen_password_change_shows_the_tokens_that_outlive_it(self):
        # A change after a theft ends every session, but not the API tokens the thief may
        # have made first: the account page says so, above the list of them.
        d = self.driver
        self.sign_in("sveta", user_add(self.office, "sveta", "support"), "Kopilka-sveta-2026")
        self.click("#who")
        self.fill("#token-name", "crm-link")
        self.click("#create-token")
        web_harness.wait_for(d, '#tokens tr[data-name="crm-link"]')
        self.assertEqual(self.css("#password-changed"), [])
        # Without the note the page once read "null" under its title.
        self.assertNotIn("null", d.find_element("css selector", "main").text)
        self.click("#change-my-password")
        self.fill("#old-password", "Kopilka-sveta-2026")
        self.fill("#new-password", "Kopilka-sveta-2027")
        self.fill("#new-password-again", "Kopilka-sveta-2027")
        self.click("#change-password")
        banner = web_harness.wait_for(d, "#password-changed")
        self.assertIn("API-токены остались", banner.text)
        web_harness.wait_for(d, '#tokens tr[data-name="crm-link"]')
        # The new session works on: a token revoked from here is gone.
        self.click('#tokens tr[data-name="crm-link"] .revoke')
        web_harness.wait_for(d, "#tokens-body", text="Токенов нет.")
        self.assertEqual(self.office.admin("GET", "/v1/admin/tokens")[1]["tokens"], [])
        # Another page, then back: the note was for the change, not for ever.
        self.click('a[data-page="customers"]')
        self.click("#who")
        web_harness.wait_for(d, "#tokens-body")
        self.assertEqual(self.css("#password-changed"), [])
        self.sign_out()


    def test_a_session_ended_under_the_page_says_so_and_comes_back_there(self):
        # A marketer typing a campaign while the session idled out was sent to the sign-in
        # with no word of why, and landed on the dashboard after it.
        d = self.driver
        self.sign_in("mira", user_add(self.office, "mira", "marketer"), "Kopilka-mira-2026")
        self.click('a[data-page="notifications"]')
        web_harness.wait_for(d, "#tab-campaigns")
        self.assertEqual(self.css("#session-ended"), [])
        self.fill("#c-name", "Зимняя распродажа")
        self.fill("#c-text", "{name}, скидка 15 % до конца недели")
        # The session ends on the server (as the idle timeout ends it), the page goes on.
        status = self.end_session_elsewhere()
        self.assertEqual(status, 200)
        self.click("#campaign-create")  # the page's next call finds the session gone
        banner = web_harness.wait_for(d, "#session-ended")
        self.assertIn("Сеанс завершён", banner.text)
        self.fill("#login", "mira")
        self.fill("#password", "Kopilka-mira-2026")
        self.click("#signin")
        web_harness.wait_for(d, "#tab-campaigns")
        self.assertTrue(d.current_url.endswith("#notifications"), d.current_url)
        self.assertEqual(self.css("#session-ended"), [])
        # What was typed is back (it once had to be typed again), and nothing was made.
        self.wait_until(lambda: self.css("#c-text") and
                        self.css("#c-text")[0].get_attribute("value") ==
                        "{name}, скидка 15 % до конца недели", "the campaign's text back")
        self.assertEqual(self.css("#c-name")[0].get_attribute("value"), "Зимняя распродажа")
        self.assertEqual(self.office.admin("GET", "/v1/admin/campaigns")[1]["campaigns"], [])

    def test_contacts_typed_when_the_session_ended_come_back_in_sight(self):
        # They came back, inside the folded «Изменить контакты», while the table above
        # showed the old values: the agent took them for saved.
        d = self.driver
        self.sign_in("vera", user_add(self.office, "vera", "support"), "Kopilka-vera-2026")
        d.get(self.base + "#customer/c-1")
        web_harness.wait_for(d, "#customer-name", text="Анна Ёлкина")
        web_harness.wait_for(d, "#edit-contacts summary").click()
        self.fill("#edit-email", "anna.draft@example.ru")
        self.end_session_elsewhere()
        self.click("#save-contacts")
        web_harness.wait_for(d, "#session-ended")
        self.fill("#login", "vera")
        self.fill("#password", "Kopilka-vera-2026")
        self.click("#signin")
        self.wait_until(lambda: self.css("#edit-email") and
                        self.css("#edit-email")[0].get_attribute("value") == "anna.draft@example.ru",
                        "the e-mail typed back")
        self.wait_until(lambda: self.css("#edit-contacts[open]"), "the contacts unfolded")
        self.assertTrue(self.css("#edit-email")[0].is_displayed())
        self.assertIsNone(self.office.admin("GET", "/v1/admin/customers/c-1")[1]["email"])
        self.sign_out()

    def test_a_locked_out_account_is_told_for_how_long(self):
        # After five wrong passwords the page said «подождите немного», while the answer's
        # Retry-After said a quarter of an hour: the agent kept trying.
        d = self.driver
        user_add(self.office, "gleb", "support")
        if not d.current_url.startswith(self.base):
            d.get(self.base)
        d.delete_all_cookies()
        d.get(self.base)
        for attempt in range(6):
            self.fill("#login", "gleb")
            self.fill("#password", f"wrong-{attempt}")
            self.click("#signin")
            if attempt < 5:
                web_harness.wait_for(d, "#signin-error", text="Неверный логин или пароль")
                d.execute_script("document.querySelector('#signin-error').textContent = ''")
        err = web_harness.wait_for(d, "#signin-error", text="вход откроется через")
        self.assertEqual(err.text, "Слишком много попыток: вход откроется через 15 мин.")

    def test_a_colleague_signing_in_after_an_ended_session_starts_on_their_own_page(self):
        # The sign-in took whoever signed in next back to the page the ended session was on:
        # a colleague at the same desk landed on the customer the other had open.
        d = self.driver
        self.sign_in("nina", user_add(self.office, "nina", "marketer"), "Kopilka-nina-2026")
        self.sign_out()
        self.sign_in("lev", user_add(self.office, "lev", "marketer"), "Kopilka-lev-2026")
        self.click('a[data-page="notifications"]')
        web_harness.wait_for(d, "#tab-campaigns")
        self.end_session_elsewhere()
        self.click("#tab-templates")
        web_harness.wait_for(d, "#session-ended")
        self.fill("#login", "nina")
        self.fill("#password", "Kopilka-nina-2026")
        self.click("#signin")
        web_harness.wait_for(d, "#sign-out")
        self.assertFalse(d.current_url.endswith("#notifications"), d.current_url)
        self.sign_out()


if __name__ == "__main__":
    unittest.main()
