"""`kopilka` card, points, program, receipt, journal and shift commands against a real
kopilkad and a real database: --json output parsed and checked to the kopeck, and their
error paths (bad file, unknown card) with exit codes 0 ok, 1 failure, 2 validation."""
import json
import pathlib
import shutil
import stat

from cli_harness import CARD, SHARED, TEN_OFF, CliWithDaemonCase, kopilka, kopilka_json, write
from kopilka_harness import ean13


class CliCardsTest(CliWithDaemonCase):
    """Cards, points, programs, receipts and the journal, with kopilkad running."""

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
                            # A slip of the century: the daemon refuses a birthday to come.
                            (["--birthday", "2062-12-01"], "customer.birthday"),
                            (["--phone", "12"], "customer.phone"),
                            (["--status", "asleep"], "status")]:
            rc, doc, err = kopilka_json(["card", "set", number] + args, config=self.cfg)
            self.assertEqual(rc, 2, err)
            self.assertEqual(doc["error"]["field"], field)
        self.assertEqual(self.d.admin("GET", f"/v1/cards/{number}")[1], card)  # unchanged
        self.assertEqual(kopilka_json(["card", "set", number], config=self.cfg)[0], 2)  # nothing to set
        # A mistyped number is not made into a new blocked card while the real one stays usable.
        rc, doc, err = kopilka_json(["card", "set", "2000000000999", "--status", "blocked"],
                                    config=self.cfg)
        self.assertEqual((rc, doc["error"]["code"]), (1, "not_found"), err)
        self.assertIn("check the number", err)
        self.assertEqual(self.d.admin("GET", "/v1/cards/2000000000999")[0], 404)

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

    def test_card_import_reads_a_windows_1251_file_from_excel(self):
        # Excel's "CSV" on a Russian Windows: the import stopped with an internal error.
        csv = self.tmp / "cards-1251.csv"
        csv.write_bytes("number,name\n2000000000354,Дмитрий\n".encode("cp1251"))
        rc, out, err = kopilka(["card", "import", csv], config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertIn("read as Windows-1251", err)
        self.assertIn("1 of 1", out)
        self.assertEqual(self.d.admin("GET", "/v1/cards/2000000000354")[1]["customer"]["name"], "Дмитрий")

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

    def test_journal_all_shows_what_a_top_up_put_on_the_card(self):
        # A top-up's row had empty MONEY and POINTS, in the table and in --json.
        status, r = self.d.pos("POST", "/v1/wallet/topup", {
            "topup_id": "T-CLI-1", "card": CARD, "amount": 100000, "at": "2026-11-24T12:00:00+03:00"})
        self.assertEqual(status, 201, r)
        top = [e for e in self.run_ok(["journal", "--all"])["entries"] if e["kind"] == "topup"]
        self.assertEqual([(e["topup_id"], e["amount"], e["points"]) for e in top],
                         [("T-CLI-1", 100000, 0)])
        rc, out, err = kopilka(["journal", "--all"], config=self.cfg)
        row = next(line for line in out.splitlines() if "T-CLI-1" in line)
        self.assertIn("+1 000,00", row.replace("\u00a0", " "))
        # `card show` said nothing of a gift card's type or its wallet (only --json did).
        gift = "2900000000011"
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{gift}", {"type": "gift"})[0], 201)
        self.assertEqual(self.d.pos("POST", "/v1/wallet/topup", {
            "topup_id": "T-CLI-2", "card": gift, "amount": 500000,
            "at": "2026-11-24T12:00:00+03:00"})[0], 201)
        rc, out, err = kopilka(["card", "show", gift], config=self.cfg)
        self.assertEqual(rc, 0, err)
        self.assertIn("gift card", out)
        self.assertIn("5 000,00", next(line for line in out.splitlines() if "wallet" in line))

    def test_v2_programs_are_explained_by_validate_and_receipt_calc(self):
        two_one = {"id": "cli-2-1", "name": "2+1", "kind": "bundle", "buy": 2, "get": 1, "exclusive": True,
                   "min_total": 100000, "audience": {"anyone": True}, "scope": {"categories": ["cosmetics"]}}
        coffee = {"id": "cli-coffee", "name": "Кофе", "kind": "bonus", "points_per_unit": 50,
                  "scope": {"skus": ["COFFEE-1KG"]}}
        path = write(self.tmp / "v2.json", json.dumps([two_one, coffee]))
        rc, out, err = kopilka(["program", "validate", path])
        self.assertEqual(rc, 0, err)
        self.assertIn("cli-2-1 (bundle): buy 2, get 1 cheapest free; receipts from 1 000,00 ₽; exclusive: "
                      "no other discount on the receipt", out)
        self.assertIn("cli-coffee (bonus): 50 points per whole unit", out)
        bad = write(self.tmp / "v2-bad.json", json.dumps(dict(two_one, get_scope={"colour": "red"})))
        rc, doc, _ = kopilka_json(["program", "validate", bad])
        self.assertEqual((rc, doc["error"]["field"]), (2, f"{bad}: get_scope.colour"))
        self.run_ok(["program", "import", str(path)])
        try:
            # 3 × 450 ₽ of cosmetics: one free (450 ₽) beats ten-off's 135 ₽, which is shut out.
            doc = self.run_ok(["receipt", "calc", "--card", CARD, "--line", "A-17,cosmetics,3,45000",
                               "--line", "COFFEE-1KG,food,2,120000", "--at", "2026-11-24T12:00:00+03:00"])
            self.assertEqual(doc["discount"], 45000)
            self.assertEqual([a["program"] for a in doc["applied"]], ["cli-2-1", "cli-coffee"])
            self.assertEqual(doc["applied"][0]["units"], 1)
            self.assertEqual(doc["applied"][1]["points"], 100)
            self.assertEqual([(n["program"], n["reason"], n["by"]) for n in doc["not_applied"]],
                             [("ten-off", "exclusive", "cli-2-1")])
            rc, out, err = kopilka(["receipt", "calc", "--card", CARD, "--line", "A-17,cosmetics,3,45000",
                                    "--at", "2026-11-24T12:00:00+03:00"], config=self.cfg)
            self.assertEqual(rc, 0, err)
            self.assertIn("cli-2-1 [bundle]: discount 450,00 ₽ (100 %)", out)
            self.assertIn("2+1: скидка 450,00 ₽ (1 шт.)", out)
            self.assertIn("Not applied", out)
            self.assertIn("ten-off [discount]: exclusive (cli-2-1)", out)
        finally:
            self.d.admin("DELETE", "/v1/admin/programs/cli-2-1")
            self.d.admin("DELETE", "/v1/admin/programs/cli-coffee")

    def test_a_referral_is_explained_by_validate_and_receipt_calc(self):
        friend = {"id": "cli-friend", "name": "Приведи друга", "kind": "referral",
                  "referrer_points": 500, "referee_points": 300, "min_total": 100000}
        path = write(self.tmp / "friend.json", json.dumps([friend]))
        rc, out, err = kopilka(["program", "validate", path])
        self.assertEqual(rc, 0, err)
        self.assertIn("cli-friend (referral): 500 points to the referrer and 300 to the new card "
                      "on its first purchase; receipts from 1 000,00 ₽", out)
        newcomer, referrer = ean13(61), ean13(62)
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{referrer}", {})[0], 201)
        self.assertEqual(self.d.admin("PUT", f"/v1/admin/cards/{newcomer}",
                                      {"referred_by": referrer})[0], 201)
        self.run_ok(["program", "import", str(path)])
        try:
            calc = ["receipt", "calc", "--card", newcomer, "--line", "A-17,cosmetics,2,75000",
                    "--at", "2026-11-24T12:00:00+03:00"]
            doc = self.run_ok(calc)
            friend_line = [a for a in doc["applied"] if a["program"] == "cli-friend"]
            self.assertEqual(friend_line, [{"program": "cli-friend", "kind": "referral",
                                            "points": 300, "referrer_points": 500,
                                            "text": "Приведи друга: +300 бонусов за первую покупку"}])
            rc, out, err = kopilka(calc, config=self.cfg)
            self.assertEqual(rc, 0, err)
            self.assertIn("cli-friend [referral]: 300 points, 500 points to the referrer", out)
            self.assertIn("Приведи друга: +300 бонусов за первую покупку", out)
            # Under min_total: no reward, no referral line.
            doc = self.run_ok(["receipt", "calc", "--card", newcomer, "--line",
                               "A-17,cosmetics,1,99999", "--at", "2026-11-24T12:00:00+03:00"])
            self.assertEqual([a for a in doc["applied"] if a["program"] == "cli-friend"], [])
        finally:
            self.d.admin("DELETE", "/v1/admin/programs/cli-friend")

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
        self.assertEqual((doc["sync"], doc["backup_error"]), ("offline", None))
        self.assertEqual(list((self.d.data_dir / "backups").glob("kopilka-*.db")),
                         [pathlib.Path(doc["backup"])])
        # Customers' names and phones: the service's group at most reads them (they were
        # 0644, protected only by data_dir's own mode).
        for path in (self.d.data_dir / "kopilka.db", pathlib.Path(doc["backup"])):
            self.assertEqual(stat.S_IMODE(path.stat().st_mode) & 0o027, 0, path)
        # The text says where the copy went (it once said nothing of it).
        rc, out, _ = kopilka(["shift", "close", "--shift-id", "S-CLI-2"], config=self.cfg)
        self.assertEqual(rc, 0)
        newest = sorted((self.d.data_dir / "backups").glob("kopilka-*.db"))[-1]
        self.assertIn(f"backup: {newest}", out)
        # A backup that cannot be made (here its directory is a file) is said, and exits 1.
        shutil.rmtree(self.d.data_dir / "backups")
        (self.d.data_dir / "backups").write_text("")
        rc, doc, _ = kopilka_json(["shift", "close"], config=self.cfg)
        self.assertEqual((rc, doc["sync"], doc["backup"]), (1, "offline", None))
        self.assertIn("cannot create", doc["backup_error"])
        rc, out, _ = kopilka(["shift", "close"], config=self.cfg)
        self.assertEqual(rc, 1)
        self.assertIn("the backup FAILED: cannot create", out)
        (self.d.data_dir / "backups").unlink()
        # A register with no head office is told so, not that head office is unreachable.
        rc, out, _ = kopilka(["sync", "now"], config=self.cfg)
        self.assertEqual(rc, 1)
        self.assertIn("not enrolled with head office", out)
        self.assertNotIn("unreachable", out)
