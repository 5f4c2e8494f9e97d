"""Compare two commits' benchmarks in the same run: `python benchmarks/compare.py REF`.

A committed table from another day says little about a regression: the machines are shared,
and one of them ran 2.4x slower on one day than on another. So this checks out REF and the
current commit (HEAD) side by side under benchmarks/cache/compare/, each with its own stores,
and runs each one's own `benchmarks/run.py --only ...` in turn, alternating which goes first,
for a few rounds. Both use this interpreter, with the tree's own code first on the path.

For every row that both commits report under the same name, it prints the median of each
commit's figure over the rounds (the ratio to the row's same-run baseline where it has one,
else the value) and the change. A row is a regression when HEAD is worse by more than
--tolerance (5 % by default) in the median AND in every round's pairing, so one noisy round
cannot make or hide one. The table goes to benchmarks/results/compare-REF.md.

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


def modules_of(tree: Path) -> set[str]:
    return {path.stem for path in (tree / "benchmarks").glob("bench_*.py")}


@dataclass
class Side:
    label: str
    tree: Path
    figures: dict[str, list[float]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def run(self, modules: list[str], log) -> None:
        out = self.tree / "benchmarks" / "cache" / "compare-rows.json"
        env = {**os.environ, "PYTHONPATH": str(self.tree)}
        log(f"running {self.label} ({self.tree.name}): {' '.join(modules)}")
        done = subprocess.run([sys.executable, "-c", DRIVER, str(out), *modules], cwd=self.tree, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{self.label}: its benchmarks failed ({done.returncode}):\n{done.stderr[-3000:]}")
        for row in json.loads(out.read_text()):
            value, baseline = row.get("value"), row.get("baseline")
            ratio = (value / baseline if isinstance(value, int | float) and isinstance(baseline, int | float)
                     and baseline > 0 else None)
            figure = ratio if ratio is not None else value
            if isinstance(figure, int | float) and not isinstance(figure, bool):
                self.figures.setdefault(row["name"], []).append(float(figure))
                self.units[row["name"]] = "x" if ratio is not None else row.get("unit", "")


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


def table(ref: Side, head: Side, tolerance: float) -> tuple[str, list[str]]:
    lines = [f"| row | {ref.label} | {head.label} | change | every round worse |",
             "|---|---:|---:|---:|:---:|"]
    regressions = []
    for name in [name for name in head.figures if name in ref.figures]:
        unit = head.units[name]
        a, b = ref.figures[name], head.figures[name]
        pairs = [change(x, y, unit) for x, y in zip(a, b, strict=False)]
        median = change(statistics.median(a), statistics.median(b), unit)
        steady = bool(pairs) and all(p > tolerance for p in pairs)
        flag = median > tolerance and steady
        if flag:
            regressions.append(name)
        lines.append(f"| {name} | {statistics.median(a):,.3g} {unit} | {statistics.median(b):,.3g} {unit} "
                     f"| {median:+.1%}{' **regression**' if flag else ''} | {'yes' if steady else 'no'} |")
    only_ref = sorted(set(ref.figures) - set(head.figures))
    only_head = sorted(set(head.figures) - set(ref.figures))
    if only_ref or only_head:
        lines += ["", f"Rows only {ref.label} reports: {len(only_ref)}; only {head.label}: {len(only_head)} "
                  "(renamed or new rows; not compared)."]
    return "\n".join(lines), regressions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare against (e.g. 05c02f3)")
    parser.add_argument("--head", default="HEAD", help="the commit to measure (default HEAD)")
    parser.add_argument("--only", action="append", default=[], help="modules whose name contains this")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tolerance", type=float, default=0.05)
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)

    ref = Side(args.ref, checkout(args.ref))
    head = Side(args.head, checkout(args.head))
    common = sorted(modules_of(ref.tree) & modules_of(head.tree))
    wanted = [m for m in common if (any(part in m for part in args.only) if args.only else m not in SERVER_MODULES)]
    if not wanted:
        raise SystemExit(f"no module both commits have matches {args.only}: {', '.join(common)}")
    for round_number in range(args.rounds):
        order = (ref, head) if round_number % 2 == 0 else (head, ref)
        for side in order:
            side.run(wanted, log)
    text, regressions = table(ref, head, args.tolerance)
    heading = (f"# {head.label} ({_git('rev-parse', '--short', 'HEAD', cwd=head.tree)}) against {ref.label}, "
               f"same run\n\n{datetime.now(UTC):%Y-%m-%d %H:%M UTC}, {os.cpu_count()} CPUs, {args.rounds} rounds "
               f"alternating, modules: {', '.join(wanted)}. Median of the rounds; ratio rows compare the ratio "
               f"to their same-run baseline. A regression is worse by more than {args.tolerance:.0%} in the "
               f"median and in every round.\n\n")
    out = RESULTS / f"compare-{args.ref}.md"
    RESULTS.mkdir(exist_ok=True)
    out.write_text(heading + text + "\n")
    print(heading + text)
    print(f"\n{len(regressions)} regression(s); written to {out}")
    return 1 if regressions else 0


if __name__ == "__main__":
    raise SystemExit(main())
