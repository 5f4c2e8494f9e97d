"""The PostgreSQL search engine: the same box, the same behaviour as FTS5 on SQLite.

Migrations 0002 and 0008 make, on the server (their upgrade functions say how):

- ``search_vector``: a record's weighted ``simple`` tsvector over text folded by
  ``kpo_search_words`` (unaccent, lower case, and every run of anything but letters and
  digits one space, so words break where SQLite's unicode61 breaks them), preceded by the
  bigrams of its CJK runs (``kpo_search_cjk``: ``~ab`` for every two adjacent characters, at
  consecutive positions), a generated column the server keeps (the models do not know it),
  GIN-indexed;
- ``kpo_search_text_<table>(columns)``: the record's text in lower case, the bigrams' source.

A query is the same ``SearchTerms`` as on SQLite: every term must match, a phrase's words in
order (``<->``), the last word of the last term as a prefix (``:*``), with the same retry
with every term a prefix. The user's words are folded by the server's own function (one small
statement per search turns them into tsqueries, then each table's statement takes those as
values), so query and index can never fold differently; they only ever reach SQL as bound
parameters, and a tsquery only between quotes, holding letters and digits.

Chinese and Japanese write no spaces between words, so a CJK term of three or more characters
also matches inside a run (``特許事務`` finds ``東京特許事務所``): as the phrase of its bigrams
(``'~特許' <-> '~許事' <-> '~事務'``), which the same GIN index answers, exactly, whatever the
server's locale. A term that mixes CJK with other letters or words (``東京-abc``) is found by
its CJK runs' bigrams, then rechecked with LIKE over the few records they found.

Ranking mirrors FTS5's: the newest ``RANK_WINDOW`` matches are scored (``ts_rank`` with the
SQLite column weights and length normalisation, negated so that smaller is better, as bm25),
and snippets are made in Python from the shown hits (snippets.py), so both engines mark the
same words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, column, text
from sqlalchemy.sql.selectable import TextualSelect

from kpo_desk.core.search import Hit
from kpo_desk.core.search.fts5 import INDEXED, RANK_WINDOW
from kpo_desk.core.search.query import _CJK, SearchTerms, matches_inside_runs
from kpo_desk.core.search.results import shape_hits
from kpo_desk.core.store import Store

#: ts_rank divides by 1 + the log of the record's length, as bm25 favours short records: on
#: 50,000 communications, 42 of 44 palette searches (bench_search's queries, entities and log
#: apart) then list the same hits in the same order as FTS5, against 31 without.
RANK_NORMALISATION = 1


@dataclass(frozen=True)
class ServerDocument:
    """One table's search document on the server, as migration 0002 defines it."""

    kind: str
    table: str
    #: the function's arguments, in its order
    columns: tuple[str, ...]
    #: ts_rank's weights for the classes {D, C, B, A}: the FTS5 column weights, scaled to 1
    weights: tuple[float, float, float, float]

    def vector(self, alias: str = "t") -> str:
        return f"{alias}.search_vector"

    def words(self, alias: str = "t") -> str:
        return f"kpo_search_text_{self.table}({', '.join(f'{alias}.{c}' for c in self.columns)})"

    @property
    def weight_array(self) -> str:
        return "'{" + ", ".join(f"{w:g}" for w in self.weights) + "}'::float4[]"


#: Weight classes (migration 0002's PG_DOCUMENTS): A the title-like column, B the next, C the
#: long text. The numbers are INDEXED's FTS5 weights divided by the largest.
DOCUMENTS = {
    "client": ServerDocument("client", "client", ("name", "industry", "country", "notes"),
                             (0.0, 0.125, 0.25, 1.0)),
    "engagement": ServerDocument("engagement", "engagement", ("code", "title", "description"),
                                 (0.0, 0.125, 0.5, 1.0)),
    "contact": ServerDocument("contact", "contact", ("name", "email", "role"), (0.0, 0.25, 0.5, 1.0)),
    "communication": ServerDocument("communication", "communication", ("subject", "sender", "body"),
                                    (0.0, 1 / 3, 0.5, 1.0)),
}


#: A run of CJK letters (the query module's ranges), as migration 0008 cuts the text into bigrams.
_CJK_RUN = re.compile(f"(?:{_CJK.pattern})+")


@dataclass(frozen=True)
class ServerQuery:
    """``SearchTerms`` for PostgreSQL: SQL expressions of the tsqueries (and, for terms that mix
    CJK with other letters, the LIKE patterns) over the bound ``params``. ``plain`` is every
    term but the mixed ones, a CJK term found inside runs as its first bigram, and ``exact``
    the phrase of all its bigrams, checked on the rows that ``plain`` finds; ``mixed`` holds,
    for each mixed term, its words, its CJK runs' bigrams and its LIKE pattern; ``rank`` holds
    every term's words, for scoring.

    Why ``exact`` apart: the planner prices a phrase as if its words were independent, so
    three bigrams of a common phrase (in 28,000 of 1,000,000 communications) were estimated at
    29 rows, and it fetched every match through the index (0.4-0.5 s) instead of walking the
    newest rows (60-100 ms, measured on a loaded machine). One bigram it estimates well, and
    ``ts_match_vq`` (the function of ``@@``, which no index can take) checks the phrase on
    the rows it finds: a search for a CJK term never costs more than one for a two-character
    prefix of it."""

    plain: str | None
    exact: str | None
    mixed: tuple[tuple[str, str, str], ...]
    rank: str
    params: dict[str, str]

    def condition(self, doc: ServerDocument) -> str:
        """The WHERE condition on ``doc``'s table (alias ``t``)."""
        v = doc.vector()
        clauses = [f"{v} @@ {self.plain}"] if self.plain else []
        clauses += [f"ts_match_vq({v}, {self.exact})"] if self.exact else []
        clauses += [f"({v} @@ {words} OR ({v} @@ {grams} AND {doc.words()} LIKE {pattern}))"
                    for words, grams, pattern in self.mixed]
        return " AND ".join(clauses)

    def resolved(self, conn: Connection) -> ServerQuery:
        """The same query with every expression worked out by the server once, in one round
        trip, and passed back as a value: the statements then hold plain tsquery parameters,
        which a cached generic plan (psycopg prepares a statement run five times) can match
        against the index without folding the words again for every row."""
        return self.with_values(conn.execute(text(self.resolve_sql()), self.params).one())

    def resolve_sql(self) -> str:
        """One SELECT of every tsquery and pattern, as text, in the order ``with_values`` reads.

        It also asks for custom plans until the transaction ends: a search repeated five times
        on a connection gets prepared by psycopg, and a generic plan cannot tell a rare word
        (use the GIN index) from a common one (walk the newest rows): measured on 50,000
        communications, a rare prefix went from 8 to 24 ms with the generic plan.
        """
        return (f"SELECT {', '.join(f'({e})::text' for e in self._expressions())}, "
                f"set_config('plan_cache_mode', 'force_custom_plan', true)")

    def with_values(self, values: Sequence[str]) -> ServerQuery:
        """The query over the values ``resolve_sql`` selected (its last column is not one)."""
        values = values[:len(self._expressions())]
        names = [f"rq{i}" for i in range(len(values))]
        params = dict(zip(names, values, strict=True))
        refs = iter(names)
        plain = f"CAST(:{next(refs)} AS tsquery)" if self.plain else None
        exact = f"CAST(:{next(refs)} AS tsquery)" if self.exact else None
        rank = f"CAST(:{next(refs)} AS tsquery)"
        mixed = tuple((f"CAST(:{next(refs)} AS tsquery)", f"CAST(:{next(refs)} AS tsquery)", f":{next(refs)}")
                      for _term in self.mixed)
        return ServerQuery(plain, exact, mixed, rank, params)

    def _expressions(self) -> list[str]:
        return ([self.plain] if self.plain else []) + ([self.exact] if self.exact else []) + [self.rank] + [e for term in self.mixed for e in term]


_AND = " || ' & ' || "
_THEN = " || ' <-> ' || "
_QUOTE = "''''"


def _tsquery(phrases: list[str]) -> str:
    return f"to_tsquery('pg_catalog.simple'::regconfig, {_AND.join(f'({p})' for p in phrases)})"


def bigram_tsquery(words: tuple[str, ...], *, first_only: bool = False) -> str:
    """The tsquery of the CJK runs in ``words`` as migration 0008 indexes them: each run the
    phrase of its bigrams (``'~特許' <-> '~許事'``), a run of one character any bigram it starts
    (``'~東':*``), all runs ANDed; ``first_only``: the first bigram of the first run alone. The
    runs hold CJK letters only, never a quote or an operator."""
    phrases = []
    for run in (r for word in words for r in _CJK_RUN.findall(word)):
        if first_only:
            return f"'~{run[:2]}'" + (":*" if len(run) == 1 else "")
        if len(run) == 1:
            phrases.append(f"'~{run}':*")
        else:
            phrases.append("(" + " <-> ".join(f"'~{run[i:i + 2]}'" for i in range(len(run) - 1)) + ")")
    return " & ".join(phrases)


def server_query(terms: SearchTerms, prefix: str = "sq") -> ServerQuery:
    """Render ``terms`` for the server.

    Each word is a bound parameter folded by the server's ``kpo_search_words`` (letters, digits
    and spaces come out) and put between single quotes in the tsquery text, where to_tsquery
    reads it as words, never as operators. A term with CJK letters also matches inside a run:
    a word of CJK letters alone as the phrase of its bigrams (which also finds it at a run's
    start), any other such term as its words or, among the records its CJK bigrams find, by
    LIKE. Any other term is whole words, its last word maybe a prefix.
    """
    params: dict[str, str] = {}
    words_only: list[str] = []
    first_bigrams: list[str] = []
    bigrams: list[str] = []
    mixed: list[tuple[str, str, str]] = []
    every: list[str] = []
    for i, words in enumerate(terms.terms):
        lexemes = []
        for j, word in enumerate(words):
            name = f"{prefix}{i}_{j}"
            params[name] = word
            star = ":*" if j == len(words) - 1 and terms.is_prefix(i) else ""
            lexemes.append(f"{_QUOTE} || kpo_search_words(:{name}) || '''{star}'")
        phrase = _THEN.join(lexemes)
        every.append(phrase)
        if not matches_inside_runs(words):
            words_only.append(phrase)
            continue
        params[f"{prefix}{i}_grams"] = bigram_tsquery(words)
        grams = f"CAST(:{prefix}{i}_grams AS tsquery)"
        if len(words) == 1 and _CJK_RUN.fullmatch(words[0]):
            params[f"{prefix}{i}_first"] = bigram_tsquery(words, first_only=True)
            first_bigrams.append(f"CAST(:{prefix}{i}_first AS tsquery)")
            bigrams.append(grams)
        else:
            params[f"{prefix}{i}_like"] = "%" + "%".join(words) + "%"  # letters and digits: no wildcard of the user's
            mixed.append((_tsquery([phrase]), grams, f"CAST(:{prefix}{i}_like AS text)"))
    plain = ([_tsquery(words_only)] if words_only else []) + first_bigrams
    return ServerQuery(_and(plain), _and(bigrams), tuple(mixed), _tsquery(every), params)


def _and(tsqueries: list[str]) -> str | None:
    return " && ".join(f"({q})" for q in tsqueries) if tsqueries else None


def ranked_sql(kind: str, query: ServerQuery) -> str:
    """The one statement a search runs per table: the newest ``:window`` matches with their
    stored vectors (the planner walks the primary key down while matches are common, and
    uses the GIN index when they are rare: the test of a stored vector is cheap), scored,
    then the best ``:n``, then the joins that describe them (FTS5's)."""
    doc = DOCUMENTS[kind]
    return (f"WITH w AS MATERIALIZED (SELECT t.id, {doc.vector()} AS v FROM {doc.table} t "
            f"WHERE {query.condition(doc)} ORDER BY t.id DESC LIMIT :window), "
            f"m AS MATERIALIZED (SELECT id, -ts_rank({doc.weight_array}, v, {query.rank}, {RANK_NORMALISATION}) AS score "
            f"FROM w ORDER BY score, id LIMIT :n) "
            f"{INDEXED[kind].describe} ORDER BY m.score, m.id")


class PostgresIndex:
    """``SearchIndex`` on PostgreSQL (tsvector, unaccent, CJK bigrams)."""

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
        return shape_hits(found, terms, limit)

    def _search_kinds(self, conn: Connection, terms: SearchTerms, limit: int,
                      kinds: Collection[str]) -> list[tuple[str, tuple]]:
        found = []
        query = server_query(terms).resolved(conn)
        for kind in kinds:
            rows = conn.execute(text(ranked_sql(kind, query)),
                                {**query.params, "window": RANK_WINDOW, "n": limit}).all()
            found += [(kind, tuple(row)) for row in rows]
        return found

    def matching_ids(self, kind: str, terms: SearchTerms) -> TextualSelect:
        """Every matching id, each term a prefix (a filter wants recall, not speed of typing)."""
        doc = DOCUMENTS[kind]
        query = server_query(terms.widened(), prefix="search_ids_")
        return (text(f"SELECT t.id FROM {doc.table} t WHERE {query.condition(doc)}")
                .bindparams(**query.params).columns(column("id")))

    # -- upkeep ----------------------------------------------------------------------------------
    @contextmanager
    def bulk_load(self, conn: Connection, tables: Collection[str]) -> Iterator[None]:
        """Drop the search indexes on ``tables``, let the caller insert, then make them again
        in one pass each (a sort, instead of a GIN insertion per row).

        The index DDL is read back from pg_indexes, so it stays defined in one place (the
        migration). PostgreSQL DDL is transactional: if the caller's transaction rolls back,
        the indexes come back with it.
        """
        names = [d.table for d in DOCUMENTS.values() if d.table in tables]
        if not names:
            yield
            return
        indexes = conn.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                 "AND indexname LIKE 'search~_%' ESCAPE '~' AND tablename = ANY(:tables) ORDER BY indexname"),
            {"tables": names}).all()
        for name, _sql in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _name, sql in indexes:
            conn.exec_driver_sql(sql)

    def rebuild(self, conn: Connection) -> None:
        for name in self._index_names(conn):
            conn.exec_driver_sql(f'REINDEX INDEX "{name}"')

    def integrity_problems(self) -> list[str]:
        """Each table's search index exists and is valid; empty means in order."""
        with self.store.read() as session:
            conn = session.connection()
            valid = dict(conn.execute(text(
                "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relname LIKE 'search~_%' ESCAPE '~'")).all())
        problems = []
        for doc in DOCUMENTS.values():
            name = f"search_{doc.table}"
            if name not in valid:
                problems.append(f"search index {name} is missing")
            elif not valid[name]:
                problems.append(f"search index {name} is not valid (rebuild it)")
        return problems

    @staticmethod
    def _index_names(conn: Connection) -> list[str]:
        return [name for (name,) in conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname LIKE 'search~_%' ESCAPE '~' ORDER BY indexname"))]
