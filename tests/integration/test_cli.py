"""`kopilka`, the technician's command line, against a real kopilkad: the command tree, help
and usage errors (exit 2), config and init, locales, doctor, completion and the man page.
Cards, programs and receipts: test_cli_cards.py; scanners: test_cli_scanner.py; kopilkad
stopped or damaged: test_cli_offline.py; head office: test_cli_office.py."""
import json
import os
import re
import shutil
import stat
import subprocess

from cli_harness import CARD, KOPILKA, CliWithDaemonCase, kopilka, kopilka_json, write
from kopilka_harness import ADMIN_TOKEN, POS_TOKEN


class CliWithDaemonTest(CliWithDaemonCase):
    """The command tree, config, init, locales and doctor with kopilkad running."""

    def test_help_is_everywhere_and_usage_errors_exit_2(self):
        commands = [[], ["init"], ["config"], ["config", "get"], ["config", "set"],
                    ["config", "show"], ["config", "check"], ["scanner"], ["scanner", "list"],
                    ["scanner", "listen"], ["scanner", "test"], ["scanner", "add"], ["scanner", "remove"], ["card"], ["card", "show"],
                    ["card", "set"], ["card", "import"], ["program"], ["program", "list"],
                    ["program", "show"], ["program", "import"], ["program", "export"],
                    ["program", "validate"], ["receipt", "calc"], ["points", "adjust"],
                    ["journal"], ["shift", "close"], ["doctor"], ["completion", "bash"],
                    ["manpage"]]
        for c in commands:
            rc, out, err = kopilka(c + ["--help"])
            self.assertEqual(rc, 0, (c, err))
            self.assertIn("Usage", out, c)
        rc, out, _ = kopilka(["card", "show", "--help"], lang="ru_RU.UTF-8")
        self.assertEqual(rc, 0)
        self.assertIn("Использование: kopilka card show", out)
        self.assertIn("найти карту по телефону клиента", out)
        # The global options, which CLI11 lists only in the top-level help.
        self.assertIn("--config ФАЙЛ (сейчас /etc/kopilka/kopilka.toml) и --json", out)
        self.assertIn("--config FILE (now /etc/kopilka/kopilka.toml) and --json",
                      kopilka(["config", "set", "--help"])[1])
        self.assertEqual(kopilka(["no-such-command"])[0], 2)
        self.assertEqual(kopilka([])[0], 2)
        self.assertEqual(kopilka(["card", "set"], config=self.cfg)[0], 2)  # NUMBER missing
        self.assertEqual(kopilka(["points", "adjust", CARD, "5"], config=self.cfg)[0], 2)  # --reason

    def test_output_has_no_colour_when_not_a_terminal(self):
        rc, out, err = kopilka(["card", "show", CARD], config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertNotIn("\x1b[", out + err)

    def test_config_check_show_get_never_print_tokens(self):
        doc = self.run_ok(["config", "check"])
        self.assertEqual(doc, {"config": str(self.cfg), "ok": True, "warnings": []})
        shown = self.run_ok(["config", "show"])
        self.assertEqual(shown["listen"], f"127.0.0.1:{self.d.port}")
        self.assertEqual(shown["pos_token"], "(set)")
        for args in (["config", "show"], ["config", "get", "pos_token"],
                     ["config", "get", "admin_token"]):
            for as_json in (True, False):
                rc, out, err = kopilka(args + (["--json"] if as_json else []), config=self.cfg)
                self.assertEqual(rc, 0, err)
                self.assertNotIn(POS_TOKEN, out + err)
                self.assertNotIn(ADMIN_TOKEN, out + err)
        self.assertEqual(self.run_ok(["config", "get", "timezone"]),
                         {"key": "timezone", "value": "Europe/Moscow"})
        rc, doc, _ = kopilka_json(["config", "get", "no_such_key"], config=self.cfg)
        self.assertEqual(rc, 2)  # a usage error, as config set says of it
        self.assertIn("no_such_key", doc["error"]["message"])
        # A key the file leaves out is its default, as the register uses it (it was
        # "the config has no key point_value", exit 1); a mistyped one gets the nearest.
        self.assertNotIn("point_value", self.cfg.read_text())
        self.assertEqual(self.run_ok(["config", "get", "point_value"]),
                         {"key": "point_value", "value": 100, "default": True})
        rc, out, err = kopilka(["config", "get", "expiry_warning_days"], config=self.cfg)
        self.assertEqual((rc, out), (0, "7\n"), err)
        rc, doc, _ = kopilka_json(["config", "get", "point_valu"], config=self.cfg)
        self.assertEqual(rc, 2)
        self.assertIn("did you mean point_value?", doc["error"]["message"])

    def test_config_get_tells_a_scanners_defaults(self):
        # `config get 'scanner[0].frame_gap'` on a file that leaves it out once said "no key"
        # (the settings shown carried only name, port and baud): now every scanner setting
        # in use, in the words the file takes.
        cfg = self.tmp / "scanner.toml"
        cfg.write_text(self.cfg.read_text() + '\n[[scanner]]\nname = "front"\n'
                       'port = "/dev/ttyUSB0"\nprefix = "\\\\x02"\nrepeat_window = "2s"\n')
        os.chmod(cfg, 0o600)
        self.assertEqual(self.run_ok(["config", "get", "scanner[0].frame_gap"], config=cfg),
                         {"key": "scanner[0].frame_gap", "value": "50ms", "default": True})
        self.assertEqual(self.run_ok(["config", "get", "scanner[0].card_check"], config=cfg),
                         {"key": "scanner[0].card_check", "value": "none", "default": True})
        rc, out, err = kopilka(["config", "get", "scanner[0].terminator"], config=cfg)
        self.assertEqual((rc, out), (0, "auto\n"), err)
        self.assertEqual(self.run_ok(["config", "get", "scanner[0].repeat_window"], config=cfg),
                         {"key": "scanner[0].repeat_window", "value": "2s"})
        shown = self.run_ok(["config", "show"], config=cfg)["scanner"][0]
        self.assertEqual((shown["prefix"], shown["baud"], shown["repeat_window"], shown["aim_ids"]),
                         ("\x02", 9600, "2000ms", "auto"))
        # The table lists every setting too (it gave name, port and baud), and a control
        # byte is written as \x02, not sent raw to the terminal.
        rc, out, err = kopilka(["config", "show"], config=cfg)
        self.assertRegex(out, r"scanner\[0\]\.frame_gap\s+50ms")
        self.assertRegex(out, r"scanner\[0\]\.prefix\s+\\x02")
        self.assertNotIn("\x02", out)
        rc, out, err = kopilka(["config", "get", "scanner[0].prefix"], config=cfg)
        self.assertEqual((rc, out), (0, "\\x02\n"), err)
        for missing in ("scanner[1].frame_gap", "scanner[0].no_such", "scanner[x].baud"):
            rc, doc, _ = kopilka_json(["config", "get", missing], config=cfg)
            self.assertEqual(rc, 2, missing)

    def test_config_unset_takes_out_a_misspelt_key(self):
        # A misspelt key made every `config set` fail on the whole file, and nothing could
        # take it out but an editor.
        cfg = self.tmp / "misspelt.toml"
        cfg.write_text(self.cfg.read_text() + "\npoint_valeu = 5\n")
        os.chmod(cfg, 0o600)
        rc, out, err = kopilka(["config", "check"], config=cfg)
        self.assertEqual(rc, 2)
        self.assertIn("did you mean point_value?", err)
        # With --config: copied as written, the hint changed /etc/kopilka's file.
        self.assertIn(f"kopilka --config {cfg} config unset 'point_valeu'", err)
        rc, out, err = kopilka(["config", "set", "point_value", "5"], config=cfg)
        self.assertEqual(rc, 2)
        self.assertIn(f"kopilka --config {cfg} config unset 'point_valeu'", err)
        # The key being set is never written: no "to remove it" for a key the file lacks.
        rc, out, err = kopilka(["config", "set", "point_valu", "5"], config=self.cfg)
        self.assertEqual(rc, 2)
        self.assertIn("did you mean point_value?", err)
        self.assertNotIn("config unset", err)
        before = cfg.read_bytes()
        for key in ("pos_token", "no_such_key", "office.url"):
            rc, doc, err = kopilka_json(["config", "unset", key], config=cfg)
            self.assertEqual(rc, 2, (key, err))
            self.assertEqual(cfg.read_bytes(), before, key)  # a required key stays
        self.assertEqual(self.run_ok(["config", "unset", "point_valeu"], config=cfg),
                         {"key": "point_valeu", "removed": True, "restart_needed": True})
        self.assertNotIn("point_valeu", cfg.read_text())
        self.assertEqual(stat.S_IMODE(cfg.stat().st_mode), 0o600)
        self.assertEqual(self.run_ok(["config", "check"], config=cfg)["ok"], True)
        self.assertEqual(self.run_ok(["config", "set", "point_value", "50"], config=cfg)["value"], 50)
        self.run_ok(["config", "unset", "point_value"], config=cfg)
        self.assertEqual(self.run_ok(["config", "get", "point_value"], config=cfg),
                         {"key": "point_value", "value": 100, "default": True})

    def test_two_misspelt_keys_are_taken_out_one_after_the_other(self):
        # Each unset was refused for the other typo, so only an editor could fix the file.
        cfg = write(self.tmp / "two-typos.toml",
                    self.cfg.read_text() + "\npoint_valeu = 5\nexpiry_warning_dayz = 3\n")
        os.chmod(cfg, 0o600)
        rc, out, err = kopilka(["config", "unset", "point_valeu"], config=cfg)
        self.assertEqual(rc, 0, err)
        self.assertIn("still refused: expiry_warning_dayz", err)
        self.assertIn(f"kopilka --config {cfg} config unset 'expiry_warning_dayz'", err)
        self.assertNotIn("point_valeu", cfg.read_text())
        self.assertEqual(self.run_ok(["config", "unset", "expiry_warning_dayz"], config=cfg),
                         {"key": "expiry_warning_dayz", "removed": True, "restart_needed": True})
        self.assertEqual(self.run_ok(["config", "check"], config=cfg)["ok"], True)

    def test_config_set_validates_the_whole_file_and_names_the_key(self):
        cfg = self.tmp / "set.toml"
        shutil.copy(self.cfg, cfg)
        os.chmod(cfg, 0o600)
        self.assertEqual(self.run_ok(["config", "set", "point_value", "50"], config=cfg)["value"], 50)
        rc, out, _ = kopilka(["config", "get", "point_value"], config=cfg)
        self.assertEqual((rc, out), (0, "50\n"))
        before = cfg.read_bytes()
        for key, value, field in [("point_value", "0", "point_value"),
                                  ("locale", "de", "locale"),
                                  ("no_such_key", "1", "no_such_key"),
                                  ("office.url", "http://example.ru", "office.url"),
                                  ("office.ca_file", "/etc/ssl/certs/ca-certificates.crt",
                                   "office.ca_file")]:
            rc, doc, err = kopilka_json(["config", "set", key, value], config=cfg)
            self.assertEqual(rc, 2, (key, err))
            self.assertEqual(doc["error"]["field"], field)
            self.assertIn(field, err)
            self.assertEqual(cfg.read_bytes(), before, key)  # a refused edit changes nothing
        self.assertEqual(stat.S_IMODE(cfg.stat().st_mode), 0o600)  # the mode is kept
        # ... but never open to others: a 0666 config was written back 0666, which kopilkad
        # then refused to start on.
        os.chmod(cfg, 0o666)
        self.run_ok(["config", "set", "point_value", "51"], config=cfg)
        self.assertEqual(stat.S_IMODE(cfg.stat().st_mode), 0o660)
        os.chmod(cfg, 0o600)
        # Before enrolment the way to [office] is named (it once said "office.url: must be a
        # string"), and a CA file nobody can read is warned of, not found at the next sync.
        rc, out, err = kopilka(["config", "set", "office.ca_file", "/x.pem"], config=cfg)
        self.assertIn("not enrolled", err)
        bad_ca = self.tmp / "bad-ca.toml"
        bad_ca.write_text(cfg.read_text() + '[office]\nurl = "https://office.example.ru"\n'
                          'ca_file = "/nonexistent.pem"\n')
        rc, doc, err = kopilka_json(["config", "check"], config=bad_ca)
        self.assertEqual(rc, 0, err)  # a warning: the till must still start and sell offline
        self.assertTrue(any(w.startswith("office.ca_file: cannot read /nonexistent.pem")
                            for w in doc["warnings"]), doc)
        self.assertEqual(self.run_ok(["config", "set", "no_loyalty_categories", '["tobacco", "alcohol"]'],
                                     config=cfg)["value"], ["tobacco", "alcohol"])
        self.assertEqual(self.run_ok(["config", "set", "timezone", "Asia/Yekaterinburg"],
                                     config=cfg)["value"], "Asia/Yekaterinburg")
        self.assertEqual(self.run_ok(["config", "check"], config=cfg)["ok"], True)
        if os.geteuid() == 0:  # the service user's config stays theirs, with every mode bit
            os.chown(cfg, 65534, 65534)
            os.chmod(cfg, 0o1640)
            self.run_ok(["config", "set", "point_value", "60"], config=cfg)
            st = cfg.stat()
            self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)), (65534, 65534, 0o1640))

    def test_scanner_add_and_remove_edit_the_config_validated(self):
        cfg = self.tmp / "scanners.toml"
        shutil.copy(self.cfg, cfg)
        added = self.run_ok(["scanner", "add", "front", "/dev/serial/by-id/usb-X-if00",
                             "--baud", "19200", "--card-check", "ean"], config=cfg)
        # Added though the port is not there (the scanner may be unplugged), and said so.
        self.assertEqual((added["added"], added["port_present"]), ("front", False))
        self.assertEqual(self.run_ok(["config", "get", "scanner[0].baud"], config=cfg)["value"], 19200)
        shown = self.run_ok(["config", "show"], config=cfg)["scanner"]
        self.assertEqual([(s["name"], s["port"], s["baud"], s["card_check"]) for s in shown],
                         [("front", "/dev/serial/by-id/usb-X-if00", 19200, "ean")])
        # An STX prefix as the scanner's manual writes it (TOML has no \x escape).
        for value in ("\\x02", '"\\x02"'):
            self.run_ok(["config", "set", "scanner[0].prefix", value], config=cfg)
            self.assertEqual(self.run_ok(["config", "get", "scanner[0].prefix"], config=cfg)["value"], "\x02")
        self.run_ok(["config", "set", "scanner[0].prefix", '""'], config=cfg)
        before = cfg.read_bytes()
        for args, field in [(["back", "/dev/ttyS1", "--baud", "5"], "scanner[1].baud"),
                            (["front", "/dev/ttyS1"], "NAME"),
                            # Two scanners on one port read each other's bytes.
                            (["back", "/dev/serial/by-id/usb-X-if00"], "scanner[1].port"),
                            (["back", "/dev/ttyS1", "--terminator", "semicolon"], "scanner[1].terminator")]:
            rc, doc, err = kopilka_json(["scanner", "add"] + args, config=cfg)
            self.assertEqual((rc, doc["error"]["field"]), (2, field), err)
            self.assertEqual(cfg.read_bytes(), before)
        # A file or a directory typed for the port: kopilkad would only refuse it later.
        for not_a_port in (str(self.tmp), str(cfg)):
            rc, doc, err = kopilka_json(["scanner", "add", "back", not_a_port], config=cfg)
            self.assertEqual((rc, doc["error"]["field"]), (2, "PORT"), err)
            self.assertIn("is not a serial device", doc["error"]["message"])
            self.assertEqual(cfg.read_bytes(), before)
        rc, out, err = kopilka(["scanner", "add", "back", "/dev/null"], config=cfg)
        self.assertEqual(rc, 0, err)
        self.assertNotIn("not there", out)
        self.run_ok(["scanner", "remove", "back"], config=cfg)
        rc, out, err = kopilka(["scanner", "add", "back", "/dev/ttyNOSUCH9"], config=cfg)
        self.assertEqual(rc, 0, err)
        self.assertIn("/dev/ttyNOSUCH9 is not there now", out)
        self.run_ok(["scanner", "remove", "back"], config=cfg)
        # `test` on a port path: once "(configured: -)" with front configured.
        rc, doc, err = kopilka_json(["scanner", "test", "/dev/ttyS1"], config=cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, "NAME"), err)
        self.assertIn("(configured: front)", doc["error"]["message"])
        self.assertIn("kopilka scanner listen /dev/ttyS1", doc["error"]["message"])
        rc, doc, err = kopilka_json(["scanner", "remove", "nosuch"], config=cfg)
        self.assertEqual(rc, 1, err)
        self.assertIn("(configured: front)", doc["error"]["message"])  # once "(configured: -)"
        self.assertEqual(self.run_ok(["scanner", "remove", "front"], config=cfg)["removed"], "front")
        self.assertEqual(self.run_ok(["config", "show"], config=cfg)["scanner"], [])
        self.assertEqual(kopilka_json(["scanner", "remove", "front"], config=cfg)[0], 1)

    def test_config_check_names_the_bad_key(self):
        bad = write(self.tmp / "bad.toml", self.cfg.read_text().replace(
            "timezone", 'point_value = 0\ntimezone'))
        rc, doc, err = kopilka_json(["config", "check"], config=bad)
        self.assertEqual(rc, 2)
        self.assertEqual(doc["error"]["field"], "point_value")
        self.assertIn("point_value", err)
        rc, doc, err = kopilka_json(["config", "check"], config=self.tmp / "missing.toml")
        self.assertEqual(rc, 1)
        self.assertIn("kopilka init", err)

    def test_init_writes_fresh_tokens_0600_and_refuses_to_overwrite(self):
        base = self.tmp / "init"
        cfg, data = base / "etc" / "kopilka.toml", base / "data"
        doc = self.run_ok(["init", "--data-dir", data, "--listen", "127.0.0.1:18765"], config=cfg)
        self.assertEqual(doc["config"], str(cfg))
        self.assertEqual(doc["data_dir"], str(data))
        self.assertEqual(stat.S_IMODE(cfg.stat().st_mode), 0o600)
        self.assertTrue(data.is_dir())
        # The database the commands create holds customers' names and phones: under the
        # technician's umask of 022 it was 0644, readable by every local user.
        os.umask(0o022)
        self.run_ok(["sync", "status"], config=cfg)
        db = data / "kopilka.db"
        self.assertEqual(stat.S_IMODE(db.stat().st_mode), 0o640)
        db.chmod(0o644)  # made so by an older version: brought back when next opened
        self.run_ok(["sync", "status"], config=cfg)
        self.assertEqual(stat.S_IMODE(db.stat().st_mode), 0o640)
        text = cfg.read_text()
        tokens = re.findall(r'_token = "([0-9a-f]+)"', text)
        self.assertEqual(len(tokens), 2)
        # 32 random bytes each, as the package's postinst writes them.
        self.assertEqual([len(t) for t in tokens], [64, 64])
        self.assertNotEqual(tokens[0], tokens[1])
        rc, out, err = kopilka(["init", "--data-dir", data], config=cfg)
        self.assertNotIn(tokens[0], out + err)
        self.assertEqual(rc, 1)
        self.assertIn("--force", err)
        self.assertEqual(cfg.read_text(), text)  # untouched
        self.assertEqual(self.run_ok(["init", "--force", "--data-dir", data], config=cfg)["mode"], "0600")
        self.assertNotEqual(cfg.read_text(), text)  # new tokens
        self.assertEqual(self.run_ok(["config", "check"], config=cfg)["ok"], True)
        # An enrolled register's config is not replaced: the new one would stop its syncs.
        enrolled = cfg.read_text() + '[office]\nurl = "https://office.example.ru"\n'
        cfg.write_text(enrolled)
        rc, out, err = kopilka(["init", "--force", "--data-dir", data], config=cfg)
        self.assertEqual(rc, 1, out)
        self.assertIn("enrolled at head office (https://office.example.ru)", err)
        self.assertEqual(cfg.read_text(), enrolled)
        # Without --force it is the same refusal: it once suggested --force, then refused it.
        rc, out, err = kopilka(["init", "--data-dir", data], config=cfg)
        self.assertEqual(rc, 1, out)
        self.assertIn("enrolled at head office (https://office.example.ru)", err)
        self.assertNotIn("--force", err)
        rc, doc, _ = kopilka_json(["init", "--listen", "nonsense"], config=base / "x.toml")
        self.assertEqual(rc, 2)
        self.assertEqual(doc["error"]["field"], "--listen")
        self.assertFalse((base / "x.toml").exists())
        # A data dir that cannot be made leaves no config behind to refuse the retry with.
        (base / "file").write_text("")
        rc, out, err = kopilka(["init", "--data-dir", base / "file" / "data"], config=base / "y.toml")
        self.assertEqual(rc, 1, out)
        self.assertFalse((base / "y.toml").exists())
        self.run_ok(["init", "--data-dir", base / "data-y"], config=base / "y.toml")

    def test_an_unknown_subcommand_or_option_is_named_with_a_suggestion(self):
        rc, out, err = kopilka(["card", "shw", CARD], config=self.cfg)
        self.assertEqual(rc, 2, err)
        self.assertIn("unknown subcommand 'kopilka card shw'; did you mean 'kopilka card show'?", err)
        rc, out, err = kopilka(["doctr"], config=self.cfg)
        self.assertEqual(rc, 2, err)
        self.assertIn("did you mean 'kopilka doctor'?", err)
        rc, out, err = kopilka(["card", "frobnicate"], config=self.cfg)
        self.assertIn("unknown subcommand 'kopilka card frobnicate'; choose one of: ", err)
        rc, out, err = kopilka(["scanner", "listen", "x", "--buad", "9600"], config=self.cfg)
        self.assertEqual(rc, 2, err)
        self.assertIn("unknown option --buad for 'kopilka scanner listen'; did you mean --baud?", err)
        rc, out, err = kopilka(["card", "shw"], config=self.cfg, lang="ru_RU.UTF-8")
        self.assertIn("неизвестная подкоманда «kopilka card shw»; возможно, вы имели в виду «kopilka card show»?", err)
        rc, doc, err = kopilka_json(["card", "shw"], config=self.cfg)
        self.assertEqual(doc["error"]["code"], "usage")
        self.assertIn("did you mean 'kopilka card show'", doc["error"]["message"])
        rc, out, err = kopilka(["scanner", "test", "x", "--timeout", "0"], config=self.cfg, lang="ru_RU.UTF-8")
        self.assertIn("--timeout: значение 0 вне диапазона от 1 до 3600", err)

    def test_show_secret_prints_the_token_and_leaves_an_audit_line(self):
        rc, out, err = kopilka(["config", "get", "pos_token"], config=self.cfg)
        self.assertEqual(out, "(set)\n")
        log = None
        if os.geteuid() == 0 and not os.path.exists("/dev/log"):
            import socket
            log = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            log.bind("/dev/log")
            log.settimeout(5)
        try:
            rc, out, err = kopilka(["config", "show-secret", "pos_token"], config=self.cfg)
            self.assertEqual((rc, out), (0, POS_TOKEN + "\n"), err)
            self.assertIn("recorded in the system log", err)
            if log is not None:
                line = log.recv(4096).decode()
                self.assertIn("kopilka", line)
                self.assertIn(f"audit: config show-secret pos_token of {self.cfg} shown to uid 0 (root)", line)
                self.assertNotIn(POS_TOKEN, line)
            rc, doc, err = kopilka_json(["config", "show-secret", "admin_token"], config=self.cfg)
            self.assertEqual((rc, doc["value"], doc["audited"]), (0, ADMIN_TOKEN, True))
        finally:
            if log is not None:
                log.close()
                os.unlink("/dev/log")
        if log is not None:
            # No system log (a container): it said "recorded" all the same.
            rc, out, err = kopilka(["config", "show-secret", "pos_token"], config=self.cfg)
            self.assertEqual((rc, out), (0, POS_TOKEN + "\n"), err)
            self.assertIn("no system log (/dev/log), so this was not recorded", err)
            rc, doc, err = kopilka_json(["config", "show-secret", "admin_token"], config=self.cfg)
            self.assertEqual((rc, doc["audited"]), (0, False))
        rc, doc, err = kopilka_json(["config", "show-secret", "listen"], config=self.cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, "KEY"))

    def test_config_errors_name_the_file_the_line_and_a_near_key(self):
        text = self.cfg.read_text()
        bad = write(self.tmp / "quoted.toml", text.replace("timezone", 'point_value = "100"\ntimezone'))
        line = bad.read_text().splitlines().index('point_value = "100"') + 1
        rc, doc, err = kopilka_json(["config", "check"], config=bad)
        self.assertEqual(rc, 2)
        self.assertEqual(doc["error"]["field"], "point_value")
        self.assertEqual(doc["error"]["message"],
                         f"must be a whole number, not a string (write it without quotes) ({bad}, line {line})")
        bad = write(self.tmp / "typo.toml", text + "point_valeu = 50\n")
        rc, doc, err = kopilka_json(["config", "check"], config=bad)
        self.assertEqual(doc["error"]["field"], "point_valeu")
        self.assertIn("did you mean point_value?", doc["error"]["message"])
        self.assertIn(f"{bad}, line {len(text.splitlines()) + 1}", doc["error"]["message"])

    def test_errors_in_a_russian_locale_are_russian_and_json_stays_english(self):
        ru = {"lang": "", "env_extra": {"LANG": "ru_RU.UTF-8"}}  # LANG alone, as on a till
        bad = write(self.tmp / "bad-percent.json", json.dumps(
            {"id": "levels", "name": "x", "kind": "discount_scale",
             "levels": [{"from_spent": 100, "percent": 101}]}))
        rc, out, err = kopilka(["program", "validate", bad], **ru)
        self.assertEqual(rc, 2)
        self.assertEqual(err, f"kopilka: {bad}: levels[0].percent: должно быть больше 0 и не больше 100\n")
        rc, doc, err = kopilka_json(["program", "validate", bad], **ru)
        self.assertEqual(doc["error"]["message"], "must be more than 0 and at most 100")
        self.assertIn("должно быть больше 0", err)
        text = self.cfg.read_text()
        quoted = write(self.tmp / "quoted-ru.toml", text.replace("timezone", 'point_value = "100"\ntimezone'))
        line = quoted.read_text().splitlines().index('point_value = "100"') + 1
        rc, out, err = kopilka(["config", "check"], config=quoted, **ru)
        self.assertEqual(rc, 2)
        self.assertEqual(err, "kopilka: point_value: должно быть целым числом, а здесь строка "
                              f"(пишите без кавычек) ({quoted}, строка {line})\n")
        typo = write(self.tmp / "typo-ru.toml", text + "point_valeu = 50\n")
        rc, out, err = kopilka(["config", "check"], config=typo, **ru)
        self.assertEqual(err, "kopilka: point_valeu: неизвестный ключ; может быть, point_value? "
                              f"({typo}, строка {len(text.splitlines()) + 1})\n"
                              f"kopilka: удалить: kopilka --config {typo} config unset "
                              "'point_valeu'\n")
        # A message the command words itself is English under --json too (it was Russian).
        rc, doc, err = kopilka_json(["config", "get", "pont_value"], config=self.cfg, **ru)
        self.assertEqual(rc, 2, err)
        self.assertIn("pont_value", doc["error"]["message"])
        self.assertIn("point_value", doc["error"]["message"])
        self.assertNotRegex(doc["error"]["message"], "[а-яА-Я]")
        # kopilkad's error answer, as receipt calc shows it
        rc, out, err = kopilka(["receipt", "calc", "--line", "A,b,1.5555,100"], config=self.cfg, **ru)
        self.assertEqual((rc, err), (2, "kopilka: --line 1: qty: не больше 3 знаков после запятой\n"))

    def test_russian_output_is_russian_throughout(self):
        ru = "ru_RU.UTF-8"
        status, body = self.d.admin("PUT", "/v1/admin/programs/cashback",
                                    {"id": "cashback", "name": "Кэшбэк", "kind": "bonus", "percent": 10})
        self.assertIn(status, (200, 201), body)
        try:
            args = ["receipt", "calc", "--card", CARD, "--line", "A,b,1,154200"]
            doc = self.run_ok(args)
            points = [a for a in doc["applied"] if a["program"] == "cashback"][0]["points"]
            form = ("бонус" if points % 10 == 1 and points % 100 != 11 else
                    "бонуса" if 2 <= points % 10 <= 4 and not 12 <= points % 100 <= 14 else "бонусов")
            rc, out, err = kopilka(args, config=self.cfg, lang=ru)
            self.assertEqual(rc, 0, err)
            self.assertIn("лояльность применяется", out)
            self.assertNotIn("applied", out)
            self.assertIn(f": {points} {form} (10 %)", out)
            self.assertIn("1 542,00 ₽", out)
            rc, out, err = kopilka(["program", "list"], config=self.cfg, lang=ru)
            self.assertNotIn("true", out)
            self.assertRegex(out, r"ten-off\s+discount\s+да")
        finally:
            self.d.admin("DELETE", "/v1/admin/programs/cashback")

    def test_doctor_reports_every_check(self):
        rc, doc, err = kopilka_json(["doctor"], config=self.cfg)
        checks = {c["name"]: c for c in doc["checks"]}
        for name in ("config", "data_dir", "database", "kopilkad", "disk", "clock", "office"):
            self.assertIn(name, checks)
            self.assertIn(checks[name]["status"], ("ok", "warn", "fail"))
        for name in ("config", "data_dir", "database", "kopilkad", "office"):
            self.assertEqual(checks[name]["status"], "ok", checks[name])
        self.assertEqual(checks["scanners"]["status"], "warn")  # none configured
        self.assertIn("hint", checks["scanners"])
        self.assertEqual(rc, 0 if doc["ok"] else 1)
        rc, out, _ = kopilka(["doctor"], config=self.cfg)
        self.assertRegex(out, r"\[ ok \] database")

    def test_scanner_list_and_unknown_names(self):
        doc = self.run_ok(["scanner", "list"])
        self.assertIsInstance(doc["ports"], list)
        rc, doc, err = kopilka_json(["scanner", "test", "nope"], config=self.cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, "NAME"))
        rc, doc, err = kopilka_json(["scanner", "listen", "nope"], config=self.cfg)
        self.assertEqual(rc, 2)
        rc, doc, err = kopilka_json(["scanner", "listen", self.tmp / "no-such-port", "--timeout", "1"],
                                    config=self.cfg)
        self.assertEqual(rc, 1)
        self.assertIn("no-such-port", doc["error"]["message"])

    def test_completion_and_man_page(self):
        rc, script, _ = kopilka(["completion", "bash"])
        self.assertEqual(rc, 0)
        self.assertIn("complete -o filenames -F _kopilka kopilka", script)
        self.assertEqual(subprocess.run(["bash", "-n"], input=script, text=True).returncode, 0)
        probe = script + '\nCOMP_WORDS=(kopilka card ""); COMP_CWORD=2; _kopilka; echo "${COMPREPLY[*]}"\n'
        out = subprocess.run(["bash"], input=probe, capture_output=True, text=True).stdout
        self.assertEqual(set(out.split()), {"show", "set", "import", "--help"})
        rc, man, _ = kopilka(["manpage"])
        self.assertEqual(rc, 0)
        self.assertTrue(man.startswith(".TH KOPILKA 1"))
        self.assertIn('.SS "kopilka receipt calc"', man)
        self.assertIn("\\-\\-strict", man)
