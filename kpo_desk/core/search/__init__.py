"""One search box for clients, engagements, contacts and communications.

Callers speak to the small ``SearchIndex`` interface (or the ``search`` function). SQLite
stores search with FTS5 (``fts5.py``), team servers with PostgreSQL's tsvector, unaccent and
pg_trgm (``postgres.py``), behind the same interface. Snippets mark matched words with ``HIGHLIGHT_START`` / ``HIGHLIGHT_END``,
two control characters that validation keeps out of stored text, so the markers can never
be confused with what a user wrote; ``Hit.marked`` and ``Hit.snippet_html`` turn them into
something to show.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection
from sqlalchemy.sql.selectable import TextualSelect

from kpo_desk.core.errors import ValidationError
from kpo_desk.core.search.query import SearchTerms, parse_query
from kpo_desk.core.store import Store

HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
KINDS = ("client", "engagement", "contact", "communication")
MAX_LIMIT = 500


@dataclass(frozen=True)
class Hit:
    """One search result.

    ``rank``: smaller is better (FTS5's bm25 on SQLite, minus ts_rank on PostgreSQL; compare
    ranks of one search, never across engines). ``label`` is what identifies the hit to a person
    (the engagement code for engagements and communications, the client name for clients and
    contacts); ``title`` is the record's own name or subject.
    """

    kind: str
    record_id: int
    engagement_id: int | None
    client_id: int | None
    title: str
    label: str
    snippet: str
    rank: float

    def marked(self, start: str = "[", end: str = "]") -> str:
        """The snippet with the highlight markers replaced by ``start`` and ``end``."""
        return self.snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)

    def snippet_html(self) -> str:
        """The snippet as safe HTML, matched words in ``<b>``: user text is escaped first."""
        return (html.escape(self.snippet, quote=False)
                .replace(HIGHLIGHT_START, "<b>").replace(HIGHLIGHT_END, "</b>"))


class SearchIndex(Protocol):
    """What an engine must offer. ``terms`` is never empty when these are called."""

    def search(self, terms: SearchTerms, *, limit: int, kinds: Collection[str]) -> list[Hit]:
        """The best ``limit`` hits over ``kinds``, best first."""

    def matching_ids(self, kind: str, terms: SearchTerms) -> TextualSelect:
        """A SELECT of the ids of every record of ``kind`` that matches, to use in ``IN (...)``."""

    def bulk_load(self, conn: Connection, tables: Collection[str]) -> AbstractContextManager[None]:
        """Suspend index upkeep on ``tables`` while rows pour in; resynchronise after."""

    def rebuild(self, conn: Connection) -> None:
        """Rebuild every index from its table (repairs an index that drifted)."""


def index_for(store: Store) -> SearchIndex:
    """The search engine that fits the store's database."""
    dialect = store.engine.dialect.name
    if dialect == "sqlite":
        from kpo_desk.core.search.fts5 import Fts5Index

        return Fts5Index(store)
    if dialect == "postgresql":
        from kpo_desk.core.search.postgres import PostgresIndex

        return PostgresIndex(store)
    raise NotImplementedError(f"No search engine for {dialect} yet.")


def check_kinds(kinds: Collection[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValidationError(f"'{unknown[0]}' is not something to search; choose among "
                              f"{', '.join(KINDS)}.", field="kinds")
    return tuple(k for k in KINDS if k in kinds)


def search(store: Store, query: str, *, limit: int = 20, kinds: Collection[str] | None = None) -> list[Hit]:
    """Find records by any word of ``query``, prefixes included, accents optional, best first.

    Hostile text (quotes, operators, ``*``, unbalanced parentheses) is searched for as words,
    never parsed as syntax; text with no words gives no hits.
    """
    wanted = check_kinds(kinds)
    terms = parse_query(query)
    if not terms or not wanted:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    return index_for(store).search(terms, limit=limit, kinds=wanted)


def iter_marked(hits: list[Hit]) -> Iterator[str]:
    """``kind  label  snippet`` lines, the form the command line prints."""
    for hit in hits:
        snippet = " ".join(hit.marked().split())
        yield f"{hit.kind}\t{hit.label}\t{snippet}"
