"""Highlighted snippets, made in Python from the few records that made the cut.

FTS5's own ``snippet()`` must re-run the MATCH for every row it highlights, and on SQLite
before 3.43 a ``rowid IN (...)`` restriction is not pushed into the index: highlighting
20 hits for a common word took 0.1-0.8 s on a million-row log. Highlighting the 20 texts
here costs microseconds, whatever the engine, and folds accents and case the way the
unicode61 tokenizer does (``remove_diacritics 2``), so ``zurich`` lights up ``Zürich``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from kpo_desk.core.search.query import SearchTerms, matches_inside_runs

_WORD = re.compile(r"[^\W_]+")
#: Letters that unicode61 folds but Unicode does not decompose.
_EXTRA_FOLDS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i"})


def fold(word: str) -> str:
    """Case- and accent-free form of ``word``, as the search index sees it."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_EXTRA_FOLDS)


#: How far into one text a snippet looks for a match (imported mail may hold megabytes).
SCAN_TOKENS = 20_000


@dataclass(frozen=True)
class _Matcher:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    #: CJK terms that may match inside a run of characters (query.matches_inside_runs)
    inside: tuple[str, ...] = ()

    def __call__(self, folded: str) -> bool:
        return (folded in self.exact or folded.startswith(self.prefixes)
                or any(part in folded for part in self.inside))


def _matcher(terms: SearchTerms) -> _Matcher:
    exact: set[str] = set()
    prefixes: list[str] = []
    inside: list[str] = []
    for index, words in enumerate(terms.terms):
        if matches_inside_runs(words):
            inside += [fold(word) for word in words]
        for i, word in enumerate(words):
            if i == len(words) - 1 and terms.is_prefix(index):
                prefixes.append(fold(word))
            else:
                exact.add(fold(word))
    return _Matcher(frozenset(exact), tuple(prefixes), tuple(inside))


def make_snippet(texts: Sequence[str | None], terms: SearchTerms, *, start: str, end: str,
                 ellipsis: str = "…", words: int = 14) -> str:
    """About ``words`` words around the first match, from the first text (in column order:
    subject before body, name before notes) that has one; matches are marked.

    The work is bounded: a text is read only up to its first match plus the window.
    """
    matches = _matcher(terms)
    fallback = next((t for t in texts if t), "")
    for text in texts:
        if not text:
            continue
        before: list[re.Match[str]] = []
        window: list[tuple[re.Match[str], bool]] = []
        found = False
        for count, token in enumerate(_WORD.finditer(text)):
            hit = matches(fold(token.group()))
            if not found:
                if hit:
                    found = True
                    window = [(t, matches(fold(t.group()))) for t in before[-(words // 3):]] if words // 3 else []
                    window.append((token, True))
                else:
                    before.append(token)
                    if len(before) > words:
                        del before[: len(before) - words]
                    if count > SCAN_TOKENS:
                        break
            elif len(window) < words:
                window.append((token, hit))
            else:
                return _render(text, window, more=True, start=start, end=end, ellipsis=ellipsis)
        if found:
            return _render(text, window, more=False, start=start, end=end, ellipsis=ellipsis)
    return " ".join(fallback[:300].split())


def _render(text: str, window: list[tuple[re.Match[str], bool]], *, more: bool, start: str, end: str,
            ellipsis: str) -> str:
    first = window[0][0]
    out = [ellipsis if first.start() > 0 and _WORD.search(text, 0, first.start()) else ""]
    cursor = first.start() if out[0] else 0
    for token, hit in window:
        out.append(text[cursor:token.start()])
        out.append(f"{start}{token.group()}{end}" if hit else token.group())
        cursor = token.end()
    if more:
        out.append(text[cursor:cursor + 1] if not text[cursor:cursor + 1].isspace() else "")
        out.append(ellipsis)
    else:
        out.append(text[cursor:])
    return " ".join("".join(out).split())
