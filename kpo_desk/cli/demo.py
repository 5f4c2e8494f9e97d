"""kpo-desk demo: fill an empty store with realistic sample data."""

from __future__ import annotations

import argparse
import sys
import time

from kpo_desk.cli import EXIT_OK, positive_int

ORDER = 10


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="fill an empty store with realistic sample data")
    demo.add_argument("--engagements", type=positive_int, default=None, metavar="N")
    demo.add_argument("--communications", type=positive_int, default=None, metavar="M")
    demo.add_argument("--seed", type=int, default=7, metavar="S")
    demo.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from kpo_desk.cli._writer import writable_store
    from kpo_desk.core.demo import generate_demo

    started = time.perf_counter()
    with writable_store(args) as store:
        summary = generate_demo(store, engagements=args.engagements, communications=args.communications,
                                seed=args.seed, progress=lambda msg: print(f"  {msg}", file=sys.stderr))
    elapsed = time.perf_counter() - started
    rows = sum(summary.counts.values())
    print(f"Sample data written to {store.path}: {summary.counts['engagement']:,} engagements, "
          f"{summary.counts['communication']:,} communications, {rows:,} rows in {elapsed:.1f} s.")
    return EXIT_OK
