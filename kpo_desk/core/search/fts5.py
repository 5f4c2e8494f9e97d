"""The SQLite FTS5 search engine.

The indexes (``fts_*``, made by migration 0002) are external-content tables over the
records' own tables, kept in sync by triggers, with the unicode61 tokenizer folding
diacritics (``remove_diacritics 2``) and prefix indexes for 2 and 3 characters.

Two habits keep queries fast on a million log entries (FACTS.md): every MATCH carries a
LIMIT, and the MATCH runs first, in a materialised CTE, before anything is joined to it.
Snippets are made in Python from the 20 texts that made the cut (snippets.py says why).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Row, column, text
from sqlalchemy.sql.selectable import TextualSelect

from kpo_desk.core.search import Hit
from kpo_desk.core.search.query import SearchTerms, fts5_match_expression
from kpo_desk.core.search.results import ELLIPSIS, SNIPPET_WORDS, shape_hits
from kpo_desk.core.store import Store

#: Ranking looks at the most recently written matches, up to this many. A word that occurs in
#: a third of a million-row log would otherwise make every query score all of them (0.2-0.4 s
#: measured); with the window, a query costs the same whatever the size of the log, and
#: when fewer records match than this, the ranking is exact. In a log, recent is relevant.
RANK_WINDOW = 2000
__all__ = ["ELLIPSIS", "INDEXED", "RANK_WINDOW", "SNIPPET_WORDS", "Fts5Index", "ranked_sql"]


@dataclass(frozen=True)
class IndexedTable:
    """One FTS5 index: the table it covers, how its columns weigh, and how a hit is described."""

    kind: str
    table: str
    index: str
    weights: tuple[float, ...]
    #: selects (id, score, engagement_id, client_id, title, label, *indexed columns) from ``m``
    describe: str

    @property
    def rank_function(self) -> str:
        return f"bm25({self.index}, {', '.join(f'{w:g}' for w in self.weights)})"


INDEXED = {
    "client": IndexedTable(
        "client", "client", "fts_client", (4.0, 1.0, 1.0, 0.5),
        "SELECT m.id, m.score, NULL, k.id, k.name, k.name, k.name, k.industry, k.country, k.notes "
        "FROM m JOIN client k ON k.id = m.id"),
    "engagement": IndexedTable(
        "engagement", "engagement", "fts_engagement", (4.0, 2.0, 0.5),
        "SELECT m.id, m.score, e.id, e.client_id, e.title, e.code, e.code, e.title, e.description FROM m "
        "JOIN engagement e ON e.id = m.id"),
    "contact": IndexedTable(
        "contact", "contact", "fts_contact", (4.0, 2.0, 1.0),
        "SELECT m.id, m.score, NULL, p.client_id, p.name, k.name, p.name, p.email, p.role FROM m "
        "JOIN contact p ON p.id = m.id JOIN client k ON k.id = p.client_id"),
    "communication": IndexedTable(
        "communication", "communication", "fts_communication", (3.0, 1.0, 1.5),
        "SELECT m.id, m.score, c.engagement_id, e.client_id, c.subject, e.code, c.subject, c.body, "
        "c.sender FROM m "
        "JOIN communication c ON c.id = m.id JOIN engagement e ON e.id = c.engagement_id"),
}


def ranked_sql(ix: IndexedTable) -> str:
    """The one statement a search runs per index: MATCH first (newest ``:window`` matches,
    scored), then the best ``:n``, then the joins that describe them."""
    return (f"WITH w AS MATERIALIZED (SELECT rowid AS id, {ix.rank_function} AS score "
            f"FROM {ix.index} WHERE {ix.index} MATCH :q ORDER BY rowid DESC LIMIT :window), "
            f"m AS MATERIALIZED (SELECT id, score FROM w ORDER BY score, id LIMIT :n) "
            f"{ix.describe} ORDER BY m.score, m.id")


class Fts5Index:
    """``SearchIndex`` on SQLite FTS5."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- queries ---------------------------------------------------------------------------------
    def search(self, terms: SearchTerms, *, limit: int, kinds: Collection[str]) -> list[Hit]:
        with self.store.read() as session:
            conn = session.connection()
            found = self._search_kinds(conn, terms, limit, kinds)
            if not found and terms.can_widen:
                terms = terms.widened()
                found = self._search_kinds(conn, terms, limit, kinds)
        return shape_hits([(ix.kind, row) for ix, row in found], terms, limit)

    def _search_kinds(self, conn: Connection, terms: SearchTerms, limit: int,
                      kinds: Collection[str]) -> list[tuple[IndexedTable, Row]]:
        expression = fts5_match_expression(terms)
        params = {"q": expression, "window": RANK_WINDOW, "n": limit}
        return [(INDEXED[kind], row) for kind in kinds
                for row in conn.exec_driver_sql(ranked_sql(INDEXED[kind]), params).all()]

    def matching_ids(self, kind: str, terms: SearchTerms) -> TextualSelect:
        """Every matching id, each term a prefix (a filter wants recall, not speed of typing)."""
        ix = INDEXED[kind]
        terms = terms.widened()
        return (text(f"SELECT rowid FROM {ix.index} WHERE {ix.index} MATCH :fts_query")
                .bindparams(fts_query=fts5_match_expression(terms))
                .columns(column("rowid")))

    # -- upkeep ----------------------------------------------------------------------------------
    @contextmanager
    def bulk_load(self, conn: Connection, tables: Collection[str]) -> Iterator[None]:
        """Drop the sync triggers on ``tables``, let the caller insert, then put the triggers
        back and rebuild those indexes in one pass.

        The trigger DDL is read back from sqlite_master, so it stays defined in one place
        (the migration). SQLite DDL is transactional: if the caller's transaction rolls back,
        the triggers come back with it.
        """
        wanted = [ix for ix in INDEXED.values() if ix.table in tables]
        names = [ix.table for ix in wanted]
        marks = ", ".join("?" * len(names))
        triggers = conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fts~_%' "
            f"ESCAPE '~' AND tbl_name IN ({marks}) ORDER BY name", tuple(names)).all()
        for name, _sql in triggers:
            conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        yield
        for _name, sql in triggers:
            conn.exec_driver_sql(sql)
        for ix in wanted:
            _rebuild(conn, ix.index)

    def rebuild(self, conn: Connection) -> None:
        for ix in INDEXED.values():
            _rebuild(conn, ix.index)

    def integrity_problems(self) -> list[str]:
        """FTS5's own check that each index agrees with its table; empty means in sync."""
        problems = []
        with self.store.read() as session:
            conn = session.connection()
            for ix in INDEXED.values():
                try:
                    conn.exec_driver_sql(
                        f"INSERT INTO {ix.index}({ix.index}, rank) VALUES ('integrity-check', 1)")
                except Exception as exc:  # noqa: BLE001 - sqlite reports corruption as an error
                    problems.append(f"search index {ix.index}: {exc}")
        return problems


#: FTS5 settings a rebuild changes for its duration, with FTS5's defaults (sqlite.org/fts5.html,
#: "Configuration Options"): no merging while it runs, and 256 MB of room in memory for
#: pending terms before they are written out as a segment.
_REBUILD_SETTINGS = {"automerge": (0, 4), "crisismerge": (2000, 16), "hashsize": (256 * 1024 * 1024, 1024 * 1024)}


def _rebuild(conn: Connection, index: str) -> None:
    """Rebuild ``index`` from its table in one pass, then merge what was written ('optimize').

    A plain 'rebuild' writes a small segment for every megabyte of terms and merges segments
    level by level as it goes, so each entry is written many times over. Here the terms of up
    to 256 MB of text are gathered in memory (FTS5 grows its table as needed: a small index
    never uses the room), no merging happens while it runs, and one 'optimize' merges whatever
    segments there are; a million log entries end as one segment, written once (measured on
    1,000,000 communications: about 20 s of CPU for the plain rebuild, 7 s this way), the
    shape queries like best. The settings are then put back through FTS5 (so this connection
    sees them too), and the rows that setting them added to the index's config table are
    removed: the table holds exactly what it held before.
    """
    config = f"{index}_config"
    keys = tuple(_REBUILD_SETTINGS)
    marks = ", ".join("?" * len(keys))
    before = dict(conn.exec_driver_sql(f"SELECT k, v FROM {config} WHERE k IN ({marks})", keys).all())
    for key, (during, _default) in _REBUILD_SETTINGS.items():
        conn.exec_driver_sql(f"INSERT INTO {index}({index}, rank) VALUES (?, ?)", (key, during))
    conn.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
    conn.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('optimize')")
    for key, (_during, default) in _REBUILD_SETTINGS.items():
        conn.exec_driver_sql(f"INSERT INTO {index}({index}, rank) VALUES (?, ?)", (key, before.get(key, default)))
    added = [key for key in keys if key not in before]
    if added:
        conn.exec_driver_sql(f"DELETE FROM {config} WHERE k IN ({', '.join('?' * len(added))})", tuple(added))
