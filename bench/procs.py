"""Starting kopilkad and kopilka-office for benchmarks, and the small measuring helpers
every figure shares: percentiles, a persistent HTTP client, process RSS."""
import http.client
import json
import os
import socket
import subprocess
import time

POS_TOKEN = "bench-pos-token-000000001"
ADMIN_TOKEN = "bench-admin-token-00000001"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(values):
    """p50/p99 of a list (nearest rank), in the list's unit."""
    v = sorted(values)
    if not v:
        return {"p50": None, "p99": None}
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    return {"p50": round(pick(0.50), 4), "p99": round(pick(0.99), 4)}


class Client:
    """One persistent HTTP/1.1 connection, like a POS keeps to kopilkad."""

    def __init__(self, port, token=None, timeout=120):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.conn.connect()
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.headers = {"Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def call(self, method, path, body=None, raw=None, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = dict(self.headers, **(headers or {}))
        self.conn.request(method, path, body=data, headers=h)
        resp = self.conn.getresponse()
        text = resp.read()
        return resp.status, text

    def close(self):
        self.conn.close()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 2)
    return None


def cpu_seconds(pid):
    """User + system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# A first start on a generated office builds the customer search index (about 110 s for
# 1 000 000 customers here) after checking a file of several gigabytes: far over the two
# minutes a start is otherwise given.
FIRST_START_S = 900


class Server:
    """A kopilkad or kopilka-office with a config file, started and waited for."""

    def __init__(self, binary, config_path, port, log_path, args=()):
        self.binary, self.config, self.port, self.log_path = binary, config_path, port, log_path
        self.args = list(args)
        self.proc = None
        self.startup_ms = None

    def start(self, timeout=120):
        t0 = time.perf_counter()
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([self.binary, "--config", str(self.config)] + self.args,
                                         stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.binary} exited {self.proc.returncode}; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        self.startup_ms = round((time.perf_counter() - t0) * 1000, 2)
                        return self
            except OSError:
                pass
            time.sleep(0.001)
        raise RuntimeError(f"{self.binary} did not answer /v1/health; see {self.log_path}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def daemon_config(path, port, data_dir, extra=""):
    path.write_text(f'listen = "127.0.0.1:{port}"\n'
                    f'data_dir = "{data_dir}"\n'
                    'timezone = "Europe/Moscow"\n'
                    'no_loyalty_categories = ["tobacco"]\n'
                    f'pos_token = "{POS_TOKEN}"\n'
                    f'admin_token = "{ADMIN_TOKEN}"\n' + extra)


def office_config(path, port, data_dir, storage_url=None):
    path.write_text(f'listen = "127.0.0.1:{port}"\n'
                    f'data_dir = "{data_dir}"\n'
                    'timezone = "Europe/Moscow"\n'
                    f'admin_token = "{ADMIN_TOKEN}"\n'
                    'insecure_http = true\n'
                    + (f'storage = {{ url = "{storage_url}" }}\n' if storage_url else ''))
