"""Figures measured against kopilkad: calculate over loopback HTTP, durable confirm beside
one fsync, scanner bytes in a pty until the long poll answers, memory and start-up time.
Each returns a dict of figures, every one with its physical limit from the same run."""
import json
import os
import random
import subprocess
import threading
import time

from procs import Client, POS_TOKEN, percentiles, rss_mb

MOSCOW_AT = "2026-11-24T10:30:00+03:00"  # a Tuesday morning: happy hours apply too
CATEGORIES = ["cosmetics", "haircut", "food", "drinks", "household", "clothes", "toys", "tobacco"]


def card_number(index):
    body = "2" + str(index).zfill(11)
    s = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - s % 10) % 10)


def receipt(rid, card, lines, rng, at=MOSCOW_AT):
    out = []
    for i in range(1, lines + 1):
        sku = rng.randrange(5000)
        out.append({"line": i, "sku": f"SKU-{sku}", "name": f"Товар {sku}",
                    "category": CATEGORIES[sku % len(CATEGORIES)], "qty": 1 + rng.randrange(3),
                    "price": 5000 + rng.randrange(300) * 500})
    body = {"receipt_id": rid, "card": card, "at": at, "redeem_points": "max", "lines": out}
    return body


def calc_http(port, cards, n, lines=20):
    """calculate with a 20-line receipt on a persistent connection; beside it the round trip
    of GET /v1/health on the same connection (loopback + HTTP + this client)."""
    rng = random.Random(3)
    c = Client(port, POS_TOKEN)
    bodies = [json.dumps(receipt(f"H-{i}", card_number(1 + rng.randrange(cards)), lines, rng)).encode()
              for i in range(min(n, 500))]
    for i in range(50):  # warm up
        c.call("POST", "/v1/receipts/calculate", raw=bodies[i % len(bodies)])
        c.call("GET", "/v1/health")
    calc, health = [], []
    for i in range(n):
        t0 = time.perf_counter()
        status, text = c.call("POST", "/v1/receipts/calculate", raw=bodies[i % len(bodies)])
        t1 = time.perf_counter()
        if status != 200:
            raise RuntimeError(f"calculate answered {status}: {text[:300]}")
        calc.append((t1 - t0) * 1e6)
        t0 = time.perf_counter()
        c.call("GET", "/v1/health")
        health.append((time.perf_counter() - t0) * 1e6)
    c.close()
    return {"calc_http_us": dict(percentiles(calc), lines=lines, requests=n),
            "http_roundtrip_us": percentiles(health)}


def fsync_probe(directory, n):
    """One fsync of a small write on the same disk: the durability floor."""
    path = os.path.join(directory, "fsync-probe")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    times = []
    try:
        for i in range(n):
            os.pwrite(fd, b"x" * 100, (i % 64) * 100)
            t0 = time.perf_counter()
            os.fsync(fd)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        os.close(fd)
        os.unlink(path)
    return percentiles(times)


def confirm(port, cards, n, data_dir):
    """Durable confirm (journal + card + outbox in one synchronous=FULL transaction),
    interleaved with fsync probes on the same disk so both see the same load."""
    rng = random.Random(5)
    c = Client(port, POS_TOKEN)
    times, fs = [], []
    stamp = int(time.time())
    for i in range(n):
        body = receipt(f"C-{stamp}-{i}", card_number(1 + rng.randrange(cards)), 1 + rng.randrange(40), rng)
        raw = json.dumps(body).encode()
        t0 = time.perf_counter()
        status, text = c.call("POST", "/v1/receipts/confirm", raw=raw)
        t1 = time.perf_counter()
        if status != 200:
            raise RuntimeError(f"confirm answered {status}: {text[:300]}")
        times.append((t1 - t0) * 1000)
        if i % 5 == 0:
            fs.append(fsync_probe(data_dir, 3)["p50"])
    c.close()
    probe = fsync_probe(data_dir, max(50, n // 2))
    return {"confirm_ms": dict(percentiles(times), requests=n),
            "fsync_ms": probe, "fsync_interleaved_p50_ms": percentiles(fs)["p50"]}


def wallet_topup(port, cards, n):
    """Durable wallet top-up (POST /v1/wallet/topup: card, top-up row and journal entry in
    one synchronous=FULL transaction); its floor is the confirm's, measured beside it."""
    rng = random.Random(7)
    c = Client(port, POS_TOKEN)
    times = []
    stamp = int(time.time())
    for i in range(n):
        index = 1 + rng.randrange(cards)
        index -= index % 97 == 0  # the generator blocks every 97th card (bench_data.cc)
        body = {"topup_id": f"T-{stamp}-{i}", "card": card_number(index),
                "amount": 100 * (100 + rng.randrange(4900))}
        t0 = time.perf_counter()
        status, text = c.call("POST", "/v1/wallet/topup", raw=json.dumps(body).encode())
        t1 = time.perf_counter()
        if status not in (200, 201):
            raise RuntimeError(f"top-up answered {status}: {text[:300]}")
        times.append((t1 - t0) * 1000)
    c.close()
    return {"wallet_topup_ms": dict(percentiles(times), requests=n)}


def _paced_write(fd, frame, baud):
    """Writes frame one byte at a time at the pace of the wire (10 bits a byte): byte i is
    written when a real line would have delivered it, so the frame's last byte lands at the
    wire time after `start`."""
    per_byte = 10.0 / baud
    start = time.perf_counter()
    for i, b in enumerate(frame):
        due = start + (i + 1) * per_byte  # byte i has fully crossed the wire then
        while True:
            now = time.perf_counter()
            if now >= due:
                break
            if due - now > 0.0005:
                time.sleep(due - now - 0.0003)
        os.write(fd, bytes([b]))
    return start, time.perf_counter()


def scan_to_event(port, ptys, cards, n):
    """For each baud: the long poll is waiting, then the frame's bytes go into the pty at the
    wire's pace; the figure is from the first byte written to the poll's answer. Beside it,
    from the last byte written to the answer: the daemon's own share, without this writer's
    lateness in pacing the bytes (a sleeping Python thread on a busy machine)."""
    out = {}
    c = Client(port, POS_TOKEN)
    status, text = c.call("GET", "/v1/events?after=0&wait=0")
    seq = max([e["seq"] for e in json.loads(text)["events"]] or [0])
    rng = random.Random(9)
    for baud, path in ptys:
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        times, after_last, late = [], [], []
        frame_len = 0
        for i in range(n):
            frame = (card_number(1 + rng.randrange(cards)) + "\r").encode()
            frame_len = len(frame)
            result = {}

            def poll():
                st, txt = c.call("GET", f"/v1/events?after={seq}&wait=10")
                result["t"] = time.perf_counter()
                result["events"] = json.loads(txt)["events"]

            t = threading.Thread(target=poll)
            t.start()
            time.sleep(0.02)  # the poll is parked in the daemon
            start, last = _paced_write(fd, frame, baud)
            t.join()
            events = result["events"]
            if not events:
                raise RuntimeError(f"no event for a scan at {baud} baud")
            seq = max(e["seq"] for e in events)
            if not any(e["type"] == "card_scanned" for e in events):
                raise RuntimeError(f"unexpected events at {baud} baud: {events}")
            times.append((result["t"] - start) * 1000)
            after_last.append((result["t"] - last) * 1000)
            late.append((last - start) * 1000 - frame_len * 10 / baud * 1000)
        os.close(fd)
        wire_ms = frame_len * 10 / baud * 1000
        out[str(baud)] = dict(percentiles(times), wire_ms=round(wire_ms, 3), frame_bytes=frame_len,
                              scans=n, after_last_byte_ms=percentiles(after_last),
                              writer_late_ms=percentiles(late))
    c.close()
    return {"scan_to_event_ms": out}


def empty_process_rss_mb():
    """Memory of an empty process (sleep): the floor under any daemon's RSS."""
    p = subprocess.Popen(["sleep", "5"])
    time.sleep(0.2)
    rss = rss_mb(p.pid)
    p.kill()
    p.wait()
    return rss


def empty_process_start_ms(n=20):
    """fork+exec+exit of /bin/true: the floor under any start-up time."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(["/bin/true"])
        times.append((time.perf_counter() - t0) * 1000)
    return percentiles(times)["p50"]
