"""Hostile connections for the reliability suite, from a process of their own so that their
Python work never delays the client whose latency is measured. Loopback only, bounded in time.

    storm = Storm(port, idle=2000, slowloris=100, long_polls=64, seconds=15, token=POS_TOKEN)
    storm.start(); ...; figures = storm.join()

- idle: connects and sends nothing; reopened when the server closes it.
- slowloris: sends one byte of a request head a second and never finishes it; reopened when closed.
- long poll: GET /v1/events?after=N&wait=60 (N far ahead, so it waits); sent again when answered.
The figures count how often the server closed each kind (that is the deadline working) and
the most attack connections open at once."""
import errno
import multiprocessing
import random
import resource
import select
import socket
import time

RAMP_SECONDS = 2.0
SLOW_HEAD = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10000


def raise_open_files(needed):
    """Raises this process's soft open-file limit (children inherit it) to at least `needed`;
    returns the soft limit, which is lower than `needed` when the hard limit is."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = needed if hard == resource.RLIM_INFINITY else min(max(soft, needed), hard)
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class _Conn:
    def __init__(self, kind, port, request):
        self.kind = kind
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        err = self.sock.connect_ex(("127.0.0.1", port))
        if err not in (0, errno.EINPROGRESS):
            self.sock.close()
            raise OSError(err, "connect")
        self.request = request
        self.sent = 0
        self.opened = time.monotonic()


def _run(port, counts, seconds, token, out):
    after = 10 ** 12
    poll_request = (f"GET /v1/events?after={after}&wait=60 HTTP/1.1\r\nHost: x\r\n"
                    f"Authorization: Bearer {token}\r\n\r\n").encode()
    requests = {"idle": b"", "slowloris": SLOW_HEAD, "long_poll": poll_request}
    poller = select.poll()
    conns = {}
    closed = {kind: 0 for kind in counts}
    failed_opens = 0
    peak = 0

    def open_one(kind):
        nonlocal failed_opens
        try:
            c = _Conn(kind, port, requests[kind])
        except OSError:
            failed_opens += 1
            return
        conns[c.sock.fileno()] = c
        poller.register(c.sock.fileno(), select.POLLIN | select.POLLOUT)

    def drop(fd):
        c = conns.pop(fd)
        poller.unregister(fd)
        c.sock.close()
        return c.kind

    # Attackers connect over the first RAMP_SECONDS, as a flood from many clients does, so
    # the read deadline then closes them spread over time too, not in one tick.
    backlog = [kind for kind, n in counts.items() for _ in range(n)]
    random.Random(1).shuffle(backlog)
    total = len(backlog)
    started = time.monotonic()
    end = started + seconds
    next_byte = started
    while time.monotonic() < end:
        ramp = min(1.0, (time.monotonic() - started) / RAMP_SECONDS)
        while backlog and total - len(backlog) < total * ramp:
            open_one(backlog.pop())
        for fd, ev in poller.poll(20 if backlog else 100):
            c = conns.get(fd)
            if c is None:
                continue
            if ev & (select.POLLIN | select.POLLHUP | select.POLLERR):
                try:
                    data = c.sock.recv(65536)
                except OSError:
                    data = b""
                if not data or c.kind != "long_poll":
                    closed[drop(fd)] += 1
                    open_one(c.kind)
                    continue
                # A long poll answered (by the server's own wait limit): ask again on a new
                # connection, so it keeps waiting.
                drop(fd)
                open_one("long_poll")
                continue
            if ev & select.POLLOUT:
                # Connected: a long poll sends its whole request, the others nothing yet.
                if c.kind == "long_poll" and c.sent == 0:
                    try:
                        c.sent = c.sock.send(c.request)
                    except OSError:
                        closed[drop(fd)] += 1
                        open_one("long_poll")
                        continue
                poller.modify(fd, select.POLLIN)
        now = time.monotonic()
        if now >= next_byte:
            next_byte = now + 1.0
            for fd, c in list(conns.items()):
                if c.kind == "slowloris" and c.sent < len(c.request):
                    try:
                        c.sent += c.sock.send(c.request[c.sent:c.sent + 1])
                    except OSError:
                        pass
        peak = max(peak, len(conns))
    for fd in list(conns):
        drop(fd)
    out.send({"closed_by_server": closed, "failed_opens": failed_opens, "peak_open": peak})
    out.close()


def _probe(port, seconds, tls, out):
    import kopilka_harness  # the same request() the other tests use
    latencies, failures = [], []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            status, _ = kopilka_harness.request(port, "GET", "/v1/health", timeout=10, tls=tls)
        except OSError as e:
            status = repr(e)
        if status == 200:
            latencies.append((time.monotonic() - started) * 1000)
        else:
            failures.append(status)
        time.sleep(0.02)
    out.send((latencies, failures))
    out.close()


class HealthProbe:
    """Times GET /v1/health every 20 ms for `seconds`, from a process of its own so that the
    test's other threads never delay it. join() returns (latencies in ms, failures)."""

    def __init__(self, port, seconds, tls=None):
        self.port, self.seconds, self.tls = port, seconds, tls

    def start(self):
        ctx = multiprocessing.get_context("fork")
        self.pipe, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_probe, args=(self.port, self.seconds, self.tls, child),
                                daemon=True)
        self.proc.start()
        child.close()
        return self

    def join(self):
        result = self.pipe.recv() if self.pipe.poll(self.seconds + 30) else ([], ["no report"])
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()
        return result


class Storm:
    def __init__(self, port, seconds, token="", **counts):
        self.port, self.seconds, self.token, self.counts = port, seconds, token, counts
        self.proc = None
        self.pipe = None

    def start(self):
        ctx = multiprocessing.get_context("fork")
        self.pipe, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_run,
                                args=(self.port, self.counts, self.seconds, self.token, child),
                                daemon=True)
        self.proc.start()
        child.close()
        return self

    def join(self):
        figures = self.pipe.recv() if self.pipe.poll(self.seconds + 30) else None
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()
        return figures
