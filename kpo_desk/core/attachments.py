"""Where attachment bytes live: one ``AttachmentStore`` for evidence, mail attachments, the JSON
import, backup, restore and ``check``.

Files are named by their SHA-256, so a file is kept once however often it is attached, and any
later change to it is detectable. The name the user knew is kept in the ``Attachment`` row,
cleaned by ``safe_name``. ``FolderAttachmentStore`` keeps the files in a folder beside the store
file (0700, files 0600); an encrypted folder and a server-side table are further implementations
of the same few methods, and nothing outside this module builds an attachment path.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kpo_desk.core.errors import StoreError, ValidationError
from kpo_desk.core.files import write_private

#: What an attachment's stored name is: the lowercase hex SHA-256 of its bytes, nothing else.
HEX64 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
#: Characters that reorder or hide text (U+202E makes "invoice\u202etxt.exe" read "invoiceexe.txt").
_BIDI_AND_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
#: Names Windows reserves for devices, with or without an extension ("CON", "aux.txt").
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def attachments_folder(store_path: Path) -> Path:
    """The folder beside a store file that holds its attachments: ``<stem>-attachments``."""
    return store_path.with_name(store_path.stem + "-attachments")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def safe_name(name: str, fallback: str = "attachment") -> str:
    """A file name that is only a name, safe to show and to save a copy under.

    The last path component only (``../../etc/passwd`` is ``passwd``, ``C:\\x\\NDA.pdf`` is
    ``NDA.pdf``); no control, reserved, bidi-override or invisible characters; no leading dots;
    a Windows device name (``CON``, ``aux.txt``) gets a leading underscore; at most 255 characters,
    keeping a short extension."""
    text = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    text = _BIDI_AND_INVISIBLE.sub("", text)
    text = _UNSAFE.sub("_", text).strip().lstrip(".").strip().rstrip(".")
    if _WINDOWS_RESERVED.match(text):
        text = "_" + text
    if len(text) > 255:
        stem, dot, ext = text.rpartition(".")
        text = (stem[: 250 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else text[:255]
    return text or fallback


def given_name_note(stored: StoredFile) -> dict[str, str]:
    """For the audit trail: the name a file came with, when ``safe_name`` changed it (a bidi
    override, a device name, a path); shown and saved under the clean one, kept as it was."""
    if stored.given_name and stored.given_name != stored.original_name:
        return {"name_as_given": stored.given_name}
    return {}


def size_text(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file now in the attachment store; ``created`` when this call put it there."""

    sha256: str
    size: int
    original_name: str  # the name cleaned by ``safe_name``: what is shown and saved
    created: bool
    given_name: str = ""  # the name as it came, kept for the audit trail when it differs


class FolderAttachmentStore:
    """Attachments as files named by hash in one owner-only folder."""

    def __init__(self, folder: Path, *, read_only: bool = False) -> None:
        self._folder = folder
        self.read_only = read_only

    @property
    def folder(self) -> Path:
        """The folder, created (0700) on first use unless read-only."""
        if self._folder.is_symlink():
            raise StoreError(f"The attachments folder {self._folder} is a link to somewhere else; "
                             "KPO Desk keeps attachments only in a real folder beside the store. "
                             "Nothing was changed.")
        if not self.read_only:
            try:
                self._folder.mkdir(mode=0o700, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"The attachments folder {self._folder} cannot be created "
                                 f"({exc.strerror or exc}); nothing was saved.") from None
        return self._folder

    def path_of(self, sha256: str) -> Path:
        """Where the bytes of ``sha256`` are; a name that is not a SHA-256 is refused, so no
        stored or imported value can point outside the folder."""
        if not isinstance(sha256, str) or not HEX64.fullmatch(sha256):
            raise ValidationError(f"{sha256!r} is not an attachment's SHA-256.", field="sha256")
        return self._folder / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        return self.path_of(sha256).open("rb")

    def put_bytes(self, data: bytes, *, name: str, check_existing: bool = True) -> StoredFile:
        """Keep ``data`` (written whole or not at all, 0600). A file already there under the same
        hash is kept, after checking its bytes unless ``check_existing`` is False (a bulk load
        into a new folder, such as the demo)."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.folder / sha
        if target.is_file() and (not check_existing or file_sha256(target) == sha):
            return StoredFile(sha, len(data), safe_name(name), created=False, given_name=name)
        write_private(target, data)
        return StoredFile(sha, len(data), safe_name(name), created=True, given_name=name)

    def put_file(self, source: Path, *, name: str, limit: int, what: str = "file",
                 field: str | None = None) -> StoredFile:
        """Copy ``source`` in, hashing as it streams; refuses more than ``limit`` bytes (checked
        while copying too, for a file that grows). The copy goes to a temporary file that is
        renamed, so a crash leaves no half file under a hash name."""
        label = safe_name(name)
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.folder)  # created 0600
        temp = Path(temp_name)
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise ValidationError(f"The {what} '{label}' grew beyond {size_text(limit)} "
                                              "while it was copied.", field=field)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self._folder / sha
            created = not target.exists()
            if created or file_sha256(target) != sha:  # heal a damaged copy with the good bytes
                os.replace(temp, target)
            else:
                temp.unlink()
            os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise ValidationError(f"The {what} '{label}' could not be copied: {exc.strerror or exc}.",
                                  field=field) from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return StoredFile(sha, size, label, created, given_name=name)

    def discard(self, sha256s: Iterable[str], *, referenced: set[str]) -> None:
        """Remove the files of ``sha256s`` that no row references (after a failed transaction,
        what it added is not left behind)."""
        for sha in sha256s:
            if sha not in referenced:
                self.path_of(sha).unlink(missing_ok=True)

    def problem(self, sha256: str, size: int) -> str | None:
        """Why the file of ``sha256`` is not as it was attached, or None when it is."""
        try:
            path = self.path_of(sha256)
        except ValidationError:
            return "has a stored name that is not a SHA-256"
        try:
            info = path.lstat()
        except FileNotFoundError:
            return f"is missing from {path.parent}"
        except OSError as exc:
            return f"cannot be read ({exc.strerror or exc})"
        if not stat.S_ISREG(info.st_mode):
            return "is not a plain file in the attachment folder"
        changed = self.content_problem(path, info, sha256, size)
        if changed:
            return changed
        if stat.S_IMODE(info.st_mode) & 0o077:
            return f"is readable by other users (mode {stat.S_IMODE(info.st_mode):o}; expected 600)"
        return None

    def content_problem(self, path: Path, info: os.stat_result, sha256: str, size: int) -> str | None:
        """Why the bytes at ``path`` are not those attached (a plain folder: size and hash)."""
        if info.st_size != size or file_sha256(path) != sha256:
            return "has changed since it was attached (its SHA-256 no longer matches)"
        return None

    def files(self) -> Iterator[tuple[str, Path]]:
        """(relative name, path) of every plain file in the folder, sorted (for backups)."""
        if not self._folder.is_dir():
            return
        for path in sorted(self._folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(self._folder).as_posix(), path
