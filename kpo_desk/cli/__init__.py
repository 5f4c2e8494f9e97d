"""The ``kpo-desk`` command. Thin: it parses arguments and calls core.

Exit codes: 0 on success, 2 on bad input (one line on stderr, never a traceback),
1 for an unexpected internal fault (also one line; details with ``--debug``).

Start-up cost: building the parser imports every subcommand module, so those modules import
at their top only the standard library and ``kpo_desk.core.errors``; whatever a command
needs (the store, SQLAlchemy, reportlab ...) is imported inside the function that runs it.
``--version`` is answered before the parser is built. tests/cli/test_cli_imports.py
holds both to it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kpo_desk import __version__
from kpo_desk.core.errors import KpoDeskError

EXIT_OK, EXIT_FAULT, EXIT_BAD_INPUT = 0, 1, 2
#: Top-level options that may stand before ``--version`` (the one with a value takes it).
_GLOBAL_FLAGS, _GLOBAL_VALUED = ("--debug",), ("--db", "--wait", "--passphrase-file")


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


def seconds(text: str) -> float:
    """``--wait``: a number of seconds from 0 to a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 <= value <= 86_400:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"'{text}' is not between 0 and 86400 seconds")
    return value


def command_modules() -> list:
    """Every module in kpo_desk/cli/ (other than this one) adds its subcommands through
    ``register(subparsers)``; a feature adds a file, not an edit here."""
    import importlib
    import pkgutil  # found through pkgutil so that the frozen app (PyInstaller) finds them too

    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            found.append(importlib.import_module(f"{__name__}.{info.name}"))
    return sorted(found, key=lambda m: getattr(m, "ORDER", 50))


def version_line() -> str:
    return f"kpo-desk {__version__}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kpo-desk", description="KPO Desk: engagements, IP-protection checklists, "
                     "communication logs and client reports, offline.")
    parser.add_argument("--version", action="version", version=version_line())
    parser.add_argument("--db", metavar="PATH", help="the store file (default: $KPO_DESK_DB, "
                        "else the per-user data folder)")
    parser.add_argument("--wait", type=seconds, default=0, metavar="SECONDS",
                        help="a command that writes waits this long for another KPO Desk to let go "
                        "of the store (default: refuse at once)")
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help="the passphrase of an encrypted store is the first line of FILE "
                        "(default: $KPO_DESK_PASSPHRASE, else a prompt on a terminal); a new store "
                        "made while a passphrase is given is encrypted")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for module in command_modules():
        module.register(sub)
    return parser


def asks_for_version(argv: Sequence[str]) -> bool:
    """True when argparse would answer ``--version`` and exit: it stands among the top-level
    options, before any subcommand (``kpo-desk --db x --version``, not ``kpo-desk search --version``)."""
    args = iter(argv)
    for arg in args:
        if arg == "--version":
            return True
        if arg in _GLOBAL_VALUED:
            next(args, None)
        elif not (arg in _GLOBAL_FLAGS or arg.startswith(tuple(f"{o}=" for o in _GLOBAL_VALUED))):
            return False
    return False


#: Commands that write the store's content as plaintext (exports are plaintext by nature).
_PLAINTEXT_COMMANDS = ("export",)


def _warn_if_encrypted(args: argparse.Namespace) -> None:
    from kpo_desk.cli._writer import server_location
    from kpo_desk.core.store import is_encrypted_store, resolve_store_path

    if server_location(args) is None and is_encrypted_store(resolve_store_path(args.db)):
        print(f"kpo-desk: warning: the store is encrypted, but this {args.command} is not: anyone "
              "who gets the file can read it.", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``kpo-desk search x | head -1``): stop quietly, as a C tool
        # killed by SIGPIPE would, and keep Python from complaining when it flushes stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + 13  # SIGPIPE


def _main(argv: Sequence[str] | None) -> int:
    if asks_for_version(sys.argv[1:] if argv is None else argv):
        print(version_line())  # the answer argparse would give, without importing every subcommand
        return EXIT_OK
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from kpo_desk.ui.app import main as gui_main

        return gui_main(db=args.db)
    try:
        from kpo_desk.cli._passphrase import install

        install(args)
        if args.command in _PLAINTEXT_COMMANDS:
            _warn_if_encrypted(args)
        return args.func(args)
    except KpoDeskError as exc:
        print(f"kpo-desk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        raise
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
