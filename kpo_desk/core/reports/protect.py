"""A report password: the client PDF encrypted with AES-256, to send by mail while the password
travels another way (a call, a text message).

``protect_pdf(pdf, password)`` takes the finished PDF's bytes and returns the encrypted PDF's
bytes (pypdf, the PDF 2.0 standard security handler, ``algorithm="AES-256"``): every page,
string and stream is encrypted, the document information (title, author) included, so nothing of
the report is readable without the password.

**Not the same bytes twice.** An unprotected report is deterministic: the same data and the same
record give the same bytes (``reprint_matches``). Encryption adds random salts, a random file key
and random initialisation vectors, so protecting the same PDF twice gives different bytes. The
report record keeps the SHA-256 of the bytes actually written (the protected file, which is
what was sent), and, in its settings, the SHA-256 of the PDF before protection, so that a
re-print can still be compared with what was sent.

The password is never stored, logged or put into a message. The owner password (which lifts
permissions) is random and thrown away: the recipient needs only the one password.
"""

from __future__ import annotations

import io
import secrets

from kpo_desk.core.errors import ValidationError

#: AES-256 (revision 6) uses at most the first 127 bytes of the UTF-8 password; a longer one
#: would be cut silently, so it is refused instead.
MAX_PASSWORD_BYTES = 127
MIN_PASSWORD_CHARS = 8
ALGORITHM = "AES-256"


def check_report_password(password: str) -> str:
    """The password as given, or one sentence saying why it cannot protect a report."""
    if not isinstance(password, str) or not password:
        raise ValidationError("Type a password for the report.", field="password")
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValidationError(f"A report password needs at least {MIN_PASSWORD_CHARS} characters; a "
                              "shorter one is guessed in moments.", field="password")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise ValidationError(f"A report password can be at most {MAX_PASSWORD_BYTES} bytes long (PDF "
                              "readers ignore the rest).", field="password")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        raise ValidationError("A report password cannot contain control characters (such as a tab).",
                              field="password")
    return password


def protect_pdf(pdf: bytes, password: str) -> bytes:
    """``pdf`` encrypted with AES-256 under ``password`` (see the module's docstring: the result
    differs on every call, because of the random salts)."""
    from pypdf import PdfReader, PdfWriter

    check_report_password(password)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(32), algorithm=ALGORITHM)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
