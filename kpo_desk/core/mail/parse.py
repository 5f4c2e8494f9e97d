"""Reading mail files into plain ``ParsedMessage`` values, with no store involved.

.eml and .mbox go through the standard ``email`` package with ``policy.default``, which
decodes RFC 2047 headers, walks multipart bodies and decodes charsets and transfer
encodings. .msg (Outlook) goes through extract-msg, imported lazily. Any problem with a
file or message raises ``MailFormatError`` with one sentence, which the importer reports
next to the file's name while the rest of the batch goes on.
"""

from __future__ import annotations

import hashlib
import io
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.feedparser import BytesFeedParser
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from kpo_desk.core.mail.html_text import html_to_text

#: A mail file bigger than this is refused (a mailbox of years belongs in several files).
MAX_FILE_BYTES = 200 * 1024 * 1024
SUFFIXES = (".eml", ".mbox", ".msg")
#: A body's text is cut to this many characters as soon as it is decoded, before it is cleaned
#: or converted from HTML: a 50 MB body then costs one decoded copy, not five. (The importer
#: cuts it again, to the store's limit, with a marker.) HTML keeps more, as its tags go.
BODY_CHARS = 2_000_100
HTML_CHARS = 8_000_000
_CHUNK = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class MailFormatError(ValueError):
    """A file or message that cannot be read as mail; the text is one sentence."""


@dataclass(frozen=True)
class MailAttachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMessage:
    """One message, decoded. ``where`` names it for messages (``inbox.mbox, message 3``)."""

    where: str
    message_id: str
    subject: str
    sender: str  # the From: header as a person reads it
    sender_address: str
    recipients: str  # To: and Cc:, as a person reads them
    recipient_addresses: tuple[str, ...]
    sent_at: datetime | None
    body: str
    language: str
    attachments: tuple[MailAttachment, ...] = field(default=())
    #: True when the body was cut while parsing (it was longer than ``BODY_CHARS``).
    body_cut: bool = False


def clean_text(text: str) -> str:
    """Drop control characters (validation refuses them; mail is full of them)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def synthetic_message_id(raw: bytes) -> str:
    """A stable id for a message that has none, so that importing it twice is still caught."""
    return _synthetic_id(hashlib.sha256(raw).hexdigest())


def _synthetic_id(sha256_hex: str) -> str:
    return f"<sha256-{sha256_hex[:40]}@no-message-id.kpo-desk.invalid>"


def check_size(path: Path, max_bytes: int = MAX_FILE_BYTES) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MailFormatError(f"it cannot be read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise MailFormatError("it is a folder, not a mail file")
    if size > max_bytes:
        raise MailFormatError(f"it is too large ({size / 1024 / 1024:,.0f} MB; the limit is "
                              f"{max_bytes / 1024 / 1024:,.0f} MB)")
    if size == 0:
        raise MailFormatError("it is empty")


def read_mail_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[ParsedMessage | MailFormatError]:
    """Yield each message of ``path``, or a ``MailFormatError`` for each one that is broken.

    Raises ``MailFormatError`` when the file as a whole cannot be read.
    """
    check_size(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".msg":
        yield read_msg(path)
    elif suffix == ".mbox":
        yield from read_mbox(path)
    elif suffix == ".eml":
        with path.open("rb") as fh:
            yield parse_eml_stream(fh, path.name)
    else:
        raise MailFormatError(f"it is not a mail file ({', '.join(SUFFIXES)})")


def count_messages(path: Path) -> int:
    """How many messages ``path`` holds, as ``read_mail_file`` will see them (an mbox is read
    line by line for its 'From ' separators, never held whole); 1 for .eml and .msg."""
    if path.suffix.lower() != ".mbox":
        return 1
    found = 0
    try:
        with path.open("rb") as fh:
            for line in fh:
                if line.startswith(b"From "):
                    found += 1
    except OSError:
        return 0
    return found


def read_mbox(path: Path) -> Iterator[ParsedMessage | MailFormatError]:
    """Each message of an mbox, read from the file one at a time (only their offsets are kept)."""
    with path.open("rb") as fh:
        if not fh.read(5) == b"From ":
            raise MailFormatError("it is not an mbox mailbox (it does not start with a 'From ' line)")
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            where = f"{path.name}, message {number}"
            try:
                with box.get_file(key) as fh:
                    parsed = parse_eml_stream(fh, where)
                yield parsed
            except MailFormatError as exc:
                yield MailFormatError(f"{where}: {exc}")
    finally:
        box.close()


def parse_eml_bytes(raw: bytes, where: str) -> ParsedMessage:
    return parse_eml_stream(io.BytesIO(raw), where)


def parse_eml_stream(fh: BinaryIO, where: str) -> ParsedMessage:
    """Parse one message read from ``fh`` in chunks: the raw message is never held whole beside
    its parse (a 50 MB body took 600 MB through ``parsebytes``, about half that fed in chunks)."""
    parser = BytesFeedParser(policy=policy.default)
    digest = hashlib.sha256()
    try:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            parser.feed(chunk)
        msg = parser.close()
    except OSError as exc:
        raise MailFormatError(f"it cannot be read ({exc.strerror or exc})") from None
    except Exception as exc:  # noqa: BLE001 - the parser is lenient; this is a last resort
        raise MailFormatError(f"it is not a mail message ({exc})") from None
    try:
        return _parsed(msg, where, digest.hexdigest())
    except MailFormatError:
        raise
    except (IndexError, ValueError, TypeError, AttributeError, LookupError) as exc:
        # The standard library's header parser has its own crashes ("From: <" raises IndexError):
        # a header nobody can read makes the message unreadable, not the app.
        raise MailFormatError(f"it is not a mail message (a header cannot be read: "
                              f"{exc.__class__.__name__})") from None


def _parsed(msg: object, where: str, digest: str) -> ParsedMessage:
    if not isinstance(msg, EmailMessage) or not any(msg.get(h) for h in ("From", "Date", "Message-ID",
                                                                           "Subject")):
        raise MailFormatError("it is not a mail message (no From, Date, Message-ID or Subject header)")
    sender = _header(msg, "From")
    to_cc = [v for v in (_header(msg, "To"), _header(msg, "Cc")) if v]
    message_id = _header(msg, "Message-ID").strip() or _synthetic_id(digest)
    body, body_cut = _body(msg)
    return ParsedMessage(
        where=where, message_id=message_id[:998], subject=_header(msg, "Subject"), sender=sender,
        sender_address=_first_address(msg.get_all("From", [])),
        recipients=", ".join(to_cc), recipient_addresses=_addresses(msg.get_all("To", []) + msg.get_all("Cc", [])),
        sent_at=_date(msg.get("Date")), body=body, language=_language(_header(msg, "Content-Language")),
        attachments=tuple(_attachments(msg)), body_cut=body_cut)


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - a defective header reads as empty, not as a crash
        return ""
    return " ".join(clean_text(str(value)).split()) if value is not None else ""


def _addresses(values: list) -> tuple[str, ...]:
    found = []
    for _name, address in getaddresses([str(v) for v in values]):
        address = address.strip().lower()
        if "@" in address and address not in found:
            found.append(address)
    return tuple(found)


def _first_address(values: list) -> str:
    addresses = _addresses(values)
    return addresses[0] if addresses else ""


def _date(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 5322 "-0000": the zone is unknown; UTC is the honest reading
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _language(value: str) -> str:
    first = value.split(",")[0].strip()
    return first if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", first) else ""


def _decoded(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # unknown or lying charset: keep what can be read
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _body(msg: EmailMessage) -> tuple[str, bool]:
    """The message's text, and whether it had to be cut (see ``BODY_CHARS``)."""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", False
    text = _decoded(part)
    html = part.get_content_subtype() == "html"
    limit = HTML_CHARS if html else BODY_CHARS
    cut = len(text) > limit
    if cut:
        text = text[:limit]
    if html:
        text = html_to_text(text)
    text = clean_text(text).strip()
    if len(text) > BODY_CHARS:
        text, cut = text[:BODY_CHARS], True
    return text, cut


def _attachments(msg: EmailMessage) -> Iterator[MailAttachment]:
    for number, part in enumerate(msg.iter_attachments(), start=1):
        try:
            data = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001 - an undecodable attachment is skipped, not fatal
            continue
        if data is None:  # a message/rfc822 part: keep it as the .eml it is
            data = part.as_bytes() if part.get_content_type() == "message/rfc822" else b""
        name = part.get_filename() or f"attachment-{number}{_extension(part.get_content_type())}"
        yield MailAttachment(name=name, content_type=part.get_content_type(), data=bytes(data))


def _extension(content_type: str) -> str:
    return {"message/rfc822": ".eml", "text/plain": ".txt", "text/html": ".html",
            "application/pdf": ".pdf"}.get(content_type, ".bin")


def read_msg(path: Path) -> ParsedMessage:
    """An Outlook .msg through extract-msg."""
    try:
        import extract_msg

        msg = extract_msg.openMsg(str(path))
    except Exception as exc:  # noqa: BLE001 - extract-msg raises many kinds for a bad file
        raise MailFormatError(f"it is not an Outlook message ({exc.__class__.__name__})") from None
    try:
        sender = clean_text(msg.sender or "")
        to_cc = [clean_text(v) for v in (msg.to, msg.cc) if v]
        body = clean_text(msg.body or "").strip()
        if not body and getattr(msg, "htmlBody", None):
            html = msg.htmlBody
            body = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
        sent = msg.date if isinstance(msg.date, datetime) else None
        if sent is not None:
            sent = (sent if sent.tzinfo else sent.replace(tzinfo=UTC)).astimezone(UTC)
        raw_id = (msg.messageId or "").strip()
        attachments = []
        for number, att in enumerate(msg.attachments, start=1):
            data = getattr(att, "data", None)
            if isinstance(data, bytes):
                name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) \
                    or f"attachment-{number}.bin"
                attachments.append(MailAttachment(name=name, content_type="application/octet-stream", data=data))
        return ParsedMessage(
            where=path.name, message_id=(raw_id or synthetic_message_id(path.read_bytes()))[:998],
            subject=" ".join(clean_text(msg.subject or "").split()), sender=" ".join(sender.split()),
            sender_address=_first_address([sender]), recipients=", ".join(to_cc),
            recipient_addresses=_addresses(to_cc), sent_at=sent, body=body, language="",
            attachments=tuple(attachments))
    finally:
        msg.close()
