"""The product's paths beyond the register and the shift-close storm, for run.py: every
report shape for a year (kopilka-bench-report) and the web admin's pages and search
(web_pages.py), each on the scale's chain."""
import json
import pathlib
import subprocess
import sys

SOURCE = pathlib.Path(__file__).resolve().parent.parent


def report_figures(bin_dir, work, sc, results):
    """Every report shape for a year (API's summary report, read from the aggregates) on a
    chain of sc["office_entries"] entries: kopilka-bench-report builds the aggregates in
    process (docs/benchmarks.md "Reports") and times each shape 20 times."""
    out = subprocess.run([bin_dir / "bench" / "kopilka-bench-report", "--load", "aggregates",
                          "--registers", str(sc["registers"]), "--stores", "20",
                          "--cards", str(sc["report_cards"]), "--entries", str(sc["office_entries"]),
                          "--dir", work / "reports"], check=True, capture_output=True, text=True)
    r = json.loads(out.stdout)
    results["reports_year_ms"] = dict(r["reports_year"], entries=r["entries"], cards=r["cards"])


def web_figures(bin_dir, work, sc, results):
    """The web admin's pages (every API call of each page's first load) and search as you
    type on a head office of sc["web_cards"] customers (bench/web_pages.py)."""
    out = work / "web_pages.json"
    subprocess.run([sys.executable, str(SOURCE / "bench" / "web_pages.py"), "--build", str(bin_dir),
                    "--work", str(work / "web"), "--cards", str(sc["web_cards"]),
                    "--entries", str(sc["web_entries"]), "--pushed", str(sc["web_pushed"]),
                    "--out", str(out)], check=True, stdout=subprocess.DEVNULL, stderr=sys.stderr)
    w = json.loads(out.read_text())
    results["web_pages_ms"] = {"cards": w["cards"], "pages": w["pages"], "search": w["search"]}
