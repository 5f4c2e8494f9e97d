"""One writer per store: a lock file beside the store, held while the app has it open.

Two windows writing the same store would not corrupt it (SQLite serialises writers), but
each would show stale data and overwrite the other's edits. So the GUI takes this lock
when it opens a store; a second window is told who holds it and may open read-only.

The lock file ``<store>.lock`` holds JSON: pid, host name and start time, so the message
can say "KPO Desk is already open on this store (pid 1234 since 09:14)". On POSIX the
file is also held with ``fcntl.flock``, which the kernel drops when the process dies, so
a lock left by a crash is recovered at once. Where flock is not available (or the file
was written by a process that has gone), a lock naming a pid that no longer runs on this
host is treated as stale and replaced.
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

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class LockHolder:
    """Who holds a store's lock, as written in the lock file."""

    pid: int
    hostname: str
    started_at: datetime | None

    def describe(self) -> str:
        where = "" if self.hostname == _hostname() else f" on {self.hostname}"
        since = ""
        if self.started_at is not None:
            local = self.started_at.astimezone()
            today = datetime.now().astimezone().date()
            since = f" since {local:%H:%M}" if local.date() == today else f" since {local:%Y-%m-%d %H:%M}"
        return f"pid {self.pid}{where}{since}"


class StoreLockedError(StoreError):
    """Another KPO Desk holds the store. ``holder`` says who; the GUI may offer read-only."""

    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


def _hostname() -> str:
    try:
        return socket.gethostname()
    except OSError:  # pragma: no cover
        return "this computer"


def _pid_running(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:  # pragma: no cover - Windows raises this for a missing pid
        return False
    return True


def _read_holder(path: Path) -> LockHolder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        started = data.get("started_at")
        return LockHolder(pid=int(data["pid"]), hostname=str(data.get("hostname", "")),
                          started_at=datetime.fromisoformat(started) if started else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _locked_message(holder: LockHolder | None) -> str:
    who = f" ({holder.describe()})" if holder else ""
    return (f"KPO Desk is already open on this store{who}. Close it there first, or open "
            "this store read-only.")


class StoreLock:
    """A held lock; release it with ``release()`` or by leaving the ``with`` block."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        # Unlink while still holding the flock, so no one can lock the doomed inode.
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # pragma: no cover - a forgotten lock is still dropped
        self.release()


def acquire_store_lock(store_path: str | os.PathLike[str], *, started_at: datetime | None = None
                       ) -> StoreLock:
    """Take the store's lock or raise ``StoreLockedError`` naming who holds it.

    A stale lock (its process has gone) is recovered silently.
    """
    path = lock_path(Path(store_path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"Cannot create the folder {path.parent}: {exc.strerror or exc}.") from None
    for _attempt in range(5):
        fd = _open_lock_file(path)
        if fd is None:
            continue
        _write_holder(fd, started_at or datetime.now(UTC))
        return StoreLock(path, fd)
    raise StoreLockedError(_locked_message(_read_holder(path)), _read_holder(path))


def _open_lock_file(path: Path) -> int | None:
    """Return a locked fd, ``None`` to retry (a race with another opener), or raise."""
    if fcntl is None:  # pragma: no cover - Windows: O_EXCL plus a pid check
        return _open_exclusive(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(f"Cannot create the lock file {path}: {exc.strerror or exc}.") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        holder = _read_holder(path)
        raise StoreLockedError(_locked_message(holder), holder) from None
    # The previous holder may have unlinked the file between our open and our flock.
    try:
        same = os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        same = False
    if not same:
        os.close(fd)
        return None
    return fd


def _open_exclusive(path: Path) -> int | None:  # pragma: no cover - exercised on Windows
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        holder = _read_holder(path)
        if holder is not None and (holder.hostname != _hostname() or _pid_running(holder.pid)):
            raise StoreLockedError(_locked_message(holder), holder) from None
        with contextlib.suppress(OSError):
            path.unlink()  # stale: left by a crash
        return None


def _write_holder(fd: int, started_at: datetime) -> None:
    data = json.dumps({"pid": os.getpid(), "hostname": _hostname(),
                       "started_at": started_at.astimezone(UTC).isoformat(timespec="seconds")})
    os.ftruncate(fd, 0)
    os.pwrite(fd, data.encode("utf-8"), 0)
    os.fsync(fd)


def lock_holder(store_path: str | os.PathLike[str]) -> LockHolder | None:
    """Who holds the store's lock right now, or ``None`` if nobody does (stale locks ignored)."""
    path = lock_path(Path(store_path))
    if not path.exists():
        return None
    try:
        with acquire_store_lock(store_path):
            return None
    except StoreLockedError as exc:
        return exc.holder
