"""server search speed: CJK bigrams in the search vector, instead of pg_trgm and LIKE

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:00:00

On PostgreSQL, a CJK term of three or more characters is also found inside a run of
characters (``特許事務`` in ``東京特許事務所``). Until now a trigram index over the record's
lower-cased text found candidates and a LIKE rechecked each one by recomputing that text: on
1,000,000 communications, a phrase in 28,000 of them took 1.0-1.3 s.

From here, each record's ``search_vector`` also holds the bigrams of its CJK runs, made by
``kpo_search_cjk(text)`` from the same lower-cased text: for every maximal run of CJK letters
(the ranges of kpo_desk.core.search.query's ``_CJK``, matched by code point, so whatever the
server's locale), every two adjacent characters ``~ab`` at consecutive positions, and the run's
last character alone ``~z``, runs one position apart. A term is then found inside a run as
the phrase of its bigrams (``'~特許' <-> '~許事' <-> '~事務'``), answered by the search
vector's own GIN index and rechecked from the stored vector (a few hundred bytes), never from
the text. The ``~`` keeps bigrams apart from words: a folded word holds letters and digits only,
so no word or prefix query can match a bigram. The bigrams come first in the vector, so the
word positions after them keep their order and the bigrams keep theirs.

The trigram indexes ``search_trgm_<table>`` are no longer used and are dropped (each cost as
much to keep up as the search vector's index). ``kpo_search_text_<table>`` stays: it is the
bigrams' source, and a term that mixes CJK with other letters is rechecked with LIKE over it,
among the few records its bigrams found.

The search vectors are made again for every row (a table rewrite: minutes on a million
communications). On SQLite nothing changes (FTS5 matches CJK runs by their start).
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

#: table -> the columns of its search document, in the order of migration 0002's functions
#: (``kpo_search_<table>`` and ``kpo_search_text_<table>`` take the same arguments)
DOCUMENTS = {
    "communication": ("subject", "sender", "body"),
    "client": ("name", "industry", "country", "notes"),
    "engagement": ("code", "title", "description"),
    "contact": ("name", "email", "role"),
}
#: Letters of scripts written without spaces between words: Han, kana, Hangul (the ranges of
#: kpo_desk.core.search.query._CJK, frozen here as this revision's).
CJK_CLASS = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]"
#: A tsvector's positions stop at 16,383 (later ones would all be 16,383, where a phrase cannot
#: match): bigrams past it are left out, which also bounds the vector's size (a 100,000-character
#: CJK text would make more than the 1 MB a tsvector may hold). Such a text is still found by the
#: start of its runs, as on SQLite.
MAX_POSITION = 16383
#: Positions: each run starts one past the previous run's end (so no phrase spans two runs).
CJK_FUNCTION = r"""
CREATE FUNCTION {q}.kpo_search_cjk(text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT coalesce(string_agg('''~' || substr(r.run, i, 2) || ''':' || (r.start + i), ' '), '')::tsvector
FROM (SELECT x.m[1] AS run,
             sum(char_length(x.m[1]) + 1) OVER (ORDER BY x.n) - char_length(x.m[1]) - 1 AS start
      FROM regexp_matches($1, '{cjk}+', 'g') WITH ORDINALITY AS x(m, n)) r,
     generate_series(1, char_length(r.run)) AS i
WHERE r.start + i <= {max_position}
$$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    q = _schema()
    op.execute(CJK_FUNCTION.format(q=q, cjk=CJK_CLASS, max_position=MAX_POSITION))
    for table, columns in DOCUMENTS.items():
        cols = ", ".join(columns)
        op.execute(f"DROP INDEX IF EXISTS search_trgm_{table}")
        _remake_vector(table, f"{q}.kpo_search_cjk({q}.kpo_search_text_{table}({cols})) || "
                              f"{q}.kpo_search_{table}({cols})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    q = _schema()
    trgm = _extension_schema("pg_trgm")
    for table, columns in DOCUMENTS.items():
        cols = ", ".join(columns)
        _remake_vector(table, f"{q}.kpo_search_{table}({cols})")
        op.execute(f"CREATE INDEX search_trgm_{table} ON {table} "
                   f"USING gin ({q}.kpo_search_text_{table}({cols}) {trgm}.gin_trgm_ops)")
    op.execute(f"DROP FUNCTION IF EXISTS {q}.kpo_search_cjk(text)")


def _remake_vector(table: str, expression: str) -> None:
    """``search_vector`` made again as ``expression`` for every row, and its index after."""
    op.execute(f"DROP INDEX IF EXISTS search_{table}")
    op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
    op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED")
    op.execute(f"CREATE INDEX search_{table} ON {table} USING gin (search_vector)")


def _schema() -> str:
    return '"' + op.get_bind().exec_driver_sql("SELECT current_schema()").scalar_one() + '"'


def _extension_schema(name: str) -> str:
    return '"' + op.get_bind().exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = %s", (name,)).scalar_one() + '"'
