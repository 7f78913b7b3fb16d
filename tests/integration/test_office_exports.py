"""CSV exports at head office (docs/office.md "Exports"): `kopilka-office export …` and
GET /v1/admin/exports/{customers|cards|journal}.csv give the exact bytes: a header row,
RFC 4180 quoting (commas, quotes, Cyrillic), money in kopecks, journal by dates; a name a
spreadsheet would run as a formula gets an apostrophe in front."""
import subprocess
import unittest

from kopilka_harness import ADMIN_TOKEN, Office, fetch, temp_dir

CARD, OTHER = "2000000000015", "2000000000022"
AT = "2026-11-24T12:00:00+03:00"
NAME = 'Иванова, Анна "Аня"'
FORMULA = "=1+1 Пётр"  # typed at a till; a spreadsheet would compute it


def get(port, path):
    status, headers, body = fetch(port, path, {"Authorization": f"Bearer {ADMIN_TOKEN}"})
    return status, headers, body.decode("utf-8")


class ExportTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.office = Office().started_for_class(cls)
        for number, customer in ((CARD, {"id": "c-1", "name": NAME, "phone": "+79991234567"}),
                                 (OTHER, {"id": "c-2", "name": FORMULA})):
            status, body = cls.office.admin("PUT", f"/v1/admin/cards/{number}",
                                            {"customer": customer})
            assert status == 201, body
        status, body = cls.office.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                        {"adjust_id": "A-1", "points": 300, "reason": "перенос",
                                         "at": AT})
        assert status == 200, body
        # One receipt entry, pushed as a register would.
        register_id, credential = cls.office.enroll("Касса 1")
        entry = {"id": f"{register_id}:1", "kind": "receipt", "at": AT,
                 "effects": {"card": CARD, "spent_delta": 150000, "purchases_delta": 1,
                             "new_lots": [{"id": "0", "program": "", "earned_day": "2026-11-24",
                                           "usable_from": "2026-11-24", "last_day": None,
                                           "points": 75}]},
                 "detail": {"receipt_id": "R-1", "total": 150000}}
        status, body = cls.office.sync("POST", "/v1/sync/push", credential,
                                       {"entries": [entry]})
        assert status == 200 and body["acked"] == [entry["id"]], body
        cls.entry_id = entry["id"]
        cls.register_id = register_id

    def export(self, *args):
        out = temp_dir(self) / "out.csv"
        run = subprocess.run([self.office.binary, "export", *args, "--out", str(out),
                              "--config", str(self.office.config_path)],
                             capture_output=True, text=True, timeout=60)
        return run, (out.read_bytes().decode("utf-8") if out.exists() else None)

    CARDS = ("number,status,customer_id,customer_name,phone,balance_points,spent_kopecks,"
             "purchases,groups\r\n"
             f'{CARD},active,c-1,"Иванова, Анна ""Аня""",+79991234567,375,150000,1,\r\n'
             f"{OTHER},active,c-2,'=1+1 Пётр,,0,0,0,\r\n")

    def test_cards_and_customers_exactly(self):
        run, text = self.export("cards")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(text, self.CARDS)
        self.assertIn("2 / 2 rows", run.stderr)
        status, headers, body = get(self.office.port, "/v1/admin/exports/cards.csv")
        self.assertEqual((status, headers["Content-Type"], body), (200, "text/csv; charset=utf-8", self.CARDS))
        self.assertEqual(headers["Kopilka-Truncated"], "false")
        customers = ("id,name,phone,birthday,first_card\r\n"
                     f'c-1,"Иванова, Анна ""Аня""",+79991234567,,{CARD}\r\n'
                     f"c-2,'=1+1 Пётр,,,{OTHER}\r\n")
        run, text = self.export("customers")
        self.assertEqual((run.returncode, text), (0, customers), run.stderr)
        self.assertEqual(get(self.office.port, "/v1/admin/exports/customers.csv")[2], customers)
        status, headers, body = get(self.office.port, "/v1/admin/exports/cards.csv?limit=1")
        self.assertEqual(headers["Kopilka-Truncated"], "true")
        self.assertEqual(body, "".join(self.CARDS.splitlines(keepends=True)[:2]))

    def test_a_download_for_excel_starts_with_a_byte_order_mark_when_asked(self):
        # Russian Excel read the web admin's UTF-8 downloads as Windows-1251: every name
        # garbled. The web asks for the mark (bom=1); the same file imports again as it was.
        status, _, body = get(self.office.port, "/v1/admin/exports/cards.csv?bom=1")
        self.assertEqual((status, body), (200, "\ufeff" + self.CARDS))
        self.assertEqual(get(self.office.port, "/v1/admin/exports/cards.csv")[2], self.CARDS)
        status, _, body = get(self.office.port, "/v1/admin/reports/summary?from=2026-11-24&"
                                                "to=2026-11-24&format=csv&bom=1")
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith("\ufeff") and not body.startswith("\ufeff\ufeff"), body)
        path = temp_dir(self) / "excel.csv"
        path.write_text("\ufeff" + self.CARDS, encoding="utf-8")
        run = subprocess.run([self.office.binary, "import", "cards", str(path), "--config",
                              str(self.office.config_path)], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr + run.stdout)
        self.assertEqual(get(self.office.port, "/v1/admin/exports/cards.csv")[2], self.CARDS)

    def test_journal_by_dates(self):
        # receipt_id, money_kopecks and day let an accountant add the reports up again:
        # spent_kopecks is the card's spend (points paid included; no card, nothing).
        header = ("id,register_id,kind,card,at,received,spent_kopecks,points_added,"
                  "points_taken,receipt_id,money_kopecks,day\r\n")
        run, text = self.export("journal", "--from", "2026-11-24", "--to", "2026-11-24")
        self.assertEqual(run.returncode, 0, run.stderr)
        whole = text
        lines = text.split("\r\n")
        self.assertEqual(lines[0] + "\r\n", header)
        # Head office's own adjustment is a journal entry too; rows come by entry id.
        rows = [line.split(",") for line in lines[1:-1]]
        self.assertEqual(lines[-1], "")
        self.assertEqual([r[:5] + r[6:] for r in rows],
                         [["office:3", "office", "adjust", CARD, "2026-11-24T12:00:00+03:00",
                           "0", "300", "0", "", "0", "2026-11-24"],
                          [self.entry_id, self.register_id, "receipt", CARD,
                           "2026-11-24T12:00:00+03:00", "150000", "75", "0", "R-1", "150000",
                           "2026-11-24"]])
        # Head office's adjustment dated 24.11 was made today: `received` says when (it was
        # the date it was given, and an audit of back-dated adjustments read it wrong).
        self.assertGreater(rows[0][5], "2026-11-25", rows[0])
        run, text = self.export("journal", "--from", "2026-11-25")
        self.assertEqual((run.returncode, text), (0, header), run.stderr)
        status, _, body = get(self.office.port,
                              "/v1/admin/exports/journal.csv?from=2026-11-24&to=2026-11-24")
        self.assertEqual((status, body), (200, whole))
        run, _ = self.export("journal", "--from", "2026-13-01")
        self.assertEqual(run.returncode, 2)
        self.assertIn("--from", run.stderr)
        status, _, body = get(self.office.port, "/v1/admin/exports/receipts.csv")
        self.assertEqual(status, 404)


    def test_journal_rows_carry_the_money_and_the_store_day_the_reports_count(self):
        # A late-evening sale in Vladivostok is the next day there, and a refund's money is
        # negative: the accountant's sums of money_kopecks by day are the reports' revenue.
        status, store = self.office.admin("POST", "/v1/admin/stores",
                                          {"name": "Владивосток", "timezone": "Asia/Vladivostok"})
        self.assertEqual(status, 201, store)
        register_id, credential = self.office.enroll("Касса ВЛ")
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/registers/{register_id}",
                                           {"store": store["id"]})[0], 200)
        sale = {"id": f"{register_id}:1", "kind": "receipt", "at": "2026-11-20T22:30:00+03:00",
                "effects": {"card": "", "spent_delta": 0},
                "detail": {"receipt_id": "V-1", "total": 40000}}
        back = {"id": f"{register_id}:2", "kind": "refund", "at": "2026-11-21T10:00:00+03:00",
                "effects": {"card": ""},
                "detail": {"receipt_id": "V-1", "response": {"money_returned": 15000}}}
        status, body = self.office.sync("POST", "/v1/sync/push", credential,
                                        {"entries": [sale, back]})
        self.assertEqual((status, body["acked"]), (200, [sale["id"], back["id"]]), body)
        # Dated before the class's other entries, which the other tests count by date.
        run, text = self.export("journal", "--from", "2026-11-20", "--to", "2026-11-21")
        self.assertEqual(run.returncode, 0, run.stderr)
        rows = [line.split(",") for line in text.split("\r\n")[1:-1]]
        self.assertEqual([(r[0], r[2], r[9], r[10], r[11]) for r in rows],
                         [(sale["id"], "receipt", "V-1", "40000", "2026-11-21"),
                          (back["id"], "refund", "V-1", "-15000", "2026-11-21")])
        status, report = self.office.admin(
            "GET", f"/v1/admin/reports/summary?from=2026-11-21&to=2026-11-21&store={store['id']}")
        self.assertEqual(status, 200, report)
        self.assertEqual(report["totals"]["revenue"]["all"], 40000 - 15000)


if __name__ == "__main__":
    unittest.main()
