"""Two kopilka-office processes on one PostgreSQL behind nginx, configured as
docs/office.md's example (without its TLS): no sticky sessions, requests spread over both,
one process stopped and the registers carry on through the other. Skipped, saying so,
where PostgreSQL or nginx is not installed."""
import os
import shutil
import signal
import subprocess
import time
import unittest

import pg_cluster
from kopilka_harness import ADMIN_TOKEN, Office, free_port, request, temp_dir
from test_office_ops import CARD_A, entry

CLUSTER = None


def setUpModule():
    global CLUSTER
    if pg_cluster.pg_bin_dir() is None:
        raise unittest.SkipTest("no PostgreSQL binaries (apt install postgresql, scripts/setup.sh)")
    if shutil.which("nginx") is None:
        raise unittest.SkipTest("no nginx (apt install nginx)")
    CLUSTER = pg_cluster.shared_cluster()


# docs/office.md "Several processes behind a load balancer", listening on plain HTTP.
NGINX = """daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
worker_processes 1;
events {{}}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    upstream kopilka_office {{
        server 127.0.0.1:{a} max_fails=3 fail_timeout=10s;
        server 127.0.0.1:{b} max_fails=3 fail_timeout=10s;
        keepalive 32;
    }}

    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 8m;
        proxy_read_timeout   130s;

        location / {{
            proxy_pass http://kopilka_office;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
}}
"""


class BehindNginx(unittest.TestCase):
    def setUp(self):
        url = pg_cluster.fresh_database(CLUSTER)
        self.a = Office(storage_url=url).started_for(self)
        self.b = Office(storage_url=url).started_for(self)
        d = temp_dir(self, "kopilka-nginx-")
        os.chmod(d, 0o777)  # nginx's workers run as nobody under root
        self.port = free_port()
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX.format(dir=d, a=self.a.port, b=self.b.port, port=self.port))
        self.nginx = subprocess.Popen(["nginx", "-c", conf, "-p", d], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)
        self.addCleanup(self.stop_nginx)
        deadline = time.time() + 20
        while True:
            try:
                if request(self.port, "GET", "/v1/health", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            self.assertIsNone(self.nginx.poll(), "nginx stopped")
            self.assertLess(time.time(), deadline, "nginx did not answer")
            time.sleep(0.05)

    def stop_nginx(self):
        self.nginx.send_signal(signal.SIGQUIT)
        try:
            self.nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.nginx.kill()
            self.nginx.wait()
        self.nginx.stderr.close()

    def sync(self, method, path, credential=None, body=None):
        return request(self.port, method, path, body, token=credential,
                       headers={"Kopilka-Protocol": "1"})

    def test_registers_sync_through_either_process_and_past_a_stopped_one(self):
        status, health = request(self.port, "GET", "/v1/health")
        self.assertEqual((status, health["service"]), (200, "kopilka-office"))
        status, enrolled = self.sync("POST", "/v1/sync/enroll", None, {"code": self.a.add_register("Till 1")})
        self.assertEqual(status, 200, enrolled)
        rid, cred = enrolled["register_id"], enrolled["credential"]
        cursor = 0
        for seq in range(1, 21):
            status, body = self.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, seq, CARD_A, seq)]})
            self.assertEqual((status, body["applied"]), (200, 1), body)
            if seq % 2:
                continue  # two pushes, then a pull: each process gets some of each
            status, page = self.sync("GET", f"/v1/sync/pull?after={cursor}", cred)
            self.assertEqual(status, 200, page)
            # Each pull, whichever process answers it, brings the push just made.
            self.assertEqual([(c["number"], c["state"]["purchases"]) for c in page["changes"]], [(CARD_A, seq)])
            cursor = page["next"]
        # Both processes took pushes: nothing tied the register to one of them.
        for o in (self.a, self.b):
            self.assertIn(f"push from register {rid}", o.log())
        self.assertEqual(self.a.stop(signal.SIGTERM), 0)
        for seq in range(21, 31):
            status, body = self.sync("POST", "/v1/sync/push", cred, {"entries": [entry(rid, seq, CARD_A, seq)]})
            self.assertEqual((status, body["applied"]), (200, 1), body)
        status, page = self.sync("GET", f"/v1/sync/pull?after={cursor}", cred)
        self.assertEqual(status, 200, page)
        self.assertEqual([(c["number"], c["state"]["purchases"]) for c in page["changes"]], [(CARD_A, 30)])
        status, card = request(self.port, "GET", f"/v1/cards/{CARD_A}?at=2026-11-25T12:00:00Z",
                               token=ADMIN_TOKEN)
        self.assertEqual((status, card["points"]["balance"]), (200, sum(range(1, 31))))


if __name__ == "__main__":
    unittest.main()
