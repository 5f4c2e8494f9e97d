"""Backups: verified copies of the store and its attachments (restore.py puts them back).

A backup is one ``.zip`` file, chosen because it is one thing to copy to a USB stick or
mail to yourself, and it carries the attachments with the data:

    manifest.json          format, app version, schema revision, time, SHA-256 of the store
    store.sqlite3          a snapshot made with SQLite's online backup API (never a file copy
                           of the live store, which can be corrupt: sqlite.org, "How To Corrupt")
    attachments/<name>     every attachment file the snapshot's records refer to

Every backup is verified before it is kept: ``PRAGMA integrity_check`` on the snapshot and
the zip's CRCs. Files are 0600. Restore (restore.py) accepts such a zip or a bare store file.

**An encrypted store's backup stays encrypted.** Nothing in it is decrypted on the way:

    manifest.json          as above, plus ``"encrypted": true``, the key file's member name and
                           the (keyed) names of the attachment files it holds; the names of lost
                           attachments are keyed names too, never the plain SHA-256
    store.sqlite3          the SQLCipher snapshot, encrypted with the store's data key
    store.sqlite3.keys     the store's key file (the data key wrapped by the passphrase and by
                           the recovery key): restoring needs one of the two
    attachments/<name>     the AES-256-GCM files as stored, under their keyed-hash names

The manifest holds no client text and no plain hash. Verifying and restoring such a backup
unlocks its key file (restore.py), checks the database with the key and decrypts every
attachment its records refer to against its recorded SHA-256.
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
from kpo_desk.core.attachments import HEX64, attachments_folder, file_sha256
from kpo_desk.core.errors import KpoDeskError, StoreError
from kpo_desk.core.store import Store, verify_store_file

FORMAT = "kpo-desk-backup"
FORMAT_VERSION = 1
STORE_MEMBER = "store.sqlite3"
#: The key file of an encrypted store's backup (``<store member>.keys``, as beside a store).
KEYS_MEMBER = STORE_MEMBER + ".keys"
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
    #: An encrypted store's backup (database, key file and attachments all encrypted).
    encrypted: bool = False


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


# -- taking a backup ---------------------------------------------------------------------------
def backup_to(store: Store, path: str | os.PathLike[str], *, progress: Progress | None = None,
              now: datetime | None = None) -> BackupInfo:
    """Write a verified backup of ``store`` to ``path`` (a .zip, 0600), replacing it atomically.

    Nothing is left at ``path`` if anything fails (disk full, cancel, damaged store). The backup
    of an encrypted store is encrypted (database, key file, attachments as stored; see the
    module's docstring)."""
    target = Path(path).expanduser()
    created = (now or datetime.now(UTC)).astimezone(UTC)
    if getattr(store, "is_server", False):
        return _server_backup(store, target, created, progress)
    data_key = store.data_key if getattr(store, "encrypted", False) else None
    with scratch_folder(target.parent) as work:
        snapshot = work / STORE_MEMBER

        def copy_progress(done: int, total: int) -> bool:
            report_progress(progress, 0.5 * done / max(total, 1), "Copying the store")
            return True

        store.copy_to(snapshot, progress=copy_progress)  # an encrypted store: its key file beside
        report_progress(progress, 0.5, "Checking the copy")
        revision = verify_store_file(snapshot, data_key=data_key)
        # The files the snapshot refers to (not the live store's), so the backup is whole.
        referenced = _snapshot_references(snapshot, data_key)
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
                    "schema_revision": revision, "created_at": created.isoformat(timespec="seconds"),
                    "store_sha256": file_sha256(snapshot)}
        if data_key is None:
            attachments, missing = attachment_files(store, referenced)
            manifest.update(attachments=len(attachments), missing_attachments=missing)
            members = [(file, ATTACHMENTS_PREFIX + name, zipfile.ZIP_DEFLATED) for name, file in attachments]
        else:
            attachments, missing = encrypted_attachment_files(store, referenced)
            keys_file = snapshot.with_name(KEYS_MEMBER)
            manifest.update(encrypted=True, key_file=KEYS_MEMBER, key_file_sha256=file_sha256(keys_file),
                            attachments=len(attachments), attachment_names=[n for n, _ in attachments],
                            missing_attachments=missing)
            # Ciphertext does not compress: stored as it is.
            members = [(keys_file, KEYS_MEMBER, zipfile.ZIP_DEFLATED)] + [
                (file, ATTACHMENTS_PREFIX + name, zipfile.ZIP_STORED) for name, file in attachments]
        packed = work / "backup.zip"
        try:
            fd = os.open(packed, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as raw:
                with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                    zf.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2))
                    report_progress(progress, 0.55, "Packing the store")
                    zf.write(snapshot, STORE_MEMBER,
                             compress_type=zipfile.ZIP_STORED if data_key is not None else None)
                    for i, (file, member, how) in enumerate(members, start=1):
                        report_progress(progress, 0.6 + 0.35 * i / len(members), "Packing attachments")
                        zf.write(file, member, compress_type=how)
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
                      attachments=len(attachments), size=target.stat().st_size,
                      encrypted=data_key is not None)


def _server_backup(store: Store, target: Path, created: datetime, progress: Progress | None) -> BackupInfo:
    """The backup of a store on a team server: a logical export (the JSON export, attachments
    included: kpo_desk/core/exporters/json_export.py), which ``kpo-desk restore`` makes a local
    store and ``kpo-desk import json`` loads into an empty store or server database (restore.py,
    exporters/json_import.py). It is verified before it is kept: the zip's CRCs, the manifest,
    and every attachment against the SHA-256 it is named by. (The server's own backups are pg_dump's.)"""
    from kpo_desk.core.exporters.json_export import FORMAT as EXPORT_FORMAT
    from kpo_desk.core.exporters.json_export import MANIFEST, export_json

    if target.is_dir():
        raise StoreError(f"{target} is a folder; give a file name such as backup.zip.")
    with scratch_folder(target.parent) as work:
        packed = export_json(store, work / "backup.zip",
                             progress=lambda f, what: report_progress(progress, 0.9 * f, what))
        report_progress(progress, 0.9, "Verifying the backup")
        try:
            with zipfile.ZipFile(packed) as zf:
                bad = zf.testzip()
                manifest = json.loads(zf.read(MANIFEST))
                for member in zf.infolist():
                    sha = attachment_member_sha(member.filename)
                    if sha is not None and _member_sha256(zf, member) != sha:
                        bad = member.filename
                        break
            if bad is not None or manifest.get("format") != EXPORT_FORMAT:
                raise StoreError(f"The backup came out damaged ({bad or 'manifest'}); it was not kept.")
            os.replace(packed, target)
        except OSError as exc:
            raise disk_write_error(exc, target) from None
        fsync_folder(target.parent)
    report_progress(progress, 1.0, "Backup complete")
    return BackupInfo(path=target, schema_revision=manifest["schema_revision"], created_at=created,
                      attachments=manifest["attachments"], size=target.stat().st_size)


def _member_sha256(zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> str:
    import hashlib

    digest = hashlib.sha256()
    with zf.open(member) as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _snapshot_references(snapshot: Path, data_key: bytes | None) -> dict[str, Referenced]:
    """The attachments the snapshot refers to (an encrypted snapshot is read with its key)."""
    import sqlite3

    from kpo_desk.core.store import read_only_uri

    if data_key is not None:
        from kpo_desk.core.crypto import sqlcipher

        con = sqlcipher.connect(snapshot, data_key, read_only=True)
    else:
        con = sqlite3.connect(read_only_uri(snapshot), uri=True)
    try:
        return referenced_attachments(con)
    finally:
        con.close()


def encrypted_attachment_files(store: Store, referenced: dict[str, Referenced]
                               ) -> tuple[list[tuple[str, Path]], list[str]]:
    """``attachment_files`` for an encrypted store: ``(stored name, path)`` of each referenced
    file that is there, sorted by name, and the stored (keyed) names of those that are not. The
    plain SHA-256s are not given out: a backup names its files only as they are stored."""
    files = store.attachments
    present, missing = [], []
    for sha in referenced:
        try:
            path = files.path_of(sha)
        except KpoDeskError:
            continue  # a stored value that is not a SHA-256 names no file (check reports it)
        if path.is_file() and not path.is_symlink():
            present.append((path.name, path))
        else:
            missing.append(path.name)
    return sorted(present), sorted(missing)


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
    nothing yet: a backup of an empty store would only push a real one out of the rotation).
    A store on a team server has no folder beside it: the server's own backups (pg_dump) stand
    in, and ``kpo-desk backup`` writes a logical export on demand."""
    if getattr(store, "is_server", False) or not store.holds_records():
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
#: At most this many members in a backup or export zip (a store with more attachment files than
#: this is far beyond what one laptop's firm keeps).
MAX_MEMBERS = 250_000
#: The central directory may hold at most this many bytes per member allowed: it is parsed whole
#: when the zip is opened, so its size bounds the memory that opening takes.
_DIRECTORY_BYTES_PER_MEMBER = 200
#: However small the store, a zip may unpack to this much.
UNPACK_FLOOR = 200 * 1024**2
#: A zip may unpack to twice the store (file and attachments) it replaces or fills ...
STORE_FACTOR = 2
#: ... or to this many times its own size, whichever is more: SQLite pages and documents
#: compress a few times at most, a file of zeros a thousand times.
FILE_RATIO = 20
#: A member bigger than 1 MB may unpack to at most this many times its compressed size.
MEMBER_RATIO = 200
_RATIO_FROM = 1024**2

Refuse = Callable[[str], KpoDeskError]


def unpack_budget(zip_size: int, store_path: Path | None) -> int:
    """How many bytes a zip of ``zip_size`` bytes may unpack to when it goes into the store at
    ``store_path`` (which may not exist yet): twice the store file plus its attachments, or
    ``FILE_RATIO`` times the zip, and never less than ``UNPACK_FLOOR``."""
    held = 0
    if store_path is not None:
        with contextlib.suppress(OSError):
            held += store_path.stat().st_size
        folder = attachments_folder(store_path)
        if folder.is_dir() and not folder.is_symlink():
            with contextlib.suppress(OSError):
                held += sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    return max(UNPACK_FLOOR, STORE_FACTOR * held, FILE_RATIO * zip_size)


def _mb(n: int) -> str:
    return f"{n / 1024**2:,.0f} MB"


def check_zip_directory(path: Path, refuse: Refuse) -> None:
    """Refuse, before the zip is opened (which parses its whole directory), a zip whose end
    record declares more members, or a bigger directory, than any backup or export holds."""
    import struct

    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(size - min(size, 22 + 65535))
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return  # zipfile itself says it is damaged
        entries, directory = struct.unpack("<HL", tail[at + 10:at + 16])
        if at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":  # zip64: the real counts
            fh.seek(struct.unpack("<Q", tail[at - 12:at - 4])[0])
            record = fh.read(56)
            if len(record) == 56 and record[:4] == b"PK\x06\x06":
                entries, directory = struct.unpack("<QQ", record[32:48])
    if entries > MAX_MEMBERS or directory > MAX_MEMBERS * _DIRECTORY_BYTES_PER_MEMBER:
        raise refuse(f"it lists more than {MAX_MEMBERS:,} files, more than any backup or export holds")


def check_zip_members(zf: zipfile.ZipFile, budget: int, refuse: Refuse) -> list[zipfile.ZipInfo]:
    """The members of ``zf`` once they pass the limits: not too many, no name twice, no member
    or total bigger than ``budget`` when unpacked, no member that inflates like a zip bomb.
    Sizes are the ones the zip declares; ``extract_member`` holds the bytes to them."""
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        raise refuse(f"it holds {len(members):,} files, more than any backup or export "
                     f"({MAX_MEMBERS:,})")
    seen: set[str] = set()
    total = 0
    for member in members:
        if member.filename in seen:
            raise refuse(f"the file name {member.filename!r} appears twice in it")
        seen.add(member.filename)
        total += member.file_size
        if member.file_size > _RATIO_FROM and member.file_size > MEMBER_RATIO * max(member.compress_size, 1):
            raise refuse(f"{member.filename!r} would unpack from {member.compress_size:,} bytes to "
                         f"{_mb(member.file_size)} (more than {MEMBER_RATIO} times; a zip bomb)")
    if total > budget:
        raise refuse(f"it would unpack to {_mb(total)}, more than this store allows ({_mb(budget)}: twice "
                     f"the store and its attachments, {FILE_RATIO} times the file, at least "
                     f"{_mb(UNPACK_FLOOR)})")
    return members


def read_small_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int, refuse: Refuse) -> bytes:
    """A member that should be small (a manifest), read no further than ``limit`` bytes."""
    if member.file_size > limit:
        raise refuse(f"its {member.filename} is {member.file_size:,} bytes, larger than any KPO Desk writes")
    with zf.open(member) as src:
        data = src.read(limit + 1)
    if len(data) > limit:
        raise refuse(f"its {member.filename} is larger than any KPO Desk writes")
    return data


def parse_manifest(data: bytes, refuse: Refuse) -> dict:
    """The manifest as a dict, or a refusal for anything that is not a JSON object."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise refuse("its manifest is nested too deeply to be one KPO Desk wrote") from None
    except ValueError:  # JSON and UTF-8 errors
        raise refuse("its manifest is not readable") from None
    if not isinstance(manifest, dict):
        raise refuse("its manifest is not readable")
    return manifest


def attachment_member_sha(name: str) -> str | None:
    """The SHA-256 an ``attachments/<sha256>`` member is named by, else None. Attachment files
    are named by the SHA-256 of their bytes and nothing else, so no name can reach outside the
    attachments folder."""
    sha = name[len(ATTACHMENTS_PREFIX):] if name.startswith(ATTACHMENTS_PREFIX) else ""
    return sha if HEX64.fullmatch(sha) else None


def safe_attachment_name(name: str) -> str | None:
    """The attachment's relative name if ``name`` is a safe attachments/ member, else None."""
    if not name.startswith(ATTACHMENTS_PREFIX) or "\\" in name:
        return None
    parts = name[len(ATTACHMENTS_PREFIX):].split("/")
    if not parts or not all(SAFE_PART.match(p) and p not in (".", "..") for p in parts):
        return None
    return "/".join(parts)


def extract_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, *,
                   allowance: int | None = None, refuse: Refuse | None = None) -> int:
    """Unpack ``member`` to a new file ``target`` (0600); returns the bytes written. The bytes
    are counted as they come: more than the member declared, or than ``allowance``, stops the
    copy and is refused (a zip whose headers lie)."""
    limit = member.file_size if allowance is None else min(member.file_size, allowance)
    written = 0
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, zf.open(member) as src:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > limit:
                why = (f"{member.filename!r} unpacks to more than it declares or than this store "
                       f"allows ({_mb(limit)})")
                raise (refuse(why) if refuse else StoreError(f"The zip is not one KPO Desk made: {why}."))
            out.write(chunk)
    return written


# -- attachments as a whole (backup, restore, export, import) -----------------------------------
@dataclass(frozen=True)
class Referenced:
    """An attachment file a store's records refer to."""

    sha256: str
    size: int
    name: str


def referenced_attachments(conn: object) -> dict[str, Referenced]:
    """Every attachment file the store behind ``conn`` (a sqlite3 or SQLAlchemy connection)
    refers to, by SHA-256."""
    sql = "SELECT sha256, size, original_name FROM attachment ORDER BY id"
    run = getattr(conn, "exec_driver_sql", None) or conn.execute  # type: ignore[attr-defined]
    out: dict[str, Referenced] = {}
    for sha, size, name in run(sql):
        out.setdefault(sha, Referenced(sha, size, name))
    return out


def attachment_files(store: Store, referenced: dict[str, Referenced] | None = None
                     ) -> tuple[list[tuple[str, Path | None]], list[str]]:
    """The files a backup or export carries: ``(name, path)`` of each referenced attachment in the
    store's folder, and the SHA-256s it refers to that are not there (already lost: the manifest
    says so, so that restoring gives back the same store and not a refusal). A file that no record
    refers to is not part of the store, and is not carried. On a team server the attachments are
    rows, not files: the path is None, and the bytes are read with ``store.attachments.open``."""
    if referenced is None:
        with store.read() as session:
            referenced = referenced_attachments(session.connection())
    present, missing = [], []
    if getattr(store, "is_server", False):
        blobs = store.attachments
        for sha in sorted(referenced):
            try:
                kept = blobs.exists(sha)
            except KpoDeskError:
                kept = False  # a stored value that is not a SHA-256 names no blob
            (present.append((sha, None)) if kept else missing.append(sha))
        return present, missing
    for sha in sorted(referenced):
        try:
            path = store.attachments.path_of(sha)
        except KpoDeskError:
            missing.append(sha)  # a stored value that is not a SHA-256 names no file
            continue
        if path.is_file() and not path.is_symlink():
            present.append((sha, path))
        else:
            missing.append(sha)
    return present, missing


def attachment_mismatch(referenced: dict[str, Referenced], present: dict[str, int],
                        declared_missing: set[str]) -> str | None:
    """Why the files ``present`` (SHA-256 -> size, each already checked against its bytes) are
    not exactly the files ``referenced``, or None when they are. A file the manifest declares
    lost when the backup was made may be absent; nothing else may."""
    def names(shas: list[str]) -> str:
        shown = [f"'{referenced[s].name}' ({s[:12]}…)" if s in referenced else f"{s[:12]}…" for s in shas[:3]]
        more = len(shas) - len(shown)
        return ", ".join(shown) + (f" and {more:,} more" if more else "")

    absent = sorted(s for s in referenced if s not in present and s not in declared_missing)
    if absent:
        return (f"{len(absent):,} attachment file{'s' if len(absent) != 1 else ''} its records refer to "
                f"{'are' if len(absent) != 1 else 'is'} missing from it: {names(absent)}")
    stray = sorted(s for s in present if s not in referenced)
    if stray:
        return (f"it holds {len(stray):,} file{'s' if len(stray) != 1 else ''} that no record refers to: "
                f"{names(stray)}")
    wrong = sorted(s for s in present if present[s] != referenced[s].size)
    if wrong:
        return f"the size recorded for {names(wrong)} does not match the file"
    return None


def declared_missing(manifest: dict, refuse: Refuse) -> set[str]:
    """The manifest's ``missing_attachments``: SHA-256s already lost when it was written."""
    value = manifest.get("missing_attachments", [])
    if not isinstance(value, list) or len(value) > MAX_MEMBERS or not all(
            isinstance(s, str) and HEX64.fullmatch(s) for s in value):
        raise refuse("its manifest's list of missing attachments is not one KPO Desk wrote")
    return set(value)
