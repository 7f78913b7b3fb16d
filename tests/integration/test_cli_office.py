"""`kopilka` against head office: doctor's TLS and reachability line, the credential check
with the same client and proxy rule as sync, and enrol errors."""
import json
import shutil
import subprocess
import unittest

from cli_harness import kopilka, kopilka_json, write
from kopilka_harness import Daemon, Office, free_port, temp_dir


@unittest.skipUnless(shutil.which("openssl"), "openssl is not installed")
class CliDoctorOfficeTest(unittest.TestCase):
    """doctor's head-office line: reachable, and its TLS certificate accepted or not."""

    def setUp(self):
        import http.server
        import ssl
        import threading
        self.tmp = temp_dir(self, "kopilka-cli-tls-")
        self.cert, key = self.tmp / "cert.pem", self.tmp / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", str(key), "-out", str(self.cert)], check=True, capture_output=True)

        class Health(http.server.BaseHTTPRequestHandler):
            skew = 0  # seconds this server's Date is ahead

            def date_time_string(self, timestamp=None):
                import time
                return super().date_time_string((timestamp or time.time()) + Health.skew)

            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.Health = Health
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"https://localhost:{self.server.server_address[1]}"

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def office_check(self, name, office):
        (self.tmp / name).mkdir()
        d = Daemon(directory=self.tmp / name, extra_config=office)  # its config only; not started
        rc, doc, err = kopilka_json(["doctor"], config=d.config_path)
        self.assertIsNotNone(doc, err)
        return [c for c in doc["checks"] if c["name"] == "office"][0]

    def test_a_certificate_nobody_vouches_for_fails_and_the_ca_file_fixes_it(self):
        check = self.office_check("untrusted", f'[office]\nurl = "{self.url}"\n')
        self.assertEqual(check["status"], "fail", check)
        self.assertIn("TLS", check["message"])
        self.assertIn("ca_file", check["hint"])
        check = self.office_check("trusted", f'[office]\nurl = "{self.url}"\nca_file = "{self.cert}"\n')
        # Reachable and trusted, but no credential in the data dir: it would never sync (a
        # mistyped data_dir once passed with a warning and exit 0).
        self.assertEqual(check["status"], "fail", check)
        self.assertIn("TLS certificate valid", check["message"])
        self.assertIn("holds no credential", check["message"])
        # A register of another config is told the command for it, --config and all.
        config = self.tmp / "trusted" / "kopilka.toml"
        self.assertIn(f"kopilka --config {config} enroll", check["hint"])

    def test_a_head_office_ten_minutes_apart_is_a_warning_about_the_clock(self):
        # Head office's clock ten minutes ahead: this register's is ten minutes behind (the
        # fleet's sign: the register's clock less head office's).
        self.Health.skew = 600
        check = self.office_check("skewed", f'[office]\nurl = "{self.url}"\nca_file = "{self.cert}"\n')
        self.assertEqual(check["status"], "warn", check)
        self.assertRegex(check["message"], r"clock is (9 min 59|10 min [01]) s behind head office's")
        self.assertIn("ntp", check["hint"].lower())
        # Years apart move every burn date and birthday: a failure, in days.
        self.Health.skew = -(3 * 365 * 86400 + 5 * 3600 + 1800)
        check = self.office_check("years", f'[office]\nurl = "{self.url}"\nca_file = "{self.cert}"\n')
        self.assertEqual(check["status"], "fail", check)
        self.assertIn("clock is 1095 d 5 h ahead of head office's", check["message"])

    def test_an_unreachable_office_fails_with_a_network_hint(self):
        check = self.office_check("unreachable", '[office]\nurl = "https://127.0.0.1:1"\n')
        self.assertEqual(check["status"], "fail", check)
        self.assertIn("head office unreachable at https://127.0.0.1:1", check["message"])
        self.assertIn("proxy", check["hint"])


class CliOfficeCredentialTest(unittest.TestCase):
    """doctor asks a real kopilka-office the way kopilkad's sync does: same client, same
    proxy rule, same answer."""

    def setUp(self):
        self.office = Office().started_for(self)
        self.d = Daemon().for_test(self)
        self.url = f"http://127.0.0.1:{self.office.port}"
        rc, doc, err = kopilka_json(["enroll", "--office", self.url, "--code",
                                     self.office.add_register("Касса 1")], config=self.d.config_path)
        assert rc == 0, err

    def office_line(self, **kw):
        rc, doc, err = kopilka_json(["doctor"], config=self.d.config_path, **kw)
        self.assertIsNotNone(doc, err)
        return [c for c in doc["checks"] if c["name"] == "office"][0]

    def sync(self, **kw):
        rc, doc, err = kopilka_json(["sync", "now"], config=self.d.config_path, **kw)
        self.assertIsNotNone(doc, err)
        return doc

    def test_an_accepted_credential_and_a_refused_one(self):
        # Head office says its time (doctor compares it with the register's: a register
        # 10 minutes off once passed as "ok", head office sending no Date).
        import email.utils
        import http.client
        import time
        conn = http.client.HTTPConnection("127.0.0.1", self.office.port, timeout=10)
        conn.request("GET", "/v1/health")
        date = conn.getresponse().getheader("Date")
        conn.close()
        self.assertIsNotNone(date)
        self.assertLess(abs(email.utils.parsedate_to_datetime(date).timestamp() - time.time()), 5)
        check = self.office_line()
        self.assertEqual(check["status"], "ok", check)
        self.assertIn("credential accepted", check["message"])
        cred = self.d.data_dir / "office.credential"
        register_id = cred.read_text().split(".")[0]
        cred.write_text(register_id + ".not-the-secret\n")
        check = self.office_line()
        self.assertEqual(check["status"], "fail", check)
        self.assertIn("head office refuses this register's credential", check["message"])
        self.assertIn(f"kopilka --config {self.d.config_path} enroll --office " + self.url,
                      check["hint"])
        self.assertEqual(self.sync()["sync"], "failed")  # what the sync meets too
        self.assertNotIn("not-the-secret", json.dumps(check))

    def test_proxy_variables_are_ignored_by_doctor_as_by_sync(self):
        dead = "http://127.0.0.1:1"
        env = {"http_proxy": dead, "HTTP_PROXY": dead, "https_proxy": dead, "HTTPS_PROXY": dead,
               "ALL_PROXY": dead, "all_proxy": dead, "NO_PROXY": "", "no_proxy": ""}
        check = self.office_line(env_extra=env)
        sync = self.sync(env_extra=env)
        self.assertEqual((check["status"], sync["sync"]), ("ok", "ok"), (check, sync))
        # The config's proxy is the one both use: dead, both fail with the same words.
        text = self.d.config_path.read_text().replace(
            f"url = '{self.url}'", f"url = '{self.url}'\nproxy = '{dead}'")
        self.d.config_path.write_text(text)
        check = self.office_line()
        sync = self.sync()
        self.assertEqual((check["status"], sync["sync"]), ("fail", "offline"), (check, sync))
        self.assertEqual(check["message"], sync["error"])
        self.assertIn(self.url, check["message"])

    def test_enroll_to_an_unreachable_office_names_the_url(self):
        other = Daemon().for_test(self)
        url = f"http://127.0.0.1:{free_port()}"
        rc, doc, err = kopilka_json(["enroll", "--office", url, "--code", "X"], config=other.config_path)
        self.assertEqual(rc, 1, err)
        self.assertIn(f"head office unreachable at {url}", doc["error"]["message"])

    def test_enroll_to_a_registers_own_address_says_it_is_not_head_office(self):
        # 8765 typed for 8443: the answer was "a valid Authorization: Bearer token is
        # required", and the technician went after the code.
        with Daemon() as till:
            other = Daemon().for_test(self)
            other.start()
            rc, doc, err = kopilka_json(["enroll", "--office", f"http://127.0.0.1:{till.port}",
                                         "--code", "AAAA-BBBB-CCCC"], config=other.config_path)
            self.assertEqual(rc, 2, err)
            self.assertEqual(doc["error"]["field"], "--office")
            self.assertIn("that address is a register's kopilkad, not head office",
                          doc["error"]["message"])
            self.assertNotIn("[office]", other.config_path.read_text())

    def test_https_to_a_plain_http_office_is_not_called_a_certificate_problem(self):
        # It said "TLS certificate not accepted … SSL_ERROR_SYSCALL", and a technician went
        # after certificates for a head office that speaks plain HTTP on a loopback trial.
        with Office() as office:
            other = Daemon().for_test(self)
            other.start()
            rc, doc, err = kopilka_json(["enroll", "--office", f"https://127.0.0.1:{office.port}",
                                         "--code", "AAAA-BBBB-CCCC"], config=other.config_path)
            self.assertEqual(rc, 1, err)
            self.assertIn("the TLS handshake failed", doc["error"]["message"])
            self.assertIn("is it plain HTTP?", doc["error"]["message"])
            self.assertNotIn("certificate not accepted", doc["error"]["message"])
