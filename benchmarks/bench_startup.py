"""Start-up to the first painted window, and the app's peak memory, each in a fresh process.

Start-up is timed from just before the process starts to the first paint event of the main
window, on the large store, against a bare PySide6 window holding an empty table, started
the same way in the same run (benchmarks/gui_probe.py is the child). Target: at most 1.5x,
both for the first paint and for the window filled (the Dashboard's figures on screen).
Peak memory (ru_maxrss) is read in a process that opens the app on the large store, shows
the Dashboard, then every engagement in the Engagements list. Target: at most 250 MB.

    python benchmarks/bench_startup.py --db benchmarks/cache/large.sqlite3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import child_env

PROBE = Path(__file__).resolve().parent / "gui_probe.py"
MAX_RATIO = 1.5
MAX_RSS_MB = 250.0
RUNS = 3


def _probe(*args: str) -> dict:
    """Run the probe with fresh QSettings and no display; returns its JSON line."""
    with tempfile.TemporaryDirectory(prefix="kpo-bench-settings-") as settings:
        env = child_env(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=settings)
        t0 = time.time()
        done = subprocess.run([sys.executable, str(PROBE), *args, "--t0", repr(t0)], env=env,
                              capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"gui_probe {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def startup(path: Path, label: str) -> list[dict]:
    _probe("bare")  # warm the OS file cache for Qt's libraries, as a second start would be
    _probe("app", "--db", str(path))
    bare, app, filled, heavy = [], [], [], []
    for _ in range(RUNS):  # interleaved, so a busy moment on the machine hits both
        bare.append(_probe("bare")["first_paint_ms"])
        result = _probe("app", "--db", str(path))
        app.append(result["first_paint_ms"])
        filled.append(result["filled_paint_ms"])
        heavy = result["heavy_modules_loaded"]
    value, baseline = statistics.median(app), statistics.median(bare)
    rows = [{"name": f"{label}: start-up to the first painted main window (median of {RUNS})",
             "value": round(value), "unit": "ms", "baseline": round(baseline),
             "target": f"<= {MAX_RATIO:g}x a bare PySide6 window with an empty table",
             "ok": value <= MAX_RATIO * baseline}]
    filled_value = statistics.median(filled)
    rows.append({"name": f"{label}: start-up to the first painted and filled window (store open, the Dashboard's "
                         f"figures shown; median of {RUNS})",
                 "value": round(filled_value), "unit": "ms", "baseline": round(baseline),
                 "target": f"<= {MAX_RATIO:g}x a bare PySide6 window with an empty table",
                 "ok": filled_value <= MAX_RATIO * baseline})
    rows.append({"name": f"{label}: heavy modules imported before the first paint: "
                         f"{', '.join(heavy) if heavy else 'none'}",
                 "value": len(heavy), "unit": "modules", "baseline": None,
                 "target": "0 (reportlab, pypdf, mail parsers, PDFium load when used)", "ok": not heavy})
    return rows


def peak_memory(path: Path, label: str) -> list[dict]:
    result = _probe("memory", "--db", str(path))
    mb = result["peak_rss_mb"]
    return [{"name": f"{label}: peak RSS of the app (Dashboard, then all {result['engagement_rows']:,} "
                     "engagements listed and scrolled)",
             "value": round(mb, 1), "unit": "MB", "baseline": None, "target": f"<= {MAX_RSS_MB:g} MB",
             "ok": mb <= MAX_RSS_MB}]


def run(small: Path, large: Path | None) -> list[dict]:
    path, label = (Path(large), "large") if large is not None else (Path(small), "small")
    return startup(path, label) + peak_memory(path, label)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the store to open (not changed)")
    args = parser.parse_args()
    for row in startup(args.db, args.db.stem) + peak_memory(args.db, args.db.stem):
        print(json.dumps(row, ensure_ascii=False))
