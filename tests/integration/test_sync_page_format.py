"""The pull's page formats (docs/sync.md "Page format 2"): head office serves the same changes
as one JSON document (format 1, what an older register asks for) or as lines (format 2,
what kopilkad asks for), and a register pulling format 2 ends with every card exactly
as head office stores it, nothing missed and nothing doubled. A first sync is a snapshot
in card-number order (docs/sync.md "First sync: a snapshot")."""
import json
import sqlite3
import urllib.request

from sync_harness import CASHBACK, SyncCase

CARDS = 40


def card_number(i):
    """An EAN-13 card number 2000000001xxC."""
    digits = f"2000000001{i:02d}"
    check = (10 - sum(int(d) * (3 if k % 2 else 1) for k, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


class PageFormatTest(SyncCase):

    def setUp(self):
        super().setUp()
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)
        for i in range(CARDS):
            customer = {"id": f"c-{i}", "name": "Анна\tи Пётр" if i == 3 else "Анна"}
            if i % 2:
                customer["phone"] = f"+7999123{i:04d}"
            status, body = self.office.admin("PUT", f"/v1/admin/cards/{card_number(i)}", {"customer": customer})
            self.assertEqual(status, 201, body)

    def pull_text(self, credential, query):
        req = urllib.request.Request(f"http://127.0.0.1:{self.office.port}/v1/sync/pull?{query}")
        req.add_header("Authorization", f"Bearer {credential}")
        req.add_header("Kopilka-Protocol", "1")
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.headers["Content-Type"], resp.read().decode()

    def test_format_1_and_format_2_carry_the_same_changes(self):
        d = self.register("Касса 1")
        credential = (d.data_dir / "office.credential").read_text().strip()
        kind, text = self.pull_text(credential, "after=0&limit=30")
        self.assertTrue(kind.startswith("application/json"), kind)
        old = json.loads(text)
        kind, text = self.pull_text(credential, "after=0&limit=30&format=2")
        self.assertTrue(kind.startswith("text/plain"), kind)
        lines = text.split("\n")
        self.assertEqual(lines[-1], "")
        head = json.loads(lines[0])
        # Nobody saved chain settings: head office's (office.toml's) go in every header.
        chain = {"point_value": 100, "no_loyalty_categories": [], "expiry_warning_days": 7,
                 "wallet_offline_hours": 24, "wallet_offline_limit": 300000}
        self.assertEqual(old["settings"], chain)
        self.assertEqual(head, {"format": 2, "more": old["more"], "next": old["next"],
                                "remaining": old["remaining"], "settings": chain,
                                "timezone": "Europe/Moscow"})
        self.assertEqual(old["timezone"], "Europe/Moscow")  # a register in no store: the office's
        self.assertEqual((head["more"], head["remaining"]), (True, CARDS + 1 - 30))
        changes = []
        for line in lines[1:-1]:
            if line.startswith("card\t"):
                _, seq, number, state = line.split("\t", 3)
                changes.append({"number": number, "seq": int(seq), "state": json.loads(state), "type": "card"})
            else:
                changes.append(json.loads(line))
        self.assertEqual(changes, old["changes"])
        # The state is head office's text byte for byte; a tab inside a name is JSON-escaped.
        card_lines = [line for line in lines[1:-1] if line.startswith("card\t")]
        self.assertEqual(len(card_lines), 29)
        number, state = card_lines[3].split("\t")[2:]
        self.assertEqual(state, self.office_state(number))
        self.assertIn("\\t", state)
        status, err = self.office.sync("GET", "/v1/sync/pull?after=0&format=3", credential)
        self.assertEqual((status, err["error"]["field"]), (400, "format"))

    def test_a_register_pulling_format_2_holds_every_card_as_head_office_does(self):
        d = self.register("Касса 1")
        s = self.sync(d)
        self.assertEqual((s["sync"], s["pulled"], s["remaining"]), ("ok", CARDS + 1, 0), s)
        # A card changed at head office after the first sync comes down once, as stored.
        status, _ = self.office.admin("PUT", f"/v1/admin/cards/{card_number(5)}",
                                      {"customer": {"id": "c-5", "name": "Ольга", "phone": "+79990000005"}})
        self.assertIn(status, (200, 201))
        s = self.sync(d)
        self.assertEqual((s["sync"], s["pulled"]), ("ok", 1), s)
        with sqlite3.connect(d.data_dir / "kopilka.db") as db:
            rows = dict(((n, (st, p)) for n, st, p in db.execute("SELECT number, state, phone FROM cards")))
        self.assertEqual(len(rows), CARDS)
        for i in range(CARDS):
            number = card_number(i)
            state = self.office_state(number)
            phone = json.loads(state)["customer"].get("phone")
            self.assertEqual(rows[number], (state, phone), number)
        self.assertEqual(rows[card_number(5)][1], "+79990000005")

    def test_more_is_exact_and_remaining_counted_once_per_pull_at_the_page_boundary(self):
        """docs/sync.md "Pull": `more` is exact on every page; `remaining` is counted on a
        pull's first page (after=0, or count=1) and bounded by the highest change number on
        the others, so serving a page never walks the rest of the feed."""
        d = self.register("Касса 1")
        credential = (d.data_dir / "office.credential").read_text().strip()
        total = CARDS + 1  # the program and the cards

        def head(query):
            """The page's (more, next, remaining), the same in both formats."""
            _, text = self.pull_text(credential, query)
            old = json.loads(text)
            _, text = self.pull_text(credential, query + "&format=2")
            lines = text.split("\n")
            new = json.loads(lines[0])
            self.assertEqual((new["more"], new["next"], new["remaining"]),
                             (old["more"], old["next"], old["remaining"]), query)
            self.assertEqual(len(lines) - 2, len(old["changes"]), query)
            return old["more"], old["next"], old["remaining"]

        whole = json.loads(self.pull_text(credential, f"after=0&limit={total + 5}")[1])
        seqs = [c["seq"] for c in whole["changes"]]
        self.assertEqual(len(seqs), total)
        self.assertEqual((whole["more"], whole["remaining"]), (False, 0))
        # Exactly a page left: the full page is the last one.
        self.assertEqual(head(f"after=0&limit={total}"), (False, seqs[-1], 0))
        self.assertEqual(head(f"after={seqs[10]}&limit={total - 11}"), (False, seqs[-1], 0))
        # One change beyond the page.
        self.assertEqual(head(f"after=0&limit={total - 1}"), (True, seqs[-2], 1))
        self.assertEqual(head(f"after={seqs[10]}&limit={total - 12}"), (True, seqs[-2], seqs[-1] - seqs[-2]))
        self.assertEqual(head(f"after={seqs[10]}&limit={total - 12}&count=1"), (True, seqs[-2], 1))
        # Nothing left: an empty page.
        self.assertEqual(head(f"after={seqs[-1]}&limit=5"), (False, seqs[-1], 0))
        # A card changed again takes a new number and leaves its old one empty: the bound
        # counts the hole, the count does not, `more` is exact either way.
        moved = whole["changes"][20]["number"]
        status, _ = self.office.admin("PUT", f"/v1/admin/cards/{moved}",
                                      {"customer": {"id": "c-moved", "name": "Ольга"}})
        self.assertIn(status, (200, 201))
        again = json.loads(self.pull_text(credential, f"after=0&limit={total + 5}")[1])
        top = again["changes"][-1]["seq"]
        self.assertEqual(again["changes"][-1]["number"], moved)
        left = total - 16  # after seqs[15]: seqs[16:] less the moved card's old number, plus its new one
        self.assertEqual(head(f"after={seqs[10]}&limit=5"), (True, seqs[15], top - seqs[15]))
        self.assertEqual(head(f"after={seqs[10]}&limit=5&count=1"), (True, seqs[15], left))
        self.assertEqual(head(f"after={seqs[-1]}&limit=1"), (False, top, 0))
        self.assertEqual(head(f"after={seqs[-1]}&limit=1&count=1"), (False, top, 0))
        status, err = self.office.sync("GET", "/v1/sync/pull?after=0&count=2", credential)
        self.assertEqual((status, err["error"]["field"]), (400, "count"))
        # A register pulling it all ends with nothing remaining.
        s = self.sync(d)
        self.assertEqual((s["sync"], s["pulled"], s["remaining"]), ("ok", total, 0), s)

    def test_a_first_sync_is_a_snapshot_in_card_order_and_misses_nothing_changed_meanwhile(self):
        """docs/sync.md "First sync: a snapshot": every card as it is, in number order, with the
        programs first; a card changed while the snapshot is pulled comes again after it."""
        d = self.register("Касса 1")
        credential = (d.data_dir / "office.credential").read_text().strip()
        # Cards changed at head office go to the end of the feed: the feed is no longer in
        # number order, the snapshot still is.
        for i in (30, 2, 17):
            status, _ = self.office.admin("PUT", f"/v1/admin/cards/{card_number(i)}",
                                          {"customer": {"id": f"c-{i}", "name": "Ольга"}})
            self.assertIn(status, (200, 201))
        feed = json.loads(self.pull_text(credential, "after=0&limit=100")[1])
        upto = feed["changes"][-1]["seq"]
        self.assertEqual(feed["changes"][-1]["number"], card_number(17))
        numbers = sorted(card_number(i) for i in range(CARDS))

        def page(query):
            _, text = self.pull_text(credential, query)
            lines = text.split("\n")
            self.assertEqual(lines[-1], "")
            self.assertTrue(lines[0].startswith('{"format":2,'), lines[0])  # how a register tells
            return json.loads(lines[0]), lines[1:-1]

        head, lines = page("after=0&limit=15&format=2&snapshot=0")
        self.assertEqual(head, {"format": 2, "snapshot": upto, "card_after": numbers[14], "more": True,
                                "next": upto, "remaining": CARDS - 15, "timezone": "Europe/Moscow",
                                "settings": head["settings"]})
        self.assertEqual(head["settings"]["point_value"], 100)  # office.toml's, saved by nobody
        others = [json.loads(line) for line in lines if not line.startswith("card\t")]
        self.assertEqual(others, [c for c in feed["changes"] if c["type"] != "card"])
        self.assertTrue(all(line.startswith("card\t") for line in lines[len(others):]))
        cards = [line.split("\t") for line in lines[len(others):]]
        self.assertEqual([c[2] for c in cards], numbers[:15])
        for _, seq, number, state in cards:
            self.assertEqual(state, self.office_state(number))
        # Changed meanwhile: one card already served, one still to come.
        for i in (0, 39):
            status, _ = self.office.admin("PUT", f"/v1/admin/cards/{card_number(i)}",
                                          {"customer": {"id": f"c-{i}", "name": "Вера"}})
            self.assertIn(status, (200, 201))
        head, lines = page(f"after=0&limit=15&format=2&snapshot={upto}&card_after={numbers[14]}")
        self.assertEqual((head["snapshot"], head["card_after"], head["more"], head["next"]),
                         (upto, numbers[29], True, upto))
        self.assertGreaterEqual(head["remaining"], CARDS - 30)  # a bound on pages after the first
        self.assertEqual([line.split("\t")[2] for line in lines], numbers[15:30])
        head, lines = page(f"after=0&limit=15&format=2&snapshot={upto}&card_after={numbers[29]}")
        # The last page: no place to go on from, and the two changes after the snapshot follow.
        self.assertEqual(head, {"format": 2, "snapshot": upto, "more": True, "next": upto, "remaining": 2,
                                "timezone": "Europe/Moscow", "settings": head["settings"]})
        self.assertEqual([line.split("\t")[2] for line in lines], numbers[30:])
        self.assertIn("Вера", lines[-1])  # card 39 as it is now
        delta = json.loads(self.pull_text(credential, f"after={upto}&limit=100")[1])
        self.assertEqual([c["number"] for c in delta["changes"]], [card_number(0), card_number(39)])
        self.assertFalse(delta["more"])
        # A register's first sync ends holding every card as head office does.
        s = self.sync(d)
        self.assertEqual((s["sync"], s["remaining"]), ("ok", 0), s)
        with sqlite3.connect(d.data_dir / "kopilka.db") as db:
            rows = dict(db.execute("SELECT number, state FROM cards"))
            meta = dict(db.execute("SELECT key, value FROM meta WHERE key LIKE 'sync_%'"))
        self.assertEqual(rows, {n: self.office_state(n) for n in numbers})
        self.assertEqual((meta["sync_cursor"], meta.get("sync_snapshot", "")), (str(upto + 2), ""))

    def test_a_snapshot_asked_wrongly_is_refused(self):
        d = self.register("Касса 1")
        credential = (d.data_dir / "office.credential").read_text().strip()
        for query, field in (("after=0&snapshot=0", "snapshot"),
                             ("after=5&format=2&snapshot=0", "snapshot"),
                             ("after=0&format=2&snapshot=-1", "snapshot"),
                             ("after=0&format=2&snapshot=3&card_after=12ab", "card_after"),
                             ("after=0&format=2&snapshot=3&card_after=", "card_after"),
                             (f"after=0&format=2&snapshot=0&card_after={card_number(3)}", "card_after"),
                             # Without a snapshot it was ignored, and the page served from 0.
                             (f"after=0&limit=1&card_after={card_number(3)}", "card_after"),
                             (f"after=0&format=2&card_after={card_number(3)}", "card_after")):
            status, err = self.office.sync("GET", "/v1/sync/pull?" + query, credential)
            self.assertEqual((status, err["error"]["field"]), (400, field), query)
