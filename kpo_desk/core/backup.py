"""Backups: verified copies of the store and its attachments (restore.py puts them back).

A backup is one ``.zip`` file, chosen because it is one thing to copy to a USB stick or
mail to yourself, and it carries the attachments with the data:

    manifest.json          format, app version, schema revision, time, SHA-256 of the store
    store.sqlite3          a snapshot made with SQLite's online backup API (never a file copy
                           of the live store, which can be corrupt: sqlite.org, "How To Corrupt")
    attachments/<name>     every file of the store's attachment folder

Every backup is verified before it is kept: ``PRAGMA integrity_check`` on the snapshot and
the zip's CRCs. Files are 0600. Restore (restore.py) accepts such a zip or a bare store file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kpo_desk import __version__
from kpo_desk.core.attachments import file_sha256
from kpo_desk.core.errors import KpoDeskError, StoreError
from kpo_desk.core.store import Store, verify_store_file

FORMAT = "kpo-desk-backup"
FORMAT_VERSION = 1
STORE_MEMBER = "store.sqlite3"
MANIFEST_MEMBER = "manifest.json"
ATTACHMENTS_PREFIX = "attachments/"
DEFAULT_KEEP = 10
KEEP_SETTING = "backup.keep"
#: A backup bigger than this when unpacked is refused (a "zip bomb" guard), in bytes.
MAX_UNPACKED_BYTES = 64 * 1024**3
ZIP_MAGIC = b"PK\x03\x04"
SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"

#: ``progress(fraction 0..1, what is happening)``; return ``False`` to cancel.
Progress = Callable[[float, str], "bool | None"]


class Cancelled(KpoDeskError):
    """The person cancelled; nothing was kept or changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_revision: str
    created_at: datetime | None
    attachments: int
    size: int


def report_progress(progress: Progress | None, fraction: float, message: str) -> None:
    if progress is not None and progress(min(max(fraction, 0.0), 1.0), message) is False:
        raise Cancelled("Cancelled; nothing was changed.")


def fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on every platform
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def scratch_folder(beside: Path) -> Iterator[Path]:
    """A private scratch folder on the same disk as ``beside`` (so renames are atomic)."""
    try:
        beside.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder = Path(tempfile.mkdtemp(prefix=".kpo-desk-", dir=beside))
    except OSError as exc:
        raise StoreError(f"Cannot write in {beside}: {exc.strerror or exc}.") from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def attachment_files(store: Store) -> list[tuple[str, Path]]:
    return list(store.attachments.files())


# -- taking a backup ---------------------------------------------------------------------------
def backup_to(store: Store, path: str | os.PathLike[str], *, progress: Progress | None = None,
              now: datetime | None = None) -> BackupInfo:
    """Write a verified backup of ``store`` to ``path`` (a .zip, 0600), replacing it atomically.

    Nothing is left at ``path`` if anything fails (disk full, cancel, damaged store).
    """
    target = Path(path).expanduser()
    created = (now or datetime.now(UTC)).astimezone(UTC)
    with scratch_folder(target.parent) as work:
        snapshot = work / STORE_MEMBER

        def copy_progress(done: int, total: int) -> bool:
            report_progress(progress, 0.5 * done / max(total, 1), "Copying the store")
            return True

        store.copy_to(snapshot, progress=copy_progress)
        report_progress(progress, 0.5, "Checking the copy")
        revision = verify_store_file(snapshot)
        attachments = attachment_files(store)
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
                    "schema_revision": revision, "created_at": created.isoformat(timespec="seconds"),
                    "store_sha256": file_sha256(snapshot), "attachments": len(attachments)}
        packed = work / "backup.zip"
        try:
            fd = os.open(packed, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as raw:
                with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                    zf.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2))
                    report_progress(progress, 0.55, "Packing the store")
                    zf.write(snapshot, STORE_MEMBER)
                    for i, (name, file) in enumerate(attachments, start=1):
                        report_progress(progress, 0.6 + 0.35 * i / len(attachments), "Packing attachments")
                        zf.write(file, ATTACHMENTS_PREFIX + name)
                raw.flush()  # after the zip's central directory is written
                os.fsync(raw.fileno())
            report_progress(progress, 0.95, "Verifying the backup")
            with zipfile.ZipFile(packed) as zf:
                bad = zf.testzip()
            if bad is not None:
                raise StoreError(f"The backup came out damaged ({bad}); it was not kept.")
            os.replace(packed, target)
        except OSError as exc:
            raise disk_write_error(exc, target) from None
        fsync_folder(target.parent)
    report_progress(progress, 1.0, "Backup complete")
    return BackupInfo(path=target, schema_revision=revision, created_at=created,
                      attachments=len(attachments), size=target.stat().st_size)


def disk_write_error(exc: OSError, target: Path, *, what: str = "the backup") -> StoreError:
    """A file-writing failure as a sentence; ``what`` names the thing that was not written."""
    import errno

    if exc.errno == errno.ENOSPC:
        return StoreError(f"The disk is full: {what} {target.name} was not written. Free some "
                          "space and try again; the store itself is unchanged.")
    return StoreError(f"Cannot write {what} {target}: {exc.strerror or exc}.")


def backups_dir(store_path: Path) -> Path:
    """The rolling backups folder beside the store: ``<store-stem>-backups/``."""
    return store_path.with_name(store_path.stem + "-backups")


def backup_keep(store: Store) -> int:
    """How many rolling backups to keep: the ``backup.keep`` setting, else 10."""
    try:
        keep = int(store.get_setting(KEEP_SETTING, str(DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP
    return keep if keep >= 1 else DEFAULT_KEEP


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    taken_at: datetime
    kind: str  # "rolling" or "before-upgrade"
    size: int


def _rolling_pattern(store_path: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(store_path.stem)}-(\d{{8}}T\d{{6}}Z)(?:-\d+)?\.zip$")


def list_backups(store_path: Path) -> list[BackupEntry]:
    """The automatic backups beside the store, newest first (for a "Restore…" dialog)."""
    folder = backups_dir(store_path)
    rolling = _rolling_pattern(store_path)
    upgrade = re.compile(rf"^{re.escape(store_path.stem)}-before-upgrade-.*-(\d{{8}}T\d{{6}}Z)\.zip$")
    entries = []
    if folder.is_dir():
        for file in folder.iterdir():
            for kind, pattern in (("rolling", rolling), ("before-upgrade", upgrade)):
                match = pattern.match(file.name)
                if match:
                    taken = datetime.strptime(match.group(1), STAMP_FORMAT).replace(tzinfo=UTC)
                    entries.append(BackupEntry(file, taken, kind, file.stat().st_size))
    return sorted(entries, key=lambda e: (e.taken_at, e.path.name), reverse=True)


def unique_path(path: Path) -> Path:
    n, candidate = 1, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def rolling_backup(store: Store, *, keep: int | None = None, min_interval: timedelta = timedelta(days=1),
                   now: datetime | None = None, progress: Progress | None = None) -> Path | None:
    """The automatic backup: call on start. Takes one unless the last is younger than
    ``min_interval``, then keeps only the newest ``keep`` (default: the ``backup.keep``
    setting). Returns the new backup's path, or ``None`` when none was due (or the store holds
    nothing yet: a backup of an empty store would only push a real one out of the rotation)."""
    if not store.holds_records():
        return None
    now = (now or datetime.now(UTC)).astimezone(UTC)
    keep = backup_keep(store) if keep is None else max(1, keep)
    rolling = [e for e in list_backups(store.path) if e.kind == "rolling"]
    if rolling and timedelta(0) <= now - rolling[0].taken_at < min_interval:
        return None
    folder = backups_dir(store.path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the backups folder {folder}: {exc.strerror or exc}.") from None
    target = unique_path(folder / f"{store.path.stem}-{now:{STAMP_FORMAT}}.zip")
    backup_to(store, target, progress=progress, now=now)
    rolling = [e for e in list_backups(store.path) if e.kind == "rolling"]
    for old in rolling[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def backup_before_migration(store: Store, *, from_revision: str | None) -> Path:
    """Called by ``Store`` before it upgrades a store that holds data. Never pruned."""
    now = datetime.now(UTC)
    folder = backups_dir(store.path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the backups folder {folder}: {exc.strerror or exc}.") from None
    target = unique_path(folder / f"{store.path.stem}-before-upgrade-from-{from_revision}-{now:{STAMP_FORMAT}}.zip")
    backup_to(store, target, now=now)
    return target


# -- zip safety (shared with the JSON import) ---------------------------------------------------
def safe_attachment_name(name: str) -> str | None:
    """The attachment's relative name if ``name`` is a safe attachments/ member, else None."""
    if not name.startswith(ATTACHMENTS_PREFIX) or "\\" in name:
        return None
    parts = name[len(ATTACHMENTS_PREFIX):].split("/")
    if not parts or not all(SAFE_PART.match(p) and p not in (".", "..") for p in parts):
        return None
    return "/".join(parts)


def extract_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> None:
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, zf.open(member) as src:
        shutil.copyfileobj(src, out, 1 << 20)
