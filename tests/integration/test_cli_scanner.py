"""`kopilka scanner listen|test` and doctor's scanner lines through a pseudo-terminal pair
standing in for the scanner's cable."""
import json
import os
import shutil
import signal
import subprocess
import time
import unittest

from cli_harness import CARD, KOPILKA, kopilka, kopilka_json
from kopilka_harness import Daemon
from pty_harness import PtyPair, needs_socat


@needs_socat
class CliScannerTest(unittest.TestCase):
    """Scanners through a pseudo-terminal pair standing in for the cable."""

    def setUp(self):
        self.pty = PtyPair.for_test(self, prefix="kopilka-cli-pty-")
        self.tmp = self.pty.a.parent

    def scanner_test(self, config, frame, until_seen=False):
        """`kopilka --json scanner test front` while `frame` is scanned: (exit code, stdout,
        stderr). Through kopilkad the command only sees scans after it has asked for the
        event cursor, which a loaded (sanitizer) run may take longer than the first pause
        to do: with `until_seen` the frame is scanned again, past kopilkad's repeat window,
        until the command answers, as a cashier scans again when nothing happens."""
        proc = subprocess.Popen([KOPILKA, "--config", str(config), "--json", "scanner",
                                 "test", "front", "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The prompt comes once the command reads (the port open, or kopilkad's events
        # asked for): what the port took in before it is dropped, as after a restart.
        prompt = proc.stderr.readline()
        self.pty.send(frame)
        while until_seen:
            try:
                proc.wait(timeout=2)
                break
            except subprocess.TimeoutExpired:
                self.pty.send(frame)
        out, err = proc.communicate(timeout=30)
        return proc.returncode, out, prompt + err

    def listen_json(self, count):
        """`kopilka --json scanner listen PORT --count N`, once it says it reads (on stderr:
        what the port took in before is dropped)."""
        proc = subprocess.Popen([KOPILKA, "--json", "scanner", "listen", str(self.pty.a),
                                 "--count", str(count), "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertIn("listening to", proc.stderr.readline())
        return proc

    def scanner_test_text(self, config, frame):
        """`kopilka scanner test front` (kopilkad stopped: it reads the port itself) while
        `frame` is scanned once it says it reads: (exit code, stdout, stderr)."""
        proc = subprocess.Popen([KOPILKA, "--config", str(config), "scanner", "test", "front",
                                 "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertIn("scan a card", proc.stderr.readline())
        self.pty.send(frame)
        out, err = proc.communicate(timeout=30)
        return proc.returncode, out, err

    def test_listen_prints_each_frame_as_parsed_and_hides_bank_cards(self):
        proc = self.listen_json(3)
        # Each frame is sent once the one before has been printed: frames that reach the
        # tool in one read share its bytes, and a read that held a bank card shows none.
        lines = []
        for frame in (b"]E02000000000015\r", b"%B4111111111111111^DOE/JOHN^2512101?\r", b"\x02abc\r"):
            self.pty.send(frame)
            lines.append(proc.stdout.readline())
        out, err = proc.communicate(timeout=30)
        out = "".join(lines) + out
        self.assertEqual(proc.returncode, 0, err)
        frames = [json.loads(l) for l in out.splitlines()]
        self.assertEqual(frames[0], {"raw": "]E02000000000015\\r", "card": "2000000000015", "source": "ean13"})
        self.assertEqual(frames[1], {"raw": "", "rejected": "payment_card"})
        self.assertEqual(frames[2], {"raw": "\\x02abc\\r", "rejected": "garbage"})
        self.assertNotIn("4111", out + err)
        self.assertNotIn("DOE", out + err)

    def test_listen_hides_a_bank_card_begun_in_the_read_of_the_frame_before(self):
        proc = self.listen_json(2)
        # One read ends a loyalty card and begins a Mastercard number; the rest comes after
        # a pause longer than the frame gap.
        self.pty.send(b"2000000000015\r5500000000")
        time.sleep(0.15)
        self.pty.send(b"000004\r")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, err)
        frames = [json.loads(l) for l in out.splitlines()]
        self.assertEqual(frames, [{"raw": "2000000000015\\r", "card": "2000000000015", "source": "ean13"},
                                  {"raw": "", "rejected": "payment_card"}])
        self.assertNotIn("55000", out + err)

    def test_listen_stops_cleanly_on_ctrl_c(self):
        proc = subprocess.Popen([KOPILKA, "scanner", "listen", str(self.pty.a)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertIn("listening to", proc.stderr.readline())
        self.pty.send(b"2000000000022\r")
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn('"2000000000022\\r"  →  card 2000000000022 (ean13)', out)
        # A port that is not there is not "listened to" first (it once said so, then failed).
        rc, out, err = kopilka(["scanner", "listen", "/dev/ttyKOPILKA-none", "--timeout", "1"])
        self.assertNotEqual(rc, 0)
        self.assertNotIn("listening to", err)

    def test_listen_shows_no_bytes_of_a_broken_off_frame_with_the_next(self):
        # A fragment whose terminator never came is dropped after a quiet second; its bytes
        # were once shown glued to the next frame's raw column.
        proc = self.listen_json(2)
        self.pty.send(b"2000000000015\r")
        first = json.loads(proc.stdout.readline())
        self.pty.send(b"20000")
        time.sleep(1.6)
        self.pty.send(b"2000000000022\r")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, err)
        second = json.loads(out)
        self.assertEqual((first["raw"], first["card"]), ("2000000000015\\r", "2000000000015"))
        self.assertEqual((second["raw"], second["card"]), ("2000000000022\\r", "2000000000022"))

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"), "needs root to drop to nobody")
    def test_a_bank_card_through_a_barcode_scanner_is_hidden_from_listen_and_test(self):
        (self.tmp / "reg").mkdir()
        d = Daemon(directory=self.tmp / "reg",
                   extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n'
                                'kind = "barcode"\ncard_pattern = "^.*$"\n')
        proc = subprocess.Popen([KOPILKA, "--config", str(d.config_path), "scanner", "listen", "front",
                                 "--count", "3", "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertIn("listening to", proc.stderr.readline())
        self.pty.send(b"%B4111111111111111^DOE/JOHN^2512101?\r")
        time.sleep(0.2)
        self.pty.send(b"4111111111111111\r")
        time.sleep(0.2)
        self.pty.send(b"2000000000015\r")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, err)
        lines = out.splitlines()
        self.assertEqual(lines[:2], ["(bank card data hidden)  →  rejected: payment_card"] * 2)
        self.assertIn("2000000000015", lines[2])
        self.assertNotIn("4111", out + err)
        self.assertNotIn("DOE", out + err)
        # scanner test (kopilkad stopped: it reads the port) says a bank card was swiped.
        rc, out, err = self.scanner_test_text(d.config_path, b"%B4111111111111111^DOE/JOHN^2512101?\r")
        self.assertEqual(rc, 1, err)
        self.assertIn("a bank card was swiped or scanned", out)
        self.assertNotIn("card_pattern", out)
        self.assertNotIn("4111", out + err)
        self.assertNotIn("DOE", out + err)
        rc, doc, err = kopilka_json(["scanner", "test", "front", "--timeout", "1"], config=d.config_path)
        self.assertNotIn("4111", json.dumps(doc) + err)

    def test_a_bad_swipe_is_answered_with_swipe_again_not_settings(self):
        # A read error is the hand's doing: swipe again, change nothing (once: card_pattern).
        (self.tmp / "reg").mkdir()
        d = Daemon(directory=self.tmp / "reg",
                   extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n')
        rc, out, err = self.scanner_test_text(d.config_path, b";E?\r")
        self.assertEqual(rc, 1, err)
        self.assertIn("rejected: read_error", out)
        self.assertIn("swipe it again", out)
        self.assertNotIn("card_pattern", out)

    def test_a_scanner_added_after_kopilkad_started_is_said_to_need_a_restart(self):
        # Before, `scanner test` waited for a scan kopilkad could never see and blamed the cable.
        (self.tmp / "late").mkdir()
        d = Daemon(directory=self.tmp / "late").started_for(self)
        rc, _, err = kopilka(["scanner", "add", "front", str(self.pty.a), "--baud", "9600"],
                             config=d.config_path)
        self.assertEqual(rc, 0, err)
        rc, out, err = kopilka(["scanner", "test", "front", "--timeout", "1"], config=d.config_path)
        self.assertEqual(rc, 1, out + err)
        self.assertIn("systemctl restart kopilkad", err)
        self.assertNotIn("cable", err)
        # `test` and `remove` take names only: an unknown one is answered with the names,
        # not with a port path they would refuse too.
        for command in (["scanner", "test", "back", "--timeout", "1"], ["scanner", "remove", "back"]):
            rc, out, err = kopilka(command, config=d.config_path)
            self.assertNotEqual(rc, 0, out + err)
            self.assertIn("no scanner named back in the config (configured: front); give one of "
                          "those names", err)

    def test_a_scanner_not_plugged_in_is_the_reason_given_when_nothing_came(self):
        # `scanner test` on a waiting scanner timed out blaming "the cable, the port and the
        # baud rate", right after saying the port was not there.
        (self.tmp / "unplugged").mkdir()
        missing = self.tmp / "ttyKOPILKA-unplugged"
        d = Daemon(directory=self.tmp / "unplugged",
                   extra_config=f'[[scanner]]\nname = "back"\nport = "{missing}"\n'
                   ).started_for(self)
        rc, out, err = kopilka(["scanner", "test", "back", "--timeout", "1"], config=d.config_path)
        self.assertEqual(rc, 1, out + err)
        last = err.strip().splitlines()[-1]
        self.assertIn("scanner back is", last)
        self.assertIn(f"{missing} is not there", last)
        self.assertIn("plug it in, or fix its port", last)
        self.assertNotIn("cable", last)

    def test_doctor_with_a_scanner_and_kopilkad_stopped_reports_instead_of_dying(self):
        (self.tmp / "reg").mkdir()
        d = Daemon(directory=self.tmp / "reg",
                   extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n')
        rc, doc, err = kopilka_json(["doctor"], config=d.config_path)
        self.assertIsNotNone(doc, err)
        self.assertNotIn("internal error", err)
        self.assertEqual(rc, 1)  # kopilkad is not running
        checks = {c["name"]: c for c in doc["checks"]}
        self.assertEqual(checks["kopilkad"]["status"], "fail")
        self.assertEqual(checks["scanner front"]["status"], "ok", checks["scanner front"])
        rc, out, err = kopilka(["doctor"], config=d.config_path)
        self.assertRegex(out, r"\[ ok \] scanner front")

    def test_doctor_fails_a_port_the_service_user_cannot_open(self):
        (self.tmp / "reg").mkdir()
        d = Daemon(directory=self.tmp / "reg",
                   extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n')
        os.chmod(self.tmp, 0o755)  # nobody must reach the config and the pty's link
        os.chmod(self.tmp / "reg", 0o755)
        os.chmod(os.path.realpath(self.pty.a), 0o600)
        os.chmod(d.config_path, 0o644)
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        rc, doc, err = kopilka_json(["doctor"], config=d.config_path, prefix=nobody)
        self.assertEqual(rc, 1, err)
        front = [c for c in doc["checks"] if c["name"] == "scanner front"][0]
        self.assertEqual(front["status"], "fail")
        self.assertIn("cannot be opened", front["message"])
        # Join the port's group, unless that group is root's: no service joins that.
        if os.stat(os.path.realpath(self.pty.a)).st_gid == 0:
            self.assertIn("chgrp dialout", front["hint"])
            self.assertNotIn("usermod", front["hint"])
            # kopilkad opens the port again by itself: no restart is needed for that.
            self.assertNotIn("restart", front["hint"])
        else:
            self.assertIn("usermod -aG", front["hint"])

    def test_a_baud_the_port_cannot_take_is_an_error_doctor_fails_with_the_setting(self):
        # docs/scanners.md: a port opened through termios cannot take 14400: `error`, since
        # waiting mends nothing; doctor names the setting instead of a test scan.
        with Daemon(extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n'
                                 'baud = 14400\n') as d:
            deadline = time.time() + 10
            while (scanner := d.pos("GET", "/v1/health")[1]["scanners"][0])["state"] == "waiting" \
                    and "baud" not in scanner.get("message", ""):
                self.assertLess(time.time(), deadline)
                time.sleep(0.05)
            self.assertEqual(scanner["state"], "error", scanner)
            self.assertIn("baud 14400 cannot be set", scanner["message"])
            rc, doc, _ = kopilka_json(["doctor"], config=d.config_path)
            front = [c for c in doc["checks"] if c["name"] == "scanner front"][0]
            self.assertEqual(front["status"], "fail", front)
            self.assertIn("scanner[0].baud' 9600", front["hint"])

    def test_a_scan_made_while_nothing_read_the_port_is_not_a_scan_later(self):
        # Bytes the port took in with nobody reading (kopilkad restarting) came out as a scan
        # at the next open: a card for whatever receipt was open then.
        (self.tmp / "reg").mkdir()
        d = Daemon(directory=self.tmp / "reg",
                   extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n')
        self.pty.send(b"2000000000015\r")
        rc, doc, err = kopilka_json(["scanner", "test", "front", "--timeout", "1"], config=d.config_path)
        self.assertEqual(rc, 1, (doc, err))
        self.assertIn("no scan", doc["error"]["message"])

    def test_scanner_test_through_kopilkad_and_port_busy(self):
        with Daemon(extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n') as d:
            d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
            deadline = time.time() + 10
            while d.pos("GET", "/v1/health")[1]["scanners"][0]["state"] != "connected":
                self.assertLess(time.time(), deadline)
                time.sleep(0.05)
            rc, out, err = self.scanner_test(d.config_path, b"]E02000000000015\r", until_seen=True)
            self.assertEqual(rc, 0, err)
            doc = json.loads(out)
            self.assertEqual((doc["type"], doc["card"], doc["source"], doc["known"], doc["via"]),
                             ("card_scanned", CARD, "ean13", True, "kopilkad"))
            # kopilkad holds the port: listen says so instead of fighting over it.
            rc, doc, err = kopilka_json(["scanner", "listen", "front", "--timeout", "2"], config=d.config_path)
            self.assertEqual(rc, 1)
            self.assertIn("scanner test", doc["error"]["message"])
            # doctor sees the scanner present and connected.
            rc, doc, _ = kopilka_json(["doctor"], config=d.config_path)
            front = [c for c in doc["checks"] if c["name"] == "scanner front"][0]
            self.assertEqual(front["status"], "ok", front)
            d.stop()
            # With kopilkad stopped, test reads the port itself.
            rc, out, err = self.scanner_test(d.config_path, b";6000000000017?\r")
            doc = json.loads(out)
            self.assertEqual((doc["type"], doc["via"]), ("card_scanned", "port"), err)
            self.assertEqual(rc, 0)
            rc, doc, _ = kopilka_json(["scanner", "test", "front", "--timeout", "1"], config=d.config_path)
            self.assertEqual(rc, 1)
            self.assertIn("no scan", doc["error"]["message"])
