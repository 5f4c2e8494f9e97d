"""The ``kpo-desk`` command. Thin: it parses arguments and calls core.

Exit codes: 0 on success, 2 on bad input (one line on stderr, never a traceback),
1 for an unexpected internal fault (also one line; details with ``--debug``).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from kpo_desk import __version__
from kpo_desk.core.errors import KpoDeskError

EXIT_OK, EXIT_FAULT, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see --help)\n")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def command_modules() -> list:
    """Every module in kpo_desk/cli/ (other than this one) adds its subcommands through
    ``register(subparsers)``; a feature adds a file, not an edit here."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            found.append(importlib.import_module(f"{__name__}.{info.name}"))
    return sorted(found, key=lambda m: getattr(m, "ORDER", 50))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kpo-desk", description="KPO Desk: engagements, IP-protection checklists, "
                     "communication logs and client reports, offline.")
    parser.add_argument("--version", action="version", version=f"kpo-desk {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the store file (default: $KPO_DESK_DB, "
                        "else the per-user data folder)")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for module in command_modules():
        module.register(sub)
    return parser


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
