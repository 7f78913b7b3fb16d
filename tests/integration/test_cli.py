"""`kopilka`, the technician's command line, against a real kopilkad and a real database:
every command, its --json output parsed and checked to the kopeck, and the error paths
(bad file, unknown card, daemon down, no permission) with their exit codes
(0 ok, 1 failure, 2 usage or validation)."""
import json
import os
import pathlib
import re
import shutil
import signal
import stat
import subprocess
import time
import unittest

from cli_harness import KOPILKA, kopilka, kopilka_json
from kopilka_harness import ADMIN_TOKEN, POS_TOKEN, Daemon, Office, free_port, temp_dir
from pty_harness import PtyPair, needs_socat

CARD = "2000000000015"
TEN_OFF = {"id": "ten-off", "name": "Скидка 10%", "kind": "discount", "percent": 10}
SHARED = pathlib.Path(os.environ.get("KOPILKA_SOURCE_DIR", "../..")).resolve().parent / "shared"


def write(path, text):
    path = pathlib.Path(path)
    path.write_text(text)
    return path


class CliWithDaemonTest(unittest.TestCase):
    """One kopilkad for the whole class; each test uses its own card numbers."""

    @classmethod
    def setUpClass(cls):
        cls.d = Daemon().started_for_class(cls)
        cls.cfg = cls.d.config_path
        os.chmod(cls.cfg, 0o600)  # as kopilka init writes it; doctor warns otherwise
        status, _ = cls.d.admin("PUT", "/v1/admin/programs/ten-off", TEN_OFF)
        assert status == 201, status
        cls.d.admin("PUT", f"/v1/admin/cards/{CARD}",
                    {"status": "active", "customer": {"name": "Анна", "phone": "+79991234567"}})
        cls.tmp = temp_dir(cls, "kopilka-cli-")

    def run_ok(self, args, config=None):
        rc, doc, err = kopilka_json(args, config=config or self.cfg)
        self.assertEqual(rc, 0, err)
        return doc

    # --- the command tree -------------------------------------------------------------

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
        self.assertEqual(kopilka(["no-such-command"])[0], 2)
        self.assertEqual(kopilka([])[0], 2)
        self.assertEqual(kopilka(["card", "set"], config=self.cfg)[0], 2)  # NUMBER missing
        self.assertEqual(kopilka(["points", "adjust", CARD, "5"], config=self.cfg)[0], 2)  # --reason

    def test_output_has_no_colour_when_not_a_terminal(self):
        rc, out, err = kopilka(["card", "show", CARD], config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertNotIn("\x1b[", out + err)

    # --- config -----------------------------------------------------------------------

    def test_config_check_show_get_never_print_tokens(self):
        doc = self.run_ok(["config", "check"])
        self.assertEqual(doc, {"config": str(self.cfg), "ok": True})
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
        self.assertEqual(rc, 1)
        self.assertIn("no_such_key", doc["error"]["message"])

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
                                  ("office.url", "http://example.ru", "office.url")]:
            rc, doc, err = kopilka_json(["config", "set", key, value], config=cfg)
            self.assertEqual(rc, 2, (key, err))
            self.assertEqual(doc["error"]["field"], field)
            self.assertIn(field, err)
            self.assertEqual(cfg.read_bytes(), before, key)  # a refused edit changes nothing
        self.assertEqual(stat.S_IMODE(cfg.stat().st_mode), 0o600)  # the mode is kept
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
        self.assertEqual(self.run_ok(["scanner", "add", "front", "/dev/serial/by-id/usb-X-if00",
                                      "--baud", "19200", "--card-check", "ean"], config=cfg)["added"], "front")
        self.assertEqual(self.run_ok(["config", "get", "scanner[0].baud"], config=cfg)["value"], 19200)
        self.assertEqual(self.run_ok(["config", "show"], config=cfg)["scanner"],
                         [{"name": "front", "port": "/dev/serial/by-id/usb-X-if00", "baud": 19200}])
        before = cfg.read_bytes()
        for args, field in [(["back", "/dev/ttyS1", "--baud", "5"], "scanner[1].baud"),
                            (["front", "/dev/ttyS1"], "NAME"),
                            (["back", "/dev/ttyS1", "--terminator", "semicolon"], "scanner[1].terminator")]:
            rc, doc, err = kopilka_json(["scanner", "add"] + args, config=cfg)
            self.assertEqual((rc, doc["error"]["field"]), (2, field), err)
            self.assertEqual(cfg.read_bytes(), before)
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
        text = cfg.read_text()
        tokens = re.findall(r'_token = "([0-9a-f]+)"', text)
        self.assertEqual(len(tokens), 2)
        self.assertEqual(len(tokens[0]), 48)
        self.assertNotEqual(tokens[0], tokens[1])
        rc, out, err = kopilka(["init", "--data-dir", data], config=cfg)
        self.assertNotIn(tokens[0], out + err)
        self.assertEqual(rc, 1)
        self.assertIn("--force", err)
        self.assertEqual(cfg.read_text(), text)  # untouched
        self.assertEqual(self.run_ok(["init", "--force", "--data-dir", data], config=cfg)["mode"], "0600")
        self.assertNotEqual(cfg.read_text(), text)  # new tokens
        self.assertEqual(self.run_ok(["config", "check"], config=cfg)["ok"], True)
        rc, doc, _ = kopilka_json(["init", "--listen", "nonsense"], config=base / "x.toml")
        self.assertEqual(rc, 2)
        self.assertEqual(doc["error"]["field"], "--listen")
        self.assertFalse((base / "x.toml").exists())

    # --- cards and points ---------------------------------------------------------------

    def test_card_show_by_number_and_phone(self):
        self.d.admin("PUT", "/v1/admin/cards/2000000000101",
                     {"status": "active", "groups": ["vip"],
                      "customer": {"name": "Борис", "phone": "+79990000101", "birthday": "1985-03-04"}})
        self.d.admin("POST", "/v1/admin/cards/2000000000101/points",
                     {"adjust_id": "show-1", "points": 321, "reason": "test"})
        doc = self.run_ok(["card", "show", "2000000000101"])
        self.assertEqual(doc["source"], "kopilkad")
        self.assertEqual(doc["card"], {"number": "2000000000101", "status": "active", "groups": ["vip"]})
        self.assertEqual(doc["points"]["balance"], 321)
        self.assertEqual(doc["points"]["usable"], 321)
        self.assertEqual(doc["customer"]["phone"], "+79990000101")
        by_phone = self.run_ok(["card", "show", "--phone", "+79990000101"])
        self.assertEqual(by_phone["card"]["number"], "2000000000101")
        rc, out, err = kopilka(["card", "show", "2000000000101"], config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertIn("321", out)
        self.assertIn("Борис", out)

    def test_card_show_errors(self):
        rc, doc, err = kopilka_json(["card", "show", "2000000009999"], config=self.cfg)
        self.assertEqual(rc, 1)
        self.assertEqual(doc["error"]["code"], "not_found")
        self.assertIn("2000000009999", err)
        rc, _, err = kopilka(["card", "show", "2000000009999"], config=self.cfg, lang="ru_RU.UTF-8")
        self.assertEqual(rc, 1)
        self.assertIn("не найдена", err)
        rc, doc, _ = kopilka_json(["card", "show", "12ab"], config=self.cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, "NUMBER"))
        self.assertEqual(kopilka(["card", "show"], config=self.cfg)[0], 2)

    def test_card_set_creates_changes_and_refuses_a_bad_field(self):
        number = "2000000000200"
        doc = self.run_ok(["card", "set", number, "--name", "Вера", "--phone", "+79990000200",
                           "--group", "vip", "--group", "staff", "--birthday", "1990-12-01"])
        self.assertTrue(doc["created"])
        status, card = self.d.admin("GET", f"/v1/cards/{number}")
        self.assertEqual(status, 200)
        self.assertEqual(card["card"]["groups"], ["staff", "vip"] if card["card"]["groups"][0] == "staff" else ["vip", "staff"])
        self.assertEqual(card["customer"]["name"], "Вера")
        doc = self.run_ok(["card", "set", number, "--status", "blocked", "--no-phone"])
        self.assertFalse(doc["created"])
        status, card = self.d.admin("GET", f"/v1/cards/{number}")
        self.assertEqual(card["card"]["status"], "blocked")
        self.assertIsNone(card["customer"]["phone"])
        for args, field in [(["--birthday", "1990-13-01"], "customer.birthday"),
                            (["--phone", "12"], "customer.phone"),
                            (["--status", "asleep"], "status")]:
            rc, doc, err = kopilka_json(["card", "set", number] + args, config=self.cfg)
            self.assertEqual(rc, 2, err)
            self.assertEqual(doc["error"]["field"], field)
        self.assertEqual(self.d.admin("GET", f"/v1/cards/{number}")[1], card)  # unchanged
        self.assertEqual(kopilka_json(["card", "set", number], config=self.cfg)[0], 2)  # nothing to set

    def test_card_import_reports_each_bad_line_and_keeps_the_good(self):
        csv = write(self.tmp / "cards.csv",
                    "number,name,phone,groups\n"
                    "2000000000309,Иван,+79990000309,vip;staff\n"
                    "2000000000316,Плохой телефон,12,\n"
                    '2000000000323,"Петрова, Анна",,\n'
                    "\n"
                    "12ab,x,,\n"
                    "2000000000330,too,many,fields,here\n")
        rc, doc, err = kopilka_json(["card", "import", csv], config=self.cfg)
        self.assertEqual(rc, 2, err)
        self.assertEqual(doc["imported"], 2)
        self.assertEqual(doc["lines"], 5)
        self.assertEqual([(e["line"], e.get("field")) for e in doc["errors"]],
                         [(3, "customer.phone"), (6, "number"), (7, None)])
        self.assertEqual(self.d.admin("GET", "/v1/cards/2000000000309")[1]["card"]["groups"], ["vip", "staff"])
        self.assertEqual(self.d.admin("GET", "/v1/cards/2000000000323")[1]["customer"]["name"], "Петрова, Анна")
        self.assertEqual(self.d.admin("GET", "/v1/cards/2000000000316")[0], 404)
        rc, out, err = kopilka(["card", "import", csv], config=self.cfg)
        self.assertIn("line 3: customer.phone", err)
        self.assertIn("2 of 5", out)

    def test_card_import_strict_imports_nothing_when_a_line_is_bad(self):
        csv = write(self.tmp / "strict.csv", "number,name\n2000000000408,Ок\n2000000000415x,Плохо\n")
        rc, doc, _ = kopilka_json(["card", "import", csv, "--strict"], config=self.cfg)
        self.assertEqual((rc, doc["imported"]), (2, 0))
        self.assertEqual(doc["errors"][0]["line"], 3)
        self.assertEqual(self.d.admin("GET", "/v1/cards/2000000000408")[0], 404)
        good = write(self.tmp / "good.csv", "number,name\n2000000000408,Ок\n")
        rc, doc, _ = kopilka_json(["card", "import", good, "--strict"], config=self.cfg)
        self.assertEqual((rc, doc["imported"], doc["errors"]), (0, 1, []))

    def test_card_import_bad_file(self):
        rc, doc, _ = kopilka_json(["card", "import", self.tmp / "nope.csv"], config=self.cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, "FILE"))
        bad = write(self.tmp / "header.csv", "number,colour\n1234,red\n")
        rc, doc, err = kopilka_json(["card", "import", bad], config=self.cfg)
        self.assertEqual(rc, 2)
        self.assertIn("colour", doc["error"]["message"])
        empty = write(self.tmp / "empty.csv", "")
        self.assertEqual(kopilka(["card", "import", empty], config=self.cfg)[0], 2)

    def test_points_adjust_adds_takes_and_is_idempotent_by_id(self):
        number = "2000000000507"
        self.d.admin("PUT", f"/v1/admin/cards/{number}", {"status": "active"})
        self.assertEqual(self.run_ok(["points", "adjust", number, "500", "--reason", "gift"])["points"]["balance"], 500)
        self.assertEqual(self.run_ok(["points", "adjust", number, "-200", "--reason", "fix"])["points"]["balance"], 300)
        for _ in range(2):
            doc = self.run_ok(["points", "adjust", number, "50", "--reason", "once", "--id", "adj-507"])
        self.assertEqual(doc["points"]["balance"], 350)
        rc, out, _ = kopilka(["points", "adjust", number, "5", "--reason", "x"], config=self.cfg)
        self.assertEqual(rc, 0)
        self.assertIn("355", out)
        for points, reason, field in [("0", "x", "POINTS"), ("1.5", "x", "POINTS"), ("5", " ", "--reason")]:
            rc, doc, _ = kopilka_json(["points", "adjust", number, points, "--reason", reason], config=self.cfg)
            self.assertEqual((rc, doc["error"]["field"]), (2, field))
        rc, doc, _ = kopilka_json(["points", "adjust", "2000000009998", "5", "--reason", "x"], config=self.cfg)
        self.assertEqual(rc, 1)
        self.assertEqual(self.d.admin("GET", f"/v1/cards/{number}")[1]["points"]["balance"], 355)

    # --- programs -----------------------------------------------------------------------

    def test_program_validate_is_offline_and_names_the_bad_field(self):
        for example in sorted((SHARED / "examples" / "programs").glob("*.json")):
            rc, doc, err = kopilka_json(["program", "validate", example])  # no config, no daemon
            self.assertEqual(rc, 0, (example, err))
        bad = write(self.tmp / "bad-program.json", json.dumps(
            [TEN_OFF, {"id": "levels", "name": "x", "kind": "discount_scale",
                       "levels": [{"from_spent": 100, "percent": 5}, {"from_spent": 200, "percent": 101}]}]))
        rc, doc, err = kopilka_json(["program", "validate", bad])
        self.assertEqual(rc, 2)
        self.assertEqual(doc["error"]["field"], f"{bad}: [1].levels[1].percent")
        self.assertIn("[1].levels[1].percent", err)
        unknown = write(self.tmp / "unknown-field.json", json.dumps(dict(TEN_OFF, colour="red")))
        rc, doc, _ = kopilka_json(["program", "validate", unknown])
        self.assertEqual((rc, doc["error"]["field"]), (2, f"{unknown}: colour"))
        twice = write(self.tmp / "twice.json", json.dumps([TEN_OFF, TEN_OFF]))
        self.assertEqual(kopilka(["program", "validate", twice])[0], 2)
        self.assertEqual(kopilka(["program", "validate", write(self.tmp / "x.json", "{nope")])[0], 2)
        self.assertEqual(kopilka(["program", "validate", self.tmp / "missing.json"])[0], 2)

    def test_program_import_list_show_export(self):
        doc_file = write(self.tmp / "welcome.json", json.dumps(
            {"id": "cli-welcome", "name": "Welcome", "kind": "bonus", "percent": 5,
             "first_purchase_only": True, "points": {"lifetime_days": 30}, "enabled": False}))
        self.assertEqual(self.run_ok(["program", "import", doc_file])["programs"],
                         [{"id": "cli-welcome", "created": True}])
        self.assertEqual(self.run_ok(["program", "import", doc_file])["programs"],
                         [{"id": "cli-welcome", "created": False}])
        ids = [p["id"] for p in self.run_ok(["program", "list"])["programs"]]
        self.assertIn("cli-welcome", ids)
        self.assertIn("ten-off", ids)
        shown = self.run_ok(["program", "show", "cli-welcome"])
        self.assertEqual(shown["percent"], 5)
        rc, doc, _ = kopilka_json(["program", "show", "nope"], config=self.cfg)
        self.assertEqual(rc, 1)
        out = self.tmp / "export.json"
        self.assertEqual(kopilka(["program", "export", "-o", out], config=self.cfg)[0], 0)
        exported = json.loads(out.read_text())
        self.assertEqual(sorted(p["id"] for p in exported["programs"]), sorted(ids))
        self.assertEqual(kopilka(["program", "validate", out])[0], 0)
        # A bad document in a file is refused before anything is sent.
        mixed = write(self.tmp / "mixed.json", json.dumps(
            [dict(TEN_OFF, id="never-stored"), {"id": "bad", "kind": "discount", "name": "x", "percent": 0}]))
        rc, doc, _ = kopilka_json(["program", "import", mixed], config=self.cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, f"{mixed}: [1].percent"))
        self.assertEqual(self.d.admin("GET", "/v1/admin/programs/never-stored")[0], 404)
        self.d.admin("DELETE", "/v1/admin/programs/cli-welcome")

    # --- receipts, journal, shift -------------------------------------------------------

    def test_receipt_calc_explains_to_the_kopeck_and_records_nothing(self):
        before = self.run_ok(["journal", "--all"])["entries"]
        doc = self.run_ok(["receipt", "calc", "--card", CARD, "--line", "A-17,cosmetics,2,45000",
                           "--line", "W-1,food,0.125,99900", "--at", "2026-11-24T12:00:00+03:00"])
        self.assertEqual(doc["loyalty"], "applied")
        self.assertEqual(doc["total_before"], 90000 + 12488)  # 99900 × 0.125 = 12487.5 → 12488
        self.assertEqual(doc["discount"], 9000 + 1249)
        self.assertEqual(doc["total"], 102488 - 10249)
        self.assertEqual([l["amount"] for l in doc["lines"]], [81000, 11239])
        self.assertEqual(doc["applied"][0]["program"], "ten-off")
        # The same as kopilkad's own calculate for the same body.
        status, api = self.d.pos("POST", "/v1/receipts/calculate", {
            "receipt_id": "x", "card": CARD, "at": "2026-11-24T12:00:00+03:00",
            "lines": [{"line": 1, "sku": "A-17", "category": "cosmetics", "qty": 2, "price": 45000},
                      {"line": 2, "sku": "W-1", "category": "food", "qty": "0.125", "price": 99900}]})
        self.assertEqual(status, 200)
        api.pop("receipt_id"), doc.pop("receipt_id")
        self.assertEqual(doc, api)
        rc, out, err = kopilka(["receipt", "calc", "--card", CARD, "--line", "A-17,cosmetics,2,45000"],
                               config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertIn("ten-off", out)
        self.assertIn("810,00", out)
        self.assertEqual(self.run_ok(["journal", "--all"])["entries"], before)  # a dry run

    def test_receipt_calc_errors_name_the_line(self):
        for line, field in [("A,b,1.5555,100", "--line 1: qty"), ("A,b,1,12.5", "--line 1: price"),
                            ("A,b,1", "--line 1"), ("A,b,1000001,100", "--line 1: qty")]:
            rc, doc, err = kopilka_json(["receipt", "calc", "--line", line], config=self.cfg)
            self.assertEqual(rc, 2, (line, err))
            self.assertEqual(doc["error"]["field"], field, line)
        rc, doc, _ = kopilka_json(["receipt", "calc", "--line", "A,b,1,100", "--at", "yesterday"], config=self.cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, "--at"))
        rc, doc, _ = kopilka_json(["receipt", "calc", "--card", "2000000009997", "--line", "A,b,1,100"],
                                  config=self.cfg)
        self.assertEqual((rc, doc["loyalty"]), (0, "card_not_found"))

    def test_journal_lists_receipts_and_refunds_exactly(self):
        body = {"receipt_id": "CLI-J-1", "card": CARD, "at": "2026-11-20T10:00:00+03:00",
                "lines": [{"line": 1, "sku": "A", "category": "cosmetics", "qty": 2, "price": 45000}]}
        self.assertEqual(self.d.pos("POST", "/v1/receipts/confirm", body)[0], 200)
        status, refund = self.d.pos("POST", "/v1/receipts/CLI-J-1/refund",
                                    {"refund_id": "CLI-RF-1", "lines": [{"line": 1, "qty": 1}],
                                     "at": "2026-11-20T11:00:00+03:00"})
        self.assertEqual(status, 200)
        entries = [e for e in self.run_ok(["journal"])["entries"] if e.get("receipt_id") == "CLI-J-1"]
        self.assertEqual([e["kind"] for e in entries], ["receipt", "refund"])
        self.assertEqual(entries[0]["total"], 81000)
        self.assertEqual(entries[0]["at"], "2026-11-20T10:00:00+03:00")
        self.assertEqual(entries[0]["card"], CARD)
        self.assertEqual(entries[1]["money_returned"], refund["money_returned"])
        self.assertEqual(entries[1]["money_returned"], 40500)
        self.assertEqual(entries[1]["refund_id"], "CLI-RF-1")
        self.assertEqual(self.run_ok(["journal", "--since", "2026-11-21"])["entries"],
                         [e for e in self.run_ok(["journal"])["entries"] if e["at"] >= "2026-11-21"])
        self.assertEqual(self.run_ok(["journal", "--since", "2099-01-01T00:00:00Z"])["entries"], [])
        rc, doc, _ = kopilka_json(["journal", "--since", "last week"], config=self.cfg)
        self.assertEqual((rc, doc["error"]["field"]), (2, "--since"))
        rc, out, _ = kopilka(["journal"], config=self.cfg)
        self.assertIn("CLI-J-1 / CLI-RF-1", out)
        self.assertIn("810,00", out)

    def test_shift_close_backs_up_and_reports_the_sync(self):
        doc = self.run_ok(["shift", "close", "--shift-id", "S-CLI-1"])
        self.assertEqual(doc["sync"], "offline")
        self.assertTrue(list((self.d.data_dir / "backups").glob("kopilka-*.db")))

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
        finally:
            if log is not None:
                log.close()
                os.unlink("/dev/log")
        rc, doc, err = kopilka_json(["config", "show-secret", "admin_token"], config=self.cfg)
        self.assertEqual((rc, doc["value"], doc["audited"]), (0, ADMIN_TOKEN, True))
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
                              f"({typo}, строка {len(text.splitlines()) + 1})\n")
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

    # --- doctor, scanners, completion -----------------------------------------------------

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


@needs_socat
class CliScannerTest(unittest.TestCase):
    """Scanners through a pseudo-terminal pair standing in for the cable."""

    def setUp(self):
        self.pty = PtyPair.for_test(self, prefix="kopilka-cli-pty-")
        self.tmp = self.pty.a.parent

    def scanner_test(self, config, frame):
        """`kopilka --json scanner test front` while `frame` is scanned: (exit code, stdout,
        stderr)."""
        proc = subprocess.Popen([KOPILKA, "--config", str(config), "--json", "scanner",
                                 "test", "front", "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.7)
        self.pty.send(frame)
        out, err = proc.communicate(timeout=30)
        return proc.returncode, out, err

    def test_listen_prints_each_frame_as_parsed_and_hides_bank_cards(self):
        proc = subprocess.Popen([KOPILKA, "--json", "scanner", "listen", str(self.pty.a),
                                 "--count", "3", "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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

    def test_listen_stops_cleanly_on_ctrl_c(self):
        proc = subprocess.Popen([KOPILKA, "scanner", "listen", str(self.pty.a)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
        self.pty.send(b"2000000000022\r")
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn('"2000000000022\\r"  →  card 2000000000022 (ean13)', out)

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"), "needs root to drop to nobody")
    def test_a_bank_card_through_a_barcode_scanner_is_hidden_from_listen_and_test(self):
        (self.tmp / "reg").mkdir()
        d = Daemon(directory=self.tmp / "reg",
                   extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n'
                                'kind = "barcode"\ncard_pattern = "^.*$"\n')
        proc = subprocess.Popen([KOPILKA, "--config", str(d.config_path), "scanner", "listen", "front",
                                 "--count", "3", "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)
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
        proc = subprocess.Popen([KOPILKA, "--config", str(d.config_path), "scanner", "test", "front",
                                 "--timeout", "20"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.7)
        self.pty.send(b"%B4111111111111111^DOE/JOHN^2512101?\r")
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        self.assertIn("a bank card was swiped or scanned", out)
        self.assertNotIn("card_pattern", out)
        self.assertNotIn("4111", out + err)
        self.assertNotIn("DOE", out + err)
        rc, doc, err = kopilka_json(["scanner", "test", "front", "--timeout", "1"], config=d.config_path)
        self.assertNotIn("4111", json.dumps(doc) + err)

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
        self.assertIn("usermod -aG", front["hint"])

    def test_scanner_test_through_kopilkad_and_port_busy(self):
        with Daemon(extra_config=f'[[scanner]]\nname = "front"\nport = "{self.pty.a}"\n') as d:
            d.admin("PUT", f"/v1/admin/cards/{CARD}", {"status": "active"})
            deadline = time.time() + 10
            while d.pos("GET", "/v1/health")[1]["scanners"][0]["state"] != "connected":
                self.assertLess(time.time(), deadline)
                time.sleep(0.05)
            rc, out, err = self.scanner_test(d.config_path, b"]E02000000000015\r")
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
        self.assertEqual(daemon["hint"], "systemctl start kopilkad")
        self.assertEqual([c for c in doc["checks"] if c["name"] == "database"][0]["status"], "ok")


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
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

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
        # Reachable and trusted, but no credential in the data dir: it would never sync.
        self.assertEqual(check["status"], "warn", check)
        self.assertIn("TLS certificate valid", check["message"])
        self.assertIn("not enrolled", check["message"])
        self.assertIn("kopilka enroll", check["hint"])

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
        check = self.office_line()
        self.assertEqual(check["status"], "ok", check)
        self.assertIn("credential accepted", check["message"])
        cred = self.d.data_dir / "office.credential"
        register_id = cred.read_text().split(".")[0]
        cred.write_text(register_id + ".not-the-secret\n")
        check = self.office_line()
        self.assertEqual(check["status"], "fail", check)
        self.assertIn("head office refuses this register's credential", check["message"])
        self.assertIn("kopilka enroll --office " + self.url, check["hint"])
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


class KopilkadPortClashTest(unittest.TestCase):
    def test_a_taken_address_is_named_with_the_likely_cause(self):
        with Daemon() as first:
            second = Daemon(port=first.port).for_test(self)
            proc = subprocess.run(second.args(), capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 1, proc.stderr)
            self.assertIn(f'listen = "127.0.0.1:{first.port}"', proc.stderr)
            self.assertIn("kopilkad may already be running", proc.stderr)


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


if __name__ == "__main__":
    unittest.main()
