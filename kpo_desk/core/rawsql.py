"""Helpers for the few hot queries written as plain SQL (see FACTS.md and issue 10).

SQLite's planner picks a better plan when fixed sets (statuses, states) reach it as literals:
a partial index is usable only when the query repeats its condition's literals, and bound
``IN (?, ?, ?)`` lists hide how selective a condition is. The literals here are the app's own
enum values, never user input, and are checked to be plain words before they are spliced in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

_WORD = re.compile(r"[a-z0-9_]+")


def literals(values: Iterable[str | Enum]) -> str:
    """``'a', 'b'`` for use inside ``IN (...)``; raises ``ValueError`` for anything but a plain word."""
    out = []
    for value in values:
        text = value.value if isinstance(value, Enum) else value
        if not isinstance(text, str) or not _WORD.fullmatch(text):
            raise ValueError(f"not a plain SQL word: {text!r}")
        out.append(f"'{text}'")
    if not out:
        raise ValueError("an empty IN list")
    return ", ".join(out)


def placeholders(count: int) -> str:
    """``?, ?, ?`` for ``count`` bound values (the list of ids itself is always bound)."""
    return ", ".join("?" * count)
