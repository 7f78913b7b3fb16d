"""Security checks that the other suites do not make: every non-health path of kopilkad and
kopilka-office refuses a missing, wrong or truncated token and changes nothing; the POS
token and a register credential never reach admin paths; a credential cannot be bent to
another register; token files readable by other users are refused; the servers cannot be
reached on a non-loopback address unless configured; secrets never reach the office log.

Already covered elsewhere: POS token on admin paths and secrets in kopilkad's log
(test_daemon_process), foreign entries and a reused enrolment code (test_office), a bank
card swipe leaving nothing on disk (test_scanners), hostile bodies (test_daemon_hostile)."""
import http.client
import json
import os
import pathlib
import socket
import subprocess
import tempfile
import unittest

from cli_harness import KOPILKA
from kopilka_harness import ADMIN_TOKEN, POS_TOKEN, START_TIMEOUT, Daemon, Office, request

CARD = "2000000000015"
SALE = {"receipt_id": "SEC-1", "card": CARD, "lines": [{"line": 1, "qty": 1, "price": 10000}]}

# Every path of kopilkad but /v1/health, with a body that would succeed with the right token.
DAEMON_POS_PATHS = [
    ("GET", f"/v1/cards/{CARD}", None),
    ("GET", "/v1/cards?phone=%2B79991234567", None),
    ("POST", "/v1/receipts/calculate", SALE),
    ("POST", "/v1/receipts/confirm", SALE),
    ("GET", "/v1/receipts/BASE", None),
    ("POST", "/v1/receipts/BASE/refund", {"refund_id": "SEC-RF"}),
    ("POST", "/v1/receipts/BASE/cancel", {}),
    ("GET", "/v1/events?after=0", None),
    ("POST", "/v1/shift/close", {}),
]
DAEMON_ADMIN_PATHS = [
    ("GET", "/v1/admin/programs", None),
    ("PUT", "/v1/admin/programs/sec", {"id": "sec", "name": "n", "kind": "discount", "percent": 50}),
    ("GET", "/v1/admin/programs/cashback", None),
    ("DELETE", "/v1/admin/programs/cashback", None),
    ("PUT", f"/v1/admin/cards/{CARD}", {"status": "blocked"}),
    ("POST", f"/v1/admin/cards/{CARD}/points", {"adjust_id": "SEC-A", "points": 100000}),
    ("GET", "/v1/admin/config", None),
    ("PUT", "/v1/admin/config", {"point_value": 1}),
    ("POST", "/v1/admin/sync", {}),
]


def wrong_tokens(good):
    """A missing token, a stranger's, and near misses of a good one."""
    return [None, "wrong-token-000000000000", good[:-1], good + "x", good.upper(), " " + good,
            good[: len(good) // 2]]


def host_address():
    """A non-loopback IPv4 address of this machine, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if addr.startswith("127.") else addr


def reachable(addr, port):
    try:
        with socket.create_connection((addr, port), timeout=2):
            return True
    except OSError:
        return False


def assert_only_on_loopback(test, port, name):
    """`name` listening on `port` answers on 127.0.0.1 and not on this machine's address."""
    addr = host_address()
    if addr is None:
        test.skipTest("this machine has no non-loopback IPv4 address")
    test.assertTrue(reachable("127.0.0.1", port))
    test.assertFalse(reachable(addr, port), f"{name} answers on {addr}")


class DaemonSecurityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().started_for_class(cls)
        assert cls.d.admin("PUT", "/v1/admin/programs/cashback",
                           {"id": "cashback", "name": "К", "kind": "bonus", "percent": 10})[0] == 201
        assert cls.d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})[0] == 201
        base = dict(SALE, receipt_id="BASE")
        assert cls.d.pos("POST", "/v1/receipts/confirm", base)[0] == 200

    def snapshot(self):
        return (self.d.admin("GET", f"/v1/cards/{CARD}")[1], self.d.admin("GET", "/v1/receipts/BASE")[1],
                self.d.admin("GET", "/v1/admin/programs")[1], self.d.admin("GET", "/v1/admin/config")[1],
                self.d.admin("GET", "/v1/receipts/SEC-1")[0])

    def test_every_path_refuses_a_missing_or_wrong_token_and_changes_nothing(self):
        before = self.snapshot()
        for method, path, body in DAEMON_POS_PATHS + DAEMON_ADMIN_PATHS:
            for token in wrong_tokens(POS_TOKEN) + wrong_tokens(ADMIN_TOKEN):
                status, answer = request(self.d.port, method, path, body, token=token)
                self.assertEqual((status, answer["error"]["code"]), (401, "unauthorized"), (method, path, token))
            # Another scheme with the right token is not a bearer token.
            status, _ = request(self.d.port, method, path, body, headers={"Authorization": f"Basic {POS_TOKEN}"})
            self.assertEqual(status, 401, (method, path))
        for method, path, body in DAEMON_ADMIN_PATHS:
            status, answer = self.d.pos(method, path, body)
            self.assertEqual((status, answer["error"]["code"]), (403, "forbidden"), (method, path))
        self.assertEqual(self.snapshot(), before)
        # The refusals do not echo or log the tokens tried.
        log = self.d.log()
        for secret in (POS_TOKEN, ADMIN_TOKEN, POS_TOKEN[:-1], "wrong-token"):
            self.assertNotIn(secret, log)

    def test_the_api_is_not_on_the_network_unless_configured(self):
        assert_only_on_loopback(self, self.d.port, "kopilkad")


class TokenFileTest(unittest.TestCase):
    def configure(self, server, mode):
        """Moves the server's token into a file of `mode`; returns the file."""
        token = server.dir / "secret.token"
        token.write_text((POS_TOKEN if isinstance(server, Daemon) else ADMIN_TOKEN) + "\n")
        os.chmod(token, mode)
        key = "pos_token" if isinstance(server, Daemon) else "admin_token"
        text = "\n".join(line for line in server.config_path.read_text().splitlines()
                         if not line.startswith(key + " "))
        server.config_path.write_text(text + f'\n{key}_file = "{token}"\n')
        return token

    def test_a_token_file_others_can_read_is_refused(self):
        for make in (Daemon, Office):
            for mode in (0o644, 0o604, 0o666):
                with tempfile.TemporaryDirectory() as tmp:
                    server = make(directory=tmp)
                    token = self.configure(server, mode)
                    proc = subprocess.run(server.args(), capture_output=True, text=True, timeout=START_TIMEOUT)
                    self.assertEqual(proc.returncode, 2, (make.__name__, oct(mode), proc.stderr))
                    self.assertIn(str(token), proc.stderr)
                    self.assertIn("chmod", proc.stderr)
                    self.assertNotIn(POS_TOKEN, proc.stderr + proc.stdout)
                    self.assertNotIn(ADMIN_TOKEN, proc.stderr + proc.stdout)

    def test_a_private_token_file_is_used(self):
        for make in (Daemon, Office):
            for mode in (0o600, 0o640, 0o400):
                with tempfile.TemporaryDirectory() as tmp:
                    server = make(directory=tmp)
                    self.configure(server, mode)
                    with server:
                        token = POS_TOKEN if make is Daemon else ADMIN_TOKEN
                        path = f"/v1/cards/{CARD}" if make is Daemon else "/v1/admin/programs"
                        self.assertIn(request(server.port, "GET", path, token=token)[0], (200, 404))
                        self.assertEqual(request(server.port, "GET", path, token="x" * 24)[0], 401)


class ConfigFileModeTest(unittest.TestCase):
    def test_a_token_file_others_can_read_is_named_with_its_fix_wherever_doctor_runs(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = Daemon(directory=tmp)
            path = pathlib.Path(d.config_path)
            (path.parent / "admin.token").write_text(ADMIN_TOKEN + "\n")
            os.chmod(path.parent / "admin.token", 0o644)
            path.write_text(path.read_text().replace(f'admin_token = "{ADMIN_TOKEN}"',
                                                     'admin_token_file = "admin.token"'))
            os.chmod(path, 0o600)
            doctor = subprocess.run([KOPILKA, "--config", str(path), "--json", "doctor"],
                                    capture_output=True, text=True, timeout=60, cwd="/")
            config = [c for c in json.loads(doctor.stdout)["checks"] if c["name"] == "config"][0]
            token = str(path.parent / "admin.token")
            self.assertEqual(config["status"], "fail", config)
            self.assertTrue(config["hint"].startswith("chmod 0600 " + token), config)

    def test_a_config_anyone_can_change_is_refused_one_anyone_can_read_is_warned_about(self):
        for make, binary in ((Daemon, "kopilkad"), (Office, "kopilka-office")):
            with tempfile.TemporaryDirectory() as tmp:
                server = make(directory=tmp)
                path = str(server.config_path)
                check = ([server.binary, "--check-config", path] if make is Daemon
                         else [server.binary, "--check-config", "--config", path])
                os.chmod(path, 0o646)
                proc = subprocess.run(check, capture_output=True, text=True, timeout=START_TIMEOUT)
                self.assertEqual(proc.returncode, 2, (binary, proc.stderr))
                self.assertIn("can be changed by any user; run: chmod 0640 " + path, proc.stderr)
                if make is Daemon:  # doctor's fix is that command, not "edit the key"
                    doctor = subprocess.run([KOPILKA, "--config", path, "--json", "doctor"],
                                            capture_output=True, text=True, timeout=60)
                    config = [c for c in json.loads(doctor.stdout)["checks"] if c["name"] == "config"][0]
                    self.assertEqual((config["status"], config["hint"]), ("fail", "chmod 0640 " + path))
                os.chmod(path, 0o644)  # holds its token inline
                proc = subprocess.run(check, capture_output=True, text=True, timeout=START_TIMEOUT)
                self.assertEqual((proc.returncode, proc.stdout), (0, path + ": ok\n"), proc.stderr)
                self.assertIn(binary + ": warning: " + path, proc.stderr)
                self.assertIn("any user can read it; run: chmod 0640", proc.stderr)
                self.assertNotIn(POS_TOKEN, proc.stderr)
                self.assertNotIn(ADMIN_TOKEN, proc.stderr)
                os.chmod(path, 0o640)
                proc = subprocess.run(check, capture_output=True, text=True, timeout=START_TIMEOUT)
                self.assertEqual((proc.returncode, proc.stderr), (0, ""))


class OfficeSecurityTest(unittest.TestCase):
    def setUp(self):
        self.o = Office().started_for(self)

    def enroll(self, name):
        code = self.o.add_register(name)
        return (code, *self.o.enroll(code=code))

    def test_credentials_cannot_be_missing_bent_or_borrowed(self):
        code_a, a, cred_a = self.enroll("Till A")
        code_b, b, cred_b = self.enroll("Till B")
        secret_a = cred_a.split(".", 1)[1]
        entry = {"id": f"{b}:1", "kind": "receipt", "at": "2026-11-24T12:00:00+03:00",
                 "effects": {"card": CARD, "spent_delta": 100, "new_lots": []}}
        for cred in (None, "", ADMIN_TOKEN, f"{b}.{secret_a}", f"{b}.", cred_b[:-1], cred_b + "0",
                     b, code_b, cred_b.upper()):
            for method, path, body in (("POST", "/v1/sync/push", {"entries": [entry]}),
                                       ("GET", "/v1/sync/pull?after=0", None)):
                status, answer = self.o.sync(method, path, cred, body)
                self.assertEqual((status, answer["error"]["code"]), (401, "unauthorized"), (path, cred))
        # A register's own credential cannot push another's entries, even resent ones.
        self.assertEqual(self.o.sync("POST", "/v1/sync/push", cred_b, {"entries": [entry]})[0], 200)
        status, answer = self.o.sync("POST", "/v1/sync/push", cred_a, {"entries": [entry]})
        self.assertEqual((status, answer["error"]["code"]), (403, "foreign_entry"))
        # A used code cannot enrol again, not even to take over an enrolled register's id.
        for code in (code_a, code_b):
            status, _ = self.o.sync("POST", "/v1/sync/enroll", None, {"code": code, "register_id": a})
            self.assertEqual(status, 403)
        self.assertEqual(self.o.sync("GET", "/v1/sync/pull?after=0", cred_a)[0], 200)

        # Staff paths: never a register credential, not even to read a card (office.md: a
        # register credential reaches only /v1/sync/*).
        for method, path, body in (("GET", "/v1/admin/programs", None),
                                   ("PUT", "/v1/admin/programs/x", {"id": "x", "name": "n", "kind": "discount",
                                                                     "percent": 5}),
                                   ("PUT", f"/v1/admin/cards/{CARD}", {"status": "blocked"}),
                                   ("POST", f"/v1/admin/cards/{CARD}/points", {"adjust_id": "A", "points": 5})):
            for token in wrong_tokens(ADMIN_TOKEN):
                self.assertEqual(request(self.o.port, method, path, body, token=token)[0], 401, (path, token))
            self.assertEqual(request(self.o.port, method, path, body, token=cred_a)[0], 403, path)
        self.assertEqual(request(self.o.port, "GET", f"/v1/cards/{CARD}", token=None)[0], 401)
        self.assertEqual(request(self.o.port, "GET", f"/v1/cards/{CARD}", token=cred_a)[0], 403)
        self.assertEqual(request(self.o.port, "GET", "/v1/cards?phone=%2B79991234567",
                                 token=cred_a)[0], 403)
        self.assertEqual(self.o.admin("GET", "/v1/admin/programs")[1]["programs"], [])

        self.o.stop()
        log = self.o.log()
        for secret in (ADMIN_TOKEN, cred_a, cred_b, secret_a, code_a, code_b):
            self.assertNotIn(secret, log)

    def test_what_a_client_sends_reaches_the_log_without_card_numbers_or_megabytes(self):
        # Anyone who reaches head office once wrote a bank card's number, or 60 KB a line,
        # into its log through a refusal that quotes the request.
        _, a, cred = self.enroll("Till A")
        status, _ = self.o.sync("GET", "/v1/sync/pull?after=0", None,
                                protocol="2 4111111111111111 " + "B" * 60000)
        self.assertEqual(status, 426)
        entry = {"id": "r-other:1" + "9" * 100 + "x" * 200000, "kind": "receipt",
                 "at": "2026-11-24T12:00:00+03:00", "effects": {"card": CARD}}
        self.assertEqual(self.o.sync("POST", "/v1/sync/push", cred, {"entries": [entry]})[0], 403)
        self.o.stop()
        log = self.o.log()
        self.assertIn("protocol_mismatch", log)
        self.assertIn("foreign_entry", log)
        self.assertNotIn("4111111111111111", log)
        self.assertNotIn("9" * 100, log)
        self.assertLess(max(len(line) for line in log.splitlines()), 1000)

    def test_the_office_is_not_on_the_network_unless_configured(self):
        assert_only_on_loopback(self, self.o.port, "kopilka-office")

    def test_plain_http_off_loopback_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            o = Office(directory=tmp)
            o.config_path.write_text(o.config_path.read_text().replace("127.0.0.1", "0.0.0.0"))
            proc = subprocess.run(o.args(), capture_output=True, text=True, timeout=START_TIMEOUT)
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertIn("loopback", proc.stderr)


if __name__ == "__main__":
    unittest.main()


class OfficeStatusLineTest(unittest.TestCase):
    def test_a_lockout_and_a_non_json_sign_in_name_their_status(self):
        # Both went out as "HTTP/1.1 429 Status" and "415 Status".
        o = Office().started_for(self)
        for _ in range(6):
            conn = http.client.HTTPConnection("127.0.0.1", o.port, timeout=10)
            conn.request("POST", "/v1/auth/login", body=json.dumps({"login": "anna", "password": "x"}),
                         headers={"Content-Type": "application/json"})
            answer = conn.getresponse()
            answer.read()
            conn.close()
        self.assertEqual((answer.status, answer.reason), (429, "Too Many Requests"))
        conn = http.client.HTTPConnection("127.0.0.1", o.port, timeout=10)
        conn.request("POST", "/v1/auth/login", body="x", headers={"Content-Type": "text/plain"})
        answer = conn.getresponse()
        self.assertEqual((answer.status, answer.reason), (415, "Unsupported Media Type"))
        conn.close()
