"""How the app opens a store: the one entry point for the GUI and the command line.

``Store`` (kpo_desk/core/store.py) knows the file, the engine and the migrations, and nothing
of backups; the app wants a verified backup before any upgrade rewrites a store that holds
data, so it opens stores here, which hands the store that step as a hook.

The passphrase of an encrypted store comes from whoever runs the app, through
``set_passphrase_source`` (kpo_desk/core/crypto/__init__.py): the command line sets it once
(environment, ``--passphrase-file`` or a prompt), the GUI its unlock dialog. It is asked only
when a store turns out to be encrypted, or when a new one is created (a new store is encrypted
when the source gives a passphrase for it).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from kpo_desk.core.crypto import (  # noqa: F401 - set_passphrase_source re-exported
    new_store_hook,
    passphrase_source,
    set_passphrase_source,
)
from kpo_desk.core.store import Store


def _backup_before_upgrade(store: Store, from_revision: str | None) -> None:
    from kpo_desk.core.backup import backup_before_migration

    backup_before_migration(store, from_revision=from_revision)


_cleaned = False


def _clean_viewer_copies_of_crashed_runs() -> None:
    """Plain copies made for the system viewer by a run that crashed are removed at the next
    start (copies of a KPO Desk still running are kept)."""
    global _cleaned
    if _cleaned:
        return
    _cleaned = True
    from kpo_desk.core.crypto.files import clean_private_temp
    from kpo_desk.core.errors import StoreError

    # A private folder that is not ours is refused (with its sentence) when a copy is next made.
    with contextlib.suppress(OSError, StoreError):
        clean_private_temp()


def open_store(path: str | os.PathLike[str] | None = None, *, create: bool = True,
               read_only: bool = False, passphrase: str | None = None) -> Store:
    """``Store.open`` with the app's safety net: a verified backup before an upgrade, and the
    passphrase from ``passphrase`` or else the source set with ``set_passphrase_source``."""
    source = passphrase_source()

    def ask(p: Path) -> str | None:
        if passphrase is not None:
            return passphrase
        if source is None:
            return None
        return source(p, not (p.exists() and p.stat().st_size))

    store = Store.open(path, create=create, read_only=read_only, before_upgrade=_backup_before_upgrade,
                       passphrase=ask)
    if store.encrypted:
        _clean_viewer_copies_of_crashed_runs()
    shown, hook = store.new_recovery_key, new_store_hook()
    if shown is not None:
        store.new_recovery_key = None  # shown once, not kept
        if hook is not None:
            hook(store.path, shown)
    return store
