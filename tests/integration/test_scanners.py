"""Scanners through real pseudo-terminals: socat stands in for the cable. The daemon
opens one end, the test writes scanner bytes into the other and reads /v1/events;
killing socat is an unplug, a new socat on the same names a replug."""
import time
import unittest

from kopilka_harness import Daemon
from pty_harness import PtyPair, needs_socat

BANK_CARD = "4111111111111111"


@needs_socat
class ScannerTest(unittest.TestCase):
    def setUp(self):
        self.cable = PtyPair.for_test(self)
        self.d = Daemon(extra_config=f'[[scanner]]\nname = "front"\nport = "{self.cable.a}"\nbaud = 9600\n')
        self.d.started_for(self)
        self.d.admin("PUT", "/v1/admin/cards/2000000000015", {"status": "active"})
        self.seq = 0

    def next_event(self, kind, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, body = self.d.pos("GET", f"/v1/events?after={self.seq}&wait=2")
            self.assertEqual(status, 200)
            for e in body["events"]:
                self.seq = e["seq"]
                if e["type"] == kind:
                    return e
        health = self.d.pos("GET", "/v1/health")[1]
        self.fail(f"no {kind} event after seq {self.seq}; scanners: {health['scanners']}; "
                  f"the daemon's log ends:\n{self.d.log()[-4000:]}")

    def test_scans_unplug_and_replug(self):
        self.assertEqual(self.next_event("scanner_connected")["scanner"], "front")
        health = self.d.pos("GET", "/v1/health")[1]
        self.assertEqual(health["scanners"], [{"name": "front", "state": "connected"}])

        self.cable.send(b"2000000000015\r")
        e = self.next_event("card_scanned")
        self.assertEqual((e["card"], e["source"], e["known"]), ("2000000000015", "ean13", True))
        self.cable.send(b"]E02000000000022\r\n")
        e = self.next_event("card_scanned")
        self.assertEqual((e["card"], e["known"]), ("2000000000022", False))
        self.cable.send(b";E?\r")
        self.assertEqual(self.next_event("scan_rejected")["reason"], "read_error")

        self.cable.unplug()
        self.next_event("scanner_disconnected")
        self.cable.plug()
        self.next_event("scanner_connected")
        self.cable.send(b"2000000000015\r")
        self.assertEqual(self.next_event("card_scanned")["card"], "2000000000015")

    def test_a_bank_card_leaves_nothing_behind(self):
        self.next_event("scanner_connected")
        self.cable.send(f"%B{BANK_CARD}^IVANOV/IVAN^25121010000000000000?;{BANK_CARD}=25121010000000000000?\r".encode())
        e = self.next_event("scan_rejected")
        self.assertEqual(e["reason"], "payment_card")
        self.assertNotIn(BANK_CARD, str(e))
        self.d.pos("POST", "/v1/shift/close", {})  # flushes the database and makes a backup
        self.d.stop()
        for path in self.d.dir.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                self.assertNotIn(BANK_CARD.encode(), data, path)
                self.assertNotIn(b"IVANOV", data, path)

    def test_a_bare_bank_card_number_is_rejected_and_never_reaches_the_pos(self):
        self.next_event("scanner_connected")
        # A reader set to send the number alone, and a barcode with an AIM id.
        for frame in (f"{BANK_CARD}\r".encode(), b"]E05555555555554444\r", b"2200000000000004\r"):
            self.cable.send(frame)
            e = self.next_event("scan_rejected")
            self.assertEqual(e["reason"], "payment_card", frame)
            self.assertEqual(set(e), {"type", "scanner", "reason", "seq", "at"})
        # A loyalty EAN-13 still goes through, and no bank number reached any event.
        self.cable.send(b"2000000000015\r")
        self.assertEqual(self.next_event("card_scanned")["card"], "2000000000015")
        events = self.d.pos("GET", "/v1/events?after=0&wait=0")[1]["events"]
        for number in (BANK_CARD, "5555555555554444", "2200000000000004"):
            self.assertNotIn(number, str(events))

    def test_a_bank_number_in_two_bursts_before_the_first_terminator(self):
        # After a start or a replug `auto` ends frames by a pause until the device's first
        # terminator: the two halves of a bank number went out as two loyalty cards.
        self.next_event("scanner_connected")
        self.cable.send(BANK_CARD[:12].encode())
        time.sleep(0.2)
        self.cable.send(BANK_CARD[12:].encode() + b"\r")
        self.assertEqual(self.next_event("scan_rejected")["reason"], "payment_card")
        self.cable.send(b"2000000000015\r")
        self.assertEqual(self.next_event("card_scanned")["card"], "2000000000015")
        events = self.d.pos("GET", "/v1/events?after=0&wait=0")[1]["events"]
        self.assertEqual([e["type"] for e in events if e["type"] != "scanner_connected"],
                         ["scan_rejected", "card_scanned"])
        self.assertNotIn(BANK_CARD[:12], str(events))

    def test_garbage_at_the_wrong_baud_never_stalls_the_api(self):
        self.next_event("scanner_connected")
        self.cable.send(bytes(range(256)) * 8 + b"\r")
        self.assertEqual(self.d.pos("GET", "/v1/health")[0], 200)
        self.cable.send(b"2000000000015\r")
        self.assertEqual(self.next_event("card_scanned")["card"], "2000000000015")


@needs_socat
class BarcodeScannerBankCardTest(unittest.TestCase):
    """A scanner set to kind = barcode with a pattern that takes anything, logging at debug:
    a bank card swiped through it is still refused, and its bytes are in no log."""

    def setUp(self):
        self.cable = PtyPair.for_test(self)
        self.d = Daemon(extra_config='log_level = "debug"\n[[scanner]]\nname = "front"\n'
                                     f'port = "{self.cable.a}"\nkind = "barcode"\ncard_pattern = "^.*$"\n')
        self.d.started_for(self)
        self.d.admin("PUT", "/v1/admin/cards/2000000000015", {"status": "active"})
        self.seq = 0

    next_event = ScannerTest.next_event

    def test_a_swipe_and_a_bare_number_through_a_barcode_scanner(self):
        self.next_event("scanner_connected")
        for frame in (f"%B{BANK_CARD}^IVANOV/IVAN^25121010000000000000?\r".encode(),
                      f";{BANK_CARD}=25121010000000000000?\r".encode(),
                      f"{BANK_CARD}\r".encode()):
            self.cable.send(frame)
            self.assertEqual(self.next_event("scan_rejected")["reason"], "payment_card", frame)
        self.cable.send(b"2000000000015\r")
        self.assertEqual(self.next_event("card_scanned")["card"], "2000000000015")
        self.d.stop()
        self.assertNotIn(BANK_CARD, self.d.log())
        self.assertNotIn("IVANOV", self.d.log())


if __name__ == "__main__":
    unittest.main()


class ScannerPortMistypedTest(unittest.TestCase):
    def test_a_port_that_is_no_serial_device_is_an_error_not_waiting(self):
        # A file, a directory or /dev/null as `port` showed "waiting", as an unplugged
        # scanner does, for ever.
        import tempfile
        folder = tempfile.mkdtemp(prefix="kopilka-port-")
        self.addCleanup(lambda: __import__("shutil").rmtree(folder, ignore_errors=True))
        file = f"{folder}/cards.csv"
        open(file, "w").close()
        config = "".join(f'[[scanner]]\nname = "{name}"\nport = "{port}"\n'
                         for name, port in (("file", file), ("dir", folder), ("null", "/dev/null")))
        d = Daemon(extra_config=config).started_for(self)
        health = d.pos("GET", "/v1/health")[1]
        states = {s["name"]: (s["state"], s.get("message", "")) for s in health["scanners"]}
        for name in ("file", "dir", "null"):
            self.assertEqual(states[name][0], "error", states)
            self.assertIn("`port` names the scanner's device", states[name][1])
        self.assertIn("is not a serial device (a directory)", states["dir"][1])
