"""Benchmark: engagement health for the dashboard.

Measures, on the large store (20,000 engagements, 1,000,000 communications):

* ``assess_many`` over every engagement (a cold, full assessment);
* ``HealthMonitor.refresh`` after one change (what the dashboard does on each refresh);
* ``HealthMonitor.refresh`` when nothing changed;
* ``assess_many`` for one page of 50 engagements (the list's dots and tooltips).

The baseline is reading every engagement row once through the engagement list query, taken
in the same run, so the ratios hold on a noisy shared machine. The monitor is measured on a
private copy of the store (made with SQLite's backup API), so the shared cache file is never
written.

Run directly: ``python benchmarks/bench_health.py --db benchmarks/cache/large.sqlite3``
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kpo_desk.core.health import HealthMonitor, assess_many  # noqa: E402
from kpo_desk.core.services import work  # noqa: E402
from kpo_desk.core.services.engagement_list import list_engagement_rows  # noqa: E402
from kpo_desk.core.store import Store  # noqa: E402

TARGET_MS = 200.0


def _ms(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "health-bench.sqlite3"
    src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def _results(label: str, path: Path, *, writable_copy: bool) -> list[dict]:
    out: list[dict] = []
    with Store.open(path, create=False) as store:
        today = date.today()
        baseline = _ms(lambda: list_engagement_rows(store, sort="code"), repeat=3)
        full = _ms(lambda: assess_many(store, today=today), repeat=5)
        health = assess_many(store, today=today)
        n = len(health)
        colours = {c: sum(1 for h in health.values() if h.status == c) for c in ("red", "amber", "green")}
        page = sorted(health)[:50]
        page_ms = _ms(lambda: assess_many(store, page, today=today), repeat=5)
        out += [
            {"name": f"{label}: assess_many, all {n:,} engagements ({colours['red']:,} red, "
                     f"{colours['amber']:,} amber, {colours['green']:,} green)",
             "value": full, "unit": "ms", "baseline": baseline,
             "target": f"< {TARGET_MS:.0f} ms for a cold full assessment (stretch)", "ok": full < TARGET_MS},
            {"name": f"{label}: assess_many, one page of 50 engagements", "value": page_ms, "unit": "ms",
             "baseline": None, "target": "< 50 ms", "ok": page_ms < 50},
        ]
    if not writable_copy:
        return out
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        copy = _copy(path, Path(folder))
        with Store.open(copy) as store:
            today = date.today()
            monitor = HealthMonitor(store)
            monitor.refresh(today=today)
            engagement_id = next(iter(sorted(monitor.health)))
            partial = []
            for k in range(5):
                work.add_milestone(store, engagement_id=engagement_id, title=f"Benchmark memo {k}",
                                   due_on=today - timedelta(days=3))
                started = time.perf_counter()
                monitor.refresh(today=today)
                partial.append((time.perf_counter() - started) * 1000)
                assert monitor.last_refresh == "partial", monitor.last_refresh
            unchanged = _ms(lambda: monitor.refresh(today=today), repeat=5)
            refresh = round(statistics.median(partial), 1)
        out += [
            {"name": f"{label}: dashboard refresh after one change (HealthMonitor)", "value": refresh,
             "unit": "ms", "baseline": None, "target": f"< {TARGET_MS:.0f} ms", "ok": refresh < TARGET_MS},
            {"name": f"{label}: dashboard refresh, nothing changed (HealthMonitor)", "value": unchanged,
             "unit": "ms", "baseline": None, "target": f"< {TARGET_MS:.0f} ms", "ok": unchanged < TARGET_MS},
        ]
    return out


def run(small: Path, large: Path | None) -> list[dict]:
    results = _results("small", Path(small), writable_copy=False)
    if large is not None and Path(large).exists():
        results += _results("large", Path(large), writable_copy=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="the store to measure (e.g. the large one)")
    parser.add_argument("--no-copy", action="store_true", help="skip the monitor (it needs a copy of the store)")
    args = parser.parse_args()
    for r in _results(args.db.stem, args.db, writable_copy=not args.no_copy):
        ratio = f"  ({r['value'] / r['baseline']:.1f}× the baseline {r['baseline']} ms)" if r["baseline"] else ""
        print(f"{'ok ' if r['ok'] else 'MISS'} {r['name']}: {r['value']} {r['unit']} [{r['target']}]{ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
