"""Figures measured against kopilka-office: journal entries ingested per second while many
registers push at once (the shift-close storm), and a new register's first sync of every
card, with the office's own pull serving rate beside it."""
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import zlib

from figures_register import POS_TOKEN, card_number, receipt
from procs import ADMIN_TOKEN, Client, cpu_seconds, percentiles

BATCH = 500  # docs/sync.md: a register pushes in batches of up to 500


def load_pool(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def push_bodies(register_id, pool, per_register, stamp, offset, cards):
    """A register's shift: real entries from the pool, each moved to a card drawn from the
    whole chain, as the customers of a day are."""
    rng = random.Random(offset)
    # An entry id is the register's and a number (docs/sync.md): the run's stamp as digits.
    number = zlib.crc32(str(stamp).encode())
    bodies, n = [], 0
    while n < per_register:
        entries = []
        for _ in range(min(BATCH, per_register - n)):
            e = pool[(offset + n) % len(pool)]
            card = card_number(1 + rng.randrange(cards))
            entries.append({"id": f"{register_id}:{number}{n:07d}", "seq": n + 1, "kind": "receipt",
                            "card": card, "at": e["at"], "receipt_id": f"R-{stamp}-{n}",
                            "effects": dict(e["effects"], card=card), "detail": {}})
            n += 1
        bodies.append(json.dumps({"register_id": register_id, "entries": entries}).encode())
    return bodies


class HealthProbe:
    """bench/health_probe.py beside a storm: /v1/health every 10 ms, p50/p99 in ms."""

    def __init__(self, port):
        here = os.path.dirname(os.path.abspath(__file__))
        self.proc = subprocess.Popen([sys.executable, os.path.join(here, "health_probe.py"),
                                      str(port), "0.01"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the health probe did not start")

    def stop(self):
        out, _ = self.proc.communicate("", timeout=120)
        times = json.loads(out)
        return dict(percentiles(times), probes=len(times), max=round(max(times), 2))


def ingest(ports, credentials, pool, registers, per_register, stamp, cards, office_pids,
           health=False):
    """`registers` clients push `per_register` entries each, all starting together, spread
    over the office processes listening on `ports`. Beside the rate, the offices' own CPU
    time per entry (the clients share the machine) and, with `health`, /v1/health's answer
    time during the storm."""
    ports = ports if isinstance(ports, list) else [ports]
    office_pids = office_pids if isinstance(office_pids, list) else [office_pids]
    creds = credentials[:registers]
    work = [(rid, cred, ports[i % len(ports)],
             push_bodies(rid, pool, per_register, stamp, i * 7919, cards))
            for i, (rid, cred) in enumerate(creds)]
    barrier = threading.Barrier(len(work) + 1)
    errors, resent = [], []

    def register(rid, cred, port, bodies):
        try:
            c = Client(port, cred, timeout=600)
            barrier.wait()
            for b in bodies:
                for attempt in range(3):
                    try:
                        status, text = c.call("POST", "/v1/sync/push", raw=b,
                                              headers={"Kopilka-Protocol": "1"})
                        break
                    except (ConnectionError, http.client.HTTPException) as e:
                        # A register's libcurl sends a request again on a fresh connection
                        # when the one it reused was closed; head office applies each entry
                        # once. Counted, so a figure never hides it.
                        if attempt == 2:
                            raise
                        resent.append(f"{rid} at {time.strftime('%H:%M:%S')}: {e!r}")
                        c.close()
                        c = Client(port, cred, timeout=600)
                if status != 200:
                    errors.append(f"{rid}: {status} {text[:200]}")
                    return
            c.close()
        except Exception as e:  # a failed client is reported, not hidden
            errors.append(f"{rid}: {e}")

    probe = HealthProbe(ports[0]) if health else None
    threads = [threading.Thread(target=register, args=w) for w in work]
    for t in threads:
        t.start()
    barrier.wait()
    t0, cpu0 = time.perf_counter(), sum(cpu_seconds(p) for p in office_pids)
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    cpu = sum(cpu_seconds(p) for p in office_pids) - cpu0
    health_ms = probe.stop() if probe else None
    if errors:
        raise RuntimeError("push failed: " + "; ".join(errors[:5]))
    total = registers * per_register
    out = {"registers": registers, "entries": total, "seconds": round(seconds, 3),
           "per_s": round(total / seconds), "office_cpu_us_per_entry": round(cpu / total * 1e6, 1)}
    if resent:
        out["batches_sent_again"] = len(resent)
        print("ingest: connections closed under a push: " + "; ".join(resent[:5]),
              file=sys.stderr, flush=True)
    if len(ports) > 1:
        out["processes"] = len(ports)
    if health_ms:
        out["health_ms"] = health_ms
    return out


def pull_all(port, credential, limit=1000, page_format=1, snapshot=False):
    """The office serving every change in pages over one connection: the first sync's floor.
    The page is not parsed here (that would time this client, not head office): the cursor
    and `more` are read off its end (format 1) or its header line (format 2, docs/sync.md).
    snapshot: pulled as a register's first sync is, a snapshot in card order, then by cursor."""
    c = Client(port, credential, timeout=600)
    after, pages, size = 0, 0, 0
    fmt = "&format=2" if page_format == 2 or snapshot else ""
    place = "&snapshot=0" if snapshot else ""
    t0 = time.perf_counter()
    while True:
        status, text = c.call("GET", f"/v1/sync/pull?after={0 if place else after}&limit={limit}{fmt}{place}",
                              headers={"Kopilka-Protocol": "1"})
        if status != 200:
            raise RuntimeError(f"pull answered {status}: {text[:200]}")
        size += len(text)
        pages += 1
        if text.startswith(b'{"format":2'):  # an office without format 2 answers format 1
            head = text[:text.index(b"\n")]
        else:
            head = b"{" + text[text.rindex(b'"more"'):]
        page = json.loads(head)
        after = page["next"]
        place = f"&snapshot={page['snapshot']}&card_after={page['card_after']}" if "card_after" in page else ""
        if not page["more"]:
            break
    seconds = time.perf_counter() - t0
    c.close()
    return {"pages": pages, "last_cursor": after, "mb": round(size / 2**20, 1),
            "seconds": round(seconds, 3)}


def cashier(port, cards, stop, out, key="calc_during_sync_us"):
    """calculate with a 5-line receipt on known cards while a sync runs: the cashier's wait."""
    rng = random.Random(5)
    c = Client(port, POS_TOKEN)
    times, failed = [], 0
    while not stop.is_set():
        body = json.dumps(receipt(f"S-{len(times)}", card_number(1 + rng.randrange(cards)), 5, rng))
        t0 = time.perf_counter()
        status, _ = c.call("POST", "/v1/receipts/calculate", raw=body.encode())
        if status == 200:
            times.append((time.perf_counter() - t0) * 1e6)
        else:
            failed += 1
        time.sleep(0.005)
    c.close()
    out[key] = dict(percentiles(times), requests=len(times), not_200=failed)


def first_sync(daemon_port, timeout=3600, cashier_cards=0):
    """POST /v1/admin/sync on a freshly enrolled register: push nothing, pull everything;
    with cashier_cards, a cashier calculates on the register meanwhile."""
    stop, during = threading.Event(), {}
    if cashier_cards:  # the same cashier for 5 s before the sync: the figure to compare with
        quiet = threading.Event()
        threading.Timer(5.0, quiet.set).start()
        cashier(daemon_port, cashier_cards, quiet, during, key="calc_before_sync_us")
    c = Client(daemon_port, ADMIN_TOKEN, timeout=timeout)
    t = threading.Thread(target=cashier, args=(daemon_port, cashier_cards, stop, during)) if cashier_cards else None
    if t:
        t.start()
    t0 = time.perf_counter()
    status, text = c.call("POST", "/v1/admin/sync", body={})
    seconds = time.perf_counter() - t0
    c.close()
    if t:
        stop.set()
        t.join()
    body = json.loads(text)
    if status != 200 or body.get("sync") != "ok":
        raise RuntimeError(f"first sync: {status} {text[:300]}")
    return dict({"seconds": round(seconds, 3), "pulled": body.get("pulled")}, **during)
