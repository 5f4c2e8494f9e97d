"""Turning what a person types into a safe full-text query.

People type words, names, codes (``ACME-2026-003``), addresses and stray punctuation.
None of it may reach the engine as syntax: quotes, ``*``, ``-``, ``OR``, ``NEAR`` and
parentheses are the user's text, not operators. So the text is cut into terms at white
space; each term keeps only its letters and digits, and becomes one quoted phrase. Every
term must match (AND). The last term also matches as a prefix, because it is the one
still being typed ("prefix last", the usual rule of search-as-you-type boxes); the
words before it are whole words, which keeps a two-word query on a million-row log
fast. Engines retry with every term as a prefix when that finds nothing, so ``pat zur``
still finds "patent ... Zürich". The result is engine-neutral data (``SearchTerms``);
each engine renders it in its own syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

#: More terms than this add nothing a person means and only slow the engine down.
MAX_TERMS = 12
#: A single word longer than this is not a word anybody searches for.
MAX_TERM_LENGTH = 64
#: A one-letter Latin prefix matches most of the log and says nothing; it is matched as a
#: whole word instead. (One CJK character is a meaningful prefix, and a cheap one.)
MIN_LATIN_PREFIX = 2
_WORD = re.compile(r"[^\W_]+")
#: Letters of scripts written without spaces between words (Han, kana, Hangul).
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]")
#: A CJK term this long or longer may also match inside a run of characters (where an engine
#: can: PostgreSQL's trigram index); a shorter one has no trigram to look up and matches as a
#: prefix of a run, as everywhere.
MIN_INSIDE_RUN = 3


def matches_inside_runs(words: tuple[str, ...]) -> bool:
    """Whether a term is CJK text long enough to be looked for inside runs of characters:
    Chinese and Japanese put no spaces between words, so ``特許事務`` is inside ``東京特許事務所``."""
    return any(_CJK.search(w) for w in words) and len(" ".join(words)) >= MIN_INSIDE_RUN


@dataclass(frozen=True)
class SearchTerms:
    """The words of a query. Each term is a tuple of words that must appear in that order
    (``ACME-2026`` is the phrase ``acme 2026``). ``every_prefix`` makes each term, not only
    the last, match as a prefix."""

    terms: tuple[tuple[str, ...], ...]
    every_prefix: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)

    def is_prefix(self, index: int) -> bool:
        """Whether the last word of term ``index`` may match as a prefix."""
        if index != len(self.terms) - 1 and not self.every_prefix:
            return False
        last = self.terms[index][-1]
        return len(last) >= MIN_LATIN_PREFIX or not last.isascii()

    def widened(self) -> SearchTerms:
        """The same words with every term a prefix (the retry when nothing matched)."""
        return replace(self, every_prefix=True)

    @property
    def can_widen(self) -> bool:
        return not self.every_prefix and len(self.terms) > 1


def parse_query(text: str | None) -> SearchTerms:
    """Split user text into terms. Never raises; empty or punctuation-only text gives no terms."""
    if not text:
        return SearchTerms(())
    normalised = unicodedata.normalize("NFKC", str(text))
    terms: list[tuple[str, ...]] = []
    for chunk in normalised.split():
        words = tuple(w[:MAX_TERM_LENGTH].lower() for w in _WORD.findall(chunk))
        if words and words not in terms:
            terms.append(words)
        if len(terms) == MAX_TERMS:
            break
    return SearchTerms(tuple(terms))


def fts5_match_expression(terms: SearchTerms) -> str:
    """Render terms as an FTS5 MATCH expression: ``"acme 2026" AND "zurich"*``.

    Inside double quotes FTS5 treats everything as text to tokenise, and the words hold
    only letters and digits, so no operator can leak through.
    """
    return " AND ".join('"' + " ".join(words).replace('"', '""') + '"' + ("*" if terms.is_prefix(i) else "")
                        for i, words in enumerate(terms.terms))
