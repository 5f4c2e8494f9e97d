"""Restore: put a verified backup in place of the store, keeping the current one aside.

Split from backup.py (which makes backups); this side reads them. Everything about a
backup is checked before the current store is touched: it is a store or a backup .zip
within the zip limits (members, names, sizes, compression ratio), its integrity is ok, its
schema is ours and one we can migrate (not newer), and it is whole: every attachment its
records refer to is there with its SHA-256 as its name, and every file there is referred to.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kpo_desk.core.attachments import attachments_folder, file_sha256
from kpo_desk.core.backup import (
    ATTACHMENTS_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_MEMBER,
    STAMP_FORMAT,
    STORE_MEMBER,
    ZIP_MAGIC,
    BackupInfo,
    Progress,
    attachment_member_sha,
    attachment_mismatch,
    check_zip_directory,
    check_zip_members,
    declared_missing,
    disk_write_error,
    extract_member,
    fsync_folder,
    parse_manifest,
    read_small_member,
    referenced_attachments,
    report_progress,
    scratch_folder,
    unique_path,
    unpack_budget,
)
from kpo_desk.core.errors import StoreError
from kpo_desk.core.lock import StoreLockedError, acquire_store_lock
from kpo_desk.core.store import SQLITE_MAGIC, Store, read_only_uri, verify_store_file

#: A backup's manifest is a few hundred bytes; more than this is not one we wrote.
MAX_MANIFEST_BYTES = 1_000_000


@dataclass(frozen=True)
class RestoreResult:
    store_path: Path
    kept_aside: Path | None
    attachments_kept_aside: Path | None
    schema_revision: str
    attachments: int


def unpack_backup(path: str | os.PathLike[str], work: Path, *, store_path: Path | None = None
                  ) -> tuple[BackupInfo, Path, Path]:
    """Check a backup (zip or bare store file) and unpack it into ``work``.

    Returns (info, the store file, the attachments folder). Raises ``StoreError`` with a
    sentence for anything wrong: missing, not a backup, damaged, unsafe names, too new, too
    big for ``store_path`` (the store it would replace), or not whole (an attachment its
    records refer to missing, or a file no record refers to).
    """
    source = Path(path).expanduser()
    if not source.is_file():
        raise StoreError(f"There is no backup file at {source}.")
    with source.open("rb") as fh:
        head = fh.read(16)
    db, attachments = work / STORE_MEMBER, work / "attachments"
    attachments.mkdir(mode=0o700)
    if head.startswith(SQLITE_MAGIC):
        shutil.copyfile(source, db)
        os.chmod(db, 0o600)
        revision = _verify_copy(db, source)
        _check_whole(source, db, {}, set())
        return BackupInfo(source, revision, None, 0, source.stat().st_size), db, attachments
    if not head.startswith(ZIP_MAGIC):
        raise StoreError(f"{source} is not a KPO Desk backup (neither a backup .zip nor a store file).")

    def refuse(why: str) -> StoreError:
        return StoreError(f"{source} cannot be restored: {why}; nothing was restored.")

    budget = unpack_budget(source.stat().st_size, store_path)
    try:
        check_zip_directory(source, refuse)
        with zipfile.ZipFile(source) as zf:
            manifest, present = _extract_backup(zf, source, db, attachments, budget, refuse)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise StoreError(f"{source} is damaged ({exc}); it cannot be restored.") from None
    except OSError as exc:
        raise disk_write_error(exc, work, what="the unpacked backup in") from None
    revision = _verify_copy(db, source)
    if manifest.get("store_sha256") not in (None, file_sha256(db)):
        raise StoreError(f"{source} is damaged: its store does not match the checksum it was made with.")
    _check_whole(source, db, present, declared_missing(manifest, refuse))
    return (BackupInfo(source, revision, _created_at(manifest, refuse), len(present),
                       source.stat().st_size), db, attachments)


def _created_at(manifest: dict, refuse: Callable[[str], StoreError]) -> datetime | None:
    created = manifest.get("created_at")
    if created is None:
        return None
    try:
        if not isinstance(created, str):
            raise ValueError(created)
        return datetime.fromisoformat(created)
    except ValueError:
        raise refuse(f"its manifest's time {str(created)[:40]!r} is not a date and time") from None


def _check_whole(source: Path, db: Path, present: dict[str, int], lost: set[str]) -> None:
    """Refuse a backup whose store refers to attachment files it lacks, or that carries files
    no record refers to (files the manifest says were already lost may be absent)."""
    con = sqlite3.connect(read_only_uri(db), uri=True)
    try:
        referenced = referenced_attachments(con)
    except sqlite3.Error as exc:
        raise StoreError(f"{source} is damaged: its attachment records cannot be read ({exc}).") from None
    finally:
        con.close()
    why = attachment_mismatch(referenced, present, lost)
    if why:
        raise StoreError(f"{source} is not a whole backup: {why}; nothing was restored.")


def _verify_copy(db: Path, source: Path) -> str:
    """``verify_store_file`` on the unpacked copy, with messages naming the user's file."""
    try:
        return verify_store_file(db)
    except StoreError as exc:
        raise StoreError(str(exc).replace(str(db), str(source))) from None


def _extract_backup(zf: zipfile.ZipFile, source: Path, db: Path, attachments: Path, budget: int,
                    refuse: Callable[[str], StoreError]) -> tuple[dict, dict[str, int]]:
    members = check_zip_members(zf, budget, refuse)
    by_name = {m.filename: m for m in members}
    if STORE_MEMBER not in by_name or MANIFEST_MEMBER not in by_name:
        raise StoreError(f"{source} is a zip file, but not a KPO Desk backup.")
    manifest = parse_manifest(read_small_member(zf, by_name[MANIFEST_MEMBER], MAX_MANIFEST_BYTES, refuse),
                              refuse)
    if manifest.get("format") != FORMAT:
        raise StoreError(f"{source} is a zip file, but not a KPO Desk backup.")
    version = manifest.get("format_version", 0)
    if type(version) is not int:
        raise refuse(f"its manifest's format version {str(version)[:40]!r} is not a number")
    if version > FORMAT_VERSION:
        raise StoreError(f"{source} was made by a newer version of KPO Desk; update the app to restore it.")
    left = budget
    present: dict[str, int] = {}
    for member in members:
        if member.filename in (STORE_MEMBER, MANIFEST_MEMBER) or member.filename == ATTACHMENTS_PREFIX:
            continue
        sha = attachment_member_sha(member.filename)
        if sha is None:
            raise StoreError(f"{source} contains an unsafe file name ({member.filename!r}); "
                             "nothing was restored.")
        target = attachments / sha
        left -= extract_member(zf, member, target, allowance=left, refuse=refuse)
        if file_sha256(target) != sha:
            raise StoreError(f"{source} is damaged: attachment {sha} does not match its checksum.")
        present[sha] = target.stat().st_size
    extract_member(zf, by_name[STORE_MEMBER], db, allowance=left, refuse=refuse)
    return manifest, present


def verify_backup(path: str | os.PathLike[str]) -> BackupInfo:
    """Check a backup completely (unpacks it in a scratch folder beside it)."""
    source = Path(path).expanduser()
    with scratch_folder(source.parent if source.parent.exists() else Path(tempfile.gettempdir())) as work:
        info, _db, _att = unpack_backup(source, work)
    return info


# -- restoring ---------------------------------------------------------------------------------
def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def _settle(path: Path) -> None:
    """Fold a closed store's WAL back into the main file, so it can be moved as one file."""
    with contextlib.suppress(sqlite3.Error):
        con = sqlite3.connect(path, timeout=1)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()


def restore_backup(backup: str | os.PathLike[str], store_path: str | os.PathLike[str], *,
                   progress: Progress | None = None, now: datetime | None = None) -> RestoreResult:
    """Replace the store at ``store_path`` by the backup, keeping the current one aside.

    Order: take the store's lock (refuses while the app has it open); unpack and verify
    the backup completely; rename the current store (and its attachments) aside with a
    timestamp; move the backup into place; open it once (migrating an older schema). If
    any step after the rename fails, the current store is put back.
    """
    target = Path(store_path).expanduser()
    stamp = f"{(now or datetime.now(UTC)).astimezone(UTC):{STAMP_FORMAT}}"
    try:
        lock = acquire_store_lock(target)
    except StoreLockedError as exc:
        who = f" ({exc.holder.describe()})" if exc.holder else ""
        raise StoreLockedError(f"KPO Desk is already open on this store{who}; close it before "
                               "restoring. Nothing was changed.", exc.holder) from None
    with lock, scratch_folder(target.parent) as work:
        report_progress(progress, 0.05, "Checking the backup")
        info, db, attachments = unpack_backup(backup, work, store_path=target)
        report_progress(progress, 0.6, "Keeping the current store aside")
        att_dir = attachments_folder(target)
        aside = unique_path(target.with_name(f"{target.stem}-before-restore-{stamp}{target.suffix}"))
        att_aside = unique_path(target.with_name(f"{target.stem}-attachments-before-restore-{stamp}"))
        moved: list[tuple[Path, Path]] = []
        placed = False
        try:
            if target.exists():
                _settle(target)
                for src, dst in zip([target, *_sidecars(target)], [aside, *_sidecars(aside)], strict=True):
                    if src.exists():
                        os.replace(src, dst)
                        moved.append((src, dst))
            if att_dir.exists():
                os.replace(att_dir, att_aside)
                moved.append((att_dir, att_aside))
            report_progress(progress, 0.8, "Putting the backup in place")
            placed = True
            os.replace(db, target)
            os.replace(attachments, att_dir)
            fsync_folder(target.parent)
            Store.open(target, create=False).close()  # migrates an older schema, with its own backup
        except BaseException:
            if placed:
                for path in (target, *_sidecars(target)):
                    path.unlink(missing_ok=True)
                shutil.rmtree(att_dir, ignore_errors=True)
            for src, dst in reversed(moved):
                os.replace(dst, src)
            raise
    report_progress(progress, 1.0, "Restore complete")
    kept = dict(moved)
    return RestoreResult(store_path=target, kept_aside=kept.get(target), attachments_kept_aside=kept.get(att_dir),
                         schema_revision=info.schema_revision, attachments=info.attachments)
