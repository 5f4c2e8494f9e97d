"""Attachments on a team server: the bytes live in the database, in ``attachment_blob``
(migration 0006), one row per SHA-256, so that the server's row-level security and its backups
cover them as they cover the rows that refer to them.

``DatabaseAttachmentStore`` is the second implementation of the one attachment store
(kpo_desk/core/attachments.py, ``FolderAttachmentStore``): the same methods, the same names (the
SHA-256 of the bytes), the same size limits and hash checks. It works inside the caller's unit
of work when one is open on the thread (``store.transaction()``, ``store.read()`` and
``store.connection()`` join it), so a blob written by a transaction that fails is rolled back
with the rows that referred to it.

There is no file to hand out: a caller that needs a real path (the system viewer) asks for a
private copy (``private_copy``), written and checked in the same per-user private folder the
encrypted store decrypts into for viewing (kpo_desk/core/crypto/files.py), and removed at exit.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlalchemy import bindparam, text

from kpo_desk.core.attachments import HEX64, StoredFile, safe_name, size_text
from kpo_desk.core.errors import StoreError, ValidationError

if TYPE_CHECKING:
    from kpo_desk.core.store import Store

TABLE = "attachment_blob"
_CHUNK = 1024 * 1024


def _checked(sha256: str) -> str:
    if not isinstance(sha256, str) or not HEX64.fullmatch(sha256):
        raise ValidationError(f"{sha256!r} is not an attachment's SHA-256.", field="sha256")
    return sha256


class DatabaseAttachmentStore:
    """Attachments as rows of ``attachment_blob`` (sha256, size, data) on the team server."""

    def __init__(self, store: Store, *, temp_root: Path | None = None) -> None:
        self._store = store
        self.read_only = store.read_only
        self._temp_root = temp_root

    def __repr__(self) -> str:
        return f"DatabaseAttachmentStore({self._store.location})"

    @property
    def where(self) -> str:
        return f"the team server's attachment table ({self._store.location})"

    # -- what a folder store has and this one has not -----------------------------------------
    @property
    def folder(self) -> Path:
        raise StoreError(f"The attachments of {self._store.location} are kept in the database, not "
                         "in a folder; nothing was changed.")

    def path_of(self, sha256: str) -> Path:
        _checked(sha256)
        raise StoreError(f"The attachments of {self._store.location} are kept in the database, not "
                         "as files; open a private copy instead. Nothing was changed.")

    # -- reading ---------------------------------------------------------------------------------
    def exists(self, sha256: str) -> bool:
        sha = _checked(sha256)
        with self._store.connection() as conn:
            return conn.execute(text(f"SELECT 1 FROM {TABLE} WHERE sha256 = :sha"), {"sha": sha}).first() is not None

    def read_bytes(self, sha256: str) -> bytes:
        """The bytes kept under ``sha256`` as they are (raises ``FileNotFoundError`` when none)."""
        sha = _checked(sha256)
        with self._store.connection() as conn:
            row = conn.execute(text(f"SELECT data FROM {TABLE} WHERE sha256 = :sha"), {"sha": sha}).first()
        if row is None:
            raise FileNotFoundError(f"attachment {sha[:12]} is not in {self.where}")
        return bytes(row[0])

    def open(self, sha256: str) -> BinaryIO:
        """A readable file of the bytes (as a folder store's ``open``, not checked here:
        ``problem`` and ``private_copy`` check)."""
        return io.BytesIO(self.read_bytes(sha256))

    def names(self) -> list[str]:
        """The SHA-256 of every blob kept, sorted."""
        with self._store.connection() as conn:
            return [r[0] for r in conn.execute(text(f"SELECT sha256 FROM {TABLE} ORDER BY sha256"))]

    def files(self) -> Iterator[tuple[str, Path]]:
        """No files: the bytes are rows (kept for the interface; backups of a server store are
        logical exports, which read each attachment with ``open``)."""
        return iter(())

    # -- writing ---------------------------------------------------------------------------------
    def _keep(self, sha: str, data: bytes, *, check_existing: bool) -> bool:
        """Insert the blob unless one is there (healed when its bytes no longer match); True when
        this call wrote it."""
        with self._store.transaction() as session:
            conn = session.connection()
            inserted = conn.execute(
                # No conflict target: with one, PostgreSQL requires the existing row to be
                # visible under row-level security, and an analyst may add the bytes of a file
                # that an engagement they cannot see holds too (the key is the only unique one).
                text(f"INSERT INTO {TABLE} (sha256, size, data) VALUES (:sha, :size, :data) "
                     "ON CONFLICT DO NOTHING"),
                {"sha": sha, "size": len(data), "data": data}).rowcount
            if inserted:
                return True
            if not check_existing:
                return False
            sound = conn.execute(
                text(f"SELECT size = :size AND encode(sha256(data), 'hex') = sha256 FROM {TABLE} "
                     "WHERE sha256 = :sha"), {"sha": sha, "size": len(data)}).scalar()
            # None: the row is there but row-level security hides it (an analyst adding a file
            # that another engagement holds too); its bytes are checked by check, not here.
            if sound is None or sound:
                return False
            conn.execute(text(f"UPDATE {TABLE} SET size = :size, data = :data WHERE sha256 = :sha"),
                         {"sha": sha, "size": len(data), "data": data})
            return True

    def put_bytes(self, data: bytes, *, name: str, check_existing: bool = True) -> StoredFile:
        """Keep ``data`` (in the caller's transaction when one is open). A blob already there
        under the same hash is kept, after checking its bytes unless ``check_existing`` is False."""
        data = bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        created = self._keep(sha, data, check_existing=check_existing)
        return StoredFile(sha, len(data), safe_name(name), created=created, given_name=name)

    def put_file(self, source: Path, *, name: str, limit: int, what: str = "file",
                 field: str | None = None) -> StoredFile:
        """Copy ``source`` in, hashing as it is read; refuses more than ``limit`` bytes (checked
        while reading too, for a file that grows)."""
        label = safe_name(name)
        digest, buffer = hashlib.sha256(), bytearray()
        try:
            with Path(source).open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    if len(buffer) + len(chunk) > limit:
                        raise ValidationError(f"The {what} '{label}' grew beyond {size_text(limit)} "
                                              "while it was copied.", field=field)
                    digest.update(chunk)
                    buffer += chunk
        except OSError as exc:
            raise ValidationError(f"The {what} '{label}' could not be copied: {exc.strerror or exc}.",
                                  field=field) from None
        sha = digest.hexdigest()
        created = self._keep(sha, bytes(buffer), check_existing=True)
        return StoredFile(sha, len(buffer), label, created, given_name=name)

    def discard(self, sha256s: Iterable[str], *, referenced: set[str]) -> None:
        """Remove the blobs of ``sha256s`` that no row references (after a failed transaction,
        what it added is not left behind)."""
        gone = sorted({_checked(s) for s in sha256s} - set(referenced))
        if not gone:
            return
        delete = (text(f"DELETE FROM {TABLE} WHERE sha256 IN :shas AND NOT EXISTS "
                       "(SELECT 1 FROM attachment a WHERE a.sha256 = attachment_blob.sha256)")
                  .bindparams(bindparam("shas", expanding=True)))
        try:
            with self._store.transaction() as session:
                session.connection().execute(delete, {"shas": gone})
        except StoreError:
            # An analyst may add blobs but not delete them (team mode): the clean-up after a
            # failed save is then left undone. A blob no attachment row refers to is visible to
            # managers only, and the failure being cleaned up after is what the caller reports.
            pass

    # -- checking --------------------------------------------------------------------------------
    def problem(self, sha256: str, size: int) -> str | None:
        """Why the blob of ``sha256`` is not as it was attached, or None when it is. The server
        hashes the bytes, so they do not travel to be checked."""
        try:
            sha = _checked(sha256)
        except ValidationError:
            return "has a stored name that is not a SHA-256"
        with self._store.connection() as conn:
            row = conn.execute(text(f"SELECT size, length(data), encode(sha256(data), 'hex') FROM {TABLE} "
                                    "WHERE sha256 = :sha"), {"sha": sha}).first()
        if row is None:
            return f"is missing from {self.where}"
        recorded, length, digest = row
        if length != size or recorded != size or digest != sha:
            return "has changed since it was attached (its SHA-256 no longer matches)"
        return None

    # -- a real file, for the system viewer -------------------------------------------------------
    def private_copy(self, sha256: str, name: str) -> Path:
        """A checked copy of ``sha256`` named ``name`` (cleaned by ``safe_name``), 0600, in a new
        0700 folder under the per-user private folder that the encrypted store's viewer copies
        use (emptied at exit, and after a crash at the next start). Nothing is left if it fails."""
        from kpo_desk.core.crypto.files import _private_root, private_temp_root

        label = safe_name(name, "attachment")
        try:
            data = self.read_bytes(sha256)
        except FileNotFoundError:
            raise ValidationError(f"The file of '{label}' is missing from {self.where}; run kpo-desk "
                                  "check.", field="attachment_id") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValidationError(f"'{label}' has changed since it was attached, or is damaged; run "
                                  "kpo-desk check.", field="attachment_id")
        root = _private_root(self._temp_root or private_temp_root(), create=True)
        assert root is not None
        folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))  # 0700
        copy = folder / label
        try:
            fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return copy

    def clean_private_temp(self) -> int:
        from kpo_desk.core.crypto.files import clean_private_temp

        return clean_private_temp(self._temp_root)
