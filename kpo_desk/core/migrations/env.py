"""Alembic environment. The store passes its own open connection; nothing here opens one."""

from alembic import context
from sqlmodel import SQLModel

import kpo_desk.core.models  # noqa: F401  (registers every table)
from kpo_desk.core.migrations import include_name

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - guards against running alembic by hand
    raise RuntimeError("Run migrations through kpo_desk.core.store, which supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
