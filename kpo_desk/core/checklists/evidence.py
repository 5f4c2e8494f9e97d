"""Evidence files: kept in the store's ``AttachmentStore`` (kpo_desk/core/attachments.py),
named by SHA-256, so any later change is detectable (``attachment_problems``, run by
``kpo-desk check``). The name the user knew is kept in the ``Attachment`` row, cleaned by
``safe_name``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from kpo_desk.core import audit
from kpo_desk.core.attachments import StoredFile, given_name_note, safe_name, size_text
from kpo_desk.core.enums import AuditAction
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.models import Attachment, ChecklistItem
from kpo_desk.core.services import base
from kpo_desk.core.store import Store

#: The largest evidence file accepted: a scanned contract is a few MB; a video is not evidence.
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024
_CHUNK = 1024 * 1024


def store_file(store: Store, source: str | os.PathLike[str], *, name: str | None = None) -> StoredFile:
    """Copy ``source`` into the attachment folder under its SHA-256 (mode 0600).

    Refuses folders, missing files and files over ``MAX_EVIDENCE_BYTES`` with one sentence.
    The copy is written to a temporary file and renamed, so a crash leaves no half file
    under a hash name.
    """
    path = Path(source)
    label = safe_name(name or path.name, "evidence")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ValidationError(f"The evidence file {path} does not exist.", field="evidence") from None
    except OSError as exc:
        raise ValidationError(f"The evidence file {path} cannot be read: {exc.strerror or exc}.",
                              field="evidence") from None
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(f"{path} is not a file.", field="evidence")
    if info.st_size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"The evidence file '{label}' is {size_text(info.st_size)}; the limit is "
            f"{size_text(MAX_EVIDENCE_BYTES)}. Attach a smaller extract or a signed summary.",
            field="evidence")
    stored = store.attachments.put_file(path, name=label, limit=MAX_EVIDENCE_BYTES,
                                        what="evidence file", field="evidence")
    return replace(stored, given_name=str(name or path.name))


def discard_new_files(store: Store, files: Iterable[StoredFile]) -> None:
    """Remove files this operation added, after its transaction failed (nothing is left behind)."""
    new = [f.sha256 for f in files if f.created]
    if not new:
        return
    with store.read() as s:
        referenced = set(s.exec(select(Attachment.sha256).where(Attachment.sha256.in_(new))))
    store.attachments.discard(new, referenced=referenced)


def check_expiry(expires_on: date | None, today: date) -> date | None:
    if expires_on is not None and expires_on <= today:
        raise ValidationError(f"That evidence expired on {expires_on.isoformat()}; attach current "
                              "evidence instead.", field="expires_on")
    return expires_on


def attach(session: Session, store: Store, item: ChecklistItem, files: Iterable[StoredFile],
           expires_on: date | None) -> list[Attachment]:
    """Add attachment rows for stored files to ``item``, audited, inside the caller's transaction."""
    rows = []
    for f in files:
        a = Attachment(checklist_item_id=item.id, sha256=f.sha256, original_name=f.original_name,
                       size=f.size, expires_on=expires_on)
        session.add(a)
        base.flush(session)
        audit.record_event(session, actor=store.actor, action=AuditAction.CREATE, obj=a,
                           new=audit.snapshot(a) | given_name_note(f))
        rows.append(a)
    return rows


def add_evidence(store: Store, *, item_id: int, path: str | os.PathLike[str],
                 expires_on: date | None = None, today: date | None = None) -> Attachment:
    """Attach one evidence file to a checklist item, whatever the item's state."""
    check_expiry(expires_on, today or date.today())
    with store.read() as s:
        base.get_or_fail(s, ChecklistItem, item_id, "checklist item", field="item_id")
    stored = store_file(store, path)
    try:
        with store.transaction() as session:
            item = base.get_or_fail(session, ChecklistItem, item_id, "checklist item", field="item_id")
            (row,) = attach(session, store, item, [stored], expires_on)
    except BaseException:
        discard_new_files(store, [stored])
        raise
    return row


def remove_evidence(store: Store, *, attachment_id: int) -> dict[str, Any]:
    """Detach an evidence file (audited). The file stays in the folder, so the removal can be undone."""
    return base.delete(store, Attachment, attachment_id)


def list_evidence(store: Store, item_id: int) -> list[Attachment]:
    with store.read() as s:
        return list(s.exec(select(Attachment).where(Attachment.checklist_item_id == item_id)
                           .order_by(Attachment.added_at, Attachment.id)))


def evidence_path(store: Store, attachment_id: int) -> Path:
    """Where an attachment's bytes are kept (named by hash); refuses one whose file is missing."""
    with store.read() as s:
        a = base.get_or_fail(s, Attachment, attachment_id, "attachment", field="attachment_id")
    path = store.attachments.path_of(a.sha256)
    if not path.is_file():
        raise ValidationError(f"The file of '{a.original_name}' is missing from the attachment folder; "
                              "run kpo-desk check.", field="attachment_id")
    return path


_cleanup_registered = False


def evidence_copy_for_viewing(store: Store, attachment_id: int) -> Path:
    """A private copy under the original name, for the system viewer (which needs the extension).

    The copy is checked against the hash first, so the viewer never shows altered evidence.
    For an encrypted store it is decrypted into the per-user private folder (0700), which is
    emptied when the process exits and, after a crash, when a store is next opened; a team
    server's blob is copied there too.
    """
    if not store.is_server:
        evidence_path(store, attachment_id)  # refuses a missing file with its sentence
    with store.read() as s:
        a = base.get_or_fail(s, Attachment, attachment_id, "attachment", field="attachment_id")
    if store.encrypted or store.is_server:
        from kpo_desk.core.crypto.files import AttachmentDecryptError, clean_private_temp

        global _cleanup_registered
        if not _cleanup_registered:
            import atexit

            atexit.register(clean_private_temp)
            _cleanup_registered = True
        if store.is_server:  # the bytes are rows: a checked copy in the same private folder
            return store.attachments.private_copy(a.sha256, a.original_name)
        try:
            return store.attachments.decrypt_to_private_temp(a.sha256, a.original_name)
        except AttachmentDecryptError:
            raise ValidationError(f"'{a.original_name}' has changed since it was attached, or is "
                                  "damaged; run kpo-desk check.", field="attachment_id") from None
    folder = Path(tempfile.mkdtemp(prefix="kpo-desk-evidence-"))  # 0700
    copy = folder / safe_name(a.original_name, "evidence")
    digest = hashlib.sha256()
    fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, store.attachments.open(a.sha256) as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != a.sha256:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationError(f"'{a.original_name}' has changed since it was attached; "
                              "run kpo-desk check.", field="attachment_id")
    return copy


def attachment_problems(store: Store) -> list[str]:
    """Attachments whose file is missing, changed (hash or size) or readable by others.

    Each file is hashed once however many rows share it; an empty list means all is well.
    """
    with store.read() as s:
        rows = list(s.exec(select(Attachment.id, Attachment.sha256, Attachment.original_name,
                                  Attachment.size).order_by(Attachment.id)))
    if not rows:
        return []
    attachments = store.attachments
    verdict: dict[str, str | None] = {}
    problems = []
    for attachment_id, sha, name, size in rows:
        if sha not in verdict:
            verdict[sha] = attachments.problem(sha, size)
        if verdict[sha]:
            problems.append(f"attachment {attachment_id} '{name}' {verdict[sha]}")
    return problems
