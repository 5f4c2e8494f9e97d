"""How the app opens a store: the one entry point for the GUI and the command line.

``Store`` (kpo_desk/core/store.py) knows the file, the engine and the migrations, and nothing
of backups; the app wants a verified backup before any upgrade rewrites a store that holds
data, so it opens stores here, which hands the store that step as a hook.
"""

from __future__ import annotations

import os

from kpo_desk.core.store import Store


def _backup_before_upgrade(store: Store, from_revision: str | None) -> None:
    from kpo_desk.core.backup import backup_before_migration

    backup_before_migration(store, from_revision=from_revision)


def open_store(path: str | os.PathLike[str] | None = None, *, create: bool = True,
               read_only: bool = False) -> Store:
    """``Store.open`` with the app's safety net: a verified backup before an upgrade."""
    return Store.open(path, create=create, read_only=read_only, before_upgrade=_backup_before_upgrade)
