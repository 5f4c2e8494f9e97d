"""`make bench`: build (or reuse) the small and large stores, run every benchmark, and write
the table to benchmarks/results/latest.md and latest.json.

Every figure sits beside its baseline, taken in the same run on the same machine, because
the machines are shared and noisy: the ratio is what compares between runs, not the ms.
Each benchmark module exposes ``run(small, large) -> list[dict]`` (name, value, unit,
baseline, target, ok); one that fails is reported as a failed row, and the others still run.

    python benchmarks/run.py                  # everything (builds the large store if needed)
    python benchmarks/run.py --only search    # the modules whose name contains "search" (the
                                              # other modules' rows are kept from the last run)
    python benchmarks/run.py --rebuild-large  # rebuild the large store (and time the build)
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# Qt offscreen and private QSettings for every benchmark (set before anything imports Qt).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kpo-bench-settings-")

import stores  # noqa: E402

RESULTS = HERE / "results"
#: In this order: the cheap core figures first, the processes that open the GUI last.
MODULES = ("bench_cli", "bench_core_queries", "bench_search", "bench_encryption", "bench_checklists", "bench_health",
           "bench_lists", "bench_reports", "bench_startup",
           # On a team server (PostgreSQL; each skips with one row where none is installed):
           "bench_search_server", "bench_server_queries", "bench_concurrency")


def _run_module(name: str, small: Path, large: Path | None) -> tuple[list[dict], float]:
    started = time.perf_counter()
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return [], 0.0  # not written yet (bench_reports may land later)
        raise
    try:
        rows = module.run(small, large)
    except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
        traceback.print_exc()
        rows = [{"name": f"{name} failed: {type(exc).__name__}: {exc}", "value": None, "unit": "",
                 "baseline": None, "target": "runs", "ok": False}]
    for row in rows:
        row["module"] = name
    return rows, time.perf_counter() - started


def _ratio(row: dict) -> float | None:
    value, baseline = row.get("value"), row.get("baseline")
    if isinstance(value, int | float) and isinstance(baseline, int | float) and baseline > 0:
        return value / baseline
    return None


def _figure(value: object, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}".strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(rows: list[dict], meta: dict) -> str:
    met = sum(1 for r in rows if r["ok"] is True)
    missed = [r for r in rows if r["ok"] is False]
    lines = [
        "# KPO Desk benchmarks: latest run",
        "",
        f"{meta['finished']} on {meta['machine']}, Python {meta['python']}, commit {meta['commit']}; "
        f"the whole run took {meta['seconds']:.0f} s. Made by `make bench` (benchmarks/run.py).",
        "",
        f"Stores: small = the default demo; large = {stores.LARGE_ENGAGEMENTS:,} engagements and "
        f"{stores.LARGE_COMMUNICATIONS:,} communications ({meta['large_store']}).",
        "",
        f"**{met} of {len(rows)} targets met; {len(missed)} missed.** Each baseline was taken in the "
        "same run; the ratio is figure / baseline.",
        "",
        "| what | figure | baseline | ratio | target | met? |",
        "|---|---:|---:|---:|---|:---:|",
    ]
    for r in rows:
        ratio = _ratio(r)
        verdict = {True: "yes", False: "**no**", None: "n/a"}[r["ok"]]
        lines.append(f"| {_cell(r['name'])} | {_figure(r['value'], r['unit'])} | "
                     f"{_figure(r['baseline'], r['unit']) if r['baseline'] is not None else '—'} | "
                     f"{f'{ratio:.2f}×' if ratio is not None else '—'} | {_cell(r['target'])} | {verdict} |")
    if meta.get("carried_over"):
        lines += ["", f"Only {', '.join(meta['module_seconds'])} ran this time; the rows of the other modules "
                      f"are carried over from the run(s) of {meta['carried_over']} (latest.json gives each row's run)."]
    lines += ["", "Time per module: " + ", ".join(f"{k} {v:.0f} s" for k, v in meta["module_seconds"].items()),
              ""]
    return "\n".join(lines)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                              check=True).stdout.strip() + (" (with local changes)" if _dirty() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _dirty() -> bool:
    done = subprocess.run(["git", "status", "--porcelain", "--", "kpo_desk"], cwd=HERE, capture_output=True,
                          text=True)
    return bool(done.stdout.strip())


def _carried_over(ran: set[str]) -> tuple[list[dict], str]:
    """The last run's rows of the modules that ``--only`` left out, so a partial run updates
    the table instead of shrinking it; returns them and which run they come from."""
    try:
        last = json.loads((RESULTS / "latest.json").read_text())
    except (OSError, ValueError):
        return [], ""
    finished = last.get("meta", {}).get("finished", "?")
    rows = [{**row, "run": row.get("run", finished)} for row in last.get("results", [])
            if row.get("module") and row["module"] not in ran]
    return rows, ", ".join(sorted({row["run"] for row in rows}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="run modules whose name contains this")
    parser.add_argument("--rebuild-large", action="store_true", help="rebuild the large store and time it")
    parser.add_argument("--no-large", action="store_true", help="small store only (a quick check)")
    args = parser.parse_args()
    started = time.perf_counter()
    print("building the small store", flush=True)
    small = stores.build_small()
    large, record = (None, None)
    if not args.no_large:
        large, record = stores.build_large(force=args.rebuild_large, log=lambda m: print(m, flush=True))
    rows = [] if args.no_large else stores.generation_rows(record)
    module_seconds: dict[str, float] = {}
    for name in MODULES:
        if args.only and not any(part in name for part in args.only):
            continue
        print(f"running {name}", flush=True)
        found, seconds = _run_module(name, small, large)
        if found:
            module_seconds[name] = seconds
            rows += found
    meta = {
        "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "commit": _commit(),
        "seconds": time.perf_counter() - started,
        "module_seconds": module_seconds,
        "large_store": ("not used" if large is None else
                        "built in this run" if record is not None and record.measured_now else "cached"),
    }
    for row in rows:
        row["run"] = meta["finished"]
    if args.only:
        carried, meta["carried_over"] = _carried_over(set(module_seconds))
        rows += carried
    for row in rows:
        ratio = _ratio(row)
        row["ratio"] = round(ratio, 3) if ratio is not None else None
    RESULTS.mkdir(exist_ok=True)
    table = markdown(rows, meta)
    (RESULTS / "latest.md").write_text(table)
    (RESULTS / "latest.json").write_text(json.dumps({"meta": meta, "results": rows}, indent=2,
                                                    ensure_ascii=False) + "\n")
    print()
    print(table)
    print(f"written to {RESULTS / 'latest.md'} and latest.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
