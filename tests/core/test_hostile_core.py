"""Issue 17, core side of the command-line items: the lock names what holds it, long mail bodies
are cut inside the limit with their marker, and a service's refusal names the mail's field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.lock import StoreLockedError, acquire_store_lock
from kpo_desk.core.mail.importer import CUT_MARKER, MAX_BODY, _mail_reason, cut_body
from kpo_desk.core.mail.parse import BODY_CHARS, count_messages, parse_eml_bytes, read_mail_file


def test_the_lock_names_the_command_that_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    with acquire_store_lock(db, purpose="kpo-desk import-mail"), pytest.raises(StoreLockedError) as refused:
        acquire_store_lock(db, wait=0.1)
    assert refused.value.holder is not None and refused.value.holder.purpose == "kpo-desk import-mail"
    assert refused.value.holder.describe().startswith("kpo-desk import-mail, pid ")
    with acquire_store_lock(db):  # released: free again, and a window's record names no command
        pass


def test_a_body_over_the_limit_is_cut_with_the_marker_inside_it() -> None:
    body = "x" * 3_000_000
    stored = cut_body(body)
    assert len(stored) == MAX_BODY and stored.endswith(CUT_MARKER)
    assert cut_body("x" * MAX_BODY) == "x" * MAX_BODY  # exactly at the limit: whole, no marker
    assert cut_body("short", cut=True) == "short" + CUT_MARKER  # cut while parsing: marked


def test_a_3_mb_body_is_cut_while_parsing_and_flagged() -> None:
    raw = (b"From: a@b.example\nSubject: long\nMessage-ID: <l@b.example>\n\n" + b"word " * 600_000)
    parsed = parse_eml_bytes(raw, "long.eml")
    assert parsed.body_cut and len(parsed.body) <= BODY_CHARS
    assert len(cut_body(parsed.body, cut=parsed.body_cut)) <= MAX_BODY


def test_a_refusal_names_the_field_as_mail_has_it() -> None:
    said = _mail_reason(ValidationError("Summary is too long (2,000,001 characters; the limit is 2000000).",
                                        field="body"))
    assert said.startswith("The message body is too long") and "Summary" not in said
    assert _mail_reason(ValidationError("Subject contains control characters.", field="subject")) == \
        "The subject contains control characters."
    assert _mail_reason(ValidationError("When it happened is required.", field="occurred_at")) == \
        "When it happened is required."


def test_an_mbox_is_counted_and_read_one_message_at_a_time(tmp_path: Path) -> None:
    box = tmp_path / "in.mbox"
    box.write_bytes(b"".join(b"From a@b Mon Mar  2 09:00:00 2026\nSubject: %d\nMessage-ID: <%d@b>\n\nhi\n\n" % (i, i)
                             for i in range(25)))
    assert count_messages(box) == 25
    messages = read_mail_file(box)
    first = next(messages)
    assert first.subject == "0" and first.message_id == "<0@b>"
    assert [m.subject for m in messages] == [str(i) for i in range(1, 25)]
