"""The ``kpo-desk`` command. Thin: it parses arguments and calls core.

Exit codes: 0 on success, 2 on bad input (one line on stderr, never a traceback),
1 for an unexpected internal fault (also one line; details with ``--debug``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from kpo_desk import __version__
from kpo_desk.core.errors import KpoDeskError

EXIT_OK, EXIT_FAULT, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see --help)\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kpo-desk", description="KPO Desk: engagements, IP-protection checklists, "
                     "communication logs and client reports, offline.")
    parser.add_argument("--version", action="version", version=f"kpo-desk {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the store file (default: $KPO_DESK_DB, "
                        "else the per-user data folder)")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = sub.add_parser("demo", help="fill an empty store with realistic sample data")
    demo.add_argument("--engagements", type=_positive, default=None, metavar="N")
    demo.add_argument("--communications", type=_positive, default=None, metavar="M")
    demo.add_argument("--seed", type=int, default=7, metavar="S")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="integrity and schema check: prints 'ok'")
    check.set_defaults(func=cmd_check)
    return parser


def cmd_demo(args: argparse.Namespace) -> int:
    from kpo_desk.core.demo import generate_demo
    from kpo_desk.core.store import Store

    started = time.perf_counter()
    with Store.open(args.db) as store:
        summary = generate_demo(store, engagements=args.engagements, communications=args.communications,
                                seed=args.seed, progress=lambda msg: print(f"  {msg}", file=sys.stderr))
    elapsed = time.perf_counter() - started
    rows = sum(summary.counts.values())
    print(f"Sample data written to {store.path}: {summary.counts['engagement']:,} engagements, "
          f"{summary.counts['communication']:,} communications, {rows:,} rows in {elapsed:.1f} s.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from kpo_desk.core.store import Store

    with Store.open(args.db, create=False) as store:
        problems = store.integrity_problems()
        revision = store.schema_revision()
    if problems:
        for problem in problems:
            print(problem)
        raise KpoDeskError(f"{store.path} failed its integrity check ({len(problems)} problem"
                           f"{'s' if len(problems) != 1 else ''}, first: {problems[0]}).")
    if args.debug:
        print(f"schema {revision}", file=sys.stderr)
    print("ok")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from kpo_desk.ui.app import main as gui_main

        return gui_main(db=args.db)
    try:
        return args.func(args)
    except KpoDeskError as exc:
        print(f"kpo-desk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("kpo-desk: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user sees one line, never a traceback
        if args.debug:
            raise
        print(f"kpo-desk: unexpected error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return EXIT_FAULT


if __name__ == "__main__":
    raise SystemExit(main())
