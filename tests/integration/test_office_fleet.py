"""Stores and the register fleet (docs/office.md "Stores and the register fleet") with a
real head office and a real kopilkad: what a register reports with each sync (version,
pending entries, clock), the fleet's states (lagging and silent driven by the stored last
contact, no waiting), revoking a register mid-shift (401 at once; the register says
`refused`/revoked and keeps journalling), renaming and moving registers, stores with their
time zone checked, and the shell commands."""
import sqlite3
import subprocess
import time

from cli_harness import kopilka_json
from kopilka_harness import Daemon, enroll, request
from sync_harness import CARD, KOPILKA, SyncCase, sale


class FleetTest(SyncCase):

    def fleet(self):
        status, body = self.office.admin("GET", "/v1/admin/registers")
        self.assertEqual(status, 200, body)
        return {r["id"]: r for r in body["registers"]}

    def add_store(self, name, timezone="Europe/Moscow", address=""):
        status, body = self.office.admin("POST", "/v1/admin/stores",
                                         {"name": name, "address": address, "timezone": timezone})
        self.assertEqual(status, 201, body)
        return body["id"]

    def audit(self, action):
        status, body = self.office.admin("GET", f"/v1/admin/audit?action={action}")
        self.assertEqual(status, 200, body)
        return body["entries"]

    def credential(self, d):
        return (d.data_dir / "office.credential").read_text().strip()

    def office_cli(self, *args):
        return subprocess.run([self.office.binary, *args, "--config", str(self.office.config_path)],
                              capture_output=True, text=True, timeout=60)

    def test_the_fleet_view_after_a_real_sync_shows_version_pending_and_clock_skew(self):
        self.seed_office()
        store = self.add_store("Тверская")
        d = self.register("Касса 1")
        rid = request(d.port, "GET", "/v1/health")[1]["register_id"]
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/registers/{rid}", {"store": store})[0], 200)
        self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale("A-1"))[0], 200)
        before = int(time.time())
        self.assertEqual(self.sync(d)["sync"], "ok")
        after = int(time.time())
        r = self.fleet()[rid]
        self.assertEqual((r["name"], r["store"], r["state"], r["version"], r["pending"],
                          r["sync_interval_s"]), ("Касса 1", store, "ok", "0.1.0", 0, 3600))
        self.assertLessEqual(abs(r["clock_skew_s"]), 2)
        for key in ("last_contact", "last_push", "last_pull", "enrolled"):
            self.assertRegex(r[key], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$", key)
        contact = self.office.sql_row(f"SELECT last_contact, last_push, last_pull FROM registers "
                                      f"WHERE id = '{rid}'")
        for at in contact:
            self.assertTrue(before <= at <= after, contact)
        # What a register says in the headers is what the view shows: 7 entries still on
        # it and a clock 2 minutes ahead; a value that does not read is left as it was.
        status, _ = request(self.office.port, "GET", "/v1/sync/pull?after=0&limit=1",
                            token=self.credential(d),
                            headers={"Kopilka-Protocol": "1", "Kopilka-Pending": "7",
                                     "Kopilka-Clock": str(int(time.time()) + 120),
                                     "Kopilka-Register-Version": "0.2.0-rc1",
                                     "Kopilka-Sync-Interval": "soon"})
        self.assertEqual(status, 200)
        r = self.fleet()[rid]
        self.assertEqual((r["pending"], r["version"], r["sync_interval_s"]), (7, "0.2.0-rc1", 3600))
        self.assertIn(r["clock_skew_s"], (119, 120, 121))
        # An older register sends none of them: it still syncs, its last report is kept.
        status, _ = self.office.sync("GET", "/v1/sync/pull?after=0&limit=1", self.credential(d))
        self.assertEqual(status, 200)
        self.assertEqual(self.fleet()[rid]["pending"], 7)

    def test_lagging_and_silent_follow_the_last_contact(self):
        d = self.register("Касса 1")
        rid = request(d.port, "GET", "/v1/health")[1]["register_id"]
        self.assertEqual(self.sync(d)["sync"], "ok")
        self.assertEqual(self.fleet()[rid]["state"], "ok")
        now = int(time.time())
        # Its sync interval is 1 h: lagging after 3 h without contact, silent after 24 h.
        for ago, state in ((3 * 3600 - 60, "ok"), (3 * 3600 + 60, "lagging"),
                           (24 * 3600 - 60, "lagging"), (24 * 3600 + 60, "silent")):
            self.office.sql_row(f"UPDATE registers SET last_contact = {now - ago} WHERE id = '{rid}'")
            self.assertEqual(self.fleet()[rid]["state"], state, ago)
        # The next sync makes it ok again.
        self.assertEqual(self.sync(d)["sync"], "ok")
        self.assertEqual(self.fleet()[rid]["state"], "ok")

    def test_a_register_revoked_mid_shift_is_refused_and_keeps_its_receipts(self):
        self.seed_office()
        d = self.register("Касса 1")
        rid = request(d.port, "GET", "/v1/health")[1]["register_id"]
        self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale("A-1"))[0], 200)
        self.assertEqual(self.sync(d)["sync"], "ok")
        credential = self.credential(d)

        status, body = self.office.admin("POST", f"/v1/admin/registers/{rid}/revoke")
        self.assertEqual((status, body["state"]), (200, "revoked"), body)
        self.assertIsNotNone(body["revoked"])
        # Every sync path refuses the credential at once.
        for method, path, payload in (("GET", "/v1/sync/pull?after=0", None),
                                      ("POST", "/v1/sync/push", {"entries": []}),
                                      ("POST", "/v1/sync/upload", {"cards": []})):
            status, answer = self.office.sync(method, path, credential, payload)
            self.assertEqual((status, answer["error"]["message"]),
                             (401, "this register was revoked at head office"), path)
        entries = self.audit("register.revoke")
        self.assertEqual([(e["who"], e["object"], e["before"]["revoked"] if "revoked" in e["before"] else None,
                           e["after"]["revoked"]) for e in entries],
                         [("admin_token", f"register:{rid}", None, True)])

        # The shift goes on: the receipt is journalled and stays pending.
        self.assertEqual(d.pos("POST", "/v1/receipts/confirm", sale("A-2"))[0], 200)
        result = self.sync(d)
        self.assertEqual((result["sync"], result["pending"]), ("failed", 1), result)
        self.assertIn("revoked", result["error"])
        health = request(d.port, "GET", "/v1/health")[1]
        self.assertEqual((health["office"], health["office_refused"], health["pending"]),
                         ("refused", True, 1), health)
        with sqlite3.connect(d.data_dir / "kopilka.db") as db:
            rows = db.execute("SELECT kind, acked FROM journal WHERE entry_id IN "
                              "(SELECT entry_id FROM journal ORDER BY seq DESC LIMIT 1)").fetchall()
        self.assertEqual(rows, [("receipt", 0)])
        code, st, err = self.kopilka(d, "sync", "status")
        self.assertEqual((code, st["office"], st["revoked"], st["pending"]), (0, "refused", True, 1), err)
        text = subprocess.run([KOPILKA, "--config", str(d.config_path), "sync", "status"],
                              capture_output=True, text=True, timeout=60, env={"LANG": "C", "PATH": "/usr/bin:/bin"})
        self.assertIn("this register was revoked at head office", text.stdout)
        # Remembered across a restart, and said with the daemon stopped too.
        d.restart()
        health = request(d.port, "GET", "/v1/health")[1]
        self.assertEqual((health["office"], health["office_refused"]), ("refused", True), health)
        d.stop()
        code, st, err = self.kopilka(d, "sync", "status")
        self.assertEqual((code, st["office"], st["revoked"], st["daemon"]), (0, "refused", True, "stopped"), err)
        self.assertEqual(self.fleet()[rid]["state"], "revoked")
        # Head office did not take the receipt made after the revoke.
        self.assertEqual(self.office.sql_row("SELECT count(*) FROM entries")[0], 1)

        # Brought back with a new code, as office.md says: it keeps its id, and the receipt
        # journalled while it was refused reaches head office.
        code = self.office.add_register("Касса 1 снова")
        status, _, err = self.kopilka(d, "enroll", "--office", f"http://127.0.0.1:{self.office.port}",
                                      "--code", code)
        self.assertEqual(status, 0, (err, _))
        d.start()
        self.assertEqual(request(d.port, "GET", "/v1/health")[1]["register_id"], rid)
        self.assertEqual(self.office.sql_row("SELECT count(*) FROM entries")[0], 2)
        self.assertEqual(self.fleet()[rid]["state"], "ok")
        self.assertEqual(self.office.sql_row("SELECT count(*) FROM registers")[0], 1)
        # The audit says so, naming the code's row, which is gone (once it was seen nowhere:
        # a code issued "for a new till" had brought a revoked credential back).
        back = self.audit("register.return")
        self.assertEqual([(e["who"], e["object"], e["before"]) for e in back],
                         [(f"register:{rid}", f"register:{rid}", {"revoked": True})])
        self.assertNotEqual(back[0]["after"]["code_issued_as"], rid)
        self.assertEqual([e["object"] for e in self.audit("register.enrol")], [f"register:{rid}"])

    def test_registers_are_added_to_a_store_renamed_and_moved(self):
        a, b = self.add_store("Тверская"), self.add_store("Невский")
        status, added = self.office.admin("POST", "/v1/admin/registers", {"name": "Касса 3", "store": a})
        self.assertEqual(status, 201, added)
        rid, code = added["register"]["id"], added["code"]
        self.assertEqual((added["register"]["store"], added["register"]["name"]), (a, "Касса 3"))
        status, codes = self.office.admin("GET", "/v1/admin/enrolment-codes")
        self.assertEqual(status, 200)
        self.assertEqual([(c["register"], c["name"], c["store"], c["expires"]) for c in codes["codes"]],
                         [(rid, "Касса 3", a, added["expires"])])
        self.assertNotIn(code, str(codes))
        # Typed as read out over the phone: lower case, spaces for dashes. It was "unknown".
        self.assertEqual(self.office.enroll(code=code.lower().replace("-", " "))[0], rid)
        self.assertEqual(self.office.admin("GET", "/v1/admin/enrolment-codes")[1], {"codes": []})

        status, r = self.office.admin("PUT", f"/v1/admin/registers/{rid}", {"name": "Касса 3, зал", "store": b})
        self.assertEqual((status, r["name"], r["store"]), (200, "Касса 3, зал", b), r)
        # An unknown store or register changes nothing.
        status, err = self.office.admin("PUT", f"/v1/admin/registers/{rid}", {"name": "X", "store": "s-none"})
        self.assertEqual((status, err["error"]["field"]), (400, "store"))
        self.assertEqual(self.office.admin("PUT", "/v1/admin/registers/r-none", {"name": "X"})[0], 404)
        self.assertEqual(self.office.admin("POST", "/v1/admin/registers/r-none/revoke")[0], 404)
        self.assertEqual(self.office.admin("POST", "/v1/admin/registers", {"name": "Y", "store": "s-none"})[0], 400)
        self.assertEqual((self.fleet()[rid]["name"], self.fleet()[rid]["store"]), ("Касса 3, зал", b))
        self.assertEqual(len(self.fleet()), 1)
        status, stores = self.office.admin("GET", "/v1/admin/stores")
        self.assertEqual({s["id"]: s["registers"] for s in stores["stores"]}, {a: [], b: [rid]})
        self.assertEqual([(e["before"], e["after"]) for e in self.audit("register.update")],
                         [({"name": "Касса 3", "store": a}, {"name": "Касса 3, зал", "store": b})])
        self.assertEqual([e["after"] for e in self.audit("register.add")], [{"name": "Касса 3", "store": a}])

    def test_stores_are_added_and_changed_and_a_bad_time_zone_is_refused(self):
        status, err = self.office.admin("POST", "/v1/admin/stores",
                                        {"name": "Тверская", "timezone": "Europe/Atlantis"})
        self.assertEqual((status, err["error"]["field"]), (400, "timezone"), err)
        self.assertEqual(self.office.admin("POST", "/v1/admin/stores", {"name": "Тверская"})[0], 400)
        self.assertEqual(self.office.admin("GET", "/v1/admin/stores")[1], {"stores": []})
        sid = self.add_store("Тверская", address="Тверская, 1")
        status, s = self.office.admin("PUT", f"/v1/admin/stores/{sid}",
                                      {"name": "Тверская, 1", "timezone": "Asia/Yekaterinburg"})
        self.assertEqual((status, s), (200, {"id": sid, "name": "Тверская, 1", "address": "Тверская, 1",
                                             "timezone": "Asia/Yekaterinburg"}))
        status, err = self.office.admin("PUT", f"/v1/admin/stores/{sid}", {"timezone": "Mars/Base"})
        self.assertEqual((status, err["error"]["field"]), (400, "timezone"))
        self.assertEqual(self.office.admin("PUT", "/v1/admin/stores/s-none", {"name": "X"})[0], 404)
        self.assertEqual(self.office.admin("GET", "/v1/admin/stores")[1]["stores"],
                         [{"id": sid, "name": "Тверская, 1", "address": "Тверская, 1",
                           "timezone": "Asia/Yekaterinburg", "registers": []}])
        self.assertEqual([e["object"] for e in self.audit("store.add")], [f"store:{sid}"])
        self.assertEqual([(e["before"]["timezone"], e["after"]["timezone"]) for e in self.audit("store.update")],
                         [("Europe/Moscow", "Asia/Yekaterinburg")])

    def test_a_register_counts_days_in_its_stores_time_zone(self):
        """office.md: the register's time zone is its store's. A till configured for Moscow,
        in a Vladivostok store, puts a purchase made at 20:00 Moscow time (03:00 the next
        day there) on the Vladivostok day, as head office does; moved to another store, it
        takes that store's zone at its next pull, even one that brings no change."""
        burning = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
                   "points": {"lifetime_days": 10}}
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", burning)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}", {})[0], 201)
        east = self.add_store("Светланская", timezone="Asia/Vladivostok")
        west = self.add_store("Ленинский", timezone="Europe/Kaliningrad")
        d = self.register("Касса 1")
        rid = request(d.port, "GET", "/v1/health")[1]["register_id"]
        self.assertEqual(d.admin("GET", "/v1/admin/config")[1]["timezone"], "Europe/Moscow")
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/registers/{rid}", {"store": east})[0], 200)
        self.assertEqual(self.sync(d)["sync"], "ok")
        status, config = d.admin("GET", "/v1/admin/config")
        self.assertEqual((config["timezone"], "timezone" in config["from_office"]),
                         ("Asia/Vladivostok", True), config)

        late = dict(sale("V-1"), at="2026-11-24T20:00:00+03:00")
        self.assertEqual(d.pos("POST", "/v1/receipts/confirm", late)[0], 200)
        at = "2026-11-25T12:00:00%2B10:00"
        burns = d.pos("GET", f"/v1/cards/{CARD}?at={at}")[1]["points"]["burning"]
        self.assertEqual(burns, [{"points": 50, "on": "2026-12-05"}])  # 25 Nov + 10 days
        self.assertEqual(self.sync(d)["sync"], "ok")
        status, card = self.office.admin("GET", f"/v1/cards/{CARD}?at={at}")
        self.assertEqual(card["points"]["burning"], burns)
        # The technician's command reads the database as the daemon would, with it stopped.
        d.stop()
        rc, shown, err = kopilka_json(["card", "show", CARD, "--at", "2026-11-25T12:00:00+10:00"],
                                      config=d.config_path)
        self.assertEqual((rc, shown.get("source"), shown["points"]["burning"]),
                         (0, "database", burns), err)
        d.start()

        self.assertEqual(self.sync(d)["sync"], "ok")  # nothing left to pull
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/registers/{rid}", {"store": west})[0], 200)
        self.assertEqual(self.sync(d)["sync"], "ok")
        self.assertEqual(d.admin("GET", "/v1/admin/config")[1]["timezone"], "Europe/Kaliningrad")
        d.restart()  # kept across a restart
        self.assertEqual(d.admin("GET", "/v1/admin/config")[1]["timezone"], "Europe/Kaliningrad")

    def test_the_role_of_each_fleet_path(self):
        out = self.office_cli("routes")
        self.assertEqual(out.returncode, 0, out.stderr)
        import json
        rows = {(r["method"], r["path"]): sorted(r["roles"]) for r in map(json.loads, out.stdout.splitlines())
                if "/registers" in r["path"] or "/stores" in r["path"] or "enrolment" in r["path"]}
        readers, writers = ["auditor", "owner", "technician"], ["owner", "technician"]
        self.assertEqual(rows, {
            ("GET", "/v1/admin/registers"): readers,
            ("POST", "/v1/admin/registers"): writers,
            ("PUT", "/v1/admin/registers/{id}"): writers,
            ("POST", "/v1/admin/registers/{id}/revoke"): writers,
            ("GET", "/v1/admin/enrolment-codes"): readers,
            ("GET", "/v1/admin/stores"): sorted(readers + ["marketer", "support"]),
            ("POST", "/v1/admin/stores"): writers,
            ("PUT", "/v1/admin/stores/{id}"): writers})

    def test_the_shell_commands(self):
        bad = self.office_cli("store", "add", "Тверская", "--timezone", "Europe/Atlantis")
        self.assertEqual(bad.returncode, 2, bad.stderr)
        self.assertIn("--timezone", bad.stderr)
        out = self.office_cli("store", "add", "Тверская", "--timezone", "Europe/Moscow", "--address", "Тверская, 1")
        self.assertEqual(out.returncode, 0, out.stderr)
        sid = out.stdout.strip()
        self.assertRegex(sid, r"^s-[0-9a-f]{8}$")
        self.assertEqual(self.office_cli("store", "list").stdout,
                         f"{sid}\tТверская\tEurope/Moscow\tТверская, 1\n")
        self.assertEqual(self.office_cli("register", "add", "Касса 1", "--store", "s-none").returncode, 2)
        out = self.office_cli("register", "add", "Касса 1", "--store", sid)
        self.assertEqual(out.returncode, 0, out.stderr)
        # stdout is the code alone (for scripts); stderr says how long it lasts and how to use it.
        self.assertIn("enrol it before", out.stderr)
        # No id: the register keeps its own when it enrols (one was printed, then replaced).
        self.assertNotRegex(out.stderr, r"\br-[0-9a-f]")
        self.assertIn("kopilka enroll --office URL --code " + out.stdout.strip(), out.stderr)
        rid, _ = self.office.enroll(code=out.stdout.strip())
        listing = self.office_cli("register", "list")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        lines = listing.stdout.splitlines()
        self.assertEqual(lines[0].split(), ["ID", "NAME", "STORE", "STATE", "VERSION", "LAST", "CONTACT",
                                            "PENDING", "CLOCK"])
        self.assertEqual(lines[1].split(), [rid, "Касса", "1", sid, "ok", "-", "-", "-", "-"])
        # Columns line up by letters, not bytes (a Cyrillic name is two bytes a letter).
        self.assertEqual(lines[0].index("STORE"), lines[1].index(sid))
        # A name set over the API cannot drive the operator's terminal or add a fake row.
        status, r = self.office.admin("PUT", f"/v1/admin/registers/{rid}",
                                      {"name": "X\x1b[2J\nr-fake  Fake"})
        self.assertEqual(status, 200, r)
        lines = self.office_cli("register", "list").stdout.splitlines()
        self.assertEqual(len(lines), 2, lines)
        self.assertIn("X\\x1b[2J\\nr-fake", lines[1])
        out = self.office_cli("register", "revoke", rid)
        self.assertEqual((out.returncode, out.stdout), (0, f"revoked {rid}\n"), out.stderr)
        self.assertEqual(self.office_cli("register", "list").stdout.splitlines()[1].split()[4], "revoked")
        self.assertEqual(self.office_cli("register", "revoke", "r-none").returncode, 2)
        self.assertEqual([(e["who"], e["action"]) for e in self.audit("register.revoke")],
                         [("shell", "register.revoke")])
        # A mistyped subcommand is named with the nearest one, exit 2, as `kopilka` does
        # (it was "A subcommand is required").
        typo = self.office_cli("register", "lst")
        self.assertEqual(typo.returncode, 2, typo.stderr)
        self.assertIn("unknown subcommand 'kopilka-office register lst'; did you mean "
                      "'kopilka-office register list'?", typo.stderr)
        bare = self.office_cli("register")
        self.assertEqual(bare.returncode, 2, bare.stderr)
        self.assertIn("'kopilka-office register' needs a subcommand: add list revoke", bare.stderr)
