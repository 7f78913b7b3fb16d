#!/usr/bin/env python3
"""Kopilka benchmarks in one command: builds the Release binaries, generates realistic data,
measures every figure with its physical limit beside it, prints a Markdown table and writes
bench/results/latest.json. `--scale small` (default) takes minutes; `--scale full` is the
1 000 000-card, 5 000 000-entry chain of docs/benchmarks.md."""
import argparse
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import figures_office as fo  # noqa: E402
import figures_pg as fp  # noqa: E402
import figures_product as fx  # noqa: E402
import figures_register as fr  # noqa: E402
from procs import (FIRST_START_S, Client, Server, daemon_config, free_port,  # noqa: E402
                   office_config, rss_mb)
from report import markdown  # noqa: E402

SOURCE = pathlib.Path(__file__).resolve().parent.parent
TARGETS = ["kopilkad", "kopilka-office", "kopilka-bench-gen", "kopilka-bench-calc",
           "kopilka-bench-report"]

SCALES = {
    "small": dict(cards=20000, journal=5000, office_entries=50000, registers=200, per_register=50,
                  pool=500, calc_iterations=5000, sweep_iterations=500, http=2000, confirms=300,
                  scans=20, ingest_sweep=[1, 10, 50, 200], programs=30, pg_processes=[1, 2, 4],
                  topups=300, report_cards=20000, web_cards=20000, web_entries=50000,
                  web_pushed=10000),
    "full": dict(cards=1000000, journal=25000, office_entries=5000000, registers=200,
                 per_register=500, pool=2000, calc_iterations=20000, sweep_iterations=2000,
                 http=10000, confirms=1000, scans=50, ingest_sweep=[1, 10, 50, 100, 200],
                 programs=30, pg_processes=[1, 2, 4], topups=1000, report_cards=1000000,
                 web_cards=1000000, web_entries=1000000, web_pushed=100000),
}


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def build(build_dir):
    log(f"building {', '.join(TARGETS)} in {build_dir}")
    subprocess.run(["cmake", "-S", str(SOURCE), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", str(build_dir), "-j", str(os.cpu_count() or 2), "--target", *TARGETS],
                   check=True, stdout=subprocess.DEVNULL)


def machine(work):
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "kernel": platform.release(), "python": platform.python_version()}
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        info["memory_gb"] = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
        dev = subprocess.run(["df", "--output=source,fstype", str(work)], capture_output=True,
                             text=True).stdout.split("\n")[1].split()
        info["disk"] = {"device": dev[0], "fs": dev[1]}
        info["load_at_start"] = os.getloadavg()
        info["commit"] = subprocess.run(["git", "-C", str(SOURCE), "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True).stdout.strip()
    except (OSError, IndexError):
        pass
    return info


def socat_pair(directory, name):
    a, b = directory / f"{name}-daemon", directory / f"{name}-bench"
    p = subprocess.Popen(["socat", f"pty,raw,echo=0,link={a}", f"pty,raw,echo=0,link={b}"],
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while not (a.exists() and b.exists()):
        if time.time() > deadline:
            raise RuntimeError("socat did not create the ptys")
        time.sleep(0.02)
    return p, a, b


def empty_daemon(bin_dir, work, results, runs=5):
    """startup_ms and rss_idle_mb of kopilkad with no cards: the first start on a new data
    dir (creates the database) and restarts on it (every later boot)."""
    d = work / "empty"
    d.mkdir()
    port = free_port()
    daemon_config(d / "kopilka.toml", port, d / "data")
    firsts, starts, rss = [], [], None
    for i in range(runs + 1):
        s = Server(bin_dir / "daemon" / "kopilkad", d / "kopilka.toml", port, d / "kopilkad.log").start()
        (firsts if i == 0 else starts).append(s.startup_ms)
        if i == runs:
            time.sleep(1.0)
            rss = rss_mb(s.proc.pid)
        s.stop()
    results["startup_ms"] = {"p50": sorted(starts)[len(starts) // 2], "runs": starts,
                             "first_start_ms": firsts[0],
                             "limit_exec_true_ms": fr.empty_process_start_ms()}
    results["rss_idle_mb"] = {"value": rss, "limit_empty_process_mb": fr.empty_process_rss_mb()}


def register_figures(bin_dir, work, sc, results):
    d = work / "register"
    d.mkdir()
    t0 = time.perf_counter()
    subprocess.run([bin_dir / "bench" / "kopilka-bench-gen", "register", "--dir", d / "data",
                    "--cards", str(sc["cards"]), "--programs", str(sc["programs"]),
                    "--journal", str(sc["journal"])], check=True, stdout=sys.stderr)
    results["generate_register_s"] = round(time.perf_counter() - t0, 1)
    socats = [socat_pair(work, "s9600"), socat_pair(work, "s115200")]
    try:
        port = free_port()
        scanners = "".join(f'[[scanner]]\nname = "{name}"\nport = "{p[1]}"\nbaud = {baud}\n'
                           for name, baud, p in (("front", 9600, socats[0]), ("back", 115200, socats[1])))
        daemon_config(d / "kopilka.toml", port, d / "data", scanners)
        s = Server(bin_dir / "daemon" / "kopilkad", d / "kopilka.toml", port, d / "kopilkad.log").start()
        try:
            results["startup_1m_cards_ms"] = s.startup_ms
            time.sleep(0.5)  # scanners open their ports
            log("calc_http")
            results.update(fr.calc_http(port, sc["cards"], sc["http"]))
            log("confirm")
            results.update(fr.confirm(port, sc["cards"], sc["confirms"], str(d / "data")))
            log("wallet_topup")
            results.update(fr.wallet_topup(port, sc["cards"], sc["topups"]))
            log("scan_to_event")
            results.update(fr.scan_to_event(port, [(9600, socats[0][2]), (115200, socats[1][2])],
                                            sc["cards"], sc["scans"]))
            results["rss_1m_cards_mb"] = {"value": rss_mb(s.proc.pid), "cards": sc["cards"]}
        finally:
            s.stop()
    finally:
        for p in socats:
            p[0].kill()
            p[0].wait()


def office_figures(bin_dir, work, sc, results):
    d = work / "office"
    d.mkdir()
    creds_path, pool_path = d / "credentials.txt", d / "pool.jsonl"
    t0 = time.perf_counter()
    subprocess.run([bin_dir / "bench" / "kopilka-bench-gen", "office", "--dir", d / "office-data",
                    "--cards", str(sc["cards"]), "--programs", str(sc["programs"]),
                    "--entries", str(sc["office_entries"]), "--registers", str(sc["registers"]),
                    "--credentials", creds_path, "--pool", pool_path, "--pool-size", str(sc["pool"])],
                   check=True, stdout=sys.stderr)
    results["generate_office_s"] = round(time.perf_counter() - t0, 1)
    credentials = [tuple(line.split()) for line in creds_path.read_text().splitlines()]
    pool = fo.load_pool(pool_path)
    cluster = fp.start_cluster()
    try:
        pg_url = load_pg_office(bin_dir, d, cluster) if cluster else None
        sqlite_office(bin_dir, d, sc, results, credentials, pool)
        if cluster:
            pg_office(bin_dir, d, sc, results, credentials, pool, cluster, pg_url)
        else:
            log("no PostgreSQL binaries: the PostgreSQL figures are skipped")
    finally:
        if cluster:
            cluster.stop()


def load_pg_office(bin_dir, d, cluster):
    """The generated office copied into a database of the durable cluster; kopilka-office
    makes the schema first, so the bench loads exactly the tables it would."""
    t0 = time.perf_counter()
    url = cluster.database("office")
    port = free_port()
    office_config(d / "pg-migrate.toml", port, d / "pg-migrate", url)
    Server(bin_dir / "office" / "kopilka-office", d / "pg-migrate.toml", port, d / "pg-migrate.log").start().stop()
    fp.copy_office(cluster, "office", str(d / "office-data" / "office.db"))
    settings = ", ".join(f"{k}={v}" for k, v in fp.durability(cluster).items())
    log(f"office copied to PostgreSQL in {time.perf_counter() - t0:.1f} s; bench cluster: {settings}")
    return url


def sqlite_office(bin_dir, d, sc, results, credentials, pool):
    port = free_port()
    office_config(d / "office.toml", port, d / "office-data")
    office = Server(bin_dir / "office" / "kopilka-office", d / "office.toml", port,
                    d / "office.log").start(timeout=FIRST_START_S)
    try:
        log("office_ingest (SQLite)")
        sweep = []
        for i, n in enumerate(sc["ingest_sweep"]):
            per = sc["per_register"] * sc["registers"] // n if n < sc["registers"] else sc["per_register"]
            per = min(per, sc["per_register"] * 20)
            sweep.append(fo.ingest(port, credentials, pool, n, per, f"i{i}-", sc["cards"],
                                   office.proc.pid, health=n == sc["registers"]))
            log(f"  {sweep[-1]}")
        main = sweep[-1]
        limit = fp.sqlite_insert_floor(str(d), pool, main["entries"], fo.BATCH)
        results["office_ingest_per_s"] = dict(main, limit_sqlite_insert_per_s=limit,
                                              floor_transaction_rows=fo.BATCH)
        results["ingest_vs_registers"] = sweep
        log("first_sync")
        # Head office serving the feed in both page formats, and what a new register pulls: a
        # snapshot in card order (docs/sync.md), in pages of 5 000, which is the floor.
        serve = {f"format_{f}": fo.pull_all(port, credentials[0][1], page_format=f) for f in (1, 2)}
        serve["snapshot"] = fo.pull_all(port, credentials[0][1], limit=5000, snapshot=True)
        results["office_pull_all"] = serve
        results["first_sync_s"] = first_sync(bin_dir, d.parent, port, d / "office.toml")
        results["first_sync_s"]["limit_office_pull_s"] = serve["snapshot"]["seconds"]
        results["office_rss_mb"] = rss_mb(office.proc.pid)
    finally:
        office.stop()


def pg_office(bin_dir, d, sc, results, credentials, pool, cluster, url):
    """The same storm on PostgreSQL with 1, 2 and 4 kopilka-office processes on one database,
    the registers spread over them; the raw insert floor of the cluster beside it."""
    runs = []
    for count in sc["pg_processes"]:
        offices = []
        try:
            for k in range(count):
                port = free_port()
                office_config(d / f"pg-{k}.toml", port, d / f"pg-{k}", url)
                offices.append(Server(bin_dir / "office" / "kopilka-office", d / f"pg-{k}.toml", port,
                                      d / f"pg-{k}.log").start(timeout=FIRST_START_S))
            log(f"office_ingest (PostgreSQL, {count} processes)")
            run = fo.ingest([o.port for o in offices], credentials, pool, sc["registers"],
                            sc["per_register"], f"p{count}-", sc["cards"],
                            [o.proc.pid for o in offices], health=True)
            run["processes"] = count
            runs.append(run)
            log(f"  {run}")
        finally:
            for o in offices:
                o.stop()
    main = runs[0]
    limit = fp.pg_insert_floor(cluster, pool, main["entries"], fo.BATCH)
    results["office_ingest_pg_per_s"] = dict(main, limit_pg_insert_per_s=limit,
                                             floor_transaction_rows=fo.BATCH,
                                             cluster=fp.durability(cluster))
    results["office_pg_processes"] = runs


def first_sync_only(bin_dir, work, sc, results):
    """The first sync alone (`--only first_sync`): an office of sc["cards"] cards and few
    entries, head office serving the pull by itself (both page formats), then a new register
    pulling everything while a cashier calculates on it."""
    d = work / "first-sync"
    d.mkdir()
    t0 = time.perf_counter()
    subprocess.run([bin_dir / "bench" / "kopilka-bench-gen", "office", "--dir", d / "office-data",
                    "--cards", str(sc["cards"]), "--programs", str(sc["programs"]),
                    "--entries", "1000", "--registers", "1", "--credentials", d / "credentials.txt",
                    "--pool", d / "pool.jsonl", "--pool-size", "10"],
                   check=True, stdout=sys.stderr)
    results["generate_office_s"] = round(time.perf_counter() - t0, 1)
    credential = (d / "credentials.txt").read_text().split()[1]
    port = free_port()
    office_config(d / "office.toml", port, d / "office-data")
    office = Server(bin_dir / "office" / "kopilka-office", d / "office.toml", port, d / "office.log").start()
    try:
        # The floor is what a new register pulls: a snapshot in card order (docs/sync.md).
        serve = {f"format_{f}": fo.pull_all(port, credential, page_format=f) for f in (1, 2)}
        serve["snapshot"] = fo.pull_all(port, credential, limit=5000, snapshot=True)
        log(f"  office serving alone: {serve}")
        results["office_pull_all"] = serve
        results["first_sync_s"] = first_sync(bin_dir, work, port, d / "office.toml", cashier_cards=sc["cards"])
        results["first_sync_s"]["limit_office_pull_s"] = serve["snapshot"]["seconds"]
        results["first_sync_s"]["cards"] = sc["cards"]
        results["first_sync_s"]["load_avg"] = os.getloadavg()
        log(f"  {results['first_sync_s']}")
    finally:
        office.stop()


def first_sync(bin_dir, work, office_port, office_toml, cashier_cards=0):
    d = work / "new-register"
    d.mkdir()
    port = free_port()
    daemon_config(d / "kopilka.toml", port, d / "data")
    s = Server(bin_dir / "daemon" / "kopilkad", d / "kopilka.toml", port, d / "kopilkad.log").start()
    try:
        c = Client(port)
        register_id = json.loads(c.call("GET", "/v1/health")[1])["register_id"]
        c.close()
        code = subprocess.run([bin_dir / "office" / "kopilka-office", "register", "add", "new-register",
                               "--config", office_toml], check=True, capture_output=True, text=True).stdout.strip()
        c = Client(office_port)
        status, text = c.call("POST", "/v1/sync/enroll", body={"code": code, "register_id": register_id},
                              headers={"Kopilka-Protocol": "1"})
        c.close()
        if status != 200:
            raise RuntimeError(f"enroll: {status} {text[:200]}")
        cred = d / "data" / "office.credential"
        cred.write_text(json.loads(text)["credential"] + "\n")
        os.chmod(cred, 0o600)
        daemon_config(d / "kopilka.toml", port, d / "data",
                      f'[office]\nurl = "http://127.0.0.1:{office_port}"\nsync_interval = "24h"\n')
        out = fo.first_sync(port, cashier_cards=cashier_cards)
        out["rss_after_mb"] = rss_mb(s.proc.pid)
        return out
    finally:
        s.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", choices=sorted(SCALES), default="small")
    ap.add_argument("--build-dir", default=str(SOURCE / "build" / "bench"))
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built")
    ap.add_argument("--work-dir", default=None, help="where data goes (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    ap.add_argument("--only", default="calc,empty,register,office,reports,web",
                    help="parts to run (calc,empty,register,office,reports,web; first_sync: the "
                         "first sync alone)")
    ap.add_argument("--cards", type=int, default=None, help="cards in the chain, over the scale's")
    ap.add_argument("--out", default=str(SOURCE / "bench" / "results" / "latest.json"))
    args = ap.parse_args()
    if not shutil.which("socat"):
        sys.exit("bench: socat is needed for scan_to_event (bash scripts/setup.sh installs it)")
    bin_dir = pathlib.Path(args.build_dir).resolve()
    if not args.no_build:
        build(bin_dir)
    sc = dict(SCALES[args.scale])
    if args.cards:
        sc["cards"] = args.cards
    work = pathlib.Path(args.work_dir or tempfile.mkdtemp(prefix="kopilka-bench-", dir="/var/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    parts = set(args.only.split(","))
    results = {"scale": args.scale, "sizes": sc, "machine": machine(work),
               "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    out_path = pathlib.Path(args.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)

    def save():  # after every part, so a long run that stops keeps what it measured
        out_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")

    try:
        if "calc" in parts:
            log("calc_inprocess")
            out = subprocess.run([bin_dir / "bench" / "kopilka-bench-calc", "--sweep",
                                  "--programs", str(sc["programs"]),
                                  "--iterations", str(sc["calc_iterations"]),
                                  "--sweep-iterations", str(sc["sweep_iterations"])],
                                 check=True, capture_output=True, text=True).stdout
            results.update(json.loads(out))
            save()
        if "empty" in parts:
            log("startup and idle memory")
            empty_daemon(bin_dir, work, results)
            save()
        if "register" in parts:
            register_figures(bin_dir, work, sc, results)
            save()
        if "office" in parts:
            office_figures(bin_dir, work, sc, results)
            save()
        if "reports" in parts:
            log("reports for a year")
            fx.report_figures(bin_dir, work, sc, results)
            save()
        if "web" in parts:
            log("web admin pages")
            fx.web_figures(bin_dir, work, sc, results)
            save()
        if "first_sync" in parts:
            log("first_sync alone")
            first_sync_only(bin_dir, work, sc, results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    save()
    print(markdown(results))
    log(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
