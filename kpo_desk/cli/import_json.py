"""kpo-desk import json PATH: load an export (or a team server's backup, which is one) into an empty
store: a new file, or with ``--db postgresql://...`` an empty database on a team server (by the
login that owns it; ``team init`` follows)."""

from __future__ import annotations

import argparse

from kpo_desk.cli import EXIT_OK

ORDER = 55


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="import an export made by 'export json' (or a team server's backup) "
                                              "into an empty store or an empty server database")
    imp.add_argument("format", choices=["json"], metavar="FORMAT", help="json")
    imp.add_argument("path", metavar="PATH", help="the export .zip (or a team server's backup)")
    imp.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from kpo_desk.cli._writer import server_location, take_lock
    from kpo_desk.core.attachments import attachments_folder
    from kpo_desk.core.crypto import key_file_path
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.exporters.json_import import import_json
    from kpo_desk.core.store import is_encrypted_store, resolve_store_path

    location = server_location(args)
    if location is not None:
        return _import_to_server(location, args.path)
    path = resolve_store_path(args.db)
    existed = path.exists()
    # A new store made with a passphrase gets its key file first; a refused import removes it
    # too (but not one that was there before: that belongs to a store, or to a crashed creation).
    keys_existed = is_encrypted_store(path)
    with take_lock(path, args) as lock:
        store = open_store(path)
        try:
            counts = import_json(store, args.path)
        except BaseException:
            store.close()
            if not existed:  # nothing written: do not leave a new empty store behind
                for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    leftover.unlink(missing_ok=True)
                if not keys_existed:
                    key_file_path(path).unlink(missing_ok=True)
                attachments = attachments_folder(path)
                if attachments.is_dir() and not any(attachments.iterdir()):
                    attachments.rmdir()
                lock.path.unlink(missing_ok=True)  # while still held; its record goes on release
            raise
        store.close()
    print(f"Imported {sum(counts.values()):,} rows into {path}.")
    return EXIT_OK



def _import_to_server(location: str, export: str) -> int:
    """Into an empty database on a team server, in one transaction there (nothing is written
    when anything is refused). Opening it creates this version's tables when it has none."""
    from kpo_desk.cli._writer import open_server_store
    from kpo_desk.core.exporters.json_import import import_json

    with open_server_store(location) as store:
        counts = import_json(store, export)
        where = store.location
    # The database was empty, so no team is set up on it yet (an export carries no logins).
    print(f"Imported {sum(counts.values()):,} rows into {where}. Next: kpo-desk team init --staff NAME "
          "on it, then team add-user for each login.")
    return EXIT_OK
