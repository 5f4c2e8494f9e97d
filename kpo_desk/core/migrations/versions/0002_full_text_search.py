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


def _upgrade_postgresql() -> None:
    """On a team server, search uses PostgreSQL's own tools: accent folding (unaccent) and
    trigram indexes (pg_trgm) for prefixes and CJK (kpo_desk/core/search/)."""
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    for index in INDEXES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
