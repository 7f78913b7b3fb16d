"""The Markdown table of a benchmark run: each figure, its physical limit from the same run,
their ratio, the goal and whether it was met. Reads the dict run.py writes as latest.json."""


def _f(v, digits=1):
    return "–" if v is None else f"{v:,.{digits}f}".replace(",", " ")


def _ratio(a, b):
    return "–" if not a or not b else f"{a / b:.1f}×"


def _ok(flag):
    return "–" if flag is None else ("met" if flag else "**missed**")


def rows(r):
    out = []
    office_note = f", {r['office_scale']['scale']} scale" if r.get("office_scale") else ""
    c = r.get("calc_inprocess_us")
    if c:
        fl = r.get("calc_floor_us", {})
        out.append(("calc_inprocess_us (20 lines, 30 programs)", f"p50 {_f(c['p50'])} / p99 {_f(c['p99'])} µs",
                    f"copy of the request p50 {_f(fl.get('p50'), 2)} µs", _ratio(c["p50"], fl.get("p50")),
                    "–", None))
    h = r.get("calc_http_us")
    if h:
        lim = r["http_roundtrip_us"]
        out.append(("calc_http_us (20 lines, 1 connection)", f"p50 {_f(h['p50'])} / p99 {_f(h['p99'])} µs",
                    f"GET /v1/health p50 {_f(lim['p50'])} / p99 {_f(lim['p99'])} µs",
                    _ratio(h["p99"], lim["p99"]), "p99 ≤ 1 000 µs", h["p99"] <= 1000))
    cf = r.get("confirm_ms")
    if cf:
        fs = r["fsync_ms"]
        # The floor of a durable answer: an empty round trip on the same connection plus
        # one fsync on the same disk, both measured in this run.
        rtt = r.get("http_roundtrip_us", {}).get("p50")
        floor = fs["p50"] + (rtt / 1000 if rtt is not None else 0)
        out.append(("confirm_ms (durable)", f"p50 {_f(cf['p50'], 2)} / p99 {_f(cf['p99'], 2)} ms",
                    f"GET /v1/health p50 + fsync_ms p50 = {_f(floor, 2)} ms (fsync p50 {_f(fs['p50'], 2)} / "
                    f"p99 {_f(fs['p99'], 2)} ms)",
                    _ratio(cf["p50"], floor), "p50 ≤ 1.5 × floor, p99 ≤ 3 × floor",
                    cf["p50"] <= 1.5 * floor and cf["p99"] <= 3 * floor))
    tu = r.get("wallet_topup_ms")
    if tu and cf:
        out.append(("wallet_topup_ms (durable)", f"p50 {_f(tu['p50'], 2)} / p99 {_f(tu['p99'], 2)} ms",
                    f"the confirm's floor, {_f(floor, 2)} ms", _ratio(tu["p50"], floor),
                    "as a confirm", tu["p50"] <= 1.5 * floor and tu["p99"] <= 3 * floor))
    for baud, s in sorted(r.get("scan_to_event_ms", {}).items(), key=lambda kv: int(kv[0])):
        out.append((f"scan_to_event_ms at {baud} baud ({s['frame_bytes']} B)",
                    f"p50 {_f(s['p50'], 2)} / p99 {_f(s['p99'], 2)} ms", f"wire time {_f(s['wire_ms'], 2)} ms"
                    + (f"; from the last byte p50 {_f(s['after_last_byte_ms']['p50'], 2)} / p99 "
                       f"{_f(s['after_last_byte_ms']['p99'], 2)} ms" if "after_last_byte_ms" in s else ""),
                    f"+{_f(s['p99'] - s['wire_ms'], 2)} ms", "p99 ≤ wire + 2 ms", s["p99"] <= s["wire_ms"] + 2))
    ing = r.get("office_ingest_per_s")
    if ing:
        floor = ing.get("limit_sqlite_insert_per_s")
        out.append((f"office_ingest_per_s, SQLite ({ing['registers']} registers, {ing['entries']} entries{office_note})",
                    f"{_f(ing['per_s'], 0)} /s", f"raw SQLite insert {_f(floor, 0)} /s"
                    + (f", {ing['floor_transaction_rows']} rows a transaction" if "floor_transaction_rows" in ing else ""),
                    _ratio(floor, ing["per_s"]), "floor ≤ 3× ingest", floor and floor <= 3 * ing["per_s"]))
    pg = r.get("office_ingest_pg_per_s")
    if pg:
        floor = pg["limit_pg_insert_per_s"]
        fsync = pg.get("cluster", {}).get("fsync", "?")
        out.append((f"office_ingest_per_s, PostgreSQL fsync={fsync} ({pg['registers']} registers, {pg['entries']} entries)",
                    f"{_f(pg['per_s'], 0)} /s", f"raw PostgreSQL COPY {_f(floor, 0)} /s, "
                    f"{pg['floor_transaction_rows']} rows a transaction",
                    _ratio(floor, pg["per_s"]), "floor ≤ 3× ingest", floor <= 3 * pg["per_s"]))
    for engine, x in (("SQLite", ing), ("PostgreSQL", pg)):
        h = (x or {}).get("health_ms")
        if h:
            out.append((f"GET /v1/health during the storm, {engine}", f"p50 {_f(h['p50'], 2)} / p99 {_f(h['p99'], 2)} ms",
                        "–", "–", "p99 ≤ 50 ms", h["p99"] <= 50))
    fs = r.get("first_sync_s")
    if fs:
        out.append((f"first_sync_s ({_f(fs['pulled'], 0)} changes{office_note})", f"{_f(fs['seconds'], 2)} s",
                    f"office pull alone {_f(fs['limit_office_pull_s'], 2)} s",
                    _ratio(fs["seconds"], fs["limit_office_pull_s"]), "≤ 30 s", fs["seconds"] <= 30))
        c, quiet = fs.get("calc_during_sync_us"), fs.get("calc_before_sync_us")
        if c:
            out.append(("calculate during the first sync (Python client)",
                        f"p50 {_f(c['p50'] / 1000, 2)} / p99 {_f(c['p99'] / 1000, 2)} ms",
                        f"before it p50 {_f(quiet['p50'] / 1000, 2)} / p99 {_f(quiet['p99'] / 1000, 2)} ms"
                        if quiet else "–", _ratio(c["p99"], (quiet or {}).get("p99")),
                        "p99 ≤ 1 ms", c["p99"] <= 1000))
    ry = r.get("reports_year_ms")
    if ry:
        shapes = [k for k in ("total", "day", "week", "month", "store", "store_month", "register") if k in ry]
        worst = max(ry[k]["p95_ms"] for k in shapes)
        out.append((f"report for a year, p95 ({_f(ry['entries'], 0)} entries, {_f(ry['cards'], 0)} cards): "
                    + ", ".join(shapes),
                    " / ".join(_f(ry[k]["p95_ms"]) for k in shapes) + " ms",
                    "–", "–", "≤ 300 ms each", worst <= 300))
    wp = r.get("web_pages_ms")
    if wp:
        pages = wp["pages"]
        worst = max(p["p95_ms"] for p in pages.values())
        out.append((f"web admin pages' API calls, p95 ({_f(wp['cards'], 0)} customers): "
                    + ", ".join(pages), " / ".join(_f(p["p95_ms"]) for p in pages.values()) + " ms",
                    "–", "–", "≤ 1 000 ms each", worst <= 1000))
        search = wp["search"]
        worst = max(x["p95_ms"] for x in search.values())
        out.append(("customer search as you type, p95: " + ", ".join(search),
                    " / ".join(_f(x["p95_ms"]) for x in search.values()) + " ms", "–", "–",
                    "≤ 150 ms each", worst <= 150))
    ri = r.get("rss_idle_mb")
    if ri:
        out.append(("rss_idle_mb", f"{_f(ri['value'])} MB", f"empty process {_f(ri['limit_empty_process_mb'])} MB",
                    _ratio(ri["value"], ri["limit_empty_process_mb"]), "≤ 20 MB", ri["value"] <= 20))
    rm = r.get("rss_1m_cards_mb")
    if rm:
        lim = (ri or {}).get("value")
        out.append((f"rss_1m_cards_mb ({_f(rm['cards'], 0)} cards, after the runs)", f"{_f(rm['value'])} MB",
                    f"idle daemon {_f(lim)} MB", _ratio(rm["value"], lim), "≤ 64 MB", rm["value"] <= 64))
    st = r.get("startup_ms")
    if st:
        out.append(("startup_ms (restart, no cards, to first 200)", f"p50 {_f(st['p50'])} ms",
                    f"exec of /bin/true {_f(st['limit_exec_true_ms'], 2)} ms",
                    _ratio(st["p50"], st["limit_exec_true_ms"]), "≤ 100 ms", st["p50"] <= 100))
        out.append(("startup_ms, first start (creates the database)", f"{_f(st['first_start_ms'])} ms",
                    "–", "–", "≤ 100 ms", st["first_start_ms"] <= 100))
    if "startup_1m_cards_ms" in r:
        out.append(("startup_ms with the card database", f"{_f(r['startup_1m_cards_ms'])} ms", "–", "–",
                    "≤ 100 ms", r["startup_1m_cards_ms"] <= 100))
    return out


def markdown(r):
    lines = [f"Kopilka benchmarks, scale `{r['scale']}`, {r['machine'].get('cpu')} × {r['machine'].get('cores')}, "
             f"commit {r['machine'].get('commit')}, {r['started']}", "",
             "| figure | measured | physical limit (same run) | ratio | goal | |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, measured, limit, ratio, goal, ok in rows(r):
        lines.append(f"| {name} | {measured} | {limit} | {ratio} | {goal} | {_ok(ok)} |")
    if r.get("calc_vs_lines_us"):
        lines += ["", "How calculation grows (µs, p50 / p99):", "",
                  "| lines | " + " | ".join(str(x["lines"]) for x in r["calc_vs_lines_us"]) + " |",
                  "| --- |" + " --- |" * len(r["calc_vs_lines_us"]),
                  "| 30 programs | " + " | ".join(f"{_f(x['p50'])} / {_f(x['p99'])}" for x in r["calc_vs_lines_us"]) + " |",
                  "",
                  "| programs | " + " | ".join(str(x["programs"]) for x in r["calc_vs_programs_us"]) + " |",
                  "| --- |" + " --- |" * len(r["calc_vs_programs_us"]),
                  "| 20 lines | " + " | ".join(f"{_f(x['p50'])} / {_f(x['p99'])}" for x in r["calc_vs_programs_us"]) + " |"]
    if r.get("ingest_vs_registers"):
        lines += ["", "How ingest grows with registers pushing at once:", "",
                  "| registers | entries | seconds | entries/s | office CPU µs/entry |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [f"| {x['registers']} | {x['entries']} | {x['seconds']} | {_f(x['per_s'], 0)} | "
                  f"{_f(x.get('office_cpu_us_per_entry'))} |"
                  for x in r["ingest_vs_registers"]]
    if r.get("office_pg_processes"):
        lines += ["", "PostgreSQL, kopilka-office processes on one database (200 registers spread over them):", "",
                  "| processes | entries | seconds | entries/s | office CPU µs/entry | health p99 ms |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {x['processes']} | {x['entries']} | {x['seconds']} | {_f(x['per_s'], 0)} | "
                  f"{_f(x.get('office_cpu_us_per_entry'))} | {_f(x.get('health_ms', {}).get('p99'), 2)} |"
                  for x in r["office_pg_processes"]]
    return "\n".join(lines)
