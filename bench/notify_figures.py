"""Notification figures (docs/benchmarks.md "Notifications"), not part of CTest:

1. the nightly burn scan: a head office with N cards whose lots burn in five days
   (kopilka-bench-notify-gen) is started with a webhook configured; its worker's first
   turn looks at every card and queues one points_burning each. Timed from start to the
   worker's cursor being saved (the scan's last write), with the messages counted.
2. a register's push latency (one receipt per push, one connection) while the scan runs,
   against the same pushes with notifications off (--pushes of them; the scan's end is
   read from the office's log, so nothing but the pushes touches the office meanwhile).
   --scan-rate sets the scan's pace ([notify] scan_rate; default: head office's own).
3. messages dispatched per second to a local sink: the HTTP webhook sink (a threaded Python
   server answering 200) and the SMTP sink (aiosmtpd, as in the integration tests).

  python3 bench/notify_figures.py --build build/release --cards 100000 --out bench/results/notify.json

--scan-only stops after 1 and 2 (the dispatch windows take a minute more).
"""
import argparse
import datetime
import re
import http.server
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "integration"))
from procs import ADMIN_TOKEN, Client, Server, free_port, office_config, percentiles  # noqa: E402


class WebhookSink:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with sink.lock:
                    sink.count += 1

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def spread(values):
    """p50/p90/p99 (nearest rank), to compare two distributions beyond their median."""
    v = sorted(values)
    if not v:
        return {}
    return dict(percentiles(values), p90=round(v[min(len(v) - 1, int(0.9 * len(v)))], 4))


def load_average():
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def scan_pause(log_path):
    """What the office logged of its burn scan: its time and the part spent standing aside."""
    found = re.findall(r"burn scan of (\d+) cards took (\d+) ms, (\d+) ms of it standing aside",
                       log_path.read_text(errors="replace"))
    if not found:
        return {}
    cards, took, aside = (int(x) for x in found[-1])
    return {"scan_ms": took, "standing_aside_ms": aside}


def watch_log(path, text, found):
    """Sets `found` once `text` appears in the log at `path` (checked five times a second,
    reading only what was added since)."""
    needle, seen, tail = text.encode(), 0, b""
    while not found.is_set():
        with open(path, "rb") as f:
            f.seek(seen)
            chunk = f.read()
            seen += len(chunk)
        if needle in tail + chunk:
            found.set()
        tail = (tail + chunk)[-len(needle):]
        time.sleep(0.2)


def db_value(db_path, sql):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as db:
        row = db.execute(sql).fetchone()
        return row[0] if row else None


def push_entry(register_id, seq, card):
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=3)))
    return json.dumps({"entries": [{
        "id": f"{register_id}:{seq}", "seq": seq, "kind": "receipt", "card": card,
        "at": now.isoformat(timespec="seconds"), "receipt_id": f"R-{seq}",
        "effects": {"card": card, "spent_delta": 10000, "purchases_delta": 1}}]}).encode()


def pushes(port, credential, register_id, first_seq, count, until=None):
    """Latencies in ms of `count` pushes (or until `until()` says stop), one at a time."""
    c = Client(port, credential)
    times, seq = [], first_seq
    while len(times) < count and not (until and until()):
        seq += 1
        t0 = time.perf_counter()
        status, text = c.call("POST", "/v1/sync/push", raw=push_entry(register_id, seq,
                                                                      "2000000000015"),
                              headers={"Kopilka-Protocol": "1"})
        times.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"push {status}: {text[:200]}")
        time.sleep(0.01)
    c.close()
    return times, seq


def dispatch_rate(db_path, seconds, channel):
    """Messages of `channel` marked sent per second over a window of `seconds`."""
    q = f"SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND channel = '{channel}'"
    start, t0 = db_value(db_path, q), time.perf_counter()
    time.sleep(seconds)
    end, t1 = db_value(db_path, q), time.perf_counter()
    return {"sent": end - start, "seconds": round(t1 - t0, 1), "per_s": round((end - start) / (t1 - t0), 1)}


def webhook_config(hook, work, scan_rate=None):
    """The [notify] section sending points_burning to the sink, signed with work/hook.secret;
    scan_rate: the scan's pace in cards a second (None: head office's default)."""
    rate = "" if scan_rate is None else f"scan_rate = {scan_rate}\n"
    return (f'[notify]\n{rate}[[notify.webhook]]\nurl = "http://127.0.0.1:{hook.port}/hook"\n'
            f'secret_file = "{work / "hook.secret"}"\nevents = ["points_burning"]\n')


def start_enrolled(office_bin, config, port, log, name):
    """Head office started on `config` with a register `name` enrolled: (office, id, credential)."""
    code = subprocess.run([office_bin, "register", "add", name, "--config", str(config)],
                          check=True, capture_output=True, text=True).stdout.strip()
    office = Server(office_bin, config, port, log).start()
    c = Client(port)
    status, text = c.call("POST", "/v1/sync/enroll", {"code": code}, headers={"Kopilka-Protocol": "1"})
    c.close()
    if status != 200:
        raise RuntimeError(f"enroll: {status} {text[:200]}")
    enrolled = json.loads(text)
    return office, enrolled["register_id"], enrolled["credential"]


def configured_without_scan(build, office_bin, work, hook, count):
    """Pushes to a head office with the webhook configured and nothing left to scan or send:
    a 1 000-card chain of its own whose scan and messages are done first. Split from the
    scan, this is what a configured channel alone costs a push."""
    data = work / "configured-data"
    subprocess.run([str(build / "bench" / "kopilka-bench-notify-gen"), "--dir", str(data),
                    "--cards", "1000"], check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    config = work / "configured.toml"
    office_config(config, port, data)
    base = config.read_text()
    office, register_id, credential = start_enrolled(office_bin, config, port, work / "configured.log",
                                                     "Bench till 2")
    off, seq = pushes(port, credential, register_id, 0, count)
    office.stop()
    config.write_text(base + webhook_config(hook, work))
    office = Server(office_bin, config, port, work / "configured.log").start()
    db_path = data / "office.db"
    while (db_value(db_path, "SELECT value FROM notify_state WHERE name = 'card_cursor'") is None or
           (db_value(db_path, "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'") or 0) > 0):
        time.sleep(0.1)
    time.sleep(1.0)
    on, _ = pushes(port, credential, register_id, seq, count)
    office.stop()
    return {"push_ms_notifications_off": dict(spread(off), pushes=len(off)),
            "push_ms_webhook_configured_scan_done": dict(spread(on), pushes=len(on))}


def save(out, result):
    print(json.dumps(result, ensure_ascii=False), file=sys.stderr, flush=True)
    if out:
        pathlib.Path(out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--cards", type=int, default=100000)
    ap.add_argument("--pushes", type=int, default=1000)
    ap.add_argument("--window", type=float, default=15.0, help="seconds a dispatch rate is counted")
    ap.add_argument("--scan-only", action="store_true", help="no dispatch windows")
    ap.add_argument("--configured", action="store_true",
                    help="with --scan-only: also pushes to a configured head office after its scan")
    ap.add_argument("--scan-rate", type=int, default=None,
                    help="[notify] scan_rate for the scan (cards a second, 0: unpaced; default: head office's)")
    ap.add_argument("--out")
    a = ap.parse_args()
    build = pathlib.Path(a.build).resolve()
    office_bin = str(build / "office" / "kopilka-office")
    work = pathlib.Path(tempfile.mkdtemp(prefix="kopilka-notify-bench-"))
    data = work / "office-data"
    result = {"cards": a.cards, "machine": f"{os.cpu_count()} cores, shared",
              "load_average_start": load_average()}
    try:
        t0 = time.perf_counter()
        subprocess.run([str(build / "bench" / "kopilka-bench-notify-gen"), "--dir", str(data),
                        "--cards", str(a.cards)], check=True, stdout=subprocess.DEVNULL)
        result["generate_s"] = round(time.perf_counter() - t0, 1)
        save(a.out, result)
        db_path = data / "office.db"
        port = free_port()
        config = work / "office.toml"
        office_config(config, port, data)
        base = config.read_text()
        office, register_id, credential = start_enrolled(office_bin, config, port, work / "office.log",
                                                         "Bench till")
        quiet, seq = pushes(port, credential, register_id, 0, a.pushes)
        result["push_ms_notifications_off"] = dict(spread(quiet), pushes=len(quiet))
        office.stop()

        # The scan: webhooks only, so the queue is one message per card.
        hook = WebhookSink()
        (work / "hook.secret").write_text("bench-webhook-secret\n")
        os.chmod(work / "hook.secret", 0o600)
        config.write_text(base + webhook_config(hook, work, a.scan_rate))
        result["scan_rate"] = a.scan_rate if a.scan_rate is not None else "default"
        scanned = lambda: db_value(db_path, "SELECT value FROM notify_state WHERE name = 'card_cursor'")  # noqa: E731
        t0 = time.perf_counter()
        office = Server(office_bin, config, port, work / "office.log").start()
        # The scan's end is watched in the office's log, not the database: a reader opening
        # the database beside every push would be measured as the scan's effect.
        done = threading.Event()
        threading.Thread(target=watch_log, args=(work / "office.log", "burn scan of", done),
                         daemon=True).start()
        during, seq = pushes(port, credential, register_id, seq, 100000, until=done.is_set)
        while scanned() is None:
            time.sleep(0.05)
        scan_s = time.perf_counter() - t0
        queued = db_value(db_path, "SELECT COUNT(*) FROM outbox WHERE event = 'points_burning'")
        result["burn_scan"] = {"seconds": round(scan_s, 1), "queued": queued,
                               "cards_per_s": round(a.cards / scan_s)}
        result["burn_scan"].update(scan_pause(work / "office.log"))
        result["push_ms_during_scan"] = dict(spread(during), pushes=len(during))
        result["load_average_end_of_scan"] = load_average()
        save(a.out, result)
        if a.scan_only:
            office.stop()
            if a.configured:
                result["configured_no_scan"] = configured_without_scan(build, office_bin, work, hook, a.pushes)
                save(a.out, result)
            hook.stop()
            return
        result["webhook_dispatch"] = dispatch_rate(db_path, a.window, "webhook")
        office.stop()
        hook.stop()

        save(a.out, result)

        # SMTP: e-mail only, on a chain of its own (5 000 cards), whose start's full scan
        # queues an e-mail per card.
        from notify_sinks import SmtpSink, system_python_with_aiosmtpd
        if system_python_with_aiosmtpd():
            data2 = work / "smtp-data"
            subprocess.run([str(build / "bench" / "kopilka-bench-notify-gen"), "--dir", str(data2),
                            "--cards", "5000"], check=True, stdout=subprocess.DEVNULL)
            smtp = SmtpSink(work / "mail")
            office_config(config, port, data2)
            config.write_text(config.read_text() + '[notify]\nmax_per_day = 100\n'
                              f'public_url = "http://127.0.0.1:{port}"\n[notify.email]\n'
                              f'url = "smtp://127.0.0.1:{smtp.port}"\nfrom = "bench@shop.example"\n')
            office = Server(office_bin, config, port, work / "office.log").start()
            while (db_value(data2 / "office.db", "SELECT COUNT(*) FROM outbox WHERE channel = "
                            "'email'") or 0) < 5000:
                time.sleep(0.1)
            result["smtp_dispatch"] = dispatch_rate(data2 / "office.db", a.window, "email")
            office.stop()
            smtp.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    save(a.out, result)


if __name__ == "__main__":
    main()
