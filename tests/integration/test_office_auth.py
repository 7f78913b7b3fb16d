"""Staff accounts and sign-in against a real kopilka-office (office.md "Staff, roles and
audit", "Exact rules" → Accounts): `user add` while the server runs, the session cookie's
attributes, the one-time password gate, CSRF, lockout with Retry-After, sign-out, idle
expiry, personal API tokens and disabled accounts."""
import json
import subprocess
import unittest
import urllib.error
import urllib.request

from kopilka_harness import (ADMIN_TOKEN, Office, Session, http, request, sign_in, staff_user,
                             user_add)
from sync_harness import TlsOffice


def code(answer):
    return answer["error"]["code"]


class OfficeAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.o = Office().started_for_class(cls)

    def command(self, *args):
        return subprocess.run([self.o.binary, "user", *args, "--config", str(self.o.config_path)],
                              capture_output=True, text=True)

    def audit(self, query):
        status, answer = self.o.admin("GET", "/v1/admin/audit?" + query)
        self.assertEqual(status, 200, answer)
        return answer["entries"]

    def test_user_add_prints_only_the_one_time_password_while_the_server_runs(self):
        out = self.command("add", "ivan", "--role", "technician")
        self.assertEqual(out.returncode, 0, out.stderr)
        password = out.stdout
        self.assertRegex(password, r"^[A-Za-z2-9]{16}\n$")
        listed = self.command("list")
        self.assertIn("ivan\ttechnician\tmust-change-password\n", listed.stdout)
        bad_role = self.command("add", "petr", "--role", "cashier")
        self.assertEqual(bad_role.returncode, 2, bad_role.stderr)
        self.assertEqual(bad_role.stdout, "")
        again = self.command("add", "ivan", "--role", "owner")
        self.assertEqual(again.returncode, 1)
        self.assertIn("already exists", again.stderr)
        session = sign_in(self.o, "ivan", password.strip())
        self.assertEqual(session.answer["role"], "technician")
        self.assertIs(session.answer["must_change_password"], True)
        disabled = self.command("disable", "ivan")
        self.assertEqual(disabled.returncode, 0, disabled.stderr)
        self.assertIn("ivan\ttechnician\tdisabled\n", self.command("list").stdout)
        self.assertEqual(session.call("GET", "/v1/auth/me")[0], 401)
        status, answer, _ = http(self.o.port, "POST", "/v1/auth/login",
                                 {"login": "ivan", "password": password.strip()})
        self.assertEqual((status, code(answer)), (401, "unauthorized"))
        # Enabled again, with a forgotten password reset: a new one-time password, the old
        # one no longer signs in, the next sign-in must change it; both are audited.
        self.assertEqual(self.command("enable", "ivan").returncode, 0)
        reset = self.command("reset-password", "ivan")
        self.assertEqual(reset.returncode, 0, reset.stderr)
        self.assertRegex(reset.stdout, r"^[A-Za-z2-9]{16}\n$")
        status, answer, _ = http(self.o.port, "POST", "/v1/auth/login",
                                 {"login": "ivan", "password": password.strip()})
        self.assertEqual(status, 401, answer)
        again = sign_in(self.o, "ivan", reset.stdout.strip())
        self.assertIs(again.answer["must_change_password"], True)
        self.assertEqual([(e["who"], e["action"]) for e in self.audit("object=user:ivan")
                          if e["who"] == "shell"],
                         [("shell", "user.password_reset"), ("shell", "user.update"),
                          ("shell", "user.update"), ("shell", "user.add")])
        self.assertEqual(self.command("reset-password", "nobody").returncode, 1)

    def test_sign_in_sets_a_strict_http_only_cookie_and_gates_until_the_password_changes(self):
        password = user_add(self.o, "anna", "support")
        status, answer, headers = http(self.o.port, "POST", "/v1/auth/login",
                                       {"login": "anna", "password": password})
        self.assertEqual(status, 200, answer)
        self.assertEqual(sorted(answer), ["csrf", "must_change_password", "role"])
        self.assertEqual((answer["role"], answer["must_change_password"]), ("support", True))
        cookie = headers["Set-Cookie"]
        attributes = [a.strip() for a in cookie.split(";")]
        self.assertRegex(attributes[0], r"^kopilka_session=[0-9a-f]{64}$")
        self.assertEqual(sorted(attributes[1:]), ["HttpOnly", "Path=/", "SameSite=Strict"])
        # Plain HTTP on loopback: no Secure (a browser would never send it back).
        session = sign_in(self.o, "anna", password)
        status, me = session.call("GET", "/v1/auth/me")
        self.assertEqual(status, 200, me)
        self.assertEqual((me["login"], me["role"], me["must_change_password"], me["csrf"]),
                         ("anna", "support", True, session.csrf))
        status, answer = session.call("GET", "/v1/cards/2000000000015")
        self.assertEqual((status, code(answer)), (403, "password_change_required"))
        status, answer = session.call("GET", "/v1/admin/tokens")
        self.assertEqual((status, code(answer)), (403, "password_change_required"))
        # Ten characters, not bytes: «пароль» is 12 bytes and was taken; spaces are none.
        for body, field in [({"old": password, "new": "short"}, "new"),
                            ({"old": password, "new": "пароль"}, "new"),
                            ({"old": password, "new": " " * 12}, "new"),
                            ({"old": password, "new": password}, "new"),
                            ({"old": "not-the-password", "new": "a long new password"}, "old"),
                            ({"new": "a long new password"}, "old")]:
            status, answer = session.call("POST", "/v1/auth/password", body)
            self.assertEqual((status, answer["error"].get("field")), (400, field), body)
        status, answer = session.call("POST", "/v1/auth/password",
                                      {"old": password, "new": "a long new password"})
        self.assertEqual((status, answer["must_change_password"]), (200, False))
        self.assertEqual(sorted(answer), ["csrf", "must_change_password"])
        self.assertEqual(session.call("GET", "/v1/admin/tokens")[0], 200)
        self.assertEqual(session.call("GET", "/v1/auth/me")[1]["must_change_password"], False)
        entries = self.audit("object=user:anna")
        self.assertEqual([(e["action"], e["who"], e["address"]) for e in entries],
                         [("auth.password", "anna", "127.0.0.1"), ("user.add", "shell", "")])
        self.assertNotIn("a long new password", json.dumps(entries))
        self.assertNotIn(password, json.dumps(entries))
        # The one-time password no longer works; the new one does.
        status, _, _ = http(self.o.port, "POST", "/v1/auth/login",
                            {"login": "anna", "password": password})
        self.assertEqual(status, 401)
        self.assertIs(sign_in(self.o, "anna", "a long new password")
                      .answer["must_change_password"], False)

    def test_a_wrong_password_and_an_unknown_login_get_the_same_401(self):
        user_add(self.o, "olga", "marketer")
        wrong = http(self.o.port, "POST", "/v1/auth/login", {"login": "olga", "password": "x"})
        unknown = http(self.o.port, "POST", "/v1/auth/login", {"login": "nobody", "password": "x"})
        self.assertEqual(wrong[:2], unknown[:2])
        self.assertEqual((wrong[0], code(wrong[1])), (401, "unauthorized"))
        self.assertIsNone(wrong[2]["Set-Cookie"])
        status, answer, _ = http(self.o.port, "POST", "/v1/auth/login", {"login": "olga"})
        self.assertEqual((status, answer["error"]["field"]), (400, "password"))

    def test_every_unsafe_request_of_a_session_needs_its_csrf_token(self):
        session = staff_user(self.o, "dasha", "marketer")
        for headers in [{}, {"X-CSRF-Token": "0" * 32}]:
            headers["Cookie"] = f"kopilka_session={session.cookie}"
            status, answer, _ = http(self.o.port, "POST", "/v1/admin/tokens", {"name": "t1"},
                                     headers)
            self.assertEqual((status, code(answer)), (403, "csrf_failed"), headers)
            status, answer, _ = http(self.o.port, "POST", "/v1/auth/logout", None, headers)
            self.assertEqual((status, code(answer)), (403, "csrf_failed"), headers)
        self.assertEqual(session.call("GET", "/v1/admin/tokens", csrf=False)[0], 200)
        status, answer = session.call("POST", "/v1/admin/tokens", {"name": "dasha-crm"})
        self.assertEqual(status, 200, answer)

    def test_logout_ends_the_session_and_clears_the_cookie(self):
        session = staff_user(self.o, "vera", "auditor")
        headers = {"Cookie": f"kopilka_session={session.cookie}", "X-CSRF-Token": session.csrf}
        status, answer, response_headers = http(self.o.port, "POST", "/v1/auth/logout", None,
                                                headers)
        self.assertEqual(status, 200, answer)
        self.assertIn("Max-Age=0", response_headers["Set-Cookie"])
        status, answer = session.call("GET", "/v1/auth/me")
        self.assertEqual((status, code(answer)), (401, "unauthorized"))

    def test_api_tokens_are_shown_once_act_as_their_account_and_stop_when_revoked(self):
        session = staff_user(self.o, "sveta", "support")
        status, made = session.call("POST", "/v1/admin/tokens", {"name": "sveta-crm"})
        self.assertEqual(status, 200, made)
        self.assertEqual(sorted(made), ["name", "token"])
        token = made["token"]
        status, me = request(self.o.port, "GET", "/v1/auth/me", token=token)
        self.assertEqual((status, me["who"], me["login"], me["role"]),
                         (200, "token:sveta-crm", "sveta", "support"))
        # Support may not edit programs, whatever credential it uses.
        status, answer = request(self.o.port, "PUT", "/v1/admin/programs/p", {}, token=token)
        self.assertEqual((status, code(answer)), (403, "forbidden"))
        status, answer = session.call("POST", "/v1/admin/tokens", {"name": "sveta-crm"})
        self.assertEqual(status, 409, answer)
        listed = session.call("GET", "/v1/admin/tokens")[1]["tokens"]
        self.assertEqual([(t["name"], t["login"]) for t in listed], [("sveta-crm", "sveta")])
        self.assertNotIn(token, json.dumps(listed))
        # Another account neither sees nor revokes it; the owner sees everyone's.
        other = staff_user(self.o, "gleb", "technician")
        self.assertEqual(other.call("GET", "/v1/admin/tokens")[1]["tokens"], [])
        self.assertEqual(other.call("DELETE", "/v1/admin/tokens/sveta-crm")[0], 404)
        everyone = self.o.admin("GET", "/v1/admin/tokens")[1]["tokens"]
        self.assertIn(("sveta-crm", "sveta"), [(t["name"], t["login"]) for t in everyone])
        status, answer = session.call("DELETE", "/v1/admin/tokens/sveta-crm")
        self.assertEqual(status, 200, answer)
        status, answer = request(self.o.port, "GET", "/v1/auth/me", token=token)
        self.assertEqual((status, code(answer)), (401, "unauthorized"))
        entries = self.audit("object=token:sveta-crm")
        self.assertEqual([(e["action"], e["who"]) for e in entries],
                         [("token.revoke", "sveta"), ("token.create", "sveta")])
        self.assertNotIn(token, json.dumps(entries))
        self.assertNotIn(token, self.o.log())

    def test_the_owner_adds_and_disables_staff_and_a_disabled_accounts_tokens_stop(self):
        status, added = self.o.admin("POST", "/v1/admin/users", {"login": "kira", "role": "marketer"})
        self.assertEqual(status, 200, added)
        self.assertEqual((added["login"], added["role"], len(added["password"])),
                         ("kira", "marketer", 16))
        self.assertEqual(self.o.admin("POST", "/v1/admin/users",
                                      {"login": "kira", "role": "marketer"})[0], 409)
        status, answer = self.o.admin("POST", "/v1/admin/users", {"login": "lev", "role": "boss"})
        self.assertEqual((status, answer["error"]["field"]), (400, "role"))
        session = sign_in(self.o, "kira", added["password"])
        session.call("POST", "/v1/auth/password",
                     {"old": added["password"], "new": "kira's new password"})
        token = session.call("POST", "/v1/admin/tokens", {"name": "kira-mail"})[1]["token"]
        self.assertEqual(request(self.o.port, "GET", "/v1/auth/me", token=token)[0], 200)
        status, answer = self.o.admin("PUT", "/v1/admin/users/kira",
                                      {"role": "auditor", "disabled": True})
        self.assertEqual(status, 200, answer)
        self.assertEqual((answer["role"], answer["disabled"]), ("auditor", True))
        self.assertEqual(request(self.o.port, "GET", "/v1/auth/me", token=token)[0], 401)
        self.assertEqual(session.call("GET", "/v1/auth/me")[0], 401)
        self.assertEqual(self.o.admin("PUT", "/v1/admin/users/nobody", {"disabled": True})[0],
                         404)
        users = {u["login"]: u for u in self.o.admin("GET", "/v1/admin/users")[1]["users"]}
        self.assertEqual(users["kira"], {"login": "kira", "role": "auditor",
                                         "must_change_password": False, "disabled": True})
        entries = self.audit("object=user:kira")
        self.assertEqual([e["action"] for e in entries], ["user.update", "auth.password",
                                                          "user.add"])
        self.assertEqual(entries[0]["before"]["role"], "marketer")
        self.assertEqual(entries[0]["after"], users["kira"])
        self.assertNotIn(added["password"], json.dumps(entries))


class OfficeApiHeadersTest(unittest.TestCase):
    def test_answers_are_not_kept_nor_sniffed_and_the_unsubscribe_page_runs_nothing(self):
        # Customers' data went out with no Cache-Control, and the HTML unsubscribe page with
        # no policy against framing or scripts.
        o = Office().started_for(self)
        for path in ("/v1/admin/customers?q=a", "/v1/auth/me", "/v1/health"):
            _, _, headers = http(o.port, "GET", path, headers={"Authorization": "Bearer " + ADMIN_TOKEN})
            self.assertEqual((headers["Cache-Control"], headers["X-Content-Type-Options"]),
                             ("no-store", "nosniff"), path)
        # Another spelling of an API path is no way around them.
        for path in ("//v1/admin/customers?q=a", "/v1//auth/me", "//v1/unsubscribe"):
            status, body, headers = http(o.port, "GET", path,
                                         headers={"Authorization": "Bearer " + ADMIN_TOKEN})
            self.assertEqual((status, headers["Cache-Control"], headers["X-Content-Type-Options"]),
                             (404, "no-store", "nosniff"), (path, body))
        status, _, headers = http(o.port, "GET", "/v1/unsubscribe?customer=c&channel=email&token=00")
        self.assertEqual(status, 400)
        self.assertIn("frame-ancestors 'none'", headers["Content-Security-Policy"])
        self.assertIn("default-src 'none'", headers["Content-Security-Policy"])
        self.assertEqual(headers["X-Frame-Options"], "DENY")
        # The web admin's own files keep their caching rules.
        with urllib.request.urlopen(f"http://127.0.0.1:{o.port}/", timeout=30) as page:
            self.assertNotEqual(page.headers["Cache-Control"], "no-store")


class OfficeLockoutTest(unittest.TestCase):
    def test_failures_lock_a_login_at_an_address_after_5_and_an_address_after_20_with_retry_after(self):
        o = Office().for_test(self)
        o.start()
        password = user_add(o, "anna", "owner")
        other = user_add(o, "boris", "owner")
        for _ in range(5):
            status, answer, _ = http(o.port, "POST", "/v1/auth/login",
                                     {"login": "anna", "password": "wrong"})
            self.assertEqual(status, 401, answer)
        status, answer, headers = http(o.port, "POST", "/v1/auth/login",
                                       {"login": "anna", "password": password})
        self.assertEqual((status, code(answer)), (429, "too_many_attempts"))
        self.assertTrue(895 <= int(headers["Retry-After"]) <= 900, headers["Retry-After"])
        # Another login from the same address still may, until the address has 20 failures.
        sign_in(o, "boris", other)
        for i in range(15):  # a forged X-Forwarded-For is no way around it
            self.assertEqual(http(o.port, "POST", "/v1/auth/login",
                                  {"login": f"guess{i}", "password": "x"},
                                  headers={"X-Forwarded-For": f"198.51.100.{i}"})[0], 401)
        status, answer, headers = http(o.port, "POST", "/v1/auth/login",
                                       {"login": "boris", "password": other})
        self.assertEqual((status, code(answer)), (429, "too_many_attempts"))
        self.assertGreater(int(headers["Retry-After"]), 0)
        # Kept in the database: a restarted head office still refuses.
        o.restart()
        self.assertEqual(http(o.port, "POST", "/v1/auth/login",
                              {"login": "anna", "password": password})[0], 429)


class OfficeBehindProxyTest(unittest.TestCase):
    def test_a_login_no_account_can_have_is_refused_and_not_kept_whole(self):
        o = Office().started_for(self)
        for _ in range(3):
            status, answer, _ = http(o.port, "POST", "/v1/auth/login",
                                     {"login": "Ж" * 100000, "password": "x"})
            self.assertEqual((status, code(answer)), (401, "unauthorized"))
        self.assertEqual(o.sql_row("SELECT count(*), max(length(login)) FROM staff_login_failures"),
                         (3, 0))

    def test_sign_in_takes_json_only_so_another_site_cannot_sign_a_browser_in(self):
        o = Office().started_for(self)
        password = user_add(o, "olga", "support")
        body = json.dumps({"login": "olga", "password": password, "x": "="}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{o.port}/v1/auth/login", data=body,
                                     method="POST", headers={"Content-Type": "text/plain",
                                                             "Origin": "https://evil.example"})
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        self.assertEqual(refused.exception.code, 415)
        self.assertIsNone(refused.exception.headers["Set-Cookie"])
        self.assertEqual(code(json.loads(refused.exception.read())), "unsupported_media_type")
        self.assertEqual(sign_in(o, "olga", password).answer["role"], "support")

    def test_with_tls_the_cookie_is_secure_even_with_insecure_http_left_on(self):
        o = TlsOffice().for_test(self)
        o.config_path.write_text("insecure_http = true\n" + o.config_path.read_text())
        o.start()
        password = user_add(o, "pavel", "support")
        req = urllib.request.Request(
            f"https://127.0.0.1:{o.port}/v1/auth/login", method="POST",
            data=json.dumps({"login": "pavel", "password": password}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10, context=o.tls) as resp:
            self.assertEqual(resp.status, 200)
            attributes = [a.strip() for a in resp.headers["Set-Cookie"].split(";")]
            # Served over TLS, head office tells the browser to keep to it.
            self.assertEqual(resp.headers["Strict-Transport-Security"], "max-age=31536000")
        self.assertIn("Secure", attributes)
        with urllib.request.urlopen(f"https://127.0.0.1:{o.port}/", timeout=10, context=o.tls) as page:
            self.assertEqual(page.headers["Strict-Transport-Security"], "max-age=31536000")

    def test_behind_a_trusted_proxy_limits_and_the_audit_see_each_client(self):
        o = Office(extra_config='[auth]\ntrusted_proxies = ["127.0.0.1"]\n').for_test(self)
        o.start()
        password = user_add(o, "anna", "owner")
        attacker = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}
        for i in range(20):
            self.assertEqual(http(o.port, "POST", "/v1/auth/login",
                                  {"login": f"guess{i}", "password": "x"}, headers=attacker)[0], 401)
        self.assertEqual(http(o.port, "POST", "/v1/auth/login",
                              {"login": "guess", "password": "x"}, headers=attacker)[0], 429)
        # The attacker's 20 failures lock out the attacker, not every person behind the proxy.
        status, answer, headers = http(o.port, "POST", "/v1/auth/login",
                                       {"login": "anna", "password": password},
                                       headers={"X-Forwarded-For": "198.51.100.9"})
        self.assertEqual(status, 200, answer)
        self.assertIn("Secure", headers["Set-Cookie"])
        # A stranger's wrong guesses at anna's login lock the stranger out, not anna at her desk.
        stranger = {"X-Forwarded-For": "203.0.113.50"}
        for _ in range(5):
            self.assertEqual(http(o.port, "POST", "/v1/auth/login",
                                  {"login": "anna", "password": "x"}, headers=stranger)[0], 401)
        self.assertEqual(http(o.port, "POST", "/v1/auth/login",
                              {"login": "anna", "password": password}, headers=stranger)[0], 429)
        self.assertEqual(http(o.port, "POST", "/v1/auth/login",
                              {"login": "anna", "password": password},
                              headers={"X-Forwarded-For": "198.51.100.9"})[0], 200)
        cookie = headers["Set-Cookie"].split(";")[0]
        status, answer, _ = http(o.port, "POST", "/v1/auth/password",
                                 {"old": password, "new": "a-new-password-1"},
                                 headers={"X-Forwarded-For": "198.51.100.9", "Cookie": cookie,
                                          "X-CSRF-Token": answer["csrf"]})
        self.assertEqual(status, 200, answer)
        # A login typed with a capital finds its entries (logins are lower case).
        status, answer = request(o.port, "GET", "/v1/admin/audit?who=Anna", token=ADMIN_TOKEN)
        self.assertEqual(status, 200, answer)
        self.assertEqual([(e["action"], e["address"]) for e in answer["entries"]],
                         [("auth.password", "198.51.100.9")])


class OfficeTokenAndPasswordTest(unittest.TestCase):
    """A leaked token cannot outlive its revocation, and a stolen cookie is signed out by a
    password change (an office of its own: the wrong guesses count against this address)."""

    def setUp(self):
        self.o = Office().started_for(self)

    def test_a_token_makes_no_tokens_and_a_new_password_signs_other_browsers_out(self):
        first = staff_user(self.o, "yana", "support")
        second = sign_in(self.o, "yana", "password-of-yana")
        status, made = first.call("POST", "/v1/admin/tokens", {"name": "yana-crm"})
        self.assertEqual(status, 200, made)
        for path, body in (("/v1/admin/tokens", {"name": "yana-2"}),
                           ("/v1/auth/password", {"old": "password-of-yana",
                                                  "new": "another long password"})):
            status, answer = request(self.o.port, "POST", path, body, token=made["token"])
            self.assertEqual((status, answer["error"]["code"]), (400, "session_required"), path)
        stolen = Session(first.port, first.cookie, first.csrf, None)  # a copy of this very cookie
        status, answer = first.call("POST", "/v1/auth/password",
                                    {"old": "password-of-yana", "new": "another long password"})
        self.assertEqual(status, 200, answer)
        self.assertEqual(second.call("GET", "/v1/auth/me")[0], 401)  # the other browser is out
        self.assertEqual(stolen.call("GET", "/v1/auth/me")[0], 401)  # and the copy of this one
        # This browser goes on under a new session, with the token the answer brought.
        self.assertNotEqual(first.cookie, stolen.cookie)
        self.assertEqual(first.csrf, answer["csrf"])
        self.assertEqual(first.call("GET", "/v1/auth/me")[0], 200)
        self.assertEqual(first.call("POST", "/v1/admin/tokens", {"name": "yana-3"})[0], 200)
        # Guessing the old password through a session counts like failed sign-ins.
        for _ in range(5):
            status, answer = first.call("POST", "/v1/auth/password",
                                        {"old": "a wrong guess", "new": "yet another password"})
            self.assertEqual((status, answer["error"]["field"]), (400, "old"))
        status, answer = first.call("POST", "/v1/auth/password",
                                    {"old": "a wrong guess", "new": "yet another password"})
        self.assertEqual((status, answer["error"]["code"]), (429, "too_many_attempts"))


if __name__ == "__main__":
    unittest.main()
