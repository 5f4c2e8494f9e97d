"""Compare two commits' benchmarks in the same run: `python benchmarks/compare.py REF`.

A committed table from another day says little about a regression: the machines are shared,
and one of them ran 2.4x slower on one day than on another. So this checks out REF and the
current commit (HEAD) side by side under benchmarks/cache/compare/, each with its own stores
(the worktrees of earlier comparisons are removed),
and runs each one's own benchmark modules (through its own run.py's store builder and module
runner) in turn, alternating which goes first, for a few rounds. Both use this interpreter, with the tree's own code first on the path.

For every row that both commits report under the same name, it prints the median of each
commit's value over the rounds (with the ratio to the row's same-run baseline beside, where it
has one) and the change. A row is a regression when HEAD is worse by more than --tolerance
(5 % by default) in the median AND in every round's pairing, so one noisy round cannot make
or hide one, and by more than the figures' resolution. The table goes to
benchmarks/results/compare-REF.md; --report redoes it from the last run's rounds.

    python benchmarks/compare.py 05c02f3                       # the modules both commits have
    python benchmarks/compare.py 05c02f3 --only health --rounds 5
    python benchmarks/compare.py 05c02f3 --head WORKTREE_COMMIT # another commit than HEAD

Server modules are left out unless named with --only: they need a PostgreSQL cluster and
their large copies take many minutes to build.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TREES = HERE / "cache" / "compare"
RESULTS = HERE / "results"
SERVER_MODULES = {"bench_search_server", "bench_server_queries", "bench_concurrency"}
#: Units where a larger figure is the better one.
HIGHER_IS_BETTER = {"rows/s", "items/s", "per s", "/s"}


def _git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def checkout(commit: str) -> Path:
    """A detached worktree of `commit` under cache/compare/ (made once, reused)."""
    sha = _git("rev-parse", "--verify", f"{commit}^{{commit}}")
    tree = TREES / sha[:12]
    if not (tree / "benchmarks" / "run.py").exists():
        TREES.mkdir(parents=True, exist_ok=True)
        _git("worktree", "add", "--force", "--detach", str(tree), sha)
    return tree


def prune(keep: set[Path]) -> None:
    """Remove the worktrees of earlier comparisons (each holds its own stores, ~0.7 GB)."""
    for tree in TREES.iterdir() if TREES.is_dir() else ():
        if tree.is_dir() and tree not in keep and (tree / ".git").exists():
            _git("worktree", "remove", "--force", str(tree))


def modules_of(tree: Path) -> set[str]:
    return {path.stem for path in (tree / "benchmarks").glob("bench_*.py")}


@dataclass
class Side:
    label: str
    tree: Path
    #: per row name, each round's (value, ratio to its same-run baseline or None)
    rounds: dict[str, list[tuple[float, float | None]]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    #: each round's rows as the benchmarks gave them (kept for --report)
    raw: list[list[dict]] = field(default_factory=list)

    def run(self, modules: list[str], log) -> None:
        out = self.tree / "benchmarks" / "cache" / "compare-rows.json"
        env = {**os.environ, "PYTHONPATH": str(self.tree)}
        log(f"running {self.label} ({self.tree.name}): {' '.join(modules)}")
        done = subprocess.run([sys.executable, "-c", DRIVER, str(out), *modules], cwd=self.tree, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{self.label}: its benchmarks failed ({done.returncode}):\n{done.stderr[-3000:]}")
        self.add(json.loads(out.read_text()))

    def add(self, rows: list[dict]) -> None:
        for row in rows:
            value, baseline = row.get("value"), row.get("baseline")
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            ratio = value / baseline if isinstance(baseline, int | float) and baseline > 0 else None
            self.rounds.setdefault(row["name"], []).append((float(value), ratio))
            self.units[row["name"]] = row.get("unit", "")
        self.raw.append(rows)


#: Run in a tree: its own run.py's stores and module runner, for exactly the modules named (its
#: ``--only`` matches by substring, so ``bench_search`` would also start ``bench_search_server``).
DRIVER = """
import json, sys
from pathlib import Path
out, names = Path(sys.argv[1]), sys.argv[2:]
sys.argv = [sys.argv[0]]
sys.path.insert(0, "benchmarks")
import run
small = run.stores.build_small()
large, _record = run.stores.build_large(log=lambda m: print(m, file=sys.stderr, flush=True))
rows = []
for name in names:
    print("running", name, file=sys.stderr, flush=True)
    rows += run._run_module(name, small, large)[0]
out.write_text(json.dumps(rows))
"""


def change(ref: float, head: float, unit: str) -> float:
    """How much worse HEAD is than REF, as a fraction (negative: better)."""
    if ref == 0:
        return 0.0
    worse = (ref - head) / ref if unit in HIGHER_IS_BETTER else (head - ref) / ref
    return worse


def table(ref: Side, head: Side, tolerance: float, floor_ms: float) -> tuple[str, list[str]]:
    """Judged on the value: both commits ran on this machine, interleaved, so their figures compare
    directly, and a ratio would also move when only its baseline's code changed (HEAD's lists got
    faster, so every row measured against a list looks slower). The ratios are shown beside.
    A difference under ``floor_ms`` is within the figures' resolution (they are rounded to 0.1 ms)."""
    lines = [f"| row | {ref.label} | {head.label} | change | every round worse | ratio {ref.label} | ratio {head.label} |",
             "|---|---:|---:|---:|:---:|---:|---:|"]
    regressions = []
    for name in [name for name in head.rounds if name in ref.rounds]:
        unit = head.units[name]
        a, b = [v for v, _r in ref.rounds[name]], [v for v, _r in head.rounds[name]]
        pairs = [change(x, y, unit) for x, y in zip(a, b, strict=False)]
        median = change(statistics.median(a), statistics.median(b), unit)
        within = unit == "ms" and abs(statistics.median(b) - statistics.median(a)) < floor_ms
        steady = bool(pairs) and all(p > tolerance for p in pairs)
        flag = median > tolerance and steady and not within
        if flag:
            regressions.append(name)
        ratios = [_median_ratio(side.rounds[name]) for side in (ref, head)]
        lines.append(f"| {name} | {statistics.median(a):,.4g} {unit} | {statistics.median(b):,.4g} {unit} "
                     f"| {median:+.1%}{' **regression**' if flag else ''} | {'yes' if steady else 'no'} "
                     f"| {ratios[0]} | {ratios[1]} |")
    only_ref = sorted(set(ref.rounds) - set(head.rounds))
    only_head = sorted(set(head.rounds) - set(ref.rounds))
    if only_ref or only_head:
        lines += ["", f"Rows only {ref.label} reports: {len(only_ref)}; only {head.label}: {len(only_head)} "
                  "(renamed or new rows; not compared)."]
    return "\n".join(lines), regressions


def _median_ratio(rounds: list[tuple[float, float | None]]) -> str:
    ratios = [r for _v, r in rounds if r is not None]
    return f"{statistics.median(ratios):.2f}x" if ratios else "—"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare against (e.g. 05c02f3)")
    parser.add_argument("--head", default="HEAD", help="the commit to measure (default HEAD)")
    parser.add_argument("--only", action="append", default=[], help="modules whose name contains this")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--floor-ms", type=float, default=0.3,
                        help="a change smaller than this many ms is within resolution (default 0.3)")
    parser.add_argument("--report", action="store_true", help="only redo the table from the last run's rounds")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)

    ref = Side(args.ref, checkout(args.ref))
    head = Side(args.head, checkout(args.head))
    prune({ref.tree, head.tree})
    common = sorted(modules_of(ref.tree) & modules_of(head.tree))
    wanted = [m for m in common if (any(part in m for part in args.only) if args.only else m not in SERVER_MODULES)]
    if not wanted:
        raise SystemExit(f"no module both commits have matches {args.only}: {', '.join(common)}")
    saved = TREES / f"rounds-{args.ref}.json"
    if args.report:
        kept = json.loads(saved.read_text())
        for side in (ref, head):
            for rows in kept.get(side.tree.name) or kept.get(side.label) or []:
                side.add(rows)
    else:
        for round_number in range(args.rounds):
            order = (ref, head) if round_number % 2 == 0 else (head, ref)
            for side in order:
                side.run(wanted, log)
            saved.write_text(json.dumps({side.tree.name: side.raw for side in (ref, head)}))
    text, regressions = table(ref, head, args.tolerance, args.floor_ms)
    heading = (f"# {head.label} ({_git('rev-parse', '--short', 'HEAD', cwd=head.tree)}) against {ref.label}, "
               f"same run\n\n{datetime.now(UTC):%Y-%m-%d %H:%M UTC}, {os.cpu_count()} CPUs, {args.rounds} rounds "
               f"alternating, modules: {', '.join(wanted)}. Median of the rounds, judged on the "
               f"value (both commits measured here, interleaved); each row's ratio to its own same-run baseline "
               f"beside. A regression is worse by more than {args.tolerance:.0%} in the median and in every "
               f"round, and by {args.floor_ms:g} ms or more.\n\n")
    out = RESULTS / f"compare-{args.ref}.md"
    RESULTS.mkdir(exist_ok=True)
    out.write_text(heading + text + "\n")
    print(heading + text)
    print(f"\n{len(regressions)} regression(s); written to {out}")
    return 1 if regressions else 0


if __name__ == "__main__":
    raise SystemExit(main())
