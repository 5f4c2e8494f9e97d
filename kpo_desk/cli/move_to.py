"""kpo-desk move-to URL: copy the local store (``--db``, plain or encrypted), attachments included,
into an empty database on a team server, and verify the copy. The local store is opened
read-only and left exactly as it was."""

from __future__ import annotations

import argparse
import sys

from kpo_desk.cli import EXIT_OK

ORDER = 65


def register(sub: argparse._SubParsersAction) -> None:
    move = sub.add_parser("move-to", help="copy this store, attachments included, into an empty "
                                          "team server database, and verify the copy")
    move.add_argument("url", metavar="URL",
                      help="the server database, postgresql://login@host:5432/database (the password "
                           "from the URL or libpq's .pgpass)")
    move.set_defaults(func=cmd_move_to)


def cmd_move_to(args: argparse.Namespace) -> int:
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.errors import StoreError
    from kpo_desk.core.move_to_server import move_to_server
    from kpo_desk.core.store_server import is_server_url

    if not is_server_url(args.url):
        raise StoreError(f"'{args.url}' is not a team server address; write it as "
                         "postgresql://login@host:5432/database.")
    if is_server_url(args.db):
        raise StoreError("--db names a team server; move-to copies a local store (give its file with --db).")

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    with open_store(args.db, create=False, read_only=True) as source:
        progress(f"Copying {source.location} to the team server ...")
        result = move_to_server(source, args.url, progress=progress)
    print(f"Moved {result.total_rows:,} rows and {result.attachments:,} attachment"
          f"{'s' if result.attachments != 1 else ''} to {result.location} in {result.seconds:.1f} s; "
          "row counts and attachment hashes verified. The local store is unchanged.")
    return EXIT_OK
