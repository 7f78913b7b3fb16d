"""Head office and registers together for the sync tests: real processes on loopback, a
register enrolled with `register()`, balances read at both ends, and a head office on HTTPS."""
import json
import sqlite3
import ssl
import subprocess
import unittest

from kopilka_harness import BUILD, Daemon, Office, enroll, request

KOPILKA = str(BUILD / "cli" / "kopilka")

CARD = "2000000000015"
OTHER = "2000000000022"
AT = "2026-11-24T12:00:00+03:00"
AT_Q = AT.replace("+", "%2B")
CASHBACK = {"id": "cashback", "name": "Кешбэк 5%", "kind": "bonus", "percent": 5,
            "points": {"max_redeem_percent": 100}}


def sale(receipt_id, card=CARD, price=100000, redeem=None):
    body = {"receipt_id": receipt_id, "card": card, "at": AT,
            "lines": [{"line": 1, "sku": "S-1", "category": "haircut", "qty": 1, "price": price}]}
    if redeem is not None:
        body["redeem_points"] = redeem
    return body


class TlsOffice(Office):
    """Head office serving HTTPS with a fresh self-signed certificate for 127.0.0.1."""

    def __init__(self):
        super().__init__()
        self.cert, key = self.dir / "office.crt", self.dir / "office.key"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-keyout", str(key), "-out", str(self.cert), "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        text = self.config_path.read_text().replace("insecure_http = true\n", "")
        self.config_path.write_text(text + f'[tls]\ncert = "{self.cert}"\nkey = "{key}"\n')
        self.tls = ssl.create_default_context(cafile=str(self.cert))


class SyncCase(unittest.TestCase):
    """One head office per test; registers enrolled with it on demand."""

    def setUp(self):
        self.office = Office().started_for(self)

    def register(self, name, office_port=None):
        d = Daemon().started_for(self)
        enroll(self.office, d, name, office_port)
        return d

    def sync(self, d):
        status, body = d.admin("POST", "/v1/admin/sync", {})
        self.assertEqual(status, 200, body)
        return body

    @staticmethod
    def sync_ignoring_kill(d):
        try:
            request(d.port, "POST", "/v1/admin/sync", {}, token="admin-token-for-tests-0001")
        except OSError:
            pass  # the register was killed under the request

    def balance_at(self, port, token):
        status, body = request(port, "GET", f"/v1/cards/{CARD}?at={AT_Q}", token=token)
        self.assertEqual(status, 200, body)
        return body["points"]["balance"], body["spent"]

    def office_card(self):
        return self.balance_at(self.office.port, "admin-token-for-tests-0001")

    def register_card(self, d):
        return self.balance_at(d.port, "pos-token-for-tests-0001")

    @staticmethod
    def register_state(d, card=CARD):
        """A register's stored card state, as its text."""
        with sqlite3.connect(d.data_dir / "kopilka.db") as db:
            return db.execute("SELECT state FROM cards WHERE number = ?", (card,)).fetchone()[0]

    def office_state(self, card=CARD):
        return self.office.sql_row(f"SELECT state FROM cards WHERE number = '{card}'")[0]

    def office_entries(self):
        return self.office.sql_row("SELECT count(*), count(DISTINCT id) FROM entries")

    def seed_office(self, points=0):
        self.assertEqual(self.office.admin("PUT", "/v1/admin/programs/cashback", CASHBACK)[0], 201)
        self.assertEqual(self.office.admin("PUT", f"/v1/admin/cards/{CARD}",
                                           {"customer": {"id": "c-1", "name": "Анна",
                                                         "phone": "+79991234567"}})[0], 201)
        if points:
            status, body = self.office.admin("POST", f"/v1/admin/cards/{CARD}/points",
                                             {"adjust_id": "A-1", "points": points,
                                              "reason": "перенос баланса", "at": AT})
            self.assertEqual(status, 200, body)

    def kopilka(self, d, *args, cwd=None):
        out = subprocess.run([KOPILKA, "--config", str(d.config_path), "--json", *args],
                             capture_output=True, text=True, timeout=120, cwd=cwd)
        return out.returncode, (json.loads(out.stdout) if out.stdout.strip() else None), out.stderr
