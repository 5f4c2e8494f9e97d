"""row versions: a version number on every record a person edits (optimistic concurrency)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:00:00

Two people may edit the same record at once (team mode on a server; two windows on one file).
Each editable row carries a version, 1 when made and one more at each change; a save names the
version it started from, and the store writes ``UPDATE ... WHERE id = ? AND version = ?``, so a
change made meanwhile by someone else is seen instead of silently overwritten. Existing rows
start at 1.

Plain ``ADD COLUMN`` with a constant default: SQLite adds it without copying the table (no
batch mode, no table rebuild), and PostgreSQL (11 and later) without rewriting it.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

#: The tables whose rows people edit through forms and services (kpo_desk/core/models).
TABLES = ("client", "contact", "staff", "setting", "engagement", "assignment", "milestone", "timeentry",
          "risk", "checklistitem", "communication", "reportpreset")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
