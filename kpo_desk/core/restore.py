"""Restore: put a verified backup in place of the store, keeping the current one aside.

Split from backup.py (which makes backups); this side reads them. Everything about a
backup is checked before the current store is touched: it is a store or a backup .zip
within the zip limits (members, names, sizes, compression ratio), its integrity is ok, its
schema is ours and one we can migrate (not newer), and it is whole: every attachment its
records refer to is there with its SHA-256 as its name, and every file there is referred to.

**An encrypted backup** (backup.py) is checked with its key: the key file it carries is unlocked
with the passphrase (given, else asked of the passphrase source that the command line or the GUI
set: kpo_desk/core/crypto's ``set_passphrase_source``) or with the recovery key, before anything
big is unpacked; then the database is checked with that key and every attachment its records
refer to must decrypt to its recorded SHA-256. A backup without its key file (or the wrong
passphrase) is refused with one sentence, and nothing is written. Restoring it puts the key file
beside the store: the store then opens with the passphrase it had when the backup was made.

**A team server's backup** (backup.py ``_server_backup``) is a logical export, not a store file:
the JSON export, attachments included. Restoring it builds a new local store from it in the
scratch folder beside the target, with the JSON import and every check that makes
(kpo_desk/core/exporters/json_import.py), then checks the new store as an unpacked backup is
checked (integrity, schema, every attachment file against its SHA-256 and against the rows) and
its row counts against the export's manifest; only then is it swapped in exactly like a file
backup, the current store kept aside. The restored store is a plain (unencrypted) file store;
the team's logins are not part of the export.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kpo_desk.core.attachments import HEX64, attachments_folder, file_sha256
from kpo_desk.core.backup import (
    ATTACHMENTS_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    KEYS_MEMBER,
    MANIFEST_MEMBER,
    STAMP_FORMAT,
    STORE_MEMBER,
    ZIP_MAGIC,
    BackupInfo,
    Progress,
    Referenced,
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
from kpo_desk.core.errors import StoreError, ValidationError
from kpo_desk.core.lock import StoreLockedError, acquire_store_lock
from kpo_desk.core.store import (
    SQLITE_MAGIC,
    Store,
    is_encrypted_store,
    read_only_uri,
    verify_store_file,
)

#: A backup's manifest is a few hundred bytes; more than this is not one we wrote.
MAX_MANIFEST_BYTES = 1_000_000


@dataclass(frozen=True)
class RestoreResult:
    store_path: Path
    kept_aside: Path | None
    attachments_kept_aside: Path | None
    schema_revision: str
    attachments: int
    #: The restored store is encrypted (it opens with the passphrase of the backup's key file).
    encrypted: bool = False
    #: The backup was a team server's logical export, now a new local store.
    logical_export: bool = False


@dataclass(frozen=True)
class _Unpacked:
    """A checked backup unpacked in a scratch folder (``keys`` and ``data_key``: encrypted)."""

    info: BackupInfo
    db: Path
    attachments: Path
    keys: Path | None = None
    data_key: bytes | None = field(default=None, repr=False)
    logical_export: bool = False


def unpack_backup(path: str | os.PathLike[str], work: Path, *, store_path: Path | None = None,
                  passphrase: str | None = None, recovery_key: str | None = None
                  ) -> tuple[BackupInfo, Path, Path]:
    """Check a backup (zip or bare store file) and unpack it into ``work``.

    Returns (info, the store file, the attachments folder). Raises ``StoreError`` with a
    sentence for anything wrong: missing, not a backup, damaged, unsafe names, too new, too
    big for ``store_path`` (the store it would replace), or not whole (an attachment its
    records refer to missing, or a file no record refers to). An encrypted backup needs
    ``passphrase`` or ``recovery_key`` (else the passphrase source is asked); its key file is
    unpacked beside the store file (``<store file>.keys``).
    """
    found = _unpack(path, work, store_path=store_path, passphrase=passphrase, recovery_key=recovery_key)
    return found.info, found.db, found.attachments


def _unpack_any(path: str | os.PathLike[str], work: Path, *, store_path: Path | None,
                passphrase: str | None, recovery_key: str | None,
                progress: Progress | None = None) -> _Unpacked:
    """A checked backup in ``work``: a file backup unpacked, or a team server's logical export
    built into a new store."""
    source = Path(path).expanduser()
    manifest = _export_manifest(source)
    if manifest is not None:
        return _build_from_export(source, work, manifest, progress)
    return _unpack(source, work, store_path=store_path, passphrase=passphrase, recovery_key=recovery_key)


def _export_manifest(source: Path) -> dict | None:
    """The manifest of ``source`` when it is a JSON export (a team server's backup is one), else
    None. Only the manifest is read, within the zip limits; a file that is anything else, or odd,
    is left to the backup's own checks, which say what is wrong with it."""
    from kpo_desk.core.exporters.json_export import FORMAT as EXPORT_FORMAT

    def refuse(why: str) -> StoreError:
        return StoreError(why)

    try:
        with source.open("rb") as fh:
            if fh.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
                return None
        check_zip_directory(source, refuse)
        with zipfile.ZipFile(source) as zf:
            if STORE_MEMBER in zf.namelist():
                return None
            manifest = parse_manifest(read_small_member(zf, zf.getinfo(MANIFEST_MEMBER), MAX_MANIFEST_BYTES,
                                                        refuse), refuse)
    except (OSError, KeyError, StoreError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError,
            NotImplementedError):
        return None
    return manifest if manifest.get("format") == EXPORT_FORMAT else None


def _build_from_export(source: Path, work: Path, manifest: dict, progress: Progress | None) -> _Unpacked:
    """A team server's backup made into a new store file in ``work`` by the JSON import, then
    checked as an unpacked backup is (integrity and schema; every attachment file against its
    SHA-256 and against the rows), and its row counts against the manifest. Every refusal is one
    sentence naming the backup; nothing outside ``work`` is written."""
    from kpo_desk.core.exporters.json_import import import_json

    def refuse(why: str) -> StoreError:
        return StoreError(f"{source} cannot be restored: {why}; nothing was restored.")

    def step(fraction: float, what: str) -> bool | None:
        return None if progress is None else progress(0.05 + 0.5 * fraction, what)

    db = work / STORE_MEMBER
    with Store.open(db) as built:  # a new plain store at this version's schema
        import_json(built, source, progress=step, refuse=refuse)
    _settle(db)
    for sidecar in _sidecars(db):
        if sidecar.exists() and sidecar.stat().st_size == 0:
            sidecar.unlink()
    if any(sidecar.exists() for sidecar in _sidecars(db)):
        raise StoreError(f"The store built from {source} did not settle into one file; nothing was restored.")
    revision = _verify_copy(db, source)
    _check_counts(db, manifest, refuse)
    folder = attachments_folder(db)
    folder.mkdir(mode=0o700, exist_ok=True)
    present: dict[str, int] = {}
    for file in folder.iterdir():
        if not file.is_file() or file.is_symlink() or file_sha256(file) != file.name:
            raise refuse(f"its attachment {file.name[:12]}… did not arrive whole")
        present[file.name] = file.stat().st_size
    _check_whole(source, db, present, declared_missing(manifest, refuse))
    created = _created_at({"created_at": manifest.get("exported_at")}, refuse)
    info = BackupInfo(source, revision, created, len(present), source.stat().st_size)
    return _Unpacked(info, db, folder, logical_export=True)


def _check_counts(db: Path, manifest: dict, refuse: Callable[[str], StoreError]) -> None:
    """The rows of each table in the built store are as many as the export's manifest counts."""
    from kpo_desk.core.exporters.tables import data_tables

    declared = manifest.get("counts")
    if declared is None:
        return
    known = {t.name for t in data_tables()}
    if not isinstance(declared, dict) or not all(isinstance(n, int) and name in known
                                                 for name, n in declared.items()):
        raise refuse("its manifest's row counts are not ones KPO Desk wrote")
    con = sqlite3.connect(read_only_uri(db), uri=True)
    try:
        for name, expected in sorted(declared.items()):
            got = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            if got != expected:
                raise refuse(f"its manifest counts {expected:,} rows of {name}, but it holds {got:,}")
    finally:
        con.close()


def _unpack(path: str | os.PathLike[str], work: Path, *, store_path: Path | None,
            passphrase: str | None, recovery_key: str | None) -> _Unpacked:
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
        return _Unpacked(BackupInfo(source, revision, None, 0, source.stat().st_size), db, attachments)

    def refuse(why: str) -> StoreError:
        return StoreError(f"{source} cannot be restored: {why}; nothing was restored.")

    if not head.startswith(ZIP_MAGIC):
        from kpo_desk.core.crypto.keys import key_file_path

        if not key_file_path(source).is_file():
            raise StoreError(f"{source} is not a KPO Desk backup (neither a backup .zip nor a store file).")
        return _unpack_bare_encrypted(source, db, attachments, refuse, passphrase, recovery_key)

    budget = unpack_budget(source.stat().st_size, store_path)
    try:
        check_zip_directory(source, refuse)
        with zipfile.ZipFile(source) as zf:
            manifest, present, data_key = _extract_backup(
                zf, source, db, attachments, budget, refuse,
                unlock=lambda kf: _unlock(kf, source, passphrase, recovery_key))
    # zlib.error: a deflated member whose bytes were changed (its CRC is not reached)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, zlib.error) as exc:
        why = "a compressed part of it does not unpack" if isinstance(exc, zlib.error) else exc
        raise StoreError(f"{source} is damaged ({why}); it cannot be restored.") from None
    except OSError as exc:
        raise disk_write_error(exc, work, what="the unpacked backup in") from None
    revision = _verify_copy(db, source, data_key)
    if manifest.get("store_sha256") not in (None, file_sha256(db)):
        raise StoreError(f"{source} is damaged: its store does not match the checksum it was made with.")
    lost = declared_missing(manifest, refuse)  # keyed names when encrypted: 64 hex digits too
    if data_key is None:
        _check_whole(source, db, present, lost)
    else:
        _check_whole_encrypted(source, db, data_key, attachments, present, lost, manifest, refuse)
    info = BackupInfo(source, revision, _created_at(manifest, refuse), len(present), source.stat().st_size,
                      encrypted=data_key is not None)
    keys = db.with_name(KEYS_MEMBER) if data_key is not None else None
    return _Unpacked(info, db, attachments, keys, data_key)


def _unpack_bare_encrypted(source: Path, db: Path, attachments: Path, refuse: Callable[[str], StoreError],
                           passphrase: str | None, recovery_key: str | None) -> _Unpacked:
    """A bare encrypted store file (a copy with its key file beside it): unlocked and checked
    like an encrypted backup; like a bare plain store, it carries no attachment files."""
    from kpo_desk.core.crypto import keys
    from kpo_desk.core.crypto.errors import KeyFileError

    try:
        kf = keys.read_key_file(keys.key_file_path(source))
    except KeyFileError as exc:
        raise StoreError(f"{exc} Nothing was restored.") from None
    data_key = _unlock(kf, source, passphrase, recovery_key)
    shutil.copyfile(source, db)
    os.chmod(db, 0o600)
    shutil.copyfile(keys.key_file_path(source), db.with_name(KEYS_MEMBER))
    os.chmod(db.with_name(KEYS_MEMBER), 0o600)
    revision = _verify_copy(db, source, data_key)
    _check_whole_encrypted(source, db, data_key, attachments, {}, set(), {}, refuse)
    info = BackupInfo(source, revision, None, 0, source.stat().st_size, encrypted=True)
    return _Unpacked(info, db, attachments, db.with_name(KEYS_MEMBER), data_key)


def _unlock(kf, source: Path, passphrase: str | None, recovery_key: str | None) -> bytes:  # noqa: ANN001 - a KeyFile
    """The data key of an encrypted backup, from the recovery key, the passphrase given or the
    passphrase source; each refusal is one sentence and names no secret."""
    from kpo_desk.core.crypto import keys, passphrase_source
    from kpo_desk.core.crypto.errors import WrongPassphraseError, WrongRecoveryKeyError

    if recovery_key is not None:
        try:
            return keys.unlock_with_recovery(kf, recovery_key)
        except WrongRecoveryKeyError:
            raise ValidationError(f"{source} is an encrypted backup, and that recovery key does not "
                                  "open it (it may belong to another store); nothing was restored.",
                                  field="recovery_key") from None
    if passphrase is None:
        ask = passphrase_source()
        passphrase = ask(source, False) if ask is not None else None
    if not passphrase:
        raise ValidationError(f"{source} is an encrypted backup: the passphrase the store had when it "
                              "was made, or the store's recovery key, is needed to check or restore it; "
                              "nothing was restored.", field="passphrase")
    try:
        return keys.unlock(kf, passphrase)
    except WrongPassphraseError:
        raise ValidationError(f"{source} is an encrypted backup, and that passphrase does not open it "
                              "(it opens with the passphrase the store had when the backup was made, "
                              "or with the recovery key); nothing was restored.",
                              field="passphrase") from None


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


def _check_whole_encrypted(source: Path, db: Path, data_key: bytes, attachments: Path,
                           present: dict[str, int], lost: set[str], manifest: dict,
                           refuse: Callable[[str], StoreError]) -> None:
    """``_check_whole`` for an encrypted backup, whose files are named by keyed hash: every file
    its records refer to is there (or declared lost) and decrypts to its recorded SHA-256 and
    size, no other file is there, and the manifest lists exactly the files it holds."""
    from contextlib import closing

    from kpo_desk.core.crypto import sqlcipher
    from kpo_desk.core.crypto.files import AttachmentKeys, EncryptedFolderAttachmentStore
    from kpo_desk.core.store import ATTACHMENT_KEYS

    listed = manifest.get("attachment_names")
    if listed is not None and (not isinstance(listed, list) or sorted(map(str, listed)) != sorted(present)):
        raise refuse("its manifest does not list the attachment files it holds")
    try:
        with closing(sqlcipher.connect(db, data_key, read_only=True)) as con:
            referenced = referenced_attachments(con)
            row = con.execute("SELECT value FROM secret WHERE name = ?", (ATTACHMENT_KEYS,)).fetchone()
    except sqlcipher.Error as exc:
        raise StoreError(f"{source} is damaged: its attachment records cannot be read ({exc}).") from None
    if row is None:
        if present or referenced:
            raise StoreError(f"{source} is damaged: its store has no attachment keys; nothing was restored.")
        return
    files = EncryptedFolderAttachmentStore(attachments, AttachmentKeys.from_bytes(bytes(row[0])), read_only=True)
    # The same check as a plain backup's, over the names the files are stored under.
    plain_sha: dict[str, str] = {}
    expected: dict[str, Referenced] = {}
    for sha, ref in referenced.items():
        if HEX64.fullmatch(sha):  # a stored value that is not a SHA-256 names no file
            name = files.stored_name(sha)
            plain_sha[name] = sha
            expected[name] = Referenced(name, ref.size, ref.name)
    # (the ciphertext is longer than the plain bytes: the sizes are checked by decrypting, below)
    why = attachment_mismatch(expected, {n: expected[n].size if n in expected else size
                                         for n, size in present.items()}, lost)
    if why:
        raise StoreError(f"{source} is not a whole backup: {why}; nothing was restored.")
    for name in sorted(present):
        problem = files.problem(plain_sha[name], expected[name].size)
        if problem:
            raise StoreError(f"{source} is damaged: the attachment '{expected[name].name}' {problem}; "
                             "nothing was restored.")


def _verify_copy(db: Path, source: Path, data_key: bytes | None = None) -> str:
    """``verify_store_file`` on the unpacked copy, with messages naming the user's file."""
    try:
        return verify_store_file(db, data_key=data_key)
    except StoreError as exc:
        raise StoreError(str(exc).replace(str(db), str(source))) from None


def _extract_backup(zf: zipfile.ZipFile, source: Path, db: Path, attachments: Path, budget: int,
                    refuse: Callable[[str], StoreError], *, unlock: Callable[[object], bytes]
                    ) -> tuple[dict, dict[str, int], bytes | None]:
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
    data_key = _backup_key(zf, by_name, source, manifest, refuse, unlock, db.with_name(KEYS_MEMBER))
    left = budget
    present: dict[str, int] = {}
    for member in members:
        if (member.filename in (STORE_MEMBER, MANIFEST_MEMBER, KEYS_MEMBER)
                or member.filename == ATTACHMENTS_PREFIX):
            continue
        sha = attachment_member_sha(member.filename)  # a keyed name when encrypted: also 64 hex digits
        if sha is None:
            raise StoreError(f"{source} contains an unsafe file name ({member.filename!r}); "
                             "nothing was restored.")
        target = attachments / sha
        left -= extract_member(zf, member, target, allowance=left, refuse=refuse)
        if data_key is None and file_sha256(target) != sha:
            raise StoreError(f"{source} is damaged: attachment {sha} does not match its checksum.")
        present[sha] = target.stat().st_size
    extract_member(zf, by_name[STORE_MEMBER], db, allowance=left, refuse=refuse)
    if data_key is None and not _starts_plain(db):
        raise _without_key(source)
    return manifest, present, data_key


def _without_key(source: Path) -> StoreError:
    return StoreError(f"{source} is an encrypted backup without its key (it carries no key file), so "
                      "it cannot be checked or restored; nothing was restored.")


def _starts_plain(db: Path) -> bool:
    with db.open("rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def _backup_key(zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], source: Path, manifest: dict,
                refuse: Callable[[str], StoreError], unlock: Callable[[object], bytes],
                keys_target: Path) -> bytes | None:
    """The data key of an encrypted backup (None for a plain one), unlocked before anything big
    is unpacked: its key file is read from the zip, checked, unlocked and written to
    ``keys_target`` (0600); a backup that says it is encrypted, or whose store is, but carries no
    key file is refused."""
    from kpo_desk.core.crypto import keys
    from kpo_desk.core.crypto.errors import KeyFileError
    from kpo_desk.core.files import write_private

    member = by_name.get(KEYS_MEMBER)
    if member is None:
        with zf.open(by_name[STORE_MEMBER]) as fh:
            plain = fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
        if manifest.get("encrypted") is True or (not plain and by_name[STORE_MEMBER].file_size > 0):
            raise _without_key(source)
        return None
    raw = read_small_member(zf, member, 64 * 1024, refuse)
    if manifest.get("key_file_sha256") not in (None, hashlib.sha256(raw).hexdigest()):
        raise refuse("its key file does not match the checksum it was made with")
    try:
        kf = keys.KeyFile.from_json(raw, where=f"The key file in {source}")
    except KeyFileError as exc:
        raise StoreError(f"{exc} Nothing was restored.") from None
    data_key = unlock(kf)
    write_private(keys_target, raw)
    return data_key


def verify_backup(path: str | os.PathLike[str], *, passphrase: str | None = None,
                  recovery_key: str | None = None) -> BackupInfo:
    """Check a backup completely (unpacks it in a scratch folder beside it; a team server's
    backup is built into a store there). An encrypted one needs ``passphrase`` or
    ``recovery_key`` (else the passphrase source is asked)."""
    source = Path(path).expanduser()
    with scratch_folder(source.parent if source.parent.exists() else Path(tempfile.gettempdir())) as work:
        found = _unpack_any(source, work, store_path=None, passphrase=passphrase, recovery_key=recovery_key)
    return found.info


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
                   progress: Progress | None = None, now: datetime | None = None,
                   passphrase: str | None = None, recovery_key: str | None = None) -> RestoreResult:
    """Replace the store at ``store_path`` by the backup, keeping the current one aside.

    Order: take the store's lock (refuses while the app has it open); unpack and verify
    the backup completely; rename the current store (its key file and attachments too) aside
    with a timestamp; move the backup into place (an encrypted backup's key file first); open it
    once (migrating an older schema). If any step after the rename fails, the current store is
    put back. An encrypted backup needs ``passphrase`` or ``recovery_key`` (else the passphrase
    source is asked); a refusal writes nothing. A team server's backup (a logical export) is
    built into a new store and checked in the scratch folder, then put in place the same way.
    """
    from kpo_desk.core.crypto.keys import key_file_path

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
        found = _unpack_any(backup, work, store_path=target, passphrase=passphrase,
                            recovery_key=recovery_key, progress=progress)
        info, db, attachments = found.info, found.db, found.attachments
        report_progress(progress, 0.6, "Keeping the current store aside")
        att_dir = attachments_folder(target)
        aside = unique_path(target.with_name(f"{target.stem}-before-restore-{stamp}{target.suffix}"))
        att_aside = unique_path(target.with_name(f"{target.stem}-attachments-before-restore-{stamp}"))
        moved: list[tuple[Path, Path]] = []
        placed = False
        try:
            if target.exists():
                if not is_encrypted_store(target):
                    _settle(target)  # an encrypted store's WAL moves aside with it, unread
                for src, dst in zip([target, *_sidecars(target), key_file_path(target)],
                                    [aside, *_sidecars(aside), key_file_path(aside)], strict=True):
                    if src.exists():
                        os.replace(src, dst)
                        moved.append((src, dst))
            elif key_file_path(target).exists():  # a key file left without its store
                os.replace(key_file_path(target), key_file_path(aside))
                moved.append((key_file_path(target), key_file_path(aside)))
            if att_dir.exists():
                os.replace(att_dir, att_aside)
                moved.append((att_dir, att_aside))
            report_progress(progress, 0.8, "Putting the backup in place")
            placed = True
            if found.keys is not None:
                os.replace(found.keys, key_file_path(target))
            os.replace(db, target)
            os.replace(attachments, att_dir)
            fsync_folder(target.parent)
            # migrates an older schema, with its own backup
            Store.open(target, create=False, data_key=found.data_key).close()
        except BaseException:
            if placed:
                for path in (target, *_sidecars(target), key_file_path(target)):
                    path.unlink(missing_ok=True)
                shutil.rmtree(att_dir, ignore_errors=True)
            for src, dst in reversed(moved):
                os.replace(dst, src)
            raise
    report_progress(progress, 1.0, "Restore complete")
    kept = dict(moved)
    return RestoreResult(store_path=target, kept_aside=kept.get(target), attachments_kept_aside=kept.get(att_dir),
                         schema_revision=info.schema_revision, attachments=info.attachments,
                         encrypted=info.encrypted, logical_export=found.logical_export)
