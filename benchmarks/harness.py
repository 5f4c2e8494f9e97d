"""What every benchmark module shares: the entry point ``run.py`` calls, and the command line
for running one module on its own."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

Measure = Callable[[Path, str], list[dict]]


def small_then_large(measure: Measure, small: Path, large: Path | None) -> list[dict]:
    """``measure(path, label)`` on the small store, then on the large one when there is one."""
    rows = measure(Path(small), "small")
    if large is not None:
        rows += measure(Path(large), "large")
    return rows


def measure_one_store(doc: str, measure: Measure) -> None:
    """``python benchmarks/<module>.py --db PATH``: one store, one JSON row a line."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store to measure (not changed)")
    args = parser.parse_args()
    for row in measure(args.db, args.db.stem):
        print(json.dumps(row, ensure_ascii=False))


#: Compiled bytecode for the timed child processes, kept between runs (under the ignored cache).
PYCACHE = Path(__file__).resolve().parent / "cache" / "pycache"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a timed child process: bytecode cached as an installed app has it
    (this workplace sets PYTHONDONTWRITEBYTECODE, which would recompile kpo_desk from source
    in every child and charge that to the app but not to its bare baseline), the caller's
    store variable removed, and ``extra`` on top."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "KPO_DESK_DB")}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(extra)
    return env
