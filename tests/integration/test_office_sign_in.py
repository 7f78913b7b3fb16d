"""Signing in without holding head office up, sessions that end, and a forgotten password
(office.md "Staff, roles and audit"): an account signs in at most 10 times a minute, refused
before the password's hash; a session ends after its idle time and is deleted; the owner
gives a colleague a new one-time password from the API."""
import json
import time
import unittest

from kopilka_harness import SANITIZED, Office, http, sign_in, staff_user, user_add


def code(answer):
    return answer["error"]["code"]


class OfficeSignInPaceTest(unittest.TestCase):
    def test_an_account_signs_in_at_most_10_times_a_minute(self):
        # Each sign-in is 0.2 s of Argon2id on the loop that answers the registers: one
        # account's password in a loop once stalled every register's sync.
        o = Office().started_for(self)
        password = user_add(o, "anna", "auditor")
        for _ in range(10):
            sign_in(o, "anna", password)
        status, answer, headers = http(o.port, "POST", "/v1/auth/login",
                                       {"login": "anna", "password": password})
        self.assertEqual((status, code(answer)), (429, "too_many_attempts"))
        self.assertTrue(1 <= int(headers["Retry-After"]) <= 60, headers["Retry-After"])
        # Refused before the password is checked: a wrong one is not counted as a failure.
        self.assertEqual(o.sql_row("SELECT count(*) FROM staff_login_failures")[0], 0)


def sign_in_from(port, address, login, password):
    """POST /v1/auth/login from a loopback address of its own: (status, error code)."""
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(address, 0))
    try:
        c.request("POST", "/v1/auth/login", json.dumps({"login": login, "password": password}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        body = json.loads(r.read() or b"{}")
        return r.status, body.get("error", {}).get("code")
    finally:
        c.close()


class OfficeSignInFloodTest(unittest.TestCase):
    def test_failed_sign_ins_from_many_addresses_leave_health_and_syncs_answered(self):
        # Each check is a tenth of a second of Argon2id. 16 addresses, each within its own
        # limit, sent 48 failed sign-ins: /v1/health waited up to 1.4 s behind them on the
        # loop. The checks now run on a thread of their own.
        import threading
        o = Office().started_for(self)
        password = user_add(o, "anna", "auditor")
        outcomes, lock = [], threading.Lock()

        def attacker(n):
            for i in range(3):
                got = sign_in_from(o.port, f"127.0.0.{10 + n}", f"user{n}x{i}", "wrong-password-1")
                with lock:
                    outcomes.append(got)

        threads = [threading.Thread(target=attacker, args=(n,)) for n in range(16)]
        slowest = 0.0
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            t0 = time.monotonic()
            status, _, _ = http(o.port, "GET", "/v1/health")
            slowest = max(slowest, time.monotonic() - t0)
            self.assertEqual(status, 200)
            time.sleep(0.02)
        for t in threads:
            t.join()
        self.assertEqual(len(outcomes), 48)
        self.assertEqual({o for o in outcomes}, {(401, "unauthorized")})
        # 48 checks are 4 s or more of hashing; on the loop, health waited 0.8-1.4 s.
        print(f"figures: slowest health during 48 failed sign-ins {slowest * 1000:.0f} ms",
              flush=True)
        # Under the sanitizers every request is slower; the release run holds the bound.
        self.assertLess(slowest, 2.0 if SANITIZED else 0.5)
        # The failures still count, and a right password still signs in.
        self.assertEqual(o.sql_row("SELECT count(*) FROM staff_login_failures")[0] > 0, True)
        sign_in(o, "anna", password)

    def test_one_login_is_checked_once_at_a_time(self):
        # With the checks off the loop, guesses sent at once would all pass the failure
        # limit's check before any failure was counted: one login waits for its own check.
        import threading
        o = Office().started_for(self)
        user_add(o, "anna", "auditor")
        outcomes, lock = [], threading.Lock()

        def guess(n):
            got = sign_in_from(o.port, f"127.0.0.{20 + n}", "anna", f"guess-number-{n}")
            with lock:
                outcomes.append(got)

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertIn((401, "unauthorized"), outcomes)
        self.assertTrue(all(o in ((401, "unauthorized"), (429, "too_many_attempts"))
                            for o in outcomes), outcomes)
        failures = o.sql_row("SELECT count(*) FROM staff_login_failures")[0]
        self.assertEqual(failures, outcomes.count((401, "unauthorized")))


class OfficePasswordResetTest(unittest.TestCase):
    def test_the_owner_resets_a_forgotten_password_from_the_api(self):
        # Once only `kopilka-office user reset-password` on the server could.
        o = Office().started_for(self)
        anna = staff_user(o, "anna", "support")
        status, made = o.admin("POST", "/v1/admin/users/anna/reset-password")
        self.assertEqual((status, made["login"], made["must_change_password"]), (200, "anna", True))
        self.assertEqual(anna.call("GET", "/v1/auth/me")[0], 401)  # her sessions ended
        fresh = sign_in(o, "anna", made["password"])
        self.assertTrue(fresh.answer["must_change_password"])
        status, audit = o.admin("GET", "/v1/admin/audit?action=user.password_reset")
        self.assertEqual([(e["object"], e["who"]) for e in audit["entries"]],
                         [("user:anna", "admin_token")])
        self.assertNotIn(made["password"], json.dumps(audit))
        self.assertEqual(o.admin("POST", "/v1/admin/users/nobody/reset-password")[0], 404)



class OfficeSessionIdleTest(unittest.TestCase):
    def test_a_session_ends_after_its_idle_time_and_each_use_refreshes_it(self):
        o = Office().for_test(self)
        with open(o.config_path, "a") as config:
            config.write('[auth]\nsession_idle = "2s"\n')
        o.start()
        session = staff_user(o, "anna", "auditor")
        # Idle times are whole seconds: a session lives at least session_idle, at most a
        # second more. The calls below are 1.5 s apart, 4.5 s in all: each one refreshes it.
        self.assertEqual(session.call("GET", "/v1/auth/me")[0], 200)
        for _ in range(3):
            time.sleep(1.5)
            self.assertEqual(session.call("GET", "/v1/auth/me")[0], 200)
        time.sleep(4)
        status, answer = session.call("GET", "/v1/auth/me")
        self.assertEqual((status, code(answer)), (401, "unauthorized"))
        # Sessions nobody uses again are deleted at the next sign-in, not kept for ever.
        for _ in range(3):
            sign_in(o, "anna", "password-of-anna")
        time.sleep(3.5)
        sign_in(o, "anna", "password-of-anna")
        self.assertEqual(o.sql_row("SELECT count(*) FROM staff_sessions")[0], 1)


if __name__ == "__main__":
    unittest.main()
