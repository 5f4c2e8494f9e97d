"""The recovery sheet PDF (one page, the key in groups that read back to the same key) and the
passphrase strength hint."""

from __future__ import annotations

import io
import secrets
import stat
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from kpo_desk.core.crypto.keys import format_recovery_key, parse_recovery_key
from kpo_desk.core.crypto.recovery_sheet import (
    INSTRUCTIONS,
    key_groups,
    recovery_sheet_pdf,
    write_recovery_sheet,
)
from kpo_desk.core.crypto.strength import passphrase_strength
from kpo_desk.core.errors import StoreError

STORE = Path("/home/jürgen/Zürich office/store.sqlite3")


def _text(pdf: bytes) -> tuple[int, str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages), "\n".join(page.extract_text() or "" for page in doc.pages)


def test_the_sheet_is_one_page_whose_key_reads_back_to_the_same_key() -> None:
    raw = secrets.token_bytes(32)
    key = format_recovery_key(raw)
    pdf = recovery_sheet_pdf(store_path=STORE, recovery_key=key, made_on=date(2026, 12, 2))
    pages, text = _text(pdf)
    assert pages == 1
    assert str(STORE) in text
    assert "2 Dec 2026" in text
    groups = key_groups(key)
    assert len(groups) == 12 and all(len(g) == 5 for g in groups)
    for group in groups:
        assert group in text
    # What a person types from the sheet, group after group as printed, opens the key.
    printed = [word for word in text.split() if word in groups]
    assert printed == groups
    assert bytes(parse_recovery_key(" ".join(printed))) == raw
    assert "Use the recovery key" in text and "kpo-desk recover" in text.replace("\n", " ")
    assert "not even the makers" in text.replace("\n", " ")


def test_the_sheet_is_deterministic_and_differs_per_key() -> None:
    key = format_recovery_key(bytes(range(32)))
    first = recovery_sheet_pdf(store_path=STORE, recovery_key=key, made_on=date(2026, 12, 2))
    again = recovery_sheet_pdf(store_path=STORE, recovery_key=key, made_on=date(2026, 12, 2))
    other = recovery_sheet_pdf(store_path=STORE, recovery_key=format_recovery_key(bytes(32)),
                               made_on=date(2026, 12, 2))
    assert first == again
    assert first != other


def test_saved_sheet_is_owner_only_and_refuses_a_missing_folder(tmp_path: Path) -> None:
    key = format_recovery_key(secrets.token_bytes(32))
    target = write_recovery_sheet(tmp_path / "sheet.pdf", store_path=STORE, recovery_key=key,
                                  made_on=date(2026, 1, 5))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _text(target.read_bytes())[0] == 1
    with pytest.raises(StoreError, match="does not exist"):
        write_recovery_sheet(tmp_path / "nowhere" / "sheet.pdf", store_path=STORE, recovery_key=key,
                             made_on=date(2026, 1, 5))
    assert not (tmp_path / "nowhere").exists()


def test_every_instruction_prints_whole() -> None:
    key = format_recovery_key(secrets.token_bytes(32))
    _pages, text = _text(recovery_sheet_pdf(store_path=STORE, recovery_key=key, made_on=date(2026, 1, 5)))
    flat = " ".join(text.split())
    for paragraph in INSTRUCTIONS:
        assert " ".join(paragraph.split()) in flat


@pytest.mark.parametrize(("weaker", "stronger"), [
    ("password", "correct horse battery staple"),
    ("aaaaaaaaaaaa", "mango tuesday violin harbour"),
    ("abcd1234", "Tr0ub4dor&3"),
    ("qwertyuiop", "qwfpgjluy;"),
])
def test_strength_orders_passphrases_as_a_guesser_would(weaker: str, stronger: str) -> None:
    assert passphrase_strength(weaker).bits < passphrase_strength(stronger).bits


def test_strength_hint_words() -> None:
    assert passphrase_strength("").label == "Very weak"
    weak = passphrase_strength("summer24")
    assert weak.level <= 1 and "four or five unrelated words" in weak.hint
    strong = passphrase_strength("mango tuesday violin harbour")
    assert strong.level == 4 and strong.hint == "Strong."
