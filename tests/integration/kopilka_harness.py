"""Starts the real Kopilka programs for integration tests and talks to them over
loopback HTTP. Standard library only.

    with Daemon() as d:                  # kopilkad on a temp data dir and a free port
        d.admin("PUT", "/v1/admin/programs/x", {...})
        status, body = d.pos("POST", "/v1/receipts/calculate", {...})

Binaries come from $KOPILKA_BUILD_DIR (set by CTest). Under the sanitizer build
($KOPILKA_SANITIZE=ON) programs start and answer slower: START_TIMEOUT allows for it.

Process is the base for any program under test: give it `args()`, and it gets start()
(waits for GET /v1/health to answer 200 from its own listener), stop(sig) (returns the exit
code), kill9(), restart(), log() (its stdout+stderr so far), an own temp directory and a
free port.
Set `env` (a dict) before start() to run it with a different environment.
In a TestCase, `Daemon().started_for(self)` (or started_for_class(cls) in setUpClass) starts
one that is killed and removed after the test (for_test(self): the same, not started);
temp_dir(self) is a directory removed after it.
Office.enroll(name) enrols a register over the protocol; enroll(office, daemon, name) does
what `kopilka enroll` does for a running kopilkad; notify_socket() stands in for systemd's."""
import contextlib
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pg_cluster
from listeners import PortTaken, listens_on

BUILD = pathlib.Path(os.environ.get("KOPILKA_BUILD_DIR", "build/release")).resolve()
SANITIZED = os.environ.get("KOPILKA_SANITIZE", "OFF").upper() in ("ON", "1", "TRUE")
START_TIMEOUT = 60 if SANITIZED else 15

POS_TOKEN = "pos-token-for-tests-0001"
ADMIN_TOKEN = "admin-token-for-tests-0001"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def temp_dir(test, prefix="kopilka-test-"):
    """A fresh directory removed after `test`: a unittest.TestCase (after the test and its
    tearDown) or a TestCase class (after the class, when called from setUpClass)."""
    path = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    cleanup = test.addClassCleanup if isinstance(test, type) else test.addCleanup
    cleanup(shutil.rmtree, path, ignore_errors=True)
    return path


@contextlib.contextmanager
def notify_socket():
    """Stands in for systemd's NOTIFY_SOCKET: yields (path, datagram socket bound there,
    reads time out after START_TIMEOUT); both are gone afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "notify.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.bind(path)
            sock.settimeout(START_TIMEOUT)
            yield path, sock


def request(port, method, path, body=None, token=None, raw=None, headers=None, timeout=30,
            tls=None):
    """Returns (status, parsed JSON or None). `tls`: an ssl.SSLContext for HTTPS."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    scheme = "https" if tls else "http"
    req = urllib.request.Request(f"{scheme}://127.0.0.1:{port}{path}", data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=tls) as resp:
            text = resp.read()
            return resp.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, None


def ean13(n):
    """The n-th test card number: 2 and n in 11 digits, with its EAN-13 check digit."""
    body = f"2{n:011d}"
    check = (10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10
    return body + str(check)

def fetch(port, path, headers=None, timeout=30):
    """A plain GET, errors included: (status, headers, body bytes). For what is not JSON
    (CSV files, the web admin's files)."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()

class Process:
    """A program under test with its own temp directory, port and log."""

    binary = None

    def __init__(self, directory=None, port=None):
        self.dir = pathlib.Path(directory or tempfile.mkdtemp(prefix="kopilka-test-"))
        self.own_dir = directory is None
        self.own_port = port is None
        self.port = port or free_port()
        self.proc = None
        self.env = None  # None: inherit this process's environment
        self.tls = None  # an ssl.SSLContext when the program serves HTTPS
        self.log_path = self.dir / f"{pathlib.Path(self.binary).name}.log"

    def args(self):
        raise NotImplementedError

    def start(self):
        """Starts it and waits until it answers /v1/health on its port. Another test's
        program may answer there first (two free_port() calls can name one port): only
        our process's listener counts, and a first start that lost its port to another
        program is made again on a new one."""
        may_move = self.proc is None and self.own_port  # no client knows the port yet
        for moves in range(3):
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(self.args(), stdout=log, stderr=subprocess.STDOUT,
                                             env=self.env)
            try:
                return self._wait_for_health()
            except PortTaken:
                if not (may_move and moves < 2 and self._move_port()):
                    raise

    def _wait_for_health(self):
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            if self.proc.poll() is not None:
                kind = PortTaken if "in use" in self.log() else RuntimeError
                raise kind(f"{self.binary} exited with {self.proc.returncode}:\n{self.log()}")
            try:
                status, _ = request(self.port, "GET", "/v1/health", timeout=2, tls=self.tls)
                if status == 200 and listens_on(self.proc.pid, self.port):
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.binary} did not answer /v1/health:\n{self.log()}")

    def _move_port(self):
        """Gives it a new free port in its config file; False if it has none to edit."""
        path = getattr(self, "config_path", None)
        old = f':{self.port}"'
        text = path.read_text() if path is not None and path.exists() else ""
        if old not in text:
            return False
        self.port = free_port()
        path.write_text(text.replace(old, f':{self.port}"'))
        return True

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        return self.proc.returncode if self.proc else None

    def kill9(self):
        return self.stop(signal.SIGKILL)

    def restart(self):
        self.stop()
        return self.start()

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def for_test(self, test):
        """Ties it to one test without starting it: killed if running and its own directory
        removed after `test`'s tearDown, also when the test or its setUp fails half way."""
        test.addCleanup(self.__exit__, None, None, None)
        return self

    def started_for(self, test):
        """for_test, then started."""
        return self.for_test(test).start()

    def started_for_class(self, cls):
        """started_for, for a whole TestCase class (from setUpClass)."""
        cls.addClassCleanup(self.__exit__, None, None, None)
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop(signal.SIGKILL)
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


class Daemon(Process):
    binary = str(BUILD / "daemon" / "kopilkad")

    def __init__(self, directory=None, port=None, extra_config=""):
        super().__init__(directory, port)
        self.config_path = self.dir / "kopilka.toml"
        self.data_dir = self.dir / "data"
        if not self.config_path.exists():
            self.write_config(extra_config)

    def write_config(self, extra=""):
        self.config_path.write_text(
            f'listen = "127.0.0.1:{self.port}"\n'
            f'data_dir = "{self.data_dir}"\n'
            'timezone = "Europe/Moscow"\n'
            'no_loyalty_categories = ["tobacco"]\n'
            f'pos_token = "{POS_TOKEN}"\n'
            f'admin_token = "{ADMIN_TOKEN}"\n' + extra)

    def args(self):
        return [self.binary, "--config", str(self.config_path)]

    def pos(self, method, path, body=None, **kw):
        return request(self.port, method, path, body, token=POS_TOKEN, **kw)

    def admin(self, method, path, body=None, **kw):
        return request(self.port, method, path, body, token=ADMIN_TOKEN, **kw)


class Office(Process):
    binary = str(BUILD / "office" / "kopilka-office")

    def __init__(self, directory=None, port=None, storage_url=None, extra_config=""):
        """extra_config: TOML appended to office.toml (tables such as [notify]).
        storage_url: the [storage] url; by default SQLite in the data dir, or a database
        of its own on the test cluster under KOPILKA_OFFICE_STORAGE=postgresql (pg_cluster.py).
        The url is kept beside office.toml, so an Office made again on this directory
        finds the same database."""
        super().__init__(directory, port)
        self.config_path = self.dir / "office.toml"
        saved = self.dir / "storage-url"
        if storage_url is None and saved.exists():
            storage_url = saved.read_text()
        if storage_url is None and pg_cluster.engine() == "postgresql":
            cluster = pg_cluster.shared_cluster()
            if cluster is None:
                raise RuntimeError("KOPILKA_OFFICE_STORAGE=postgresql but no PostgreSQL binaries")
            storage_url = pg_cluster.fresh_database(cluster)
        self.storage_url = storage_url
        if storage_url:
            saved.write_text(storage_url)
        self.config_path.write_text(
            f'listen = "127.0.0.1:{self.port}"\n'
            f'data_dir = "{self.dir / "office-data"}"\n'
            'timezone = "Europe/Moscow"\n'
            f'admin_token = "{ADMIN_TOKEN}"\n'
            'insecure_http = true\n' +
            (f'storage = {{ url = "{storage_url}" }}\n' if storage_url else '') + extra_config)

    def args(self):
        return [self.binary, "--config", str(self.config_path)]

    def admin(self, method, path, body=None, **kw):
        return request(self.port, method, path, body, token=ADMIN_TOKEN, **kw)

    def sql_row(self, sql):
        """The first row of a query on head office's database, whichever the engine (numbers
        as ints), for tests that look at what was stored."""
        if self.storage_url and self.storage_url.startswith("postgres"):
            cluster = pg_cluster.shared_cluster()
            out = cluster.psql(sql, database=self.storage_url.rsplit("/", 1)[1])
            return tuple(int(v) if v.lstrip("-").isdigit() else v
                         for v in out.splitlines()[0].split("|")) if out else None
        import sqlite3
        with sqlite3.connect(self.dir / "office-data" / "office.db") as db:
            return db.execute(sql).fetchone()

    def add_register(self, name):
        out = subprocess.run([self.binary, "register", "add", name, "--config", str(self.config_path)],
                             check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def sync(self, method, path, credential=None, body=None, protocol="1"):
        """A call of the register protocol (sync.md) with a register's credential."""
        return request(self.port, method, path, body, token=credential,
                       headers={"Kopilka-Protocol": protocol})

    def enroll(self, name=None, code=None, register_id=None):
        """Enrols a register with a fresh code for `name` (or the given `code`); returns
        (register_id, credential). Anything but 200 fails the test with the answer."""
        body = {"code": code if code is not None else self.add_register(name)}
        if register_id is not None:
            body["register_id"] = register_id
        status, answer = self.sync("POST", "/v1/sync/enroll", None, body)
        if status != 200:
            raise AssertionError(f"enrolment answered {status}: {answer}")
        return answer["register_id"], answer["credential"]


def enroll(office, daemon, name, office_port=None, sync_interval="1h", config=""):
    """What `kopilka enroll` does, by hand: a code from head office, the credential in the
    register's data dir, the office url in its config after `config` (the running daemon
    reads both at its next sync). `office_port`: reach head office through another port
    (a fault proxy). Returns the register id."""
    register_id = request(daemon.port, "GET", "/v1/health")[1]["register_id"]
    _, credential = office.enroll(name, register_id=register_id)
    path = daemon.data_dir / "office.credential"
    path.write_text(credential + "\n")
    os.chmod(path, 0o600)
    daemon.write_config(config + f'[office]\nurl = "http://127.0.0.1:{office_port or office.port}"\n'
                        f'sync_interval = "{sync_interval}"\n')
    return register_id


# Staff accounts and sign-in (office.md "Staff, roles and audit").

def user_add(office, login, role):
    """`kopilka-office user add LOGIN --role ROLE`; returns its one-time password."""
    out = subprocess.run([office.binary, "user", "add", login, "--role", role,
                          "--config", str(office.config_path)],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def http(port, method, path, body=None, headers=None, timeout=30):
    """Like request(), also returning the response's headers: (status, JSON or None, headers
    as an email.message.Message, so headers["Set-Cookie"] works)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read()
            return resp.status, (json.loads(text) if text else None), resp.headers
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text), e.headers
        except ValueError:
            return e.code, None, e.headers


class Session:
    """A signed-in browser: its cookie and CSRF token, sent with every call."""

    def __init__(self, port, cookie, csrf, answer):
        self.port, self.cookie, self.csrf, self.answer = port, cookie, csrf, answer

    def call(self, method, path, body=None, csrf=True):
        headers = {"Cookie": f"kopilka_session={self.cookie}"}
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        status, answer, got = http(self.port, method, path, body, headers)
        # As a browser keeps a new session cookie, and the web admin the token that comes
        # with it (a password change starts a new session).
        cookie = (got.get("Set-Cookie") or "").split(";")[0]
        if cookie.startswith("kopilka_session=") and cookie != "kopilka_session=":
            self.cookie = cookie.split("=", 1)[1]
            if isinstance(answer, dict) and answer.get("csrf"):
                self.csrf = answer["csrf"]
        return status, answer


def sign_in(office, login, password):
    """POST /v1/auth/login; a Session, or AssertionError with the answer."""
    status, answer, headers = http(office.port, "POST", "/v1/auth/login",
                                   {"login": login, "password": password})
    if status != 200:
        raise AssertionError(f"sign-in as {login} answered {status}: {answer}")
    cookie = headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    return Session(office.port, cookie, answer["csrf"], answer)


def staff_user(office, login, role, password=None):
    """An account with its one-time password changed (to `password`, default
    'password-of-LOGIN'); returns its signed-in Session."""
    one_time = user_add(office, login, role)
    session = sign_in(office, login, one_time)
    new = password or f"password-of-{login}"
    status, answer = session.call("POST", "/v1/auth/password", {"old": one_time, "new": new})
    if status != 200:
        raise AssertionError(f"password change of {login} answered {status}: {answer}")
    return session
