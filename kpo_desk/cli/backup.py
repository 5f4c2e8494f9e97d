"""kpo-desk backup -o FILE / kpo-desk restore FILE: verified backups of the store."""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK

ORDER = 60


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="write a verified backup (.zip: store and attachments)")
    backup.add_argument("-o", "--output", required=True, metavar="FILE", help="the backup file to write")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the store by a backup (the current one is kept aside)")
    restore.add_argument("backup", metavar="FILE", help="a backup .zip (or a store file)")
    restore.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from kpo_desk.core.backup import backup_to
    from kpo_desk.core.store import Store

    with Store.open(args.db, create=False) as store:
        info = backup_to(store, args.output)
    print(f"Backup written to {info.path} ({info.size:,} bytes, schema {info.schema_revision}, "
          f"{info.attachments} attachment{'s' if info.attachments != 1 else ''}); verified.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from kpo_desk.core.restore import restore_backup
    from kpo_desk.core.store import resolve_store_path

    result = restore_backup(args.backup, resolve_store_path(args.db))
    aside = f"; the previous store is kept as {result.kept_aside}" if result.kept_aside else ""
    print(f"Restored {result.store_path} from {args.backup}{aside}.")
    return EXIT_OK
