"""`kopilka enroll` and `kopilka sync` against a real head office, with kopilkad running or
stopped, and their refusals (bad code, bad URL) that change nothing."""
import os
import signal
import stat

from kopilka_harness import Daemon, enroll, request
from sync_harness import CASHBACK, SyncCase, TlsOffice, sale


class SyncCliTest(SyncCase):
    """The technician enrols and syncs from the command line."""

    def test_kopilka_enroll_and_sync_with_the_daemon_running_or_stopped(self):
        self.seed_office(points=70)
        url = f"http://127.0.0.1:{self.office.port}"
        # Running daemon: the CLI enrols, then the daemon syncs at once.
        a = Daemon().started_for(self)
        rid = request(a.port, "GET", "/v1/health")[1]["register_id"]
        code, out, err = self.kopilka(a, "enroll", "--office", url, "--code", self.office.add_register("Касса 1"))
        self.assertEqual(code, 0, err)
        self.assertEqual((out["register_id"], out["office"], out["sync"]["sync"]), (rid, url, "ok"))
        self.assertGreaterEqual(out["sync"]["pulled"], 2)
        cred = a.data_dir / "office.credential"
        self.assertEqual(stat.S_IMODE(cred.stat().st_mode), 0o600)
        self.assertIn("[office]\nurl = '" + url + "'", a.config_path.read_text())
        self.assertEqual(self.register_card(a), (70, 0))
        self.assertNotIn(cred.read_text().strip(), out.__repr__() + err)
        # Enrolled again (the first output scrolled away): nothing to do, the code stays
        # unused, and register B enrols with it below.
        spare = self.office.add_register("Касса 2")
        code, out, err = self.kopilka(a, "enroll", "--office", url + "/", "--code", spare)
        self.assertEqual((code, out["register_id"], out["already"]), (0, rid, True), err)
        # Stopped daemon: the CLI enrols and pulls into the database itself.
        b = Daemon().for_test(self)
        if os.geteuid() == 0:  # run as root, the credential is the data dir owner's (the service user)
            b.data_dir.mkdir(mode=0o750)
            os.chown(b.data_dir, 65534, 65534)
        code, out, err = self.kopilka(b, "enroll", "--office", url, "--code", spare)
        self.assertEqual((code, out["sync"]["sync"]), (0, "ok"), err)
        if os.geteuid() == 0:
            st = (b.data_dir / "office.credential").stat()
            self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)), (65534, 65534, 0o600))
            os.chown(b.data_dir, 0, 0)
        code, st, err = self.kopilka(b, "sync", "status")
        self.assertEqual((code, st["enrolled"], st["pending"], st["daemon"]), (0, True, 0, "stopped"), err)
        self.assertIsNotNone(st["last_sync"])
        self.office.stop()
        b.start()  # head office down: the pulled card and program serve the sale offline
        status, r = b.pos("POST", "/v1/receipts/confirm", sale("B-1", redeem=70))
        self.assertEqual((status, r["points_redeemed"], r["points_accrued"]), (200, 70, 46), r)
        code, out, err = self.kopilka(b, "sync", "now")
        self.assertEqual((code, out["sync"], out["pending"]), (1, "offline", 1), err)
        self.office.start()
        code, out, err = self.kopilka(b, "sync", "now")
        # The daemon's own retry may have pushed B-1 first: either way it arrives once
        # (head office's card below).
        self.assertEqual((code, out["sync"], out["pending"]), (0, "ok", 0), err)
        self.assertIn(out["pushed"], (0, 1))
        code, st, err = self.kopilka(b, "sync", "status")
        self.assertEqual((st["office"], st["daemon"], st["pending"]), ("online", "running", 0))
        self.assertEqual(self.office_card(), (46, 100000))

    def test_kopilka_enroll_refuses_a_bad_code_or_url_and_changes_nothing(self):
        d = Daemon().started_for(self)
        before = d.config_path.read_text()
        code, out, err = self.kopilka(d, "enroll", "--office", f"http://127.0.0.1:{self.office.port}", "--code", "NOT-A-CODE")
        self.assertEqual(code, 2, err)
        self.assertEqual(out["error"]["field"], "--code")
        code, out, err = self.kopilka(d, "enroll", "--office", "http://office.example.ru", "--code", "X")
        self.assertEqual((code, out["error"]["field"]), (2, "--office"), err)
        # http:// to a head office that speaks HTTPS: the answer says so, not just "nothing".
        tls = TlsOffice().started_for(self)
        code, out, err = self.kopilka(d, "enroll", "--office", f"http://127.0.0.1:{tls.port}",
                                      "--code", tls.add_register("Касса 1"))
        self.assertEqual(code, 1, err)
        self.assertIn("speaks only HTTPS, so use https://", out["error"]["message"])
        # The same silence comes from a head office that stopped mid-request: both are said.
        self.assertIn("may have stopped during the request", out["error"]["message"])
        self.assertFalse((d.data_dir / "office.credential").exists())
        self.assertEqual(d.config_path.read_text(), before)
        self.assertEqual(d.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)

    def test_sync_now_beside_a_kopilkad_that_does_not_answer_syncs_nothing(self):
        # kopilkad frozen (busy, starting): the health check fails, yet it holds the journal.
        self.seed_office()
        d = self.register("Касса 1")
        self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale("F-1"))[0], 200)
        d.proc.send_signal(signal.SIGSTOP)
        try:
            code, out, err = self.kopilka(d, "sync", "now")
        finally:
            d.proc.send_signal(signal.SIGCONT)
        self.assertNotEqual(code, 0, out)
        self.assertIn(f"kopilkad (pid {d.proc.pid}) runs on {d.data_dir} but did not answer "
                      f"its health check at 127.0.0.1:{d.port}; nothing was synced: if it is "
                      "starting or busy, try again in a moment", out["error"]["message"])
        self.assertEqual(self.office_entries()[0], 0)
