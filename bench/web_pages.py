#!/usr/bin/env python3
"""Web admin page times on the big chain (docs/benchmarks.md "Web admin pages"), not part of
CTest. Builds a SQLite head office with N cards, each with a customer (kopilka-bench-gen
office: cards and a year of applied entries written straight into SQLite), starts the real
kopilka-office on it (its first start indexes every customer for the search), pushes a
share of the year's receipts through the real sync API so the reports' aggregates hold a
year, then times every API call each page of the web admin makes on its first load,
`--loads` times each, and search as you type with the prefixes a person types. A page's
time is the sum of its calls made one after another (the pages that make two at once are
faster than that). With --browser, full page loads in headless Chromium too. Beside it: /v1/health's answer time while a 100 000-row export runs
as one GET and as an export job.

  python3 bench/web_pages.py --build build/release --out bench/results/web_pages.json
"""
import argparse
import json
import os
import pathlib
import platform
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from figures_office import ingest, load_pool  # noqa: E402
from procs import ADMIN_TOKEN, Client, Server, free_port, office_config  # noqa: E402

PAGE_GOAL_MS, SEARCH_GOAL_MS = 1000, 150


def pct(values, q):
    v = sorted(values)
    return round(v[min(len(v) - 1, int(q * len(v)))], 1) if v else None


def card_number(index):
    body = f"2{index:011d}"
    return body + str((10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10)


def pages(today, customer_id):
    """Each page's API calls on first load, as web/js/pages/*.js make them; a page opened
    afresh asks GET /v1/auth/me first (main.js), timed on its own row."""
    frm = time.strftime("%Y-%m-%d", time.localtime(time.mktime(today) - 29 * 86400))
    to = time.strftime("%Y-%m-%d", today)
    return {
        "signed-in check (every page)": ["/v1/auth/me"],
        "dashboard": [f"/v1/admin/reports/summary?from={frm}&to={to}&group=day"],
        "customer": [f"/v1/admin/customers/{customer_id}",
                     f"/v1/admin/notifications?customer={customer_id}"],
        "programs": ["/v1/admin/programs"],
        "fleet": ["/v1/admin/stores", "/v1/admin/registers", "/v1/admin/enrolment-codes"],
        "notifications": ["/v1/admin/stores", "/v1/admin/campaigns"],
        "staff": ["/v1/admin/users"],
        "audit": ["/v1/admin/audit?"],
        "settings": ["/v1/admin/settings"],
    }


def typed(text):
    """What the search box holds after each key from the second on (the page waits 100 ms
    after a key: a fast typist sends fewer, this is every one)."""
    return [text[:n] for n in range(2, len(text) + 1)]


def search_queries(cards):
    mid = cards // 2 + 17
    phone = "+79" + card_number(mid)[4:13]
    spoken = f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:12]}"
    return {"name": typed(f"Покупатель {mid}"), "phone": typed(spoken),
            "card": [card_number(mid)]}


def time_call(client, path):
    t0 = time.perf_counter()
    status, body = client.call("GET", path)
    ms = (time.perf_counter() - t0) * 1000
    if status != 200:
        raise RuntimeError(f"{path}: {status} {body[:200]}")
    return ms, len(body)


def time_pages(port, loads, customer_id):
    c = Client(port, ADMIN_TOKEN)
    out = {}
    for page, calls in pages(time.localtime(), customer_id).items():
        totals, per_call = [], {p: [] for p in calls}
        for _ in range(loads):
            total = 0.0
            for p in calls:
                ms, size = time_call(c, p)
                per_call[p].append(ms)
                total += ms
            totals.append(total)
        out[page] = {"calls": {p: {"p50_ms": pct(v, .5), "p95_ms": pct(v, .95)}
                               for p, v in per_call.items()},
                     "p50_ms": pct(totals, .5), "p95_ms": pct(totals, .95),
                     "goal_ms": PAGE_GOAL_MS, "met": pct(totals, .95) <= PAGE_GOAL_MS}
    c.close()
    return out


def time_search(port, loads, cards):
    c = Client(port, ADMIN_TOKEN)
    out = {}
    for kind, queries in search_queries(cards).items():
        times, worst = [], (0, "")
        for _ in range(loads):
            for q in queries:
                ms, _ = time_call(c, "/v1/admin/customers?q=" + urllib.parse.quote(q))
                times.append(ms)
                worst = max(worst, (ms, q))
        out[kind] = {"queries": len(queries), "p50_ms": pct(times, .5), "p95_ms": pct(times, .95),
                     "max_ms": round(worst[0], 1), "slowest_query": worst[1],
                     "goal_ms": SEARCH_GOAL_MS, "met": pct(times, .95) <= SEARCH_GOAL_MS}
    c.close()
    return out


def health_during(port, run_export):
    """/v1/health every 20 ms on its own connection while `run_export` runs: p50 and max ms."""
    times, done = [], threading.Event()

    def probe():
        c = Client(port)
        while not done.is_set():
            t0 = time.perf_counter()
            c.call("GET", "/v1/health")
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.02)
        c.close()

    t = threading.Thread(target=probe)
    t.start()
    time.sleep(0.2)
    t0 = time.perf_counter()
    run_export()
    seconds = time.perf_counter() - t0
    done.set()
    t.join()
    return {"export_s": round(seconds, 2), "health_p50_ms": pct(times, .5),
            "health_max_ms": round(max(times), 1), "probes": len(times)}


def export_figures(port):
    c = Client(port, ADMIN_TOKEN)
    one_shot = health_during(port, lambda: c.call("GET", "/v1/admin/exports/cards.csv"))

    def job():
        status, body = c.call("POST", "/v1/admin/export-jobs", {"file": "cards.csv"})
        job = json.loads(body)
        while job["state"] == "running":
            time.sleep(0.3)
            job = json.loads(c.call("GET", f"/v1/admin/export-jobs/{job['id']}")[1])
        c.call("GET", f"/v1/admin/export-jobs/{job['id']}/file")
    as_job = health_during(port, job)
    c.close()
    return {"rows": 100000, "one_shot_get": one_shot, "export_job": as_job}


# When each page counts as shown in the browser (a JS expression): its data drawn.
SHOWN = {
    "dashboard": "document.querySelectorAll('#dashboard-body .chart canvas').length >= 3"
                 " || !!document.querySelector('#no-data')",
    "customers": "!!document.querySelector('#customers tbody tr')",
    "customer": "!!document.querySelector('#customer-body') &&"
                " !!document.querySelector('#customer-body').firstElementChild",
    "programs": "!!document.querySelector('#programs')",
    "fleet": "!!document.querySelector('#registers, #registers-none')",
    "notifications": "!!document.querySelector('#campaigns, #campaigns-box p')",
    "staff": "!!document.querySelector('#users')",
    "audit": "!!document.querySelector('#audit, #audit-body p')",
    "settings": "!!document.querySelector('#set-timezone')",
}


def browser_pages(port, loads, build, config, cards):
    """Full page loads in headless Chromium, signed in as an owner: from navigation start
    to the page's data drawn (SHOWN), read in the page from performance.now() by a
    MutationObserver installed before any script runs. The customers page is opened with
    a name typed into its box (sessionStorage keeps the last search)."""
    sys.path.insert(0, str(HERE.parent / "tests" / "integration"))
    os.environ.setdefault("KOPILKA_BUILD_DIR", str(build))
    import web_harness
    from kopilka_harness import staff_user
    chromium, reason = web_harness.browser_or_reason()
    if reason:
        return {"skipped": reason}
    office = argparse.Namespace(binary=str(build / "office" / "kopilka-office"),
                                config_path=config, port=port)
    session = staff_user(office, f"bench{int(time.time())}", "owner")
    d = web_harness.start_browser(chromium)
    out = {}
    try:
        base = f"http://127.0.0.1:{port}/"
        d.get(base)
        d.add_cookie({"name": "kopilka_session", "value": session.cookie, "path": "/"})
        d.execute_script("localStorage.setItem('kopilka.session', '1');"
                         "sessionStorage.setItem('kopilka.customers.q', arguments[0]);",
                         f"Покупатель {cards // 2 + 17}")
        watch = ("window.__shown = null; const check = () => { if (window.__shown === null && "
                 "(%s)) window.__shown = performance.now(); };"
                 "new MutationObserver(check).observe(document, {childList: true, subtree: true});")
        for page, shown in SHOWN.items():
            target = base + "#" + (f"customer/c-{cards // 2 + 17}" if page == "customer" else page)
            script = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                       {"source": watch % shown})
            times = []
            for _ in range(loads):
                d.get("about:blank")
                d.get(target)
                deadline = time.monotonic() + 30
                while (t := d.execute_script("return window.__shown;")) is None:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{page} was not shown in 30 s")
                    time.sleep(0.02)
                times.append(t)
            d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                              {"identifier": script["identifier"]})
            out[page] = {"p50_ms": pct(times, .5), "p95_ms": pct(times, .95),
                         "goal_ms": PAGE_GOAL_MS, "met": pct(times, .95) <= PAGE_GOAL_MS}
    finally:
        d.quit()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--work", default="/tmp/kopilka-bench-web")
    ap.add_argument("--cards", type=int, default=1_000_000)
    ap.add_argument("--entries", type=int, default=1_000_000,
                    help="a year of entries written straight into the database")
    ap.add_argument("--pushed", type=int, default=100_000,
                    help="a year of receipts pushed through the sync API (fill the reports)")
    ap.add_argument("--loads", type=int, default=20)
    ap.add_argument("--reuse", action="store_true", help="keep --work's database if there")
    ap.add_argument("--browser", action="store_true", help="full page loads in Chromium too")
    ap.add_argument("--out", default="bench/results/web_pages.json")
    a = ap.parse_args()
    build, work = pathlib.Path(a.build).resolve(), pathlib.Path(a.work)
    data = work / "office-data"
    creds_path, pool_path = work / "credentials.txt", work / "pool.jsonl"
    results = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
               "cards": a.cards, "entries_written": a.entries, "entries_pushed": a.pushed,
               "loads": a.loads}
    if not (a.reuse and (data / "office.db").exists()):
        subprocess.run(["rm", "-rf", str(work)], check=True)
        data.mkdir(parents=True)
        t0 = time.perf_counter()
        subprocess.run([build / "bench" / "kopilka-bench-gen", "office", "--dir", data,
                        "--cards", str(a.cards), "--entries", str(a.entries), "--registers", "20",
                        "--credentials", creds_path, "--pool", pool_path,
                        "--pool-size", "20000"], check=True)
        results["generate_s"] = round(time.perf_counter() - t0, 1)
    port = free_port()
    office_config(work / "office.toml", port, data)
    office = Server(build / "office" / "kopilka-office", work / "office.toml", port,
                    work / "office.log")
    try:
        office.start(timeout=3600)
        results["first_start_ms"] = office.startup_ms
        credentials = [tuple(line.split()) for line in creds_path.read_text().splitlines()]
        if a.pushed and not (work / "pushed").exists():
            per = a.pushed // len(credentials)
            results["push"] = ingest(port, credentials, load_pool(pool_path), len(credentials),
                                     per, "w", a.cards, office.proc.pid)
            (work / "pushed").write_text("yes")
        results["load_before"] = os.getloadavg()
        results["pages"] = time_pages(port, a.loads, f"c-{a.cards // 2 + 17}")
        results["search"] = time_search(port, a.loads, a.cards)
        if a.browser:
            results["browser"] = browser_pages(port, a.loads, build, work / "office.toml", a.cards)
        results["exports"] = export_figures(port)
        results["load_after"] = os.getloadavg()
    finally:
        office.stop()
    pathlib.Path(a.out).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
