"""Logging mail files on an engagement.

Each message goes in with its own transaction: the entry, its participants, its
attachments and its audit event commit together or not at all. A message whose
Message-ID is already in the store is skipped and reported as a duplicate, so importing
the same files again changes nothing. A broken file or message is reported by name and
the rest of the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session, col, select

from kpo_desk.core.attachments import safe_name
from kpo_desk.core.enums import Channel, Direction
from kpo_desk.core.errors import KpoDeskError
from kpo_desk.core.mail.parse import MAX_FILE_BYTES, MailFormatError, ParsedMessage, read_mail_file
from kpo_desk.core.models import Attachment, Communication, Contact, Engagement, Staff
from kpo_desk.core.services import base
from kpo_desk.core.services.communications import log_communication
from kpo_desk.core.store import Store
from kpo_desk.core.wording import count

MAX_SUBJECT = 500
#: The limit of a communication's text (services/communications.py); a longer body is cut so
#: that it fits with the marker inside the limit.
MAX_BODY = 2_000_000
CUT_MARKER = "\n[… cut: the message was too long]"
#: ``progress(files_done, files_total, current_file_name)``
Progress = Callable[[int, int, str], None]
#: How the importer names a communication's fields for a mail message (the forms' labels,
#: such as "Summary", are wrong here).
_MAIL_FIELDS = {"body": ("Summary", "The message body"), "subject": ("Subject", "The subject")}


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class ImportedMessage:
    where: str
    communication_id: int
    subject: str
    attachments: int


@dataclass(frozen=True)
class DuplicateMessage:
    where: str
    message_id: str
    communication_id: int  # the entry that already holds it


@dataclass(frozen=True)
class FailedImport:
    where: str
    reason: str


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file of the batch, in one sentence (``line``)."""

    name: str
    imported: int
    duplicates: int
    failures: tuple[str, ...]

    @property
    def refused(self) -> bool:
        return not self.imported and not self.duplicates and bool(self.failures)

    @property
    def line(self) -> str:
        if self.refused and len(self.failures) == 1:
            return self.failures[0]
        if len(self.failures) == 0 and self.imported + self.duplicates == 1:
            return f"{self.name}: " + ("imported" if self.imported else "skipped (already imported)")
        parts = []
        if self.imported:
            parts.append(f"{count(self.imported, 'message')} imported")
        if self.duplicates:
            parts.append(f"{self.duplicates:,} skipped (already imported)")
        if self.failures:
            prefix = f"{self.name}, "
            why = "; ".join(f[len(prefix):] if f.startswith(prefix) else f for f in self.failures)
            parts.append(f"{len(self.failures):,} not imported ({why})")
        return f"{self.name}: " + (", ".join(parts) or "no messages in it")


def _sentence(name: str, exc: MailFormatError) -> str:
    """``notes.csv is not a mail file (.eml, .mbox, .msg)``: the file's name, then what is wrong."""
    text = str(exc)
    return f"{name} {text[3:]}" if text.startswith("it ") else f"{name}: {text}"


@dataclass
class ImportResult:
    """What a batch did, for the GUI's summary and the command's output."""

    imported: list[ImportedMessage] = field(default_factory=list)
    duplicates: list[DuplicateMessage] = field(default_factory=list)
    failed: list[FailedImport] = field(default_factory=list)
    cancelled: bool = False
    #: One entry per file read, in the order given.
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def refused_files(self) -> list[FileOutcome]:
        return [f for f in self.files if f.refused]

    def lines(self) -> list[str]:
        """One sentence per file: what was imported, skipped or refused, and why."""
        return [f.line for f in self.files]

    def summary(self) -> str:
        parts = [f"{count(len(self.imported), 'message')} imported"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates):,} already imported, so skipped")
        if self.failed:
            parts.append(f"{len(self.failed):,} could not be imported")
        text = ", ".join(parts) + "."
        if self.cancelled:
            text += " The import was cancelled; the messages after that point were not read."
        return text[0].upper() + text[1:]


def own_domains(store: Store) -> set[str]:
    """The firm's own mail domains, from the setting ``own_domains`` (comma separated)."""
    raw = store.get_setting("own_domains", "")
    return {d.strip().lstrip("@").lower() for d in raw.replace(";", ",").split(",") if d.strip()}


def infer_direction(sender: str, recipients: Iterable[str], domains: set[str]) -> Direction:
    """From us to us is internal, from us outbound, anything else inbound."""

    def ours(address: str) -> bool:
        return address.rsplit("@", 1)[-1].lower() in domains

    if sender and ours(sender):
        to = list(recipients)
        return Direction.INTERNAL if to and all(ours(a) for a in to) else Direction.OUTBOUND
    return Direction.INBOUND


def import_mail(store: Store, paths: Sequence[str | os.PathLike[str]], *, engagement_id: int,
                progress: Progress | None = None, cancel: CancelFlag | None = None,
                max_bytes: int = MAX_FILE_BYTES, result: ImportResult | None = None,
                on_message: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Import .eml, .mbox and .msg files onto one engagement. Safe to run from a worker thread.

    Each message commits on its own, so ``cancel`` is honoured between messages (an mbox of
    thousands stops within one message) and what was imported stays imported; a re-run skips
    it by Message-ID. Pass ``result`` to see the counts even when the import is interrupted by
    an exception; ``on_message(result)`` is called after each message (for progress)."""
    with store.read() as s:
        engagement = base.get_or_fail(s, Engagement, engagement_id, "engagement", field="engagement")
        contacts = {c.email.lower(): c.id for c in s.exec(select(Contact).where(
            Contact.client_id == engagement.client_id, Contact.email != ""))}
        staff = {m.email.lower(): m.id for m in s.exec(select(Staff).where(Staff.email != ""))}
    context = _Context(store, engagement_id, own_domains(store), contacts, staff)
    result = ImportResult() if result is None else result
    files = [Path(p) for p in paths]
    for done, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
        if result.cancelled:
            break
        if progress:
            progress(done, len(files), path.name)
        before = len(result.imported), len(result.duplicates), len(result.failed)
        try:
            for item in read_mail_file(path, max_bytes=max_bytes):
                if isinstance(item, MailFormatError):
                    result.failed.append(FailedImport(path.name, str(item)))
                else:
                    context.import_message(item, path, result)
                if on_message is not None:
                    on_message(result)
                if cancel is not None and cancel.is_set():
                    result.cancelled = True
                    break
        except MailFormatError as exc:
            result.failed.append(FailedImport(path.name, _sentence(path.name, exc)))
        result.files.append(FileOutcome(
            path.name, len(result.imported) - before[0], len(result.duplicates) - before[1],
            tuple(f.reason for f in result.failed[before[2]:])))
    else:
        if progress:
            progress(len(files), len(files), "")
    return result


@dataclass
class _Context:
    store: Store
    engagement_id: int
    domains: set[str]
    contacts: dict[str, int]
    staff: dict[str, int]

    def import_message(self, msg: ParsedMessage, path: Path, result: ImportResult) -> None:
        written: list[str] = []
        try:
            with self.store.transaction() as session:
                existing = session.exec(select(Communication.id).where(
                    Communication.message_id == msg.message_id)).first()
                if existing is not None:
                    result.duplicates.append(DuplicateMessage(msg.where, msg.message_id, existing))
                    return
                addresses = [msg.sender_address, *msg.recipient_addresses]
                comm = log_communication(
                    self.store, **self._communication(msg, path),
                    contact_ids=[self.contacts[a] for a in addresses if a in self.contacts],
                    staff_ids=[self.staff[a] for a in addresses if a in self.staff],
                    note={"imported_from": msg.where} | _names_as_sent(msg))
                for attachment in msg.attachments:
                    self._attach(session, comm, attachment.name, attachment.data, written)
            result.imported.append(ImportedMessage(msg.where, comm.id, comm.subject, len(msg.attachments)))
        except (KpoDeskError, OSError) as exc:
            _remove_unreferenced(self.store, written)
            reason = _mail_reason(exc) if isinstance(exc, KpoDeskError) else (exc.strerror or str(exc))
            result.failed.append(FailedImport(msg.where, f"{msg.where}: {reason}"))

    def _communication(self, msg: ParsedMessage, path: Path) -> dict[str, Any]:
        """The fields of the communication one message becomes."""
        when = msg.sent_at or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        subject = msg.subject[:MAX_SUBJECT]
        body = cut_body(msg.body, cut=msg.body_cut)
        return dict(
            engagement_id=self.engagement_id, channel=Channel.EMAIL,
            direction=infer_direction(msg.sender_address, msg.recipient_addresses, self.domains),
            occurred_at=when, subject=subject or ("" if body else "(no subject)"), body=body,
            sender=msg.sender[:500], recipients=msg.recipients, language=msg.language,
            message_id=msg.message_id)

    def _attach(self, session: Session, comm: Communication, name: str, data: bytes,
                written: list[str]) -> None:
        stored = self.store.attachments.put_bytes(data, name=name)
        if stored.created:
            written.append(stored.sha256)
        session.add(Attachment(communication_id=comm.id, sha256=stored.sha256,
                               original_name=stored.original_name, size=stored.size))
        base.flush(session)


def _names_as_sent(msg: ParsedMessage) -> dict[str, list[str]]:
    """For the audit trail: attachment names as the message carried them, where ``safe_name``
    changed them (a right-to-left override, a device name, a path)."""
    changed = [a.name for a in msg.attachments if safe_name(a.name) != a.name]
    return {"attachment_names_as_sent": changed} if changed else {}


def cut_body(body: str, *, cut: bool = False) -> str:
    """``body`` as it is stored: within ``MAX_BODY`` characters, the marker included when it
    had to be cut (here, or already while parsing: ``cut``)."""
    body = body.strip()
    if not cut and len(body) <= MAX_BODY:
        return body
    return body[:MAX_BODY - len(CUT_MARKER)].rstrip() + CUT_MARKER


def _mail_reason(exc: KpoDeskError) -> str:
    """A service's sentence, with the field named as a mail message has it."""
    form_label, mail_label = _MAIL_FIELDS.get(exc.field or "", ("", ""))
    if form_label and exc.message.startswith(form_label):
        return mail_label + exc.message[len(form_label):]
    return exc.message


def _remove_unreferenced(store: Store, written: list[str]) -> None:
    """After a failed message, the files it added that no row references go again."""
    if not written:
        return
    with store.read() as s:
        referenced = set(s.exec(select(Attachment.sha256).where(col(Attachment.sha256).in_(written))))
    store.attachments.discard(written, referenced=referenced)
