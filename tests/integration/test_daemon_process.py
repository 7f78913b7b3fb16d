"""kopilkad as a service: it tells systemd when it is ready, stops cleanly on SIGINT,
keeps tokens and whole card numbers out of its log, warns about a non-loopback listen
address, and refuses to start on a port already taken or on a data dir another kopilkad
serves."""
import os
import signal
import socket
import subprocess
import unittest

from kopilka_harness import ADMIN_TOKEN, POS_TOKEN, START_TIMEOUT, Daemon, notify_socket, request

CARD = "2000000000015"


class DaemonProcessTest(unittest.TestCase):
    def test_it_notifies_systemd_when_ready(self):
        with notify_socket() as (path, sock):
            d = Daemon()
            d.env = dict(os.environ, NOTIFY_SOCKET=path)
            d.started_for(self)
            messages = sock.recv(4096).decode()
            self.assertIn("READY=1", messages)
            self.assertEqual(d.stop(signal.SIGTERM), 0)
            self.assertIn("STOPPING=1", sock.recv(4096).decode())

    def test_sigint_stops_cleanly_and_the_log_keeps_secrets(self):
        with Daemon() as d:
            d.admin("PUT", "/v1/admin/programs/cashback",
                    {"id": "cashback", "name": "К", "kind": "bonus", "percent": 10})
            d.admin("PUT", f"/v1/admin/cards/{CARD}", {"customer": {"name": "Анна", "phone": "+79991234567"}})
            d.admin("POST", f"/v1/admin/cards/{CARD}/points", {"adjust_id": "A", "points": 5})
            self.assertEqual(d.pos("POST", "/v1/receipts/confirm",
                                   {"receipt_id": "LOG-1", "card": CARD,
                                    "lines": [{"line": 1, "qty": 1, "price": 100}]})[0], 200)
            d.pos("GET", f"/v1/cards/{CARD}")
            request(d.port, "GET", "/v1/cards/1234", token="wrong-token-0000000000")
            self.assertEqual(d.stop(signal.SIGINT), 0)
            log = d.log()
            self.assertIn("****0015", log)
            for secret in (POS_TOKEN, ADMIN_TOKEN, CARD, "+79991234567", "wrong-token"):
                self.assertNotIn(secret, log)

    def test_a_non_loopback_address_is_served_with_a_warning(self):
        with Daemon() as probe:
            port = probe.port
        d = Daemon(port=port)
        d.write_config()
        text = d.config_path.read_text().replace(f'"127.0.0.1:{port}"', f'"0.0.0.0:{port}"')
        d.config_path.write_text(text)
        with d:
            self.assertIn("reachable from the network", d.log())

    def test_a_port_in_use_is_reported_at_once(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            d = Daemon(port=taken.getsockname()[1]).for_test(self)
            proc = subprocess.run(d.args(), capture_output=True, text=True, timeout=START_TIMEOUT)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("cannot listen", proc.stderr)

    def test_a_second_daemon_on_the_same_data_dir_is_refused_naming_the_first(self):
        # It once started on another port and even synced the same journal.
        with Daemon() as first:
            second = Daemon()
            try:
                second.data_dir = first.data_dir
                second.write_config()
                proc = subprocess.run(second.args(), capture_output=True, text=True,
                                      timeout=START_TIMEOUT)
                self.assertEqual(proc.returncode, 1, proc.stderr)
                self.assertIn(f"another kopilkad (pid {first.proc.pid}) is running on "
                              f"{first.data_dir}", proc.stderr)
                self.assertEqual(request(first.port, "GET", "/v1/health")[0], 200)
                # Once the first is gone, killed or not, the data dir is free again.
                first.kill9()
                second.start()
                self.assertEqual(request(second.port, "GET", "/v1/health")[0], 200)
            finally:
                second.__exit__(None, None, None)


if __name__ == "__main__":
    unittest.main()
