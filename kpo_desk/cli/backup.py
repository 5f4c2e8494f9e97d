"""kpo-desk backup -o FILE / kpo-desk restore FILE: verified backups of the store.

The backup of an encrypted store is encrypted (its key file travels inside it); restoring it
needs the passphrase the store had when the backup was made (``--passphrase-file``,
``$KPO_DESK_PASSPHRASE`` or a prompt, as for every command) or the recovery key
(``restore --recovery-key-file F``). The restored store opens with that same passphrase.

The backup of a team server's database is a logical export; ``restore`` makes it a new local
store file (checked before it replaces anything), and ``import json --db postgresql://...`` loads
it into an empty server database.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kpo_desk.cli import EXIT_OK
from kpo_desk.core.errors import StoreError

ORDER = 60


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="write a verified backup (.zip: store and attachments)")
    backup.add_argument("-o", "--output", required=True, metavar="FILE", help="the backup file to write")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the store by a backup (the current one is kept aside)")
    restore.add_argument("backup", metavar="FILE", help="a backup .zip (a store file, or a team server's backup)")
    restore.add_argument("--force", action="store_true",
                         help="restore even where --db names a file that is not a KPO Desk store "
                              "(it is kept aside, not deleted)")
    restore.add_argument("--recovery-key-file", metavar="FILE",
                         help="an encrypted backup: unlock it with the recovery key on the first line "
                              "of FILE instead of the passphrase")
    restore.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from kpo_desk.core.backup import backup_to
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.store_server import is_server_url

    if is_server_url(args.db if args.db is not None else os.environ.get("KPO_DESK_DB")):
        # A team server: read-only (never migrated by a backup), and the backup is a logical
        # export that kpo-desk import json loads into a file store.
        with open_store(args.db, create=False, read_only=True) as store:
            info = backup_to(store, args.output)
            where = store.location
        print(f"Backup of {where} written to {info.path} ({info.size:,} bytes, schema "
              f"{info.schema_revision}, {info.attachments} attachment{'s' if info.attachments != 1 else ''}; "
              "a logical export: kpo-desk restore makes it a local store, kpo-desk import json loads it "
              "into an empty store or server database); verified.")
        return EXIT_OK
    with open_store(args.db, create=False) as store:
        info = backup_to(store, args.output)
    print(f"Backup written to {info.path} ({info.size:,} bytes, schema {info.schema_revision}, "
          f"{info.attachments} attachment{'s' if info.attachments != 1 else ''}); verified.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from kpo_desk.cli._passphrase import read_secret_file
    from kpo_desk.cli._writer import retry_while_locked
    from kpo_desk.core.restore import restore_backup
    from kpo_desk.core.store import resolve_store_path

    target = resolve_store_path(args.db)
    foreign = foreign_file(target)
    if foreign and not args.force:
        raise StoreError(f"{target} {foreign}, so it was not replaced; check --db, or give --force "
                         "to restore over it (the file is kept aside, not deleted).")
    recovery = (read_secret_file(args.recovery_key_file, "recovery key file")
                if args.recovery_key_file else None)
    result = retry_while_locked(args, lambda: restore_backup(args.backup, target, recovery_key=recovery),
                                nothing="nothing was restored")
    aside = f"; the previous store is kept as {result.kept_aside}" if result.kept_aside else ""
    print(f"Restored {result.store_path} from {args.backup}{aside}.")
    if result.logical_export:
        print("The backup was a team server's logical export: the restored store is a new local file store "
              "built from it (every row and attachment checked); it is not encrypted, and team logins are "
              "not part of it.")
    if result.encrypted:
        print("The restored store is encrypted: it opens with the passphrase it had when the backup "
              "was made (or, with the recovery key, kpo-desk recover sets a new one).")
    return EXIT_OK


def foreign_file(path: Path) -> str:
    """Why ``path`` is something other than a store that restore may replace, or "" when it is
    missing, empty, or one of ours (even damaged, or from a newer version: restoring is the cure)."""
    from kpo_desk.core.store import APPLICATION_ID, SQLITE_MAGIC, is_encrypted_store

    if path.is_dir():
        return "is a folder"
    if is_encrypted_store(path):
        return ""  # an encrypted store (its key file beside it): not readable without the key
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not header:
        return ""
    if not header.startswith(SQLITE_MAGIC):
        return "is not a KPO Desk store (it is not an SQLite database)"
    if len(header) == 100 and int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        return "is an SQLite database, but not a KPO Desk store"
    return ""
