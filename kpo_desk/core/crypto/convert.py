"""Turning encryption on for a plain store, changing or recovering the passphrase, and writing an
explicit plain copy of an encrypted store.

**Encrypting** (``encrypt_store``) never has the plain store and the encrypted one half-swapped
without a way back. Everything is built in a work folder beside the store,
``<store>.encrypting/``::

    keys            the new key file
    store           the encrypted copy of the database (the attachment keys inside)
    attachments/    every attachment, encrypted, under keyed-hash names
    READY           written only after the copy was verified (integrity, row counts, every
                    attachment decrypts to its recorded SHA-256, the passphrase unlocks the key)
    plain/          where the plain store, its WAL and its attachments are moved during the swap

The swap moves the plain files into ``plain/`` (sidecars, attachments, then the database file),
then the encrypted attachments, the key file and last the database into place; then the plain
files are overwritten and deleted, and the work folder removed (``READY`` last). Every step is a
rename within one folder, and each is done only if still needed, so the swap can be run again
from wherever it stopped.

At every ``Store.open`` (``finish_interrupted_conversion``), a work folder left by a crash
(kill -9, power cut) is settled first: with ``READY`` the swap is finished (the encrypted copy
was verified; the plain one is still in ``plain/`` until it is), without it the work folder is
removed and the plain store, never touched, is the store. Whoever holds the store's lock (the
encrypting process) is left alone to finish.

Overwriting a file does not guarantee that an SSD erases it (flash remaps blocks); the user
guide recommends full-disk encryption as well.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

from kpo_desk.core.attachments import FolderAttachmentStore, attachments_folder, safe_name
from kpo_desk.core.crypto import conversion_left, sqlcipher, work_dir
from kpo_desk.core.crypto import keys as keys_module
from kpo_desk.core.crypto.files import AttachmentKeys, EncryptedFolderAttachmentStore
from kpo_desk.core.errors import StoreError
from kpo_desk.core.files import write_private

READY = "READY"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class EncryptResult:
    store_path: Path
    #: The recovery key, to show once (and print on the recovery sheet).
    recovery_key: str = field(repr=False)
    counts: dict[str, int]
    attachments: int
    #: Automatic backups beside the store, written before encryption: still plaintext.
    plain_backups: list[Path]


# -- settling an interrupted conversion ------------------------------------------------------------

def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _held_by_this_process(store_path: Path) -> bool:
    from kpo_desk.core.lock import lock_holder

    holder = lock_holder(store_path)
    return holder is not None and holder.pid == os.getpid()


def finish_interrupted_conversion(store_path: Path) -> str | None:
    """Settle a conversion a crash left behind (see the module's docstring): returns
    ``"finished"``, ``"undone"``, or None when there was nothing to settle. Refuses (one
    sentence) while another process holds the store's lock: it may be encrypting right now."""
    if not conversion_left(store_path):
        return None
    from kpo_desk.core.lock import StoreLockedError, acquire_store_lock

    work = work_dir(store_path)
    lock = None
    if not _held_by_this_process(store_path):
        try:
            lock = acquire_store_lock(store_path, purpose="finishing an interrupted encryption")
        except StoreLockedError as exc:
            who = f" ({exc.holder.describe()})" if exc.holder else ""
            raise StoreError(f"The store at {store_path} is being encrypted by another KPO Desk{who}; "
                             "open it again when that has finished. Nothing was changed.") from None
    try:
        if work.is_symlink() or not work.is_dir():
            raise StoreError(f"{work} is not a folder KPO Desk made; move it away, then open the "
                             "store again. Nothing was changed.")
        if (work / READY).is_file():
            _roll_forward(store_path)
            return "finished"
        shutil.rmtree(work)
        return "undone"
    finally:
        if lock is not None:
            lock.release()


def _roll_forward(store_path: Path, *, step: Callable[[str], None] | None = None) -> None:
    """The swap and the clean-up, each move done only if still needed (see the docstring)."""
    def at(name: str) -> None:
        if step is not None:
            step(name)

    work = work_dir(store_path)
    plain = work / "plain"
    plain.mkdir(mode=0o700, exist_ok=True)
    att = attachments_folder(store_path)
    enc_store, enc_keys, enc_att = work / "store", work / "keys", work / "attachments"
    if enc_store.exists():
        if store_path.exists():
            if store_path.stat().st_size and not sqlcipher.is_plain_sqlite(store_path):
                raise StoreError(f"{store_path} is neither the plain store nor its encrypted copy; "
                                 f"the encryption in {work} cannot be finished. Nothing was changed.")
            for suffix in ("-wal", "-shm", "-journal"):
                side = Path(str(store_path) + suffix)
                if side.exists():
                    os.replace(side, plain / ("store" + suffix))
            at("plain sidecars moved")
            if att.exists() and not (plain / "attachments").exists():
                os.replace(att, plain / "attachments")
            at("plain attachments moved")
            os.replace(store_path, plain / "store")
            _fsync_dir(store_path.parent)
            at("plain store moved")
        if enc_att.exists() and not att.exists():
            os.replace(enc_att, att)
        at("attachments swapped")
        if enc_keys.exists():
            os.replace(enc_keys, keys_module.key_file_path(store_path))
        at("key file swapped")
        os.replace(enc_store, store_path)
        _fsync_dir(store_path.parent)
        at("store swapped")
    for path in sorted(plain.rglob("*"), reverse=True):
        if path.is_file() and not path.is_symlink():
            _overwrite_and_delete(path)
    at("plain files overwritten")
    shutil.rmtree(plain, ignore_errors=True)
    for leftover in work.iterdir():
        if leftover.name != READY:
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
    (work / READY).unlink(missing_ok=True)
    work.rmdir()
    _fsync_dir(store_path.parent)


def _overwrite_and_delete(path: Path) -> None:
    """Overwrite a file with zeros, to its length, flush it to the disk, then delete it."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            zeros = bytes(min(size, _CHUNK))
            left = size
            while left > 0:
                fh.write(zeros[:min(left, len(zeros))])
                left -= min(left, len(zeros))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


# -- encrypting a plain store ----------------------------------------------------------------------

def encrypt_store(store_path: Path, passphrase: str, *, kdf: keys_module.ScryptParams | None = None,
                  step: Callable[[str], None] | None = None) -> EncryptResult:
    """Encrypt the plain store at ``store_path`` (the caller holds its lock): build and verify
    the encrypted copy, swap it in, overwrite and delete the plain files. A failure before the
    swap leaves the plain store as it was (and nothing else); ``step(name)`` is called at each
    stage (tests use it)."""
    from kpo_desk.core.backup import list_backups, referenced_attachments
    from kpo_desk.core.store import Store

    def at(name: str) -> None:
        if step is not None:
            step(name)

    kdf = kdf or keys_module.DEFAULT_SCRYPT
    keys_module._passphrase_bytes(passphrase)  # an empty passphrase is refused before any work
    with Store.open(store_path, create=False) as plain:
        if plain.encrypted:
            raise StoreError(f"The store at {plain.path} is already encrypted; nothing was changed.")
        problems = plain.integrity_problems()
        if problems:
            raise StoreError(f"The store at {plain.path} failed its integrity check ({problems[0]}); "
                             "restore a backup before encrypting it. Nothing was changed.")
        with plain.read() as session:
            referenced = referenced_attachments(session.connection())
        plain_files = plain.attachments
        for ref in referenced.values():
            why = plain_files.problem(ref.sha256, ref.size)
            if why:
                raise StoreError(f"The attachment '{safe_name(ref.name)}' {why}; run kpo-desk check "
                                 "and fix it before encrypting. Nothing was changed.")
        with plain.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store_path = plain.path
    work = work_dir(store_path)
    try:
        work.mkdir(mode=0o700)
    except OSError as exc:
        raise StoreError(f"The work folder {work} cannot be made ({exc.strerror or exc}); nothing "
                         "was changed.") from None
    try:
        kf, recovery, data_key = keys_module.new_key_file(passphrase, kdf=kdf)
        keys_module.write_key_file(work / "keys", kf)
        at("key file written")
        counts = sqlcipher.encrypt_copy(store_path, work / "store", data_key)
        at("database copied")
        attachment_keys = AttachmentKeys.generate()
        with closing(sqlcipher.connect(work / "store", data_key)) as con:
            con.execute("INSERT INTO secret (name, value) VALUES (?, ?)",
                        ("attachment_keys", bytes(attachment_keys.to_bytes())))
            con.commit()
        encrypted = EncryptedFolderAttachmentStore(work / "attachments", attachment_keys)
        encrypted.folder  # noqa: B018 - made (0700) even when there is no attachment
        for ref in referenced.values():
            encrypted.put_file(plain_files.path_of(ref.sha256), name=ref.name, limit=ref.size)
        at("attachments copied")
        _verify(work, passphrase, data_key, counts, referenced, attachment_keys)
        at("verified")
        for path in [*sorted((work / "attachments").iterdir()), work / "store", work / "keys"]:
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(work / "attachments")
        write_private(work / READY, b"verified\n")
        _fsync_dir(work)
        at("ready")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _roll_forward(store_path, step=step)
    return EncryptResult(store_path=store_path, recovery_key=recovery, counts=counts,
                         attachments=len(referenced),
                         plain_backups=[e.path for e in list_backups(store_path)])


def _verify(work: Path, passphrase: str, data_key: bytes, counts: dict[str, int],
            referenced: dict, attachment_keys: AttachmentKeys) -> None:
    """The encrypted copy in ``work`` is whole: the passphrase unlocks its key file, the database
    passes the integrity check with the same rows (and the attachment keys), and every
    attachment decrypts to its recorded SHA-256 and size."""
    def refuse(why: str) -> StoreError:
        return StoreError(f"The encrypted copy did not verify ({why}); it was removed and the "
                          "store was not changed.")

    if keys_module.unlock(keys_module.read_key_file(work / "keys"), passphrase) != data_key:
        raise refuse("its key file does not give back its key")
    with closing(sqlcipher.connect(work / "store", data_key, read_only=True)) as con:
        if con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise refuse("the integrity check failed")
        copied = sqlcipher.table_counts(con)
    if copied != {**counts, "secret": counts.get("secret", 0) + 1}:
        raise refuse("the row counts differ")
    encrypted = EncryptedFolderAttachmentStore(work / "attachments", attachment_keys, read_only=True)
    for ref in referenced.values():
        why = encrypted.problem(ref.sha256, ref.size)
        if why:
            raise refuse(f"the attachment '{safe_name(ref.name)}' {why}")


# -- the passphrase ------------------------------------------------------------------------------

def _rewrap(store_path: Path, data_key: bytes, kf: keys_module.KeyFile, new_passphrase: str,
            kdf: keys_module.ScryptParams | None) -> None:
    with closing(sqlcipher.connect(store_path, data_key, read_only=True)):
        pass  # the key opens this database (not only its key file): WrongDatabaseKeyError if not
    new = keys_module.rewrap(kf, data_key, new_passphrase, kdf=kdf or keys_module.DEFAULT_SCRYPT)
    keys_module.write_key_file(keys_module.key_file_path(store_path), new)


def change_passphrase(store_path: Path, old_passphrase: str, new_passphrase: str, *,
                      kdf: keys_module.ScryptParams | None = None) -> None:
    """Re-wrap the data key under ``new_passphrase`` (the caller holds the lock). The database
    is not touched: its bytes are the same after."""
    keys_module._passphrase_bytes(new_passphrase)
    kf = keys_module.read_key_file(keys_module.key_file_path(store_path))
    _rewrap(store_path, keys_module.unlock(kf, old_passphrase), kf, new_passphrase, kdf)


def recover_passphrase(store_path: Path, recovery_key_text: str, new_passphrase: str, *,
                       kdf: keys_module.ScryptParams | None = None) -> None:
    """Set ``new_passphrase`` with the recovery key (a forgotten passphrase). The recovery key
    keeps working; the database is not touched."""
    keys_module._passphrase_bytes(new_passphrase)
    kf = keys_module.read_key_file(keys_module.key_file_path(store_path))
    _rewrap(store_path, keys_module.unlock_with_recovery(kf, recovery_key_text), kf, new_passphrase, kdf)


# -- an explicit plain copy ----------------------------------------------------------------------

def decrypt_copy_of_store(store, target: Path) -> tuple[dict[str, int], int]:  # noqa: ANN001 - an open Store
    """Write a plain copy of the open encrypted ``store`` to ``target`` (which must not exist),
    with its attachments decrypted into ``<target stem>-attachments``: a plain store that opens
    without a passphrase. The attachment keys are not copied. Returns (row counts, attachment
    files). Nothing is left behind when it fails."""
    from kpo_desk.core.backup import referenced_attachments

    if not store.encrypted:
        raise StoreError(f"The store at {store.path} is not encrypted; kpo-desk backup makes a copy "
                         "of it.")
    target = Path(os.path.realpath(target))
    folder = attachments_folder(target)
    for path in (target, folder, keys_module.key_file_path(target)):
        if path.exists() or path.is_symlink():
            raise StoreError(f"{path} already exists; the plain copy was not written.")
    counts = sqlcipher.decrypt_copy(store.path, target, store.data_key)
    try:
        import sqlite3

        with closing(sqlite3.connect(target)) as con:
            con.execute("PRAGMA secure_delete = ON")
            con.execute("DELETE FROM secret")
            con.commit()
            con.execute("VACUUM")
        with store.read() as session:
            referenced = referenced_attachments(session.connection())
        plain = FolderAttachmentStore(folder)
        source = store.attachments
        for ref in referenced.values():
            if not source.exists(ref.sha256):
                continue  # already missing in the store: check names it there too
            with source.open(ref.sha256) as fh:  # checked against its SHA-256 as it is read
                plain.put_bytes(fh.read(), name=ref.name)
    except BaseException:
        target.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return counts, len(referenced)
