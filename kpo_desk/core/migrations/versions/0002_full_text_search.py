"""full-text search: FTS5 external-content indexes kept in sync by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:00:00

The indexes hold no copy of the text (``content=``): FTS5 reads it back from the
record's own table for snippets. Triggers keep them in step with every insert, update
and delete, using FTS5's ``'delete'`` command for the old values. The DDL is frozen
here on purpose; kpo_desk.core.search.fts5 reads it back from sqlite_master when it
needs to suspend and restore the triggers around a bulk load.
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

TOKENIZE = "unicode61 remove_diacritics 2"
#: index table -> (content table, indexed columns)
INDEXES = {
    "fts_communication": ("communication", ("subject", "body", "sender")),
    "fts_client": ("client", ("name", "industry", "country", "notes")),
    "fts_engagement": ("engagement", ("code", "title", "description")),
    "fts_contact": ("contact", ("name", "email", "role")),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
    for index, (table, columns) in INDEXES.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({cols}, content='{table}', "
            f"content_rowid='id', tokenize='{TOKENIZE}', prefix='2 3')"
        )
        op.execute(
            f"CREATE TRIGGER {index}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {index}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
        )
        # Only a change to an indexed column touches the index: ticking a follow-up done
        # on a million-row log must not rewrite its search entry.
        op.execute(
            f"CREATE TRIGGER {index}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.id, {new}); END"
        )
        op.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


#: On the server: index -> (table, ((column, weight class), ...)). The weight classes stand
#: for the SQLite weights (kpo_desk/core/search/postgres.py gives each class its number).
PG_DOCUMENTS = {
    "communication": (("subject", "A"), ("sender", "B"), ("body", "C")),
    "client": (("name", "A"), ("industry", "B"), ("country", "B"), ("notes", "C")),
    "engagement": (("code", "A"), ("title", "B"), ("description", "C")),
    "contact": (("name", "A"), ("email", "B"), ("role", "C")),
}
#: Only the start of a very long text is indexed (a tsvector holds at most 1 MB, and
#: imported mail can be larger); snippets and the SQLite index see the whole text.
PG_INDEXED_CHARS = 100_000


def _upgrade_postgresql() -> None:
    """On a team server, search uses PostgreSQL's own tools (kpo_desk/core/search/postgres.py):

    - ``kpo_unaccent(text)``: unaccent with its dictionary named, so it is IMMUTABLE and can
      be indexed;
    - ``kpo_search_words(text)``: the text as the index sees it, accents and case folded and
      every run of anything but letters and digits made one space, so the parser cuts words
      where SQLite's unicode61 does (``ACME-2026``, ``jose.nunez@x.example``: separate words,
      never a hyphenated number or an e-mail token); Unicode-aware through the ICU root
      collation when the server has it, whatever the database's locale;
    - ``kpo_search_<table>(columns)``: the weighted ``simple`` tsvector of one record, kept in
      the generated column ``search_vector`` (server only, not in the models: the app never
      reads or writes it) and indexed by GIN. A stored vector, not an expression index: a
      match is scored, and a phrase rechecked, from its vector, and making one costs 40-80 us
      a record (parser, regex, unaccent), so an expression index made every search recompute
      hundreds of them, and the planner, unable to see that cost, filtered whole tables with
      it (measured on 50,000 communications: a common word 100-220 ms, against 10 ms);
    - ``kpo_search_text_<table>(columns)``: the record's text in lower case, indexed by pg_trgm
      for CJK, whose words have no breaks between them (a term matches inside a run). Only
      lower case, no unaccent and no regex: CJK has neither case nor accents, and a LIKE
      rechecks every candidate row with this expression, so it must cost little (the folded
      words cost ~50 us a row: a common CJK term on a million communications took 0.8 s).

    Every name is schema-qualified, so the indexes restore under pg_dump's empty search_path.
    """
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    bind = op.get_bind()
    schema = bind.exec_driver_sql("SELECT current_schema()").scalar_one()
    ext = bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'").scalar_one()
    icu = bind.exec_driver_sql("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'").first()
    collate = ' COLLATE "und-x-icu"' if icu else ""
    q = f'"{schema}"'
    op.execute(
        f"CREATE FUNCTION {q}.kpo_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        f"PARALLEL SAFE AS $$ SELECT \"{ext}\".unaccent('\"{ext}\".unaccent'::regdictionary, $1) $$")
    op.execute(
        f"CREATE FUNCTION {q}.kpo_search_words(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        f"PARALLEL SAFE AS $$ SELECT regexp_replace(lower({q}.kpo_unaccent(left($1, {PG_INDEXED_CHARS})){collate}), "
        f"'[^[:alnum:]]+', ' ', 'g') $$")
    for table, columns in PG_DOCUMENTS.items():
        args = ", ".join(f"{c} text" for c, _w in columns)
        vector = " || ".join(
            f"setweight(to_tsvector('pg_catalog.simple'::regconfig, {q}.kpo_search_words(coalesce({c}, ''))), '{w}')"
            for c, w in columns)
        words = " || ' ' || ".join(f"coalesce({c}, '')" for c, _w in columns)
        cols = ", ".join(c for c, _w in columns)
        op.execute(f"CREATE FUNCTION {q}.kpo_search_{table}({args}) RETURNS tsvector LANGUAGE sql "
                   f"IMMUTABLE PARALLEL SAFE AS $$ SELECT {vector} $$")
        op.execute(f"CREATE FUNCTION {q}.kpo_search_text_{table}({args}) RETURNS text LANGUAGE sql "
                   f"IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(left({words}, {PG_INDEXED_CHARS})) $$")
        op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
                   f"GENERATED ALWAYS AS ({q}.kpo_search_{table}({cols})) STORED")
        op.execute(f"CREATE INDEX search_{table} ON {table} USING gin (search_vector)")
        op.execute(f"CREATE INDEX search_trgm_{table} ON {table} "
                   f"USING gin ({q}.kpo_search_text_{table}({cols}) {ext_trgm(bind)}.gin_trgm_ops)")


def ext_trgm(bind) -> str:  # noqa: ANN001 - a SQLAlchemy Connection
    """The schema pg_trgm's operator classes live in, quoted."""
    name = bind.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'").scalar_one()
    return f'"{name}"'


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in PG_DOCUMENTS:
            op.execute(f"DROP INDEX IF EXISTS search_{table}")
            op.execute(f"DROP INDEX IF EXISTS search_trgm_{table}")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
            op.execute(f"DROP FUNCTION IF EXISTS kpo_search_{table}")
            op.execute(f"DROP FUNCTION IF EXISTS kpo_search_text_{table}")
        op.execute("DROP FUNCTION IF EXISTS kpo_search_words")
        op.execute("DROP FUNCTION IF EXISTS kpo_unaccent")
        return
    for index in INDEXES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
