"""The command line as a person meets it: whole processes, timed from outside, each beside a
baseline process timed in the same run, the two interleaved (A B A B ...) so a busy moment on
the shared machine hits both. The figure is the median of the runs.

- ``kpo-desk --version`` against ``python -c pass``: at most 4x (nothing heavy is imported).
- ``kpo-desk --help``, the same way (information).
- ``kpo-desk search QUERY`` on the large store against a plain sqlite3 script running the same
  FTS5 statements (benchmarks/raw_fts5_search.py): the ratio is reported. What is left above the
  baseline is importing SQLAlchemy and SQLModel, which the script does not.

    python benchmarks/bench_cli.py --db benchmarks/cache/large.sqlite3
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import child_env, measure_one_store

from kpo_desk.core.search import KINDS
from kpo_desk.core.search.fts5 import INDEXED, RANK_WINDOW, ranked_sql
from kpo_desk.core.search.query import fts5_match_expression, parse_query

HERE = Path(__file__).resolve().parent
RAW_SEARCH = HERE / "raw_fts5_search.py"
RUNS = 11
MAX_VERSION_RATIO = 4.0
QUERY = "status"
LIMIT = 20  # the command's default


def kpo_desk_command() -> list[str]:
    """The installed ``kpo-desk`` script beside this interpreter (what a person runs)."""
    script = Path(sys.executable).with_name("kpo-desk")
    return [str(script)] if script.exists() else [shutil.which("kpo-desk") or "kpo-desk"]


def _wall_ms(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-300:]}")
    return elapsed


def paired(command: list[str], baseline: list[str], env: dict[str, str], runs: int = RUNS) -> tuple[float, float]:
    """Median wall ms of ``command`` and of ``baseline``, run in turn after one warm-up each
    (which also fills the bytecode cache)."""
    _wall_ms(command, env), _wall_ms(baseline, env)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(_wall_ms(command, env))
        theirs.append(_wall_ms(baseline, env))
    return statistics.median(ours), statistics.median(theirs)


def search_plan(query: str, limit: int = LIMIT) -> dict:
    """The statements ``kpo-desk search`` runs, from the app's own query code, for the script."""
    terms = parse_query(query)
    variants = (terms, terms.widened()) if terms.can_widen else (terms,)
    return {"limit": limit, "tries": [
        [[kind, ranked_sql(INDEXED[kind]), {"q": fts5_match_expression(v), "window": RANK_WINDOW, "n": limit}]
         for kind in KINDS] for v in variants]}


def start_up(env: dict[str, str]) -> list[dict]:
    python = [sys.executable, "-c", "pass"]
    rows = []
    value, baseline = paired([*kpo_desk_command(), "--version"], python, env)
    rows.append({"name": f"`kpo-desk --version`, whole process (median of {RUNS})", "value": round(value, 1),
                 "unit": "ms", "baseline": round(baseline, 1),
                 "target": f"<= {MAX_VERSION_RATIO:g}x `python -c pass`", "ok": value <= MAX_VERSION_RATIO * baseline})
    value, baseline = paired([*kpo_desk_command(), "--help"], python, env, runs=5)
    rows.append({"name": "`kpo-desk --help`, whole process (median of 5)", "value": round(value, 1), "unit": "ms",
                 "baseline": round(baseline, 1), "target": "information (vs `python -c pass`)", "ok": None})
    return rows


def search_process(path: Path, label: str, env: dict[str, str]) -> list[dict]:
    import sqlite3

    con = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    try:
        count = con.execute("SELECT count(*) FROM communication").fetchone()[0]
    finally:
        con.close()
    with tempfile.TemporaryDirectory(prefix="kpo-bench-cli-") as tmp:
        plan = Path(tmp) / "plan.json"
        plan.write_text(json.dumps(search_plan(QUERY)))
        value, baseline = paired([*kpo_desk_command(), "--db", str(path), "search", QUERY],
                                 [sys.executable, str(RAW_SEARCH), str(path.resolve()), str(plan)], env)
    return [{"name": f"{label} ({count:,} communications): `kpo-desk search {QUERY}`, whole process (median of "
                     f"{RUNS}), vs a sqlite3 script running the same FTS5 statements",
             "value": round(value, 1), "unit": "ms", "baseline": round(baseline, 1),
             "target": "report the ratio", "ok": None}]


def measure(path: Path, label: str) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="kpo-bench-settings-") as settings:
        env = child_env(XDG_CONFIG_HOME=settings)
        return start_up(env) + search_process(Path(path), label, env)


def run(small: Path, large: Path | None) -> list[dict]:
    path, label = (Path(large), "large") if large is not None else (Path(small), "small")
    return measure(path, label)


if __name__ == "__main__":
    measure_one_store(__doc__, measure)
