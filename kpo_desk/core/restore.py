"""Restore: put a verified backup in place of the store, keeping the current one aside.

Split from backup.py (which makes backups); this side reads them. Everything about a
backup is checked before the current store is touched: it is a store or a backup .zip,
its integrity is ok, its schema is one we can migrate (not newer), its attachments match
their checksums and carry no unsafe (path-traversal) names.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kpo_desk.core.attachments import HEX64, attachments_folder, file_sha256
from kpo_desk.core.backup import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_MEMBER,
    MAX_UNPACKED_BYTES,
    STAMP_FORMAT,
    STORE_MEMBER,
    ZIP_MAGIC,
    BackupInfo,
    Progress,
    disk_write_error,
    extract_member,
    fsync_folder,
    report_progress,
    safe_attachment_name,
    scratch_folder,
    unique_path,
)
from kpo_desk.core.errors import StoreError
from kpo_desk.core.lock import StoreLockedError, acquire_store_lock
from kpo_desk.core.store import SQLITE_MAGIC, Store, verify_store_file


@dataclass(frozen=True)
class RestoreResult:
    store_path: Path
    kept_aside: Path | None
    attachments_kept_aside: Path | None
    schema_revision: str
    attachments: int


def unpack_backup(path: str | os.PathLike[str], work: Path) -> tuple[BackupInfo, Path, Path]:
    """Check a backup (zip or bare store file) and unpack it into ``work``.

    Returns (info, the store file, the attachments folder). Raises ``StoreError`` with a
    sentence for anything wrong: missing, not a backup, damaged, unsafe names, too new.
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
        return BackupInfo(source, revision, None, 0, source.stat().st_size), db, attachments
    if not head.startswith(ZIP_MAGIC):
        raise StoreError(f"{source} is not a KPO Desk backup (neither a backup .zip nor a store file).")
    try:
        with zipfile.ZipFile(source) as zf:
            manifest, count = _extract_backup(zf, source, db, attachments)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise StoreError(f"{source} is damaged ({exc}); it cannot be restored.") from None
    except OSError as exc:
        raise disk_write_error(exc, work, what="the unpacked backup in") from None
    revision = _verify_copy(db, source)
    if manifest.get("store_sha256") not in (None, file_sha256(db)):
        raise StoreError(f"{source} is damaged: its store does not match the checksum it was made with.")
    created = manifest.get("created_at")
    return (BackupInfo(source, revision, datetime.fromisoformat(created) if created else None, count,
                       source.stat().st_size), db, attachments)


def _verify_copy(db: Path, source: Path) -> str:
    """``verify_store_file`` on the unpacked copy, with messages naming the user's file."""
    try:
        return verify_store_file(db)
    except StoreError as exc:
        raise StoreError(str(exc).replace(str(db), str(source))) from None


def _extract_backup(zf: zipfile.ZipFile, source: Path, db: Path, attachments: Path) -> tuple[dict, int]:
    members = zf.infolist()
    names = [m.filename for m in members]
    if STORE_MEMBER not in names or MANIFEST_MEMBER not in names:
        raise StoreError(f"{source} is a zip file, but not a KPO Desk backup.")
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise StoreError(f"{source} would unpack to more than {MAX_UNPACKED_BYTES // 1024**3} GB; "
                         "it is not a backup this app made.")
    try:
        manifest = json.loads(zf.read(MANIFEST_MEMBER)[:1_000_000])
    except ValueError:
        raise StoreError(f"{source} is damaged: its manifest is not readable.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{source} is a zip file, but not a KPO Desk backup.")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise StoreError(f"{source} was made by a newer version of KPO Desk; update the app to restore it.")
    count = 0
    for member in members:
        if member.filename in (STORE_MEMBER, MANIFEST_MEMBER) or member.is_dir():
            continue
        relative = safe_attachment_name(member.filename)
        if relative is None:
            raise StoreError(f"{source} contains an unsafe file name ({member.filename!r}); "
                             "nothing was restored.")
        target = attachments / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        extract_member(zf, member, target)
        if HEX64.match(target.name) and file_sha256(target) != target.name:
            raise StoreError(f"{source} is damaged: attachment {relative} does not match its checksum.")
        count += 1
    extract_member(zf, zf.getinfo(STORE_MEMBER), db)
    return manifest, count


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
        info, db, attachments = unpack_backup(backup, work)
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
