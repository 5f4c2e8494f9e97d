"""Attachments kept encrypted: the same methods as ``FolderAttachmentStore``, but every file is
AES-256-GCM ciphertext and no file name reveals what it holds.

**Names.** An attachment is still known everywhere by the SHA-256 of its plain bytes (the
``Attachment`` row, dedup, ``check``); on disk its name is HMAC-SHA256(names key, that SHA-256),
64 hex digits that tell nothing to someone without the key (a plain SHA-256 would let anyone
confirm that a known document is in the store).

**Format** (``KPOD-AE1``): a 32-byte header (8-byte magic, chunk size as 4 bytes big-endian, a
20-byte random salt), then the plaintext in 1 MiB chunks, each sealed with AES-256-GCM (16-byte
tag). Each file has its own key and nonce prefix, derived with HKDF from the content key and the
file's salt; a chunk's nonce is that 8-byte prefix + the 4-byte chunk counter, and its associated
data is the header + a last-chunk flag, so reordered, dropped, truncated or extended chunks are
refused. Big files stream in both directions; plaintext never touches the attachment folder.

**Keys.** ``AttachmentKeys`` holds two random 32-byte keys, content and names, kept (as 64 bytes)
inside the encrypted database, not in the key file.

**Viewing.** ``decrypt_to_private_temp`` writes a checked plain copy under a per-user folder in
the temp dir (0700, files 0600) for the system viewer; ``clean_private_temp`` removes this
process's copies at exit and the leftovers of processes that are gone (a crash) at start.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import io
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kpo_desk.core.attachments import (
    HEX64,
    FolderAttachmentStore,
    StoredFile,
    safe_name,
    size_text,
)
from kpo_desk.core.crypto.errors import AttachmentDecryptError
from kpo_desk.core.crypto.keys import KEY_BYTES, SecretBytes
from kpo_desk.core.errors import StoreError, ValidationError

MAGIC = b"KPOD-AE1"
CHUNK = 1024 * 1024
TAG_BYTES = 16
_SALT_BYTES = 20
HEADER_BYTES = len(MAGIC) + 4 + _SALT_BYTES
_MAX_CHUNK = 16 * 1024 * 1024
_MAX_CHUNKS = 2**32


@dataclass(frozen=True, slots=True)
class AttachmentKeys:
    """The content key and the names key of a store's attachments (``repr`` hides them)."""

    content: bytes = field(repr=False)
    names: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.content) != KEY_BYTES or len(self.names) != KEY_BYTES:
            raise ValueError("attachment keys are 32 bytes each")

    @classmethod
    def generate(cls) -> AttachmentKeys:
        return cls(SecretBytes(secrets.token_bytes(KEY_BYTES)), SecretBytes(secrets.token_bytes(KEY_BYTES)))

    def to_bytes(self) -> SecretBytes:
        """64 bytes to keep inside the encrypted database."""
        return SecretBytes(self.content + self.names)

    @classmethod
    def from_bytes(cls, blob: bytes) -> AttachmentKeys:
        if len(blob) != 2 * KEY_BYTES:
            raise StoreError("The store's attachment keys are damaged; restore a backup.")
        return cls(SecretBytes(blob[:KEY_BYTES]), SecretBytes(blob[KEY_BYTES:]))


def _file_cipher(keys: AttachmentKeys, salt: bytes) -> tuple[AESGCM, bytes]:
    material = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES + 8, salt=salt,
                    info=b"kpo-desk attachment v1").derive(keys.content)
    return AESGCM(material[:KEY_BYTES]), material[KEY_BYTES:]


def _read_full(read: Callable[[int], bytes], n: int) -> bytes:
    """``n`` bytes, fewer only at the end (a pipe or a slow file may return short reads)."""
    parts, got = [], 0
    while got < n:
        part = read(n - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def encrypt_stream(read: Callable[[int], bytes], write: Callable[[bytes], object],
                   keys: AttachmentKeys, *, limit: int | None = None,
                   on_limit: Callable[[int], BaseException] | None = None) -> tuple[str, int]:
    """Encrypt everything ``read`` gives into ``write``; returns the plaintext's (SHA-256, size).
    With ``limit``, more plaintext than that raises ``on_limit(size)`` while it streams."""
    salt = secrets.token_bytes(_SALT_BYTES)
    header = MAGIC + CHUNK.to_bytes(4, "big") + salt
    aes, prefix = _file_cipher(keys, salt)
    write(header)
    digest, size, counter = hashlib.sha256(), 0, 0
    current = _read_full(read, CHUNK)
    while True:
        size += len(current)
        if limit is not None and size > limit:
            raise on_limit(size) if on_limit else ValueError("too large")
        digest.update(current)
        following = _read_full(read, CHUNK) if len(current) == CHUNK else b""
        last = not following
        write(aes.encrypt(prefix + counter.to_bytes(4, "big"), current,
                          header + (b"\x01" if last else b"\x00")))
        if last:
            return digest.hexdigest(), size
        current, counter = following, counter + 1
        if counter >= _MAX_CHUNKS:
            raise ValueError("file too large for one attachment")


class DecryptingReader(io.RawIOBase):
    """The plaintext of one encrypted attachment file, read chunk by chunk. Damage or tampering
    raises ``AttachmentDecryptError``; with ``expected_sha256``, so does plaintext whose SHA-256
    differs (checked before the end of the file is reported)."""

    def __init__(self, fh: BinaryIO, keys: AttachmentKeys, *, label: str,
                 expected_sha256: str | None = None) -> None:
        super().__init__()
        self._fh, self._label, self._expected = fh, label, expected_sha256
        header = _read_full(fh.read, HEADER_BYTES)
        chunk = int.from_bytes(header[8:12], "big") if len(header) == HEADER_BYTES else 0
        if header[:8] != MAGIC or not 1024 <= chunk <= _MAX_CHUNK:
            fh.close()
            raise self._damaged()
        self._header, self._ct_size = header, chunk + TAG_BYTES
        self._aes, self._prefix = _file_cipher(keys, header[12:])
        self._counter, self._digest, self._buffer, self._done = 0, hashlib.sha256(), b"", False
        self.size = 0
        self._pending = _read_full(fh.read, self._ct_size)
        if not self._pending:
            fh.close()
            raise self._damaged()

    def _damaged(self) -> AttachmentDecryptError:
        return AttachmentDecryptError(
            f"The attachment {self._label} is damaged or was altered: it does not decrypt with "
            "this store's key. Run kpo-desk check, and restore a backup if it persists.")

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> bytes:
        following = _read_full(self._fh.read, self._ct_size)
        last = not following
        aad = self._header + (b"\x01" if last else b"\x00")
        try:
            plain = self._aes.decrypt(self._prefix + self._counter.to_bytes(4, "big"),
                                      self._pending, aad)
        except InvalidTag:
            raise self._damaged() from None
        self._pending, self._counter = following, self._counter + 1
        self._digest.update(plain)
        self.size += len(plain)
        if last:
            self._done = True
            self.sha256 = self._digest.hexdigest()
            if self._expected is not None and self.sha256 != self._expected:
                raise self._damaged()
        return plain

    def readinto(self, buffer) -> int:  # noqa: ANN001 - a writable buffer
        while not self._buffer and not self._done:
            self._buffer = self._next_chunk()
        n = min(len(buffer), len(self._buffer))
        buffer[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
        super().close()


# -- the private temporary folder ----------------------------------------------------------------

def private_temp_root() -> Path:
    """The fixed per-user folder, under the temp dir, that holds plain copies for viewing."""
    who = str(os.getuid()) if hasattr(os, "getuid") else re.sub(r"[^A-Za-z0-9_.-]", "_", getpass.getuser())
    return Path(tempfile.gettempdir()) / f"kpo-desk-private-{who}"


def _private_root(root: Path, *, create: bool) -> Path | None:
    """``root``, made (0700) when asked, and refused unless it is a real folder of ours that
    nobody else can enter (someone else could have made it first in a shared temp dir)."""
    if create:
        try:
            root.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"The private folder {root} cannot be made ({exc.strerror or exc}).") from None
    try:
        info = root.lstat()
    except FileNotFoundError:
        return None
    ours = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if not stat.S_ISDIR(info.st_mode) or not ours:
        raise StoreError(f"{root} is not a private folder of yours (it is a link, a file or "
                         "someone else's); remove it, then try again. Nothing was decrypted.")
    if stat.S_IMODE(info.st_mode) & 0o077 and sys.platform != "win32":
        os.chmod(root, 0o700)
    return root


def _pid_running(pid: int) -> bool:
    try:
        import psutil

        return psutil.pid_exists(pid)
    except ImportError:  # pragma: no cover - psutil is a dependency
        return True


def clean_private_temp(root: Path | None = None) -> int:
    """Remove the plain copies of this process and of processes no longer running (left by a
    crash); copies of another running KPO Desk are kept. Returns how many folders went."""
    folder = _private_root(root or private_temp_root(), create=False)
    if folder is None:
        return 0
    removed = 0
    for entry in folder.iterdir():
        pid_text = entry.name.split("-", 1)[0]
        pid = int(pid_text) if pid_text.isdigit() else None
        if pid is None or pid == os.getpid() or not _pid_running(pid):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
    return removed


# -- the store -------------------------------------------------------------------------------------

class EncryptedFolderAttachmentStore(FolderAttachmentStore):
    """Attachments as AES-256-GCM files under keyed-hash names in one owner-only folder."""

    def __init__(self, folder: Path, keys: AttachmentKeys, *, read_only: bool = False,
                 temp_root: Path | None = None) -> None:
        super().__init__(folder, read_only=read_only)
        self._keys = keys
        self._temp_root = temp_root

    def __repr__(self) -> str:
        return f"EncryptedFolderAttachmentStore({self._folder!s})"

    def stored_name(self, sha256: str) -> str:
        """The on-disk name of the attachment whose plain SHA-256 is ``sha256``."""
        if not isinstance(sha256, str) or not HEX64.fullmatch(sha256):
            raise ValidationError(f"{sha256!r} is not an attachment's SHA-256.", field="sha256")
        return hmac.new(self._keys.names, bytes.fromhex(sha256), hashlib.sha256).hexdigest()

    def path_of(self, sha256: str) -> Path:
        """Where the ciphertext of ``sha256`` is (named by keyed hash; not openable as is)."""
        return self._folder / self.stored_name(sha256)

    def open(self, sha256: str) -> BinaryIO:
        """A readable file of the plaintext, checked against ``sha256`` as it is read."""
        path = self.path_of(sha256)
        reader = DecryptingReader(path.open("rb"), self._keys, label=sha256[:12],
                                  expected_sha256=sha256)
        return io.BufferedReader(reader, buffer_size=CHUNK)  # type: ignore[return-value]

    def _verified(self, path: Path, sha256: str) -> tuple[str, int] | None:
        """(SHA-256, size) of the plaintext of ``path``, or None when it does not decrypt."""
        try:
            with path.open("rb") as fh:
                reader = DecryptingReader(fh, self._keys, label=sha256[:12])
                while reader.read(CHUNK):
                    pass
                return reader.sha256, reader.size
        except (AttachmentDecryptError, OSError):
            return None

    def _seal(self, target_dir: Path, read: Callable[[int], bytes], **limits: object) -> tuple[Path, str, int]:
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=target_dir)  # 0600
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                sha, size = encrypt_stream(read, out.write, self._keys, **limits)  # type: ignore[arg-type]
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return temp, sha, size

    def _place(self, temp: Path, sha: str) -> bool:
        """Rename the sealed ``temp`` to its name unless a good copy is there; True if it was."""
        target = self._folder / self.stored_name(sha)
        created = not target.exists()
        found = None if created else self._verified(target, sha)
        if found is None or found[0] != sha:  # heal a damaged copy with the good bytes
            os.replace(temp, target)
        else:
            temp.unlink()
        os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)
        return created

    def put_bytes(self, data: bytes, *, name: str, check_existing: bool = True) -> StoredFile:
        sha = hashlib.sha256(data).hexdigest()
        target = self.folder / self.stored_name(sha)
        found = self._verified(target, sha) if check_existing and target.is_file() else None
        if target.is_file() and (not check_existing or (found is not None and found[0] == sha)):
            return StoredFile(sha, len(data), safe_name(name), created=False, given_name=name)
        view = io.BytesIO(data)
        temp, _, _ = self._seal(self.folder, view.read)
        try:
            os.replace(temp, target)
            os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return StoredFile(sha, len(data), safe_name(name), created=True, given_name=name)

    def put_file(self, source: Path, *, name: str, limit: int, what: str = "file",
                 field: str | None = None) -> StoredFile:
        label = safe_name(name)
        folder = self.folder
        temp: Path | None = None
        try:
            with source.open("rb") as fh:
                temp, sha, size = self._seal(
                    folder, fh.read, limit=limit,
                    on_limit=lambda n: ValidationError(
                        f"The {what} '{label}' grew beyond {size_text(limit)} while it was copied.",
                        field=field))
            created = self._place(temp, sha)
        except OSError as exc:
            if temp is not None:
                temp.unlink(missing_ok=True)
            raise ValidationError(f"The {what} '{label}' could not be copied: {exc.strerror or exc}.",
                                  field=field) from None
        return StoredFile(sha, size, label, created, given_name=name)

    def content_problem(self, path: Path, info: os.stat_result, sha256: str, size: int) -> str | None:
        """Decrypting is the check: the file must open with this store's key and give back the
        bytes attached."""
        found = self._verified(path, sha256)
        if found is None:
            return "is damaged or was altered (it does not decrypt with this store's key)"
        if found != (sha256, size):
            return "has changed since it was attached (its SHA-256 no longer matches)"
        return None

    # -- plain copies for the system viewer ------------------------------------------------------
    def decrypt_to_private_temp(self, sha256: str, name: str) -> Path:
        """A checked plain copy of ``sha256`` named ``name`` (cleaned by ``safe_name``), in a new
        0700 folder under the private temp folder, 0600. Nothing is left if it fails."""
        root = _private_root(self._temp_root or private_temp_root(), create=True)
        assert root is not None
        folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))  # 0700
        copy = folder / safe_name(name, "attachment")
        try:
            fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as out, self.open(sha256) as fh:
                while chunk := fh.read(CHUNK):
                    out.write(chunk)
        except FileNotFoundError:
            shutil.rmtree(folder, ignore_errors=True)
            raise ValidationError(f"The file of '{safe_name(name)}' is missing from the attachment "
                                  "folder; run kpo-desk check.", field="attachment_id") from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return copy

    def clean_private_temp(self) -> int:
        return clean_private_temp(self._temp_root)
