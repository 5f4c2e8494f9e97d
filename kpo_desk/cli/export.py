"""kpo-desk export FORMAT -o PATH: every format registered in kpo_desk.core.exporters."""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK

ORDER = 60

#: The formats of kpo_desk.core.exporters, named here so that building the parser (for
#: ``--help`` or ``--version``) imports no exporter, and through them the store and
#: SQLAlchemy. tests/cli/test_cli_imports.py holds this tuple to the registry.
FORMATS = ("csv", "ics", "json")


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help=f"export the store ({', '.join(FORMATS)})")
    export.add_argument("format", choices=FORMATS, metavar="FORMAT",
                        help=f"one of: {', '.join(FORMATS)} (ics: open follow-ups and milestones)")
    export.add_argument("-o", "--output", required=True, metavar="PATH")
    export.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.exporters import export

    with open_store(args.db, create=False) as store:
        written = export(args.format, store, args.output)
    print(f"Exported {args.format} to {written}.")
    return EXIT_OK
