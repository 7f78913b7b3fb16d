"""A throwaway PostgreSQL cluster for head office's tests: initdb in a temp dir, started on
a free loopback port, torn down at the end. Needs only Debian's postgresql package
(scripts/setup.sh); as root the cluster runs as `nobody`, since PostgreSQL refuses root.

    cluster = shared_cluster()          # None when no PostgreSQL binaries are installed
    url = cluster.database("office_1")  # creates it if missing: postgresql://kopilka@127.0.0.1:P/office_1

KOPILKA_OFFICE_STORAGE=postgresql makes every Office of kopilka_harness use its own database
of one cluster per test process; the suites then run unchanged on the PostgreSQL engine."""
import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

USER = "kopilka"


def pg_bin_dir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, bin_dir, durable=False):
        """durable: fsync, synchronous_commit and full_page_writes on, as in production
        (bench/); the tests' cluster runs without them, for speed."""
        self.bin = bin_dir
        self.durable = durable
        self.dir = tempfile.mkdtemp(prefix="kopilka-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = _free_port()
        self.as_user = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
            self.as_user = ["runuser", "-u", "nobody", "--"]
        self.created = set()

    def _run(self, *args, **kw):
        return subprocess.run(self.as_user + list(args), check=True, capture_output=True, text=True,
                              cwd=self.dir, **kw)

    def start(self):
        self._run(os.path.join(self.bin, "initdb"), "-D", self.data, "-A", "trust", "-U", USER,
                  "-E", "UTF8", "--no-sync", "--locale=C")
        # Another test's program may have taken the free port meanwhile: a new one then,
        # before any database's url names it.
        for attempt in range(3):
            try:
                return self.resume()
            except subprocess.CalledProcessError:
                if attempt == 2 or "already in use" not in self.server_log():
                    raise
                self.port = _free_port()

    def server_log(self):
        try:
            with open(os.path.join(self.dir, "server.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def resume(self):
        """Starts the server of an initialised cluster (after halt())."""
        durability = ("-c fsync=on -c synchronous_commit=on -c full_page_writes=on" if self.durable
                      else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 {durability} "
                   "-c max_connections=200")
        self._run(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-l",
                  os.path.join(self.dir, "server.log"), "-o", options, "-w", "-t", "60", "start")
        return self

    def halt(self):
        """Stops the server, keeping the cluster for resume(): a database that is down."""
        self._run(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")

    def restart(self):
        self._run(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-l",
                  os.path.join(self.dir, "server.log"), "-m", "fast", "-w", "restart")

    def psql(self, sql, database="postgres", stdin=None):
        """Runs `sql`; `stdin` feeds a COPY ... FROM STDIN in it."""
        out = subprocess.run([os.path.join(self.bin, "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                              "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, "-d", database,
                              "-c", sql], check=True, capture_output=True, text=True, input=stdin)
        return out.stdout.strip()

    def setting(self, name):
        return self.psql(f"SHOW {name}")

    def session(self, database):
        """An interactive psql whose transaction a test holds open (stdin is the script)."""
        return subprocess.Popen([os.path.join(self.bin, "psql"), "-X", "-q", "-At", "-v",
                                 "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                                 USER, "-d", database], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def url(self, database):
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def database(self, name):
        if name not in self.created:
            if self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
                self.psql(f'CREATE DATABASE "{name}"')
            self.created.add(name)
        return self.url(name)

    def stop(self):
        try:
            self._run(os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w",
                      "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


_shared = None


def shared_cluster():
    """One cluster per test process, started on first use and stopped at exit."""
    global _shared
    if _shared is None:
        bin_dir = pg_bin_dir()
        if bin_dir is None:
            return None
        _shared = Cluster(bin_dir).start()
        atexit.register(_shared.stop)
    return _shared


def engine():
    """The storage engine the office tests run on: 'sqlite' (default) or 'postgresql'."""
    return os.environ.get("KOPILKA_OFFICE_STORAGE", "sqlite")


_count = [0]


def fresh_database(cluster):
    _count[0] += 1
    return cluster.database(f"office_{os.getpid()}_{_count[0]}_{int(time.time() * 1000) % 100000}")


if __name__ == "__main__":
    # pg_cluster.py COMMAND...: runs COMMAND with KOPILKA_TEST_PG_ADMIN_URL naming a
    # throwaway cluster's maintenance database (CTest's unit_office_postgresql).
    import sys
    cluster = shared_cluster()
    if cluster is None:
        sys.exit("pg_cluster: no PostgreSQL binaries (apt install postgresql, scripts/setup.sh)")
    env = dict(os.environ, KOPILKA_TEST_PG_ADMIN_URL=cluster.url("postgres"))
    sys.exit(subprocess.run(sys.argv[1:], env=env).returncode)
