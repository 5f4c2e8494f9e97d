"""kpo-desk import-mail FILE... --engagement CODE: log .eml, .mbox and .msg files."""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK
from kpo_desk.core.errors import KpoDeskError

ORDER = 45


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("import-mail", help="log .eml, .mbox and .msg files on an engagement")
    cmd.add_argument("files", nargs="+", metavar="FILE")
    cmd.add_argument("--engagement", required=True, metavar="CODE")
    cmd.set_defaults(func=cmd_import_mail)


def cmd_import_mail(args: argparse.Namespace) -> int:
    """Prints a line per message. Exit 0 when every file was read; otherwise the rest of the
    batch is still imported, and the failures are summed up in one line on stderr (exit 2)."""
    from kpo_desk.core.mail import import_mail
    from kpo_desk.core.services.engagements import get_engagement
    from kpo_desk.core.store import Store

    with Store.open(args.db, create=False) as store:
        engagement = get_engagement(store, code=args.engagement)
        result = import_mail(store, args.files, engagement_id=engagement.id)
    for item in result.imported:
        print(f"imported\t{item.where}\t{item.subject}")
    for dup in result.duplicates:
        print(f"already imported\t{dup.where}\t{dup.message_id}")
    for failure in result.failed:
        print(f"failed\t{failure.where}\t{failure.reason}")
    print(result.summary())
    if result.failed:
        first = result.failed[0]
        raise KpoDeskError(f"{len(result.failed)} could not be imported; first: {first.reason}")
    return EXIT_OK
