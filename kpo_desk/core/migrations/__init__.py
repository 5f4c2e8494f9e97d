"""Alembic migrations of the store, run by kpo_desk.core.store."""

from __future__ import annotations

#: Full-text indexes (FTS5 virtual tables and their shadow tables) are made by migrations
#: only. They have no SQLModel class, so a comparison of models and schema must skip them.
SEARCH_INDEX_PREFIX = "fts_"
#: On PostgreSQL, search is the generated column ``search_vector`` and the ``search_*`` GIN
#: indexes (migration 0002's server branch); the models do not know them either.
SERVER_SEARCH_COLUMN = "search_vector"
SERVER_SEARCH_INDEX_PREFIX = "search_"
#: Tables kept by migrations for kpo_desk.core.store alone (or, like the checklist tally, by its
#: triggers), with no SQLModel class either.
STORE_ONLY_TABLES = frozenset({"secret", "attachment_blob", "checklist_tally"})


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: leave the search indexes and the store's own tables out of
    autogenerate."""
    if name is None:
        return True
    if type_ == "column":
        return name != SERVER_SEARCH_COLUMN
    if type_ == "index":
        return not name.startswith(SERVER_SEARCH_INDEX_PREFIX)
    return not (type_ == "table" and (name.startswith(SEARCH_INDEX_PREFIX) or name in STORE_ONLY_TABLES))
