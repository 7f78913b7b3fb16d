"""`kopilka` with kopilkad stopped (what reads the database still works, the rest says so
with exit 1), a read-only disk, a taken listen address, another program on it, no
permission, and a damaged
database restored."""
import http.server
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import threading
import unittest

from cli_harness import CARD, TEN_OFF, kopilka, kopilka_json, write
from kopilka_harness import Daemon, Office, enroll, free_port, temp_dir


class CliDaemonDownTest(unittest.TestCase):
    """kopilkad stopped: what must still work reads the database; the rest says so (exit 1)."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().started_for_class(cls)
        cls.d.admin("PUT", "/v1/admin/programs/ten-off", TEN_OFF)
        cls.d.admin("PUT", f"/v1/admin/cards/{CARD}",
                    {"status": "active", "customer": {"name": "Анна", "phone": "+79991234567"}})
        cls.d.admin("POST", f"/v1/admin/cards/{CARD}/points", {"adjust_id": "a", "points": 755, "reason": "t"})
        cls.d.pos("POST", "/v1/receipts/confirm",
                  {"receipt_id": "R-DOWN-1", "card": CARD, "at": "2026-11-20T10:00:00+03:00",
                   "lines": [{"line": 1, "sku": "A", "category": "cosmetics", "qty": 1, "price": 10000}]})
        cls.online = cls.d.admin("GET", f"/v1/cards/{CARD}")[1]
        assert cls.d.stop() == 0
        cls.cfg = cls.d.config_path

    def test_card_show_reads_the_database(self):
        rc, doc, err = kopilka_json(["card", "show", CARD], config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertEqual(doc["source"], "database")
        self.assertEqual(doc["points"], self.online["points"])
        self.assertEqual(doc["spent"], self.online["spent"])
        self.assertEqual(kopilka_json(["card", "show", "--phone", "+79991234567"], config=self.cfg)[1]["card"]["number"], CARD)
        rc, out, err = kopilka(["card", "show", CARD], config=self.cfg)
        self.assertIn("kopilkad is not running", out)
        self.assertEqual(kopilka_json(["card", "show", "2000000009999"], config=self.cfg)[0], 1)

    def test_journal_and_program_list_work_offline(self):
        rc, doc, err = kopilka_json(["journal"], config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertEqual([(e["receipt_id"], e["total"]) for e in doc["entries"]], [("R-DOWN-1", 9000)])
        rc, doc, err = kopilka_json(["program", "list"], config=self.cfg)
        self.assertEqual((rc, doc["source"], [p["id"] for p in doc["programs"]]), (0, "database", ["ten-off"]))

    def test_a_read_only_disk_is_named_and_the_database_still_reads(self):
        # The kernel remounts a disk read-only after I/O errors. doctor called that damage
        # and sent the technician to restore a backup; card show could read nothing.
        mnt = pathlib.Path(temp_dir(self, "kopilka-ro-"))
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)],
                          capture_output=True).returncode != 0:
            self.skipTest("no tmpfs can be mounted here")
        self.addCleanup(subprocess.run, ["umount", "-l", str(mnt)], capture_output=True)
        data = mnt / "data"
        shutil.copytree(self.d.data_dir, data)
        cfg = mnt / "kopilka.toml"
        cfg.write_text(self.cfg.read_text().replace(str(self.d.data_dir), str(data)))
        os.chmod(cfg, 0o600)
        if subprocess.run(["mount", "-o", "remount,ro", str(mnt)],
                          capture_output=True).returncode != 0:
            self.skipTest("the tmpfs cannot be remounted read-only here")
        rc, doc, err = kopilka_json(["card", "show", CARD], config=cfg)
        self.assertEqual((rc, doc["points"]), (0, self.online["points"]), err)
        rc, doc, err = kopilka_json(["journal"], config=cfg)
        self.assertEqual([e["receipt_id"] for e in doc["entries"]], ["R-DOWN-1"], err)
        rc, out, err = kopilka(["doctor"], config=cfg)
        self.assertIn("read-only file system", out)
        self.assertNotIn("found damage", out)
        self.assertNotIn("--restore-backup", out)

    def test_commands_that_need_kopilkad_fail_with_exit_1_and_say_why(self):
        for args in (["card", "set", CARD, "--name", "X"],
                     ["points", "adjust", CARD, "5", "--reason", "x"],
                     ["receipt", "calc", "--line", "A,b,1,100"],
                     ["shift", "close"],
                     ["card", "import", write(pathlib.Path(self.d.dir) / "c.csv", "number\n2000000000606\n")]):
            rc, doc, err = kopilka_json(args, config=self.cfg)
            self.assertEqual(rc, 1, args)
            self.assertIn("kopilkad is not running", err, args)
            self.assertIn("not running", json.dumps(doc, ensure_ascii=False), args)
        rc, _, err = kopilka(["shift", "close"], config=self.cfg, lang="ru_RU.UTF-8")
        self.assertIn("kopilkad не отвечает", err)

    def test_sync_status_in_russian_has_no_english_states(self):
        rc, out, err = kopilka(["sync", "status"], config=self.cfg, lang="ru_RU.UTF-8")
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"служба\s+остановлена")
        self.assertNotIn("stopped", out)

    def test_doctor_fails_the_daemon_line_with_a_fix(self):
        rc, doc, _ = kopilka_json(["doctor"], config=self.cfg)
        self.assertEqual(rc, 1)
        daemon = [c for c in doc["checks"] if c["name"] == "kopilkad"][0]
        self.assertEqual(daemon["status"], "fail")
        # The service runs /etc/kopilka's register: this config's is started by hand.
        self.assertEqual(daemon["hint"], f"kopilkad --config {self.cfg}")
        self.assertEqual([c for c in doc["checks"] if c["name"] == "database"][0]["status"], "ok")


class DoctorDataDirFileTest(unittest.TestCase):
    def test_a_data_dir_that_is_a_file_is_named_as_one(self):
        # It was "does not exist" with `mkdir -p` as the fix (which fails), then "permission
        # denied; run as root" for the database, to root.
        tmp = temp_dir(self)
        (tmp / "data").write_text("not a directory\n")
        cfg = write(tmp / "kopilka.toml", f'data_dir = "{tmp}/data"\n'
                    'pos_token = "pos-token-for-tests-0001"\n'
                    'admin_token = "admin-token-for-tests-0001"\nlisten = "127.0.0.1:9"\n')
        rc, doc, err = kopilka_json(["doctor"], config=cfg)
        data_dir = [c for c in doc["checks"] if c["name"] == "data_dir"][0]
        self.assertEqual(data_dir["status"], "fail", doc)
        self.assertIn("is a file, not a directory", data_dir["message"])
        self.assertNotIn("mkdir", data_dir["hint"])
        self.assertEqual([c for c in doc["checks"] if c["name"] == "database"], [])


class DoctorUnreadableConfigTest(unittest.TestCase):
    def test_a_config_that_is_not_toml_or_not_a_file_is_not_sent_to_config_set(self):
        # Its fix was "kopilka config set KEY VALUE", which refuses such a file.
        tmp = temp_dir(self)
        broken = write(tmp / "kopilka.toml", 'pos_token = "abc\n')
        for cfg, hint in ((broken, f"fix that line by hand (sudoedit {broken})"),
                          (tmp, f"check the file itself: its path, owner and mode (ls -l {tmp})")):
            rc, doc, err = kopilka_json(["doctor"], config=cfg)
            config = [c for c in doc["checks"] if c["name"] == "config"][0]
            self.assertEqual(config["status"], "fail", doc)
            self.assertIn(hint, config["hint"])
            self.assertNotIn("config set KEY", config["hint"])
        self.assertIn("is a directory, not a file", config["message"])
        # config set and unset on the broken file name it, as config check does: a
        # technician with several configs was told only "not valid TOML at line 1".
        for edit in (["config", "set", "locale", "ru"], ["config", "unset", "locale"]):
            rc, _, err = kopilka(edit, config=broken)
            self.assertEqual(rc, 2, err)
            self.assertIn(f"{broken}: not valid TOML at line 1", err)


class DoctorUnknownKeyTest(unittest.TestCase):
    def test_a_misspelt_key_is_to_be_removed_not_set(self):
        # The hint was "kopilka config set KEY VALUE", which refuses a key that is none.
        tmp = temp_dir(self)
        (tmp / "data").mkdir()
        cfg = write(tmp / "kopilka.toml", f'data_dir = "{tmp}/data"\n'
                    'pos_token = "pos-token-for-tests-0001"\n'
                    'admin_token = "admin-token-for-tests-0001"\nlisten = "127.0.0.1:9"\n'
                    'point_valeu = 100\n')
        rc, doc, err = kopilka_json(["doctor"], config=cfg)
        config = [c for c in doc["checks"] if c["name"] == "config"][0]
        self.assertEqual(config["status"], "fail", doc)
        self.assertIn("did you mean point_value?", config["message"])
        self.assertIn("config unset 'point_valeu'", config["hint"])
        self.assertNotIn("config set", config["hint"])
        rc, out, err = kopilka(["config", "unset", "point_valeu"], config=cfg)
        self.assertEqual(rc, 0, err)
        rc, doc, err = kopilka_json(["doctor"], config=cfg)
        config = [c for c in doc["checks"] if c["name"] == "config"][0]
        self.assertNotEqual(config["status"], "fail", config)  # a warning on the tokens' file
        self.assertNotIn("point_valeu", json.dumps(config))


class KopilkadPortClashTest(unittest.TestCase):
    def test_a_taken_address_is_named_with_the_likely_cause(self):
        with Daemon() as first:
            second = Daemon(port=first.port).for_test(self)
            proc = subprocess.run(second.args(), capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn(f'listen = "127.0.0.1:{first.port}"', proc.stderr)
            self.assertIn("kopilkad may already be running", proc.stderr)


class KopilkadElsewhereTest(unittest.TestCase):
    def test_a_kopilkad_started_before_listen_changed_is_told_to_restart_not_to_start(self):
        # `kopilka config set listen …` without a restart: kopilkad runs, elsewhere. Doctor
        # and every command said "not running; systemctl start kopilkad", which does nothing.
        with Daemon() as d:
            rc, _, err = kopilka(["config", "set", "listen", f"127.0.0.1:{free_port()}"],
                                 config=d.config_path)
            self.assertEqual(rc, 0, err)
            rc, doc, _ = kopilka_json(["doctor"], config=d.config_path)
            check = [c for c in doc["checks"] if c["name"] == "kopilkad"][0]
            self.assertEqual(check["status"], "fail")
            self.assertIn(f"kopilkad (pid {d.proc.pid}) runs on {d.data_dir}", check["message"])
            self.assertEqual(check["hint"], f"stop the kopilkad started with {d.config_path}, then "
                                            f"kopilkad --config {d.config_path}")
            rc, doc, _ = kopilka_json(["card", "set", CARD, "--name", "Анна"], config=d.config_path)
            self.assertEqual(rc, 1)
            self.assertIn("systemctl restart kopilkad", doc["error"]["message"])

    def test_sync_now_names_the_kopilkad_to_restart_too(self):
        # An enrolled register: `sync now` said "did not answer its health check … try again
        # in a moment", where every other command names the pid and says restart it.
        with Office() as office, Daemon() as d:
            enroll(office, d, "till-1")
            rc, _, err = kopilka(["config", "set", "listen", f"127.0.0.1:{free_port()}"],
                                 config=d.config_path)
            self.assertEqual(rc, 0, err)
            rc, doc, _ = kopilka_json(["sync", "now"], config=d.config_path)
            self.assertNotEqual(rc, 0)
            self.assertIn(f"kopilkad (pid {d.proc.pid}) runs on {d.data_dir}",
                          doc["error"]["message"])
            self.assertIn("systemctl restart kopilkad", doc["error"]["message"])
            self.assertIn("nothing was synced", doc["error"]["message"])


class ForeignProgramOnListenTest(unittest.TestCase):
    def test_another_program_on_the_address_is_named_and_gets_no_token(self):
        # Head office started on the register's port: doctor said "[ ok ] kopilkad answers"
        # and every command sent the register's tokens to it.
        d = Daemon().for_test(self)
        d.start()
        self.assertEqual(d.stop(), 0)
        seen = []

        class Other(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append((self.path, self.headers.get("Authorization")))
                body = json.dumps({"status": "ok", "service": "kopilka-office"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_PUT = do_POST = do_GET

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", d.port), Other)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        rc, doc, _ = kopilka_json(["doctor"], config=d.config_path)
        check = [c for c in doc["checks"] if c["name"] == "kopilkad"][0]
        self.assertEqual(check["status"], "fail", check)
        self.assertIn(f"127.0.0.1:{d.port} is answered by kopilka-office, not by kopilkad",
                      check["message"])
        self.assertEqual(rc, 1)
        for args in (["card", "set", CARD, "--name", "Анна"], ["sync", "status"],
                     ["receipt", "calc", "--line", "A,cosmetics,1,100"]):
            rc, doc, err = kopilka_json(args, config=d.config_path)
            self.assertEqual(rc, 1, (args, err))
            self.assertIn("not by kopilkad", doc["error"]["message"], args)
        self.assertTrue(seen)
        self.assertEqual([auth for _, auth in seen if auth], [])  # no token went to it


class CliDamageAndPermissionTest(unittest.TestCase):
    def setUp(self):
        self.d = Daemon().started_for(self)
        self.d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
        self.d.pos("POST", "/v1/shift/close", {"shift_id": "s"})  # a backup to restore from
        self.d.stop()

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"), "needs root to drop to nobody")
    def test_no_permission_is_a_failure_naming_the_file(self):
        os.chmod(self.d.config_path, 0o600)
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        rc, out, err = kopilka(["config", "check"], config=self.d.config_path, prefix=nobody)
        self.assertEqual(rc, 1, err)
        self.assertIn("permission denied", err)
        self.assertIn(str(self.d.config_path), err)
        readable = write(pathlib.Path(self.d.dir) / "public.toml", self.d.config_path.read_text())
        os.chmod(readable, 0o644)
        os.chmod(self.d.data_dir, 0o700)
        rc, out, err = kopilka(["journal"], config=readable, prefix=nobody)
        self.assertEqual(rc, 1, err)
        self.assertIn("permission denied", err)

    def test_doctor_finds_damage_and_restores_the_newest_backup(self):
        db = self.d.data_dir / "kopilka.db"
        data = bytearray(db.read_bytes())
        for i in range(8192, min(len(data), 8192 + 4096)):
            data[i] = 0xAB  # scribble over the second page onwards
        db.write_bytes(bytes(data))
        rc, doc, _ = kopilka_json(["doctor"], config=self.d.config_path)
        database = [c for c in doc["checks"] if c["name"] == "database"][0]
        self.assertEqual((rc, database["status"]), (1, "fail"))
        self.assertIn("--restore-backup", database["hint"])
        rc, doc, err = kopilka_json(["doctor", "--restore-backup"], config=self.d.config_path)
        self.assertEqual(rc, 0, err)
        self.assertTrue(pathlib.Path(doc["damaged_kept_as"]).exists())
        rc, doc, _ = kopilka_json(["doctor"], config=self.d.config_path)
        self.assertEqual([c for c in doc["checks"] if c["name"] == "database"][0]["status"], "ok")
        self.d.start()
        self.assertEqual(self.d.admin("GET", f"/v1/cards/{CARD}")[0], 200)
        # Refused while kopilkad runs.
        rc, doc, _ = kopilka_json(["doctor", "--restore-backup"], config=self.d.config_path)
        self.assertEqual(rc, 1)



class RestoreNumberingTest(unittest.TestCase):
    def test_a_restored_backup_numbers_new_entries_after_the_damaged_copy(self):
        # Entries journalled after the backup may be at head office already under their
        # numbers: the restored file must not give those numbers to new receipts, or head
        # office refuses them as another entry's (docs/sync.md "Push").
        d = Daemon().started_for(self)
        sale = {"card": CARD, "at": "2026-11-20T10:00:00+03:00",
                "lines": [{"line": 1, "sku": "A", "category": "cosmetics", "qty": 1, "price": 10000}]}
        self.assertEqual(d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})[0], 201)
        self.assertEqual(d.pos("POST", "/v1/receipts/confirm", dict(sale, receipt_id="R-1"))[0], 200)
        self.assertEqual(d.pos("POST", "/v1/shift/close", {"shift_id": "S-1"})[0], 200)
        for rid in ("R-2", "R-3"):
            self.assertEqual(d.pos("POST", "/v1/receipts/confirm", dict(sale, receipt_id=rid))[0], 200)
        journal = lambda: sqlite3.connect(d.data_dir / "kopilka.db").execute(
            "SELECT max(seq) FROM journal").fetchone()[0]
        last = journal()
        self.assertEqual(d.stop(), 0)
        # The file is not damaged: restoring over it is refused, naming what would be lost
        # this register is not enrolled), unless asked for.
        rc, doc, err = kopilka_json(["doctor", "--restore-backup"], config=d.config_path)
        self.assertEqual(rc, 1, err)
        self.assertIn("not damaged", err + json.dumps(doc))
        self.assertIn("3 journal entries", err + json.dumps(doc))
        self.assertEqual(journal(), last)
        rc, doc, err = kopilka_json(["doctor", "--restore-backup", "--force"], config=d.config_path)
        self.assertEqual(rc, 0, err)
        self.assertLess(journal(), last)  # the backup's journal is shorter
        d.start()
        status, r = d.pos("POST", "/v1/receipts/confirm", dict(sale, receipt_id="R-4"))
        self.assertEqual(status, 200, r)
        self.assertEqual(journal(), last + 1)


if __name__ == "__main__":
    unittest.main()
