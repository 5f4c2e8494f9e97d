"""kpo-desk export FORMAT -o PATH: every format registered in kpo_desk.core.exporters."""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK

ORDER = 60


def register(sub: argparse._SubParsersAction) -> None:
    from kpo_desk.core.exporters import load_formats

    formats = sorted(load_formats())
    export = sub.add_parser("export", help=f"export the store ({', '.join(formats)})")
    export.add_argument("format", choices=formats, metavar="FORMAT",
                        help=f"one of: {', '.join(formats)} (ics: open follow-ups and milestones)")
    export.add_argument("-o", "--output", required=True, metavar="PATH")
    export.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from kpo_desk.core.exporters import export
    from kpo_desk.core.store import Store

    with Store.open(args.db, create=False) as store:
        written = export(args.format, store, args.output)
    print(f"Exported {args.format} to {written}.")
    return EXIT_OK
