"""Export jobs at head office (docs/office.md "Export jobs"): POST /v1/admin/export-jobs
starts the export of customers.csv, cards.csv or journal.csv off the loop thread, GET
…/{id} reports its progress until `done` of `total` rows, and …/file is byte for byte the
one-shot GET /v1/admin/exports/{file}. Only the owner, the marketer and the auditor may,
and each sees only the jobs they started. The chain's cards come in through
`kopilka-office import cards`, the journal through the points API."""
import concurrent.futures
import subprocess
import time
import unittest

from kopilka_harness import ADMIN_TOKEN, Office, ean13, fetch, staff_user

# Paging and progress over pages are export_jobs_store_test.cc's; `import cards` commits
# each card alone, so the chain here stays small.
CARDS = 120


def raw_get(port, path, headers):
    status, answer_headers, body = fetch(port, path, headers)
    return status, answer_headers, body.decode("utf-8")


class ExportJobsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.office = Office().started_for_class(cls)
        csv = cls.office.dir / "import.csv"
        lines = ["number,customer_id,name,phone"]
        for i in range(CARDS):
            lines.append(f"{ean13(10**10 + i)},c-{i},"
                         f"\"Иванова, Анна {i}\",+7999{i:07d}")
        csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run = subprocess.run([cls.office.binary, "import", "cards", str(csv),
                              "--config", str(cls.office.config_path)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0 and f"imported {CARDS} cards" in run.stdout, run
        cls.first_card = lines[1].split(",")[0]
        for n, at in enumerate(("2026-11-02T12:00:00+03:00", "2026-11-20T12:00:00+03:00")):
            status, body = cls.office.admin(
                "POST", f"/v1/admin/cards/{cls.first_card}/points",
                {"adjust_id": f"A-{n}", "points": 100 + n, "reason": "перенос", "at": at})
            assert status == 200, body
        # Each password hashed takes a while: the three accounts are made at once.
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            owner, auditor, support = (pool.submit(staff_user, cls.office, login, role)
                                       for login, role in (("olga", "owner"), ("ivan", "auditor"),
                                                           ("sveta", "support")))
            cls.owner, cls.auditor, cls.support = owner.result(), auditor.result(), support.result()

    def file_of(self, session, path):
        return raw_get(self.office.port, path, {"Cookie": f"kopilka_session={session.cookie}"})

    def one_shot(self, path):
        return raw_get(self.office.port, path, {"Authorization": f"Bearer {ADMIN_TOKEN}"})

    def run_job(self, session, body):
        """Starts a job and polls it until it ends; its views, first to last."""
        status, job = session.call("POST", "/v1/admin/export-jobs", body)
        self.assertEqual(status, 202, job)
        self.assertEqual((job["file"], job["state"]), (body["file"], "running"))
        views = [job]
        deadline = time.monotonic() + 20
        while views[-1]["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.01)
            status, job = session.call("GET", f"/v1/admin/export-jobs/{job['id']}")
            self.assertEqual(status, 200, job)
            views.append(job)
        return views

    def test_cards_job_reports_progress_and_equals_the_one_shot_file(self):
        views = self.run_job(self.owner, {"file": "cards.csv"})
        last = views[-1]
        self.assertEqual((last["state"], last["done"], last["total"], last["truncated"]),
                         ("done", CARDS, CARDS, False))
        dones = [v["done"] for v in views]
        self.assertEqual(dones, sorted(dones), "progress never goes back")
        for v in views:
            self.assertLessEqual(v["done"], v["total"] if v["total"] else 0, v)
        status, headers, text = self.file_of(self.owner, f"/v1/admin/export-jobs/{last['id']}/file")
        self.assertEqual((status, headers["Content-Type"]), (200, "text/csv; charset=utf-8"))
        self.assertEqual(headers["Content-Disposition"], 'attachment; filename="cards.csv"')
        self.assertEqual(headers["Kopilka-Truncated"], "false")
        self.assertEqual(text, self.one_shot("/v1/admin/exports/cards.csv")[2])
        self.assertEqual(len(text.splitlines()), CARDS + 1)
        self.assertIn('"Иванова, Анна 0"', text)

    def test_customers_with_a_cap_and_the_journal_by_dates(self):
        views = self.run_job(self.auditor, {"file": "customers.csv", "limit": 100})
        last = views[-1]
        self.assertEqual((last["state"], last["done"], last["total"], last["truncated"]),
                         ("done", 100, 100, True))
        status, headers, text = self.file_of(self.auditor,
                                             f"/v1/admin/export-jobs/{last['id']}/file")
        self.assertEqual((status, headers["Kopilka-Truncated"]), (200, "true"))
        self.assertEqual(text, self.one_shot("/v1/admin/exports/customers.csv?limit=100")[2])

        views = self.run_job(self.auditor, {"file": "journal.csv", "from": "2026-11-10",
                                            "to": "2026-11-30"})
        self.assertEqual((views[-1]["done"], views[-1]["total"]), (1, 1))
        _, _, text = self.file_of(self.auditor, f"/v1/admin/export-jobs/{views[-1]['id']}/file")
        self.assertEqual(text, self.one_shot(
            "/v1/admin/exports/journal.csv?from=2026-11-10&to=2026-11-30")[2])
        self.assertEqual(len(text.splitlines()), 2)
        self.assertIn(f",{self.first_card},2026-11-20T12:00:00+03:00,", text)
        self.assertTrue(text.rstrip().endswith(",0,101,0,,0,2026-11-20"), text)
        # Who took the customers' data and when is in the audit log, for jobs and one-shot
        # downloads alike (neither was).
        status, audit = self.office.admin("GET", "/v1/admin/audit?action=data.export")
        self.assertEqual(status, 200, audit)
        taken = sorted((e["object"], e["after"]["from"]) for e in audit["entries"]
                       if e["object"] != "export:cards.csv")  # the other tests' files
        self.assertEqual(taken, sorted([
            ("export:customers.csv", None), ("export:customers.csv", None),
            ("export:journal.csv", "2026-11-10"), ("export:journal.csv", "2026-11-10")]), taken)

    def test_roles_owners_and_bad_requests(self):
        status, body = self.support.call("POST", "/v1/admin/export-jobs", {"file": "cards.csv"})
        self.assertEqual((status, body["error"]["code"]), (403, "forbidden"))
        status, job = self.owner.call("POST", "/v1/admin/export-jobs",
                                      {"file": "journal.csv", "limit": 5})
        self.assertEqual(status, 202, job)
        # Another caller, even an auditor who reads everything, does not see someone's job.
        for path in (f"/v1/admin/export-jobs/{job['id']}", f"/v1/admin/export-jobs/{job['id']}/file"):
            status, body = self.auditor.call("GET", path)
            self.assertEqual((status, body["error"]["code"]), (404, "not_found"), path)
        status, body = self.support.call("GET", f"/v1/admin/export-jobs/{job['id']}")
        self.assertEqual(status, 403)
        for body, field in (({"file": "staff.csv"}, "file"), ({}, "file"),
                            ({"file": "cards.csv", "from": "2026-11-01"}, "from"),
                            ({"file": "journal.csv", "from": "1 ноября"}, "from"),
                            ({"file": "journal.csv", "to": 20261101}, "to"),
                            ({"file": "cards.csv", "limit": 0}, "limit"),
                            ({"file": "cards.csv", "limit": "5"}, "limit"),
                            ({"file": "cards.csv", "limit": 100001}, "limit")):
            status, answer = self.owner.call("POST", "/v1/admin/export-jobs", body)
            self.assertEqual((status, answer["error"]["code"], answer["error"].get("field")),
                             (400, "invalid_request", field), body)
        status, body = self.owner.call("GET", "/v1/admin/export-jobs/x-0000000000000000")
        self.assertEqual(status, 404)


if __name__ == "__main__":
    unittest.main()
