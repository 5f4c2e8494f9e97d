"""Shared by the catalog tests: the messages the code marks, and a .po catalog as a dict."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def code_messages(sources: Iterable[str], keywords: dict) -> set[object]:
    """Every message the ``sources`` (paths under the source tree) mark with ``keywords``: a
    msgid, or a (singular, plural) tuple."""
    found: set[object] = set()
    for path in sources:
        for _line, message, _comments, _context in extract_from_file("python", ROOT / path, keywords=keywords):
            found.add(message)
    return found


def catalog_strings(path: Path) -> dict[object, object]:
    """The .po file's translations by msgid (a tuple for plural messages); a fuzzy entry fails."""
    with path.open("rb") as fh:
        catalog = read_po(fh)
    have = {}
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, (path, message.id)
        have[message.id if isinstance(message.id, str) else tuple(message.id)] = message.string
    return have
