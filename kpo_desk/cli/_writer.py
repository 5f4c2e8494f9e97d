"""What every command that writes shares: one writer per store.

A writing command takes the store's lock (the one the GUI holds while a window has the store
open) before it opens the store, or waits for it up to ``--wait SECONDS``; otherwise it refuses
with one sentence naming the holder, and nothing is written. Readers (search, check, export,
backup) do not need it: SQLite gives them a consistent snapshot while a writer works.

Imports only the standard library at the top (see kpo_desk/cli/__init__.py on start-up cost).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
#: How often a command waiting for a lock that core takes itself (restore) asks again.
_POLL_SECONDS = 0.1


def locked_sentence(holder, wait: float, *, nothing: str = "nothing was written") -> str:  # noqa: ANN001
    """The refusal: who holds the store, that nothing happened, and what to do."""
    who = f" ({holder.describe()})" if holder is not None else ""
    if wait > 0:
        return (f"Another KPO Desk still had this store open{who} after waiting {wait:g} s, so "
                f"{nothing}; close it there and try again.")
    return (f"Another KPO Desk has this store open{who}, so {nothing}; close it there, or give "
            "--wait SECONDS to wait for it.")


def purpose(args: argparse.Namespace) -> str:
    return f"kpo-desk {args.command}"


def take_lock(path: Path, args: argparse.Namespace):  # noqa: ANN201 - a kpo_desk.core.lock.StoreLock
    from kpo_desk.core.lock import StoreLockedError, acquire_store_lock

    wait = getattr(args, "wait", 0) or 0
    try:
        return acquire_store_lock(path, wait=wait, purpose=purpose(args))
    except StoreLockedError as exc:
        raise StoreLockedError(locked_sentence(exc.holder, wait), exc.holder) from None


def server_location(args: argparse.Namespace) -> str | None:
    """``--db`` (else ``$KPO_DESK_DB``) when it names a team server, else None."""
    from kpo_desk.core.store_server import is_server_url

    location = args.db if args.db is not None else os.environ.get("KPO_DESK_DB")
    return location if is_server_url(location) else None


def open_server_store(location: str):  # noqa: ANN201 - a Store
    """The team server's database; when the server wants a password that neither the URL nor
    libpq's .pgpass gives, it is asked for at the terminal (never echoed) and the open tried once
    more. A server takes no file lock: it orders its writers itself."""
    from kpo_desk.cli._passphrase import prompt
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.errors import StoreError
    from kpo_desk.core.store import Store

    try:
        return open_store(location, create=False)
    except StoreError as exc:
        if "did not accept the login" not in str(exc):
            raise
        password = prompt("Password for the team server: ")
        if password is None:
            raise
        return Store.open(location, create=False, password=password)


@contextmanager
def writable_store(args: argparse.Namespace, *, create: bool = True) -> Iterator:
    """The store of ``--db``, opened for writing while this process holds its lock (a team
    server's database: opened, no file lock)."""
    from kpo_desk.core.desk import open_store
    from kpo_desk.core.store import resolve_store_path

    location = server_location(args)
    if location is not None:
        with open_server_store(location) as store:
            yield store
        return
    path = resolve_store_path(args.db)
    if not create and not path.exists():
        open_store(path, create=False)  # raises "There is no store at …" (no lock file left behind)
    with take_lock(path, args), open_store(path, create=create) as store:
        yield store


def retry_while_locked(args: argparse.Namespace, run: Callable[[], T], *, nothing: str) -> T:
    """Run ``run`` (a core call that takes the store's lock itself, like restore), asking again
    until ``--wait`` runs out while another process holds the lock."""
    from kpo_desk.core.lock import StoreLockedError

    wait = getattr(args, "wait", 0) or 0
    deadline = time.monotonic() + wait
    while True:
        try:
            return run()
        except StoreLockedError as exc:
            if time.monotonic() >= deadline:
                raise StoreLockedError(locked_sentence(exc.holder, wait, nothing=nothing), exc.holder) from None
        time.sleep(_POLL_SECONDS)

