"""One writer per store: a lock file beside the store, held while the app has it open.

Two windows writing the same store would not corrupt it (SQLite serialises writers), but
each would show stale data and overwrite the other's edits. So the GUI takes this lock
when it opens a store; a second window is told who holds it and may open read-only.

The lock itself is an operating-system file lock (the ``filelock`` package: ``flock`` on
POSIX, ``msvcrt.locking`` on Windows) on ``<store>.lock``. The kernel drops it when the
holding process dies, so a lock left by a crash is recovered at once. Who holds it (pid, host
name and start time, so the message can say "KPO Desk is already open on this store (pid 1234
since 09:14)") is written beside it in ``<store>.lock.json``; a record naming a process that no
longer runs (``psutil``) is stale and ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kpo_desk.core.errors import StoreError


@dataclass(frozen=True)
class LockHolder:
    """Who holds a store's lock, as written in the lock file."""

    pid: int
    hostname: str
    started_at: datetime | None
    #: What holds it, when the holder said (``kpo-desk import-mail``); empty for the app's window.
    purpose: str = ""

    def describe(self) -> str:
        where = "" if self.hostname == _hostname() else f" on {self.hostname}"
        since = ""
        if self.started_at is not None:
            local = self.started_at.astimezone()
            today = datetime.now().astimezone().date()
            since = f" since {local:%H:%M}" if local.date() == today else f" since {local:%Y-%m-%d %H:%M}"
        what = f"{self.purpose}, " if self.purpose else ""
        return f"{what}pid {self.pid}{where}{since}"


class StoreLockedError(StoreError):
    """Another KPO Desk holds the store. ``holder`` says who; the GUI may offer read-only."""

    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


def holder_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock.json")


def _hostname() -> str:
    try:
        return socket.gethostname()
    except OSError:  # pragma: no cover
        return "this computer"


def _pid_running(pid: int) -> bool:
    import psutil

    return pid > 0 and psutil.pid_exists(pid)


def _read_holder(path: Path) -> LockHolder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        started = data.get("started_at")
        return LockHolder(pid=int(data["pid"]), hostname=str(data.get("hostname", "")),
                          started_at=datetime.fromisoformat(started) if started else None,
                          purpose=str(data.get("purpose", ""))[:80])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _live_holder(store_path: Path) -> LockHolder | None:
    """The recorded holder, unless the record is stale (its process is gone from this host)."""
    holder = _read_holder(holder_path(store_path))
    if holder is not None and holder.hostname == _hostname() and not _pid_running(holder.pid):
        return None
    return holder


def _locked_message(holder: LockHolder | None) -> str:
    who = f" ({holder.describe()})" if holder else ""
    return (f"KPO Desk is already open on this store{who}. Close it there first, or open "
            "this store read-only.")


class StoreLock:
    """A held lock; release it with ``release()`` or by leaving the ``with`` block."""

    def __init__(self, store_path: Path, file_lock) -> None:  # noqa: ANN001 - a filelock.BaseFileLock
        self.store_path = store_path
        self.path = lock_path(store_path)
        self._lock = file_lock

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def release(self) -> None:
        if self._lock is None:
            return
        # The record goes first, while the lock is still ours: nobody reads a record of a free lock.
        with contextlib.suppress(OSError):
            holder_path(self.store_path).unlink()
        with contextlib.suppress(OSError):
            self._lock.release(force=True)
        self._lock = None

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # pragma: no cover - a forgotten lock is still dropped
        self.release()


def acquire_store_lock(store_path: str | os.PathLike[str], *, started_at: datetime | None = None,
                       wait: float = 0, purpose: str = "") -> StoreLock:
    """Take the store's lock, waiting up to ``wait`` seconds for its holder to let go, or raise
    ``StoreLockedError`` naming who holds it. A lock whose holder died is free. ``purpose``
    (``kpo-desk demo``) is recorded, so whoever is refused is told what holds it."""
    from filelock import FileLock, Timeout

    store = Path(store_path)
    try:
        store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"Cannot create the folder {store.parent}: {exc.strerror or exc}.") from None
    file_lock = FileLock(lock_path(store), mode=0o600, thread_local=False)
    try:
        file_lock.acquire(timeout=max(0.0, wait), poll_interval=0.05)
    except Timeout:
        holder = _live_holder(store)
        raise StoreLockedError(_locked_message(holder), holder) from None
    except OSError as exc:
        raise StoreError(f"Cannot create the lock file {lock_path(store)}: {exc.strerror or exc}.") from None
    lock = StoreLock(store, file_lock)
    try:
        _write_holder(holder_path(store), started_at or datetime.now(UTC), purpose)
    except OSError as exc:
        lock.release()
        raise StoreError(f"Cannot write the lock file {holder_path(store)}: {exc.strerror or exc}.") from None
    return lock


def _write_holder(path: Path, started_at: datetime, purpose: str = "") -> None:
    record = {"pid": os.getpid(), "hostname": _hostname(),
              "started_at": started_at.astimezone(UTC).isoformat(timespec="seconds")}
    if purpose:
        record["purpose"] = purpose
    data = json.dumps(record)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def lock_holder(store_path: str | os.PathLike[str]) -> LockHolder | None:
    """Who holds the store's lock right now, or ``None`` if nobody does (stale records ignored)."""
    if not lock_path(Path(store_path)).exists():
        return None
    try:
        with acquire_store_lock(store_path):
            return None
    except StoreLockedError as exc:
        return exc.holder
